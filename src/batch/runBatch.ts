/**
 * A Monte Carlo batch: replications first..first+n−1 of one scenario, in this thread or spread
 * over a pool of worker threads. Replication r depends on (scenario, seed, r) alone and results
 * are put back in replication order, so the output is byte-identical whatever the number of
 * workers and whatever order replications finish in. No printing and no files here.
 *
 * Stopping, the same with or without workers:
 * - Ctrl-C (`shouldStop` turns true): no new replication starts; those already running finish and
 *   are kept. Replications are started in order, so what finished is always first..first+k−1.
 * - A replication throws: it is recorded in `failures` (index, seed, message) and no new
 *   replication starts; those already running finish and are kept. The results then hold every
 *   replication that finished, in order, so there may be a gap where the failed one was.
 */
import { availableParallelism } from 'node:os';
import { runReplication } from '../model/replication.js';
import type { ReplicationOptions, ReplicationResult } from '../model/result.js';
import type { CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';
import { ReplicationPool } from './pool.js';
import { stateFor } from './task.js';

export type ReplicationRunner = (scenario: Scenario, options: ReplicationOptions, census?: readonly CensusRecord[]) => ReplicationResult;

export interface BatchProgress {
  /** Replications finished. */
  done: number;
  total: number;
  /** Wall time since the batch started, seconds. */
  elapsedSeconds: number;
  /** Threads running replications. */
  workers: number;
}

export interface BatchOptions {
  seed: number;
  /** How many replications to run. */
  replications: number;
  /** The index of the first; the batch runs firstReplication..firstReplication+replications−1. Default 0. */
  firstReplication?: number;
  years: number;
  warmupYears: number;
  /** Keep every effect size at its estimate in every replication instead of drawing it (--fixed-effects). */
  fixedEffects?: boolean;
  /** Start every replication from a census state (replication r from state r mod their number), measuring from day 0; warmupYears is not used. */
  census?: ReadonlyArray<readonly CensusRecord[]>;
  /**
   * Threads that run replications; never more than `replications`. 1 runs them one after
   * another in this thread, with no pool. Default: os.availableParallelism(), or 1 with a
   * custom `runReplication`.
   */
  workers?: number;
  /** Called after each finished replication. */
  onProgress?: (progress: BatchProgress) => void;
  /** Polled before each replication starts; once true no more start (Ctrl-C). */
  shouldStop?: () => boolean;
  /**
   * The simulation of one replication; the model's `runReplication` unless a test swaps it.
   * A function cannot be sent to a worker thread, so a custom one needs `workers: 1`.
   */
  runReplication?: ReplicationRunner;
}

export interface BatchPerformance {
  /** Events processed by all replications, warm-up included. */
  events: number;
  /** CPU time spent inside the simulation, summed across threads, seconds. */
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
  /** The replications asked for: first..first+count−1. */
  requested: { first: number; count: number };
  /** True when every replication asked for finished. */
  complete: boolean;
  /** Replications that threw, in replication order; empty when none did. */
  failures: ReplicationFailure[];
  performance: BatchPerformance;
}

/** Where both ways of running put what happens, and what the batch result is made from. */
interface Tally {
  results: ReplicationResult[];
  failures: ReplicationFailure[];
  cpuSeconds: number;
  overheadSeconds: number[];
}

export async function runBatch(scenario: Scenario, options: BatchOptions): Promise<BatchResult> {
  const first = options.firstReplication ?? 0;
  const total = options.replications;
  const tasks: ReplicationOptions[] = Array.from({ length: total }, (_, i) => ({
    seed: options.seed,
    replication: first + i,
    years: options.years,
    warmupYears: options.warmupYears,
    // Only when set, so that a task stays the four numbers it was before the flag existed.
    ...(options.fixedEffects === true ? { fixedEffects: true } : {}),
  }));
  const workers = threadsFor(options);
  const wallStart = performance.now();
  const elapsed = () => (performance.now() - wallStart) / 1000;
  const tally: Tally = { results: [], failures: [], cpuSeconds: 0, overheadSeconds: [] };
  const finished = (result: ReplicationResult, cpuSeconds: number) => {
    tally.results.push(result);
    tally.cpuSeconds += cpuSeconds;
    options.onProgress?.({ done: tally.results.length, total, elapsedSeconds: elapsed(), workers });
  };

  if (workers === 1) await runInThread(scenario, tasks, options, tally, finished);
  else await runOnPool(scenario, tasks, workers, options, tally, finished);

  const byReplication = (a: { replication: number }, b: { replication: number }) => a.replication - b.replication;
  const results = tally.results.sort(byReplication);
  const failures = tally.failures.sort(byReplication);
  const events = results.reduce((sum, r) => sum + r.events, 0);
  const perf: BatchPerformance = {
    events,
    cpuSeconds: tally.cpuSeconds,
    eventsPerCpuSecond: tally.cpuSeconds > 0 ? events / tally.cpuSeconds : 0,
    wallSeconds: elapsed(),
    workers,
  };
  if (workers > 1 && tally.overheadSeconds.length > 0) perf.taskOverheadSeconds = median(tally.overheadSeconds);
  return {
    results,
    requested: { first, count: total },
    complete: results.length === total,
    failures,
    performance: perf,
  };
}

/** The threads a batch will use: as asked (or the default), at most one per replication, at least 1. */
function threadsFor(options: BatchOptions): number {
  const asked = options.workers ?? (options.runReplication ? 1 : availableParallelism());
  if (!Number.isInteger(asked) || asked < 1) throw new Error(`runBatch: workers must be a positive integer, got ${asked}`);
  const workers = Math.max(1, Math.min(asked, options.replications));
  if (workers > 1 && options.runReplication) {
    throw new Error('runBatch: a custom runReplication cannot run in worker threads; pass workers: 1');
  }
  return workers;
}

/**
 * `-j 1`: one replication after another in this thread. Async only so that the event loop turns
 * between replications: that is when a Ctrl-C handler gets to set the flag `shouldStop` reads.
 */
async function runInThread(
  scenario: Scenario,
  tasks: readonly ReplicationOptions[],
  options: BatchOptions,
  tally: Tally,
  finished: (result: ReplicationResult, cpuSeconds: number) => void,
): Promise<void> {
  const run = options.runReplication ?? runReplication;
  for (const task of tasks) {
    await yieldToEventLoop();
    if (options.shouldStop?.()) break;
    // process.cpuUsage counts the whole process; with no pool, that is this thread and Node's helpers.
    const cpuStart = process.cpuUsage();
    let result: ReplicationResult;
    try {
      result = run(scenario, task, options.census === undefined ? undefined : stateFor(options.census, task.replication));
    } catch (error) {
      tally.failures.push(failure(task, error));
      break;
    }
    const cpu = process.cpuUsage(cpuStart);
    finished(result, (cpu.user + cpu.system) / 1e6);
  }
}

/**
 * `-j N`: N lanes, one per thread. A lane takes the next replication in order, waits for its
 * thread to return it, and takes another, so at most N replications are running and none waits in
 * a queue. Stopping is then simply: lanes take no more. What is running finishes, the pool is
 * destroyed only after that, and results are sorted back into replication order by the caller.
 */
async function runOnPool(
  scenario: Scenario,
  tasks: readonly ReplicationOptions[],
  workers: number,
  options: BatchOptions,
  tally: Tally,
  finished: (result: ReplicationResult, cpuSeconds: number) => void,
): Promise<void> {
  if (options.shouldStop?.()) return;
  const pool = new ReplicationPool(scenario, workers, options.census);
  let next = 0;
  let stopping = false;
  const lane = async () => {
    while (!stopping && next < tasks.length) {
      if (options.shouldStop?.()) {
        stopping = true;
        break;
      }
      const task = tasks[next++];
      let outcome;
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
    await Promise.all(Array.from({ length: workers }, lane));
  } finally {
    await pool.destroy();
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

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Several batches of one scenario (rounds of `--replications auto`) as one, holding replications
 * 0..limit−1: results past the limit are dropped, their work still counts in `performance`.
 */
export function combineBatches(batches: readonly BatchResult[], limit: number): BatchResult {
  const byReplication = (a: { replication: number }, b: { replication: number }) => a.replication - b.replication;
  const results = batches.flatMap((b) => b.results).filter((r) => r.replication < limit).sort(byReplication);
  const failures = batches.flatMap((b) => b.failures).sort(byReplication);
  const events = batches.reduce((sum, b) => sum + b.performance.events, 0);
  const cpuSeconds = batches.reduce((sum, b) => sum + b.performance.cpuSeconds, 0);
  return {
    results,
    requested: { first: 0, count: limit },
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
