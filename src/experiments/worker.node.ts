/**
 * Node only: the entry file of a pool thread (see pool.node.ts). Piscina loads it once per thread
 * and calls the default export once per replication. The scenario arrives once, as the thread's
 * workerData, so a task is only the few numbers of `ReplicationOptions`.
 *
 * This file always runs as compiled JavaScript (dist/src/experiments/worker.node.js): a worker
 * thread is plain Node, which cannot load TypeScript.
 */
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { runReplication } from '../model/replication.js';
import type { ReplicationOptions } from '../model/result.js';
import { stateFor } from './plan.js';
import type { TaskOutcome, WorkerData } from './task.js';

const { scenario, census } = workerData as WorkerData;

/**
 * Test hook, not a feature: CORRSIM_TEST_FAIL_REPLICATION=R makes replication R throw here, in the
 * thread, so that tests can check how the batch reports a replication that fails in a worker. It is
 * read only in this file; a batch run in the main thread (`-j 1`) never looks at it.
 */
const failReplication = testFailReplication(process.env.CORRSIM_TEST_FAIL_REPLICATION);

export default function runTask(task: ReplicationOptions): TaskOutcome {
  const wallStart = performance.now();
  const cpuStart = threadCpuSeconds();
  if (task.replication === failReplication) {
    throw new Error(`test failure injected by CORRSIM_TEST_FAIL_REPLICATION=${failReplication}`);
  }
  const result = runReplication(scenario, task, census === undefined ? undefined : stateFor(census, task.replication));
  return {
    result,
    cpuSeconds: threadCpuSeconds() - cpuStart,
    wallSeconds: (performance.now() - wallStart) / 1000,
  };
}

/**
 * CPU seconds used so far by this thread: process.threadCpuUsage where Node has it (≥ 23.9),
 * else Linux's own count for the thread (/proc/thread-self/schedstat, nanoseconds on CPU), else
 * the wall clock. process.cpuUsage is not an option in a worker: it counts every thread of the
 * process, so summed across workers it would count each second of CPU once per worker. The wall
 * clock was once the fallback everywhere, and made a batch's "CPU seconds" on Node 20 the
 * workers' wall time: on a loaded machine a replication's figure grew with everyone else's load.
 * (A pool batch on Node reports the process's CPU instead; see Executor.processCpuSeconds.)
 */
function threadCpuSeconds(): number {
  const threadCpuUsage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (typeof threadCpuUsage === 'function') {
    const usage = threadCpuUsage.call(process);
    return (usage.user + usage.system) / 1e6;
  }
  const linux = linuxThreadCpuSeconds();
  return linux ?? performance.now() / 1000;
}

let schedstatReadable = process.platform === 'linux';

/** On-CPU time of the calling thread from /proc/thread-self/schedstat (first field, ns); undefined where it cannot be read. */
function linuxThreadCpuSeconds(): number | undefined {
  if (!schedstatReadable) return undefined;
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    if (Number.isFinite(ns) && ns > 0) return ns / 1e9;
  } catch {
    // not mounted, or not Linux after all
  }
  schedstatReadable = false;
  return undefined;
}

function testFailReplication(value: string | undefined): number | undefined {
  const r = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(r) ? r : undefined;
}
