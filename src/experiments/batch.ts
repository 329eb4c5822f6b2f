/**
 * A Monte Carlo batch: the replications of a plan of one scenario, in this thread or spread over a
 * pool of threads. Replication r depends on (scenario, seed, r) alone and results are put back in
 * replication order, so the output is byte-identical whatever the number of threads and whatever
 * order replications finish in. No printing and no files here, and nothing of Node: how a
 * replication is run in this thread or on a pool is an `Executor` (Node's is in pool.node.ts; a
 * browser's Web Workers can be another).
 *
 * Stopping, the same with or without a pool:
 * - Ctrl-C (`shouldStop` turns true): no new replication starts; those already running finish and
 *   are kept. Replications are started in order, so what finished is always a first part of the plan.
 * - A replication throws: it is recorded in `failures` (index, seed, message) and no new
 *   replication starts; those already running finish and are kept. The results then hold every
 *   replication that finished, in order, so there may be a gap where the failed one was.
 */
import type { ReplicationOptions, ReplicationResult } from '../model/result.js';
import type { CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';
import { replicationTask, stateFor, type ReplicationPlan } from './plan.js';
import type { TaskOutcome } from './task.js';

export interface BatchProgress {
  /** Replications finished. */
  done: number;
  total: number;
  /** Wall time since the batch started, seconds. */
  elapsedSeconds: number;
  /** Threads running replications. */
  workers: number;
}

/** What a caller hears of a batch while it runs, and how it stops one. */
export interface BatchHooks {
  /** Called after each finished replication. */
  onProgress?: (progress: BatchProgress) => void;
  /** Polled before each replication starts; once true no more start (Ctrl-C). */
  shouldStop?: () => boolean;
}

export interface BatchPerformance {
  /** Events processed by all replications, warm-up included. */
  events: number;
  /**
   * CPU time of the simulation, seconds, every thread counted: in this thread, the process's CPU
   * while each replication ran (the JavaScript engine's helper threads included); on a pool, the
   * process's CPU over the pool's life where the executor can tell (Node can), else the sum of
   * the threads' own figures.
   */
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  /** Wall time of the whole batch, seconds. */
  wallSeconds: number;
  /** Threads that ran replications. */
  workers: number;
  /**
   * With a pool only: the median over replications of the time a replication spent outside the
   * simulation (task sent, result cloned back), seconds. For the benchmark; not in summary.json.
   */
  taskOverheadSeconds?: number;
}

/** A replication that threw: enough to rerun it alone (`corrsim run … --replication R`). */
export interface ReplicationFailure {
  replication: number;
  /** The batch seed (replication r's random streams derive from it and r). */
  seed: number;
  message: string;
  stack?: string;
}

export interface BatchResult {
  /** Finished replications in replication order (a gap where one failed; see the top of this file). */
  results: ReplicationResult[];
  /** The replication indices asked for, ascending. */
  requested: readonly number[];
  /** True when every replication asked for finished. */
  complete: boolean;
  /** Replications that threw, in replication order; empty when none did. */
  failures: ReplicationFailure[];
  performance: BatchPerformance;
}

/** A pool's answer for one replication. */
export interface PoolOutcome extends TaskOutcome {
  /**
   * Time the task spent outside the simulation: sending the task, waiting for a thread, cloning
   * the result back, seconds. The pool's cost per task.
   */
  overheadSeconds: number;
}

/** Threads that each hold one scenario (and the census states) and run its replications. */
export interface ReplicationPool {
  /** Runs one replication on a free thread (or the next one to become free). Rejects with what the replication threw. */
  run(task: ReplicationOptions): Promise<PoolOutcome>;
  /** Stops the threads (runBatch waits for running tasks first). */
  destroy(): Promise<void>;
}

/** How replications are run on a platform: in the calling thread, or on a pool of threads. */
export interface Executor {
  /** Runs one replication in this thread; the CPU seconds it took as the platform measures them. */
  runHere(scenario: Scenario, task: ReplicationOptions, census: readonly CensusRecord[] | undefined): { result: ReplicationResult; cpuSeconds: number };
  /** Starts `threads` threads, each with its own copy of the scenario (and of the census states, if any). */
  openPool(scenario: Scenario, threads: number, census: ReadonlyArray<readonly CensusRecord[]> | undefined): ReplicationPool;
  /** Lets the platform's event loop turn between replications in this thread (so a Ctrl-C handler can set the stop flag). */
  pause(): Promise<void>;
  /**
   * CPU seconds used so far by this whole process, every thread (the pool's included), where the
   * platform can tell. With it, a pool batch's CPU time is the process's over the pool's life
   * (start-up, the threads' garbage collection and the transfers included), as a batch in this
   * thread counts it; without it, the sum of what the threads report.
   */
  processCpuSeconds?(): number;
}

/** What studies run their batches with: a number of threads on some executor. */
export interface BatchRunner {
  /** Threads a batch may use (a batch uses at most one per replication). */
  readonly workers: number;
  run(scenario: Scenario, plan: ReplicationPlan, hooks?: BatchHooks): Promise<BatchResult>;
}

/** A runner of `workers` threads (1: every replication in this thread, no pool) on an executor. */
export function batchRunner(executor: Executor, workers: number): BatchRunner {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`batchRunner: workers must be a positive integer, got ${workers}`);
  return { workers, run: (scenario, plan, hooks = {}) => runBatch(scenario, plan, executor, workers, hooks) };
}

/** Where both ways of running put what happens, and what the batch result is made from. */
interface Tally {
  results: ReplicationResult[];
  failures: ReplicationFailure[];
  cpuSeconds: number;
  overheadSeconds: number[];
}

