/**
 * A Monte Carlo batch: replications 0..n−1 of one scenario, run one after another.
 * Replication r depends on (scenario, seed, r) alone, so a worker pool can later hand replications
 * to threads in any order and get the same results. No printing and no files here.
 */
import { runReplication } from '../model/replication.js';
import type { ReplicationOptions, ReplicationResult } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';

export type ReplicationRunner = (scenario: Scenario, options: ReplicationOptions) => ReplicationResult;

export interface BatchProgress {
  done: number;
  total: number;
  /** Wall time since the batch started, seconds. */
  elapsedSeconds: number;
}

export interface BatchOptions {
  seed: number;
  replications: number;
  years: number;
  warmupYears: number;
  /** Called after each finished replication. */
  onProgress?: (progress: BatchProgress) => void;
  /** Polled before each replication; once true the batch stops and returns what finished (Ctrl-C). */
  shouldStop?: () => boolean;
  /** The simulation of one replication; the model's `runReplication` unless a test swaps it. */
  runReplication?: ReplicationRunner;
}

export interface BatchPerformance {
  /** Events processed by all replications, warm-up included. */
  events: number;
  /** CPU time (user + system) spent inside the simulation, seconds. */
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  /** Wall time of the whole batch, seconds. */
  wallSeconds: number;
  /** Threads that ran replications. */
  workers: number;
}

export interface BatchResult {
  /** Finished replications in replication order. */
  results: ReplicationResult[];
  /** False when the batch was stopped before every replication finished. */
  complete: boolean;
  performance: BatchPerformance;
}

/**
 * Runs the batch. Async only so that the event loop turns between replications: that is when a
 * Ctrl-C handler gets to set the flag `shouldStop` reads. Each replication itself is synchronous.
 */
export async function runBatch(scenario: Scenario, options: BatchOptions): Promise<BatchResult> {
  const run = options.runReplication ?? runReplication;
  const total = options.replications;
  const results: ReplicationResult[] = [];
  let cpuMicros = 0;
  const wallStart = performance.now();
  const elapsed = () => (performance.now() - wallStart) / 1000;

  for (let replication = 0; replication < total; replication++) {
    await yieldToEventLoop();
    if (options.shouldStop?.()) break;
    const cpuStart = process.cpuUsage();
    const result = run(scenario, {
      seed: options.seed,
      replication,
      years: options.years,
      warmupYears: options.warmupYears,
    });
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros += cpu.user + cpu.system;
    results.push(result);
    options.onProgress?.({ done: results.length, total, elapsedSeconds: elapsed() });
  }

  const events = results.reduce((sum, r) => sum + r.events, 0);
  const cpuSeconds = cpuMicros / 1e6;
  return {
    results,
    complete: results.length === total,
    performance: {
      events,
      cpuSeconds,
      eventsPerCpuSecond: cpuSeconds > 0 ? events / cpuSeconds : 0,
      wallSeconds: elapsed(),
      workers: 1,
    },
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
