/**
 * Node only: replications on Node's worker threads (piscina), and in the main thread with Node's
 * CPU clock. `nodeRunner` is the BatchRunner the command line runs every study with.
 *
 * Each pool thread gets the resolved scenario once, when it starts; a task is then only (seed,
 * replication, years, warmupYears), and the answer the replication's compact result. Which thread
 * runs which replication does not matter: a replication depends on (scenario, seed, replication)
 * alone. The batch loop that hands out replications, stops on Ctrl-C and puts results back in
 * order is the portable one of batch.ts.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { runReplication as modelReplication } from '../model/replication.js';
import type { ReplicationOptions, ReplicationResult } from '../model/result.js';
import type { CensusRecord } from '../scenario/census.js';
import { packageRoot } from '../scenario/files.node.js';
import type { Scenario } from '../scenario/types.js';
import { batchRunner, type BatchHooks, type BatchResult, type BatchRunner, type Executor, type PoolOutcome, type ReplicationPool } from './batch.js';
import { rangePlan, type ReplicationSettings } from './plan.js';
import type { TaskOutcome, WorkerData } from './task.js';

/** The simulation of one replication: the model's, unless a test swaps it (in the main thread only). */
export type ReplicationRunner = (scenario: Scenario, options: ReplicationOptions, census?: readonly CensusRecord[]) => ReplicationResult;

/** The default number of threads: the cores Node may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Where the worker entry is, as JavaScript.
 *
 * - Compiled (`dist/src/experiments/pool.node.js`, what `corrsim` runs): its sibling `worker.node.js`.
 * - Run from the TypeScript sources (vitest): this module is `src/experiments/pool.node.ts`, but a
 *   worker thread is plain Node, which cannot load `.ts`. So the compiled
 *   `dist/src/experiments/worker.node.js` of the package is used, and the tests that start workers
 *   compile the project first (test/experiments/compiled.ts) so that it matches the sources.
 */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), 'worker.node.js');
  return join(packageRoot(), 'dist', 'src', 'experiments', 'worker.node.js');
}

/** Threads that each hold one scenario, on piscina. */
class PiscinaPool implements ReplicationPool {
  private readonly piscina: Piscina<ReplicationOptions, TaskOutcome>;

  constructor(scenario: Scenario, threads: number, census?: ReadonlyArray<readonly CensusRecord[]>) {
    const filename = workerFile();
    if (!existsSync(filename)) {
      throw new Error(`the worker file ${filename} is missing; build corrsim first (npm run build)`);
    }
    const workerData: WorkerData = census === undefined ? { scenario } : { scenario, census };
    this.piscina = new Piscina({ filename, minThreads: threads, maxThreads: threads, workerData });
  }

  async run(task: ReplicationOptions): Promise<PoolOutcome> {
    const start = performance.now();
    const outcome = await this.piscina.run(task);
    const roundTripSeconds = (performance.now() - start) / 1000;
    return { ...outcome, overheadSeconds: Math.max(0, roundTripSeconds - outcome.wallSeconds) };
  }

  destroy(): Promise<void> {
    return this.piscina.destroy();
  }
}

/** Node's executor: `runReplication` in the main thread (the model's by default), worker threads for a pool. */
export function nodeExecutor(runReplication: ReplicationRunner = modelReplication): Executor {
  return {
    runHere: (scenario, task, census) => {
      // process.cpuUsage counts the whole process; with no pool, that is this thread and Node's helpers.
      const cpuStart = process.cpuUsage();
      const result = runReplication(scenario, task, census);
      const cpu = process.cpuUsage(cpuStart);
      return { result, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    },
    openPool: (scenario, threads, census) => new PiscinaPool(scenario, threads, census),
    pause: () => new Promise((resolve) => setImmediate(resolve)),
    processCpuSeconds: () => {
      const cpu = process.cpuUsage();
      return (cpu.user + cpu.system) / 1e6;
    },
  };
}

/**
 * The runner of `workers` threads on Node (default: one per core). A custom `runReplication`
 * (tests) cannot be sent to a worker thread, so it needs workers: 1.
 */
export function nodeRunner(workers: number = defaultWorkers(), runReplication?: ReplicationRunner): BatchRunner {
  if (workers > 1 && runReplication !== undefined) throw new Error('nodeRunner: a custom runReplication cannot run in worker threads; pass workers: 1');
  return batchRunner(nodeExecutor(runReplication), workers);
}

/** One batch as scripts and tests ask for it: replications first..first+n−1 of one scenario on Node. */
export interface BatchOptions extends ReplicationSettings, BatchHooks {
  /** How many replications to run. */
  replications: number;
  /** The index of the first; the batch runs firstReplication..firstReplication+replications−1. Default 0. */
  firstReplication?: number;
  /** Threads; default one per core, or 1 with a custom `runReplication`. */
  workers?: number;
  /** The simulation of one replication; the model's unless a test swaps it (then workers: 1). */
  runReplication?: ReplicationRunner;
}

/** Runs one batch on Node: `nodeRunner` on `rangePlan`, for scripts (bench/) and tests. */
export async function runBatch(scenario: Scenario, options: BatchOptions): Promise<BatchResult> {
  const { replications, firstReplication, onProgress, shouldStop, runReplication, workers: asked, ...settings } = options;
  const workers = asked ?? (runReplication ? 1 : defaultWorkers());
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`runBatch: workers must be a positive integer, got ${workers}`);
  // One thread per replication at most: a batch of one never needs a pool, whatever was asked for.
  const runner = nodeRunner(Math.max(1, Math.min(workers, replications)), runReplication);
  return runner.run(scenario, rangePlan(settings, firstReplication ?? 0, replications), { onProgress, shouldStop });
}