/** Runs a plan's replications of one scenario on at most `workers` threads (never more than replications). */
export async function runBatch(scenario: Scenario, plan: ReplicationPlan, executor: Executor, workers: number, hooks: BatchHooks = {}): Promise<BatchResult> {
  const tasks = plan.replications.map((r) => replicationTask(plan, r));
  const total = tasks.length;
  const threads = Math.max(1, Math.min(workers, total));
  const wallStart = performance.now();
  const elapsed = () => (performance.now() - wallStart) / 1000;
  const tally: Tally = { results: [], failures: [], cpuSeconds: 0, overheadSeconds: [] };
  const finished = (result: ReplicationResult, cpuSeconds: number) => {
    tally.results.push(result);
    tally.cpuSeconds += cpuSeconds;
    hooks.onProgress?.({ done: tally.results.length, total, elapsedSeconds: elapsed(), workers: threads });
  };

  if (threads === 1) await runInThread(scenario, tasks, plan, executor, hooks, tally, finished);
  else await runOnPool(scenario, tasks, threads, plan, executor, hooks, tally, finished);

  const results = tally.results.sort(byReplication);
  const failures = tally.failures.sort(byReplication);
  const events = results.reduce((sum, r) => sum + r.events, 0);
  const perf: BatchPerformance = {
    events,
    cpuSeconds: tally.cpuSeconds,
    eventsPerCpuSecond: tally.cpuSeconds > 0 ? events / tally.cpuSeconds : 0,
    wallSeconds: elapsed(),
    workers: threads,
  };
  if (threads > 1 && tally.overheadSeconds.length > 0) perf.taskOverheadSeconds = median(tally.overheadSeconds);
  return { results, requested: plan.replications, complete: results.length === total, failures, performance: perf };
}

function byReplication(a: { replication: number }, b: { replication: number }): number {
  return a.replication - b.replication;
}

/** One thread: one replication after another, the event loop turning between them (for Ctrl-C). */
async function runInThread(
  scenario: Scenario,
  tasks: readonly ReplicationOptions[],
  plan: ReplicationPlan,
  executor: Executor,
  hooks: BatchHooks,
  tally: Tally,
  finished: (result: ReplicationResult, cpuSeconds: number) => void,
): Promise<void> {
  for (const task of tasks) {
    await executor.pause();
    if (hooks.shouldStop?.()) break;
    let outcome: { result: ReplicationResult; cpuSeconds: number };
    try {
      outcome = executor.runHere(scenario, task, plan.census === undefined ? undefined : stateFor(plan.census, task.replication));
    } catch (error) {
      tally.failures.push(failure(task, error));
      break;
    }
    finished(outcome.result, outcome.cpuSeconds);
  }
}

/**
 * N lanes, one per thread. A lane takes the next replication in order, waits for its thread to
 * return it, and takes another, so at most N replications are running and none waits in a queue.
 * Stopping is then simply: lanes take no more. What is running finishes, the pool is destroyed
 * only after that, and results are sorted back into replication order.
 */
async function runOnPool(
  scenario: Scenario,
  tasks: readonly ReplicationOptions[],
  threads: number,
  plan: ReplicationPlan,
  executor: Executor,
  hooks: BatchHooks,
  tally: Tally,
  finished: (result: ReplicationResult, cpuSeconds: number) => void,
): Promise<void> {
  if (hooks.shouldStop?.()) return;
  const cpuStart = executor.processCpuSeconds?.();
  const pool = executor.openPool(scenario, threads, plan.census);
  let next = 0;
  let stopping = false;
  const lane = async () => {
    while (!stopping && next < tasks.length) {
      if (hooks.shouldStop?.()) {
        stopping = true;
        break;
      }
      const task = tasks[next++];
      let outcome: PoolOutcome;
      try {
        outcome = await pool.run(task);
      } catch (error) {
        tally.failures.push(failure(task, error));
        stopping = true;
        break;
      }
      tally.overheadSeconds.push(outcome.overheadSeconds);
      finished(outcome.result, outcome.cpuSeconds);
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, lane));
  } finally {
    await pool.destroy();
    if (cpuStart !== undefined) tally.cpuSeconds = executor.processCpuSeconds!() - cpuStart;
  }
}

function failure(task: ReplicationOptions, error: unknown): ReplicationFailure {
  const f: ReplicationFailure = {
    replication: task.replication,
    seed: task.seed,
    message: error instanceof Error ? error.message : String(error),
  };
  if (error instanceof Error && error.stack) f.stack = error.stack;
  return f;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Several batches of one scenario (rounds of `--replications auto`) as one, holding replications
 * 0..limit−1: results past the limit are dropped, their work still counts in `performance`.
 */
export function combineBatches(batches: readonly BatchResult[], limit: number): BatchResult {
  const results = batches.flatMap((b) => b.results).filter((r) => r.replication < limit).sort(byReplication);
  const failures = batches.flatMap((b) => b.failures).sort(byReplication);
  const events = batches.reduce((sum, b) => sum + b.performance.events, 0);
  const cpuSeconds = batches.reduce((sum, b) => sum + b.performance.cpuSeconds, 0);
  return {
    results,
    requested: Array.from({ length: limit }, (_, i) => i),
    complete: results.length === limit && failures.length === 0,
    failures,
    performance: {
      events,
      cpuSeconds,
      eventsPerCpuSecond: cpuSeconds > 0 ? events / cpuSeconds : 0,
      wallSeconds: batches.reduce((sum, b) => sum + b.performance.wallSeconds, 0),
      workers: Math.max(1, ...batches.map((b) => b.performance.workers)),
    },
  };
}
