/**
 * A pool of worker threads (piscina) that run replications of one scenario. Each thread gets the
 * resolved scenario once, when it starts; a task is then only (seed, replication, years,
 * warmupYears), and the answer the replication's compact result. Which thread runs which
 * replication does not matter: a replication depends on (scenario, seed, replication) alone.
 *
 * The batch loop that hands out replications, stops on Ctrl-C and puts results back in order is in
 * runBatch.ts; this file only starts threads, runs one task and stops threads.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ReplicationOptions } from '../model/result.js';
import { packageRoot } from '../scenario/files.node.js';
import type { CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';
import type { TaskOutcome, WorkerData } from './task.js';

export interface PoolOutcome extends TaskOutcome {
  /**
   * Time the task spent outside the simulation: sending the task, waiting for a thread, cloning
   * the result back to this thread, seconds. The pool's cost per task.
   */
  overheadSeconds: number;
}

/**
 * Where the worker entry is, as JavaScript.
 *
 * - Compiled (`dist/src/batch/pool.js`, what `corrsim` runs): its sibling `worker.js`.
 * - Run from the TypeScript sources (vitest): this module is `src/batch/pool.ts`, but a worker
 *   thread is plain Node, which cannot load `.ts`. So the compiled `dist/src/batch/worker.js` of
 *   the package is used, and the tests that start workers compile the project first
 *   (test/batch/compiled.ts) so that it matches the sources.
 */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), 'worker.js');
  return join(packageRoot(), 'dist', 'src', 'batch', 'worker.js');
}

export class ReplicationPool {
  private readonly piscina: Piscina<ReplicationOptions, TaskOutcome>;

  /** Starts `threads` threads, each with its own copy of `scenario` (and of the census to start from, if any). */
  constructor(scenario: Scenario, readonly threads: number, census?: ReadonlyArray<readonly CensusRecord[]>) {
    const filename = workerFile();
    if (!existsSync(filename)) {
      throw new Error(`the worker file ${filename} is missing; build corrsim first (npm run build)`);
    }
    const workerData: WorkerData = census === undefined ? { scenario } : { scenario, census };
    this.piscina = new Piscina({ filename, minThreads: threads, maxThreads: threads, workerData });
  }

  /** Runs one replication on a free thread (or the next one to become free). Rejects with what the replication threw. */
  async run(task: ReplicationOptions): Promise<PoolOutcome> {
    const start = performance.now();
    const outcome = await this.piscina.run(task);
    const roundTripSeconds = (performance.now() - start) / 1000;
    return { ...outcome, overheadSeconds: Math.max(0, roundTripSeconds - outcome.wallSeconds) };
  }

  /** Stops the threads, abandoning any task still running (runBatch waits for those first). */
  destroy(): Promise<void> {
    return this.piscina.destroy();
  }
}
