/**
 * runBatch on worker threads, through the real model on a small scenario (the baseline scaled
 * down about tenfold, 1 warm-up year and 2 measured years: a few tenths of a second per
 * replication). Byte-identical output for 1, 2 and 3 workers is checked end to end in
 * test/cli/run.test.ts; here: order independence, Ctrl-C and failures.
 */
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { replicationsCsv } from '../../src/report/tables/run.js';
import { runBatch, type BatchOptions } from '../../src/experiments/pool.node.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import type { Scenario } from '../../src/scenario/types.js';
import { ensureCompiled } from './compiled.js';

const SMALL_SETS = [
  'population.newCasesPerYear=800',
  'facilities.0.capacity=75',
  'facilities.1.capacity=165',
  'facilities.2.capacity=110',
  'facilities.3.capacity=15',
];
const SETTINGS = { seed: 5, years: 2, warmupYears: 1 };

let scenario: Scenario;
/** replications.csv of replications 0..5 run in this thread, the reference for everything below. */
let reference: string[];

beforeAll(async () => {
  await ensureCompiled();
  const loaded = loadScenario('norway-baseline', { sets: SMALL_SETS });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  scenario = loaded.scenario;
  const serial = await runBatch(scenario, { ...SETTINGS, replications: 6, workers: 1 });
  reference = csvRows(serial.results);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Data rows of replications.csv, so that a subset of replications can be compared row by row. */
function csvRows(results: Parameters<typeof replicationsCsv>[0]): string[] {
  return replicationsCsv(results).trimEnd().split('\n').slice(1);
}

const batch = (options: Partial<BatchOptions>) => runBatch(scenario, { ...SETTINGS, replications: 6, ...options });

describe('runBatch on a worker pool', () => {
  test('a replication alone, in any order, is the same as in the batch', async () => {
    const alone: string[] = [];
    for (const r of [5, 2, 0, 4, 1, 3]) {
      const one = await batch({ firstReplication: r, replications: 1, workers: 1 });
      expect(one.requested).toEqual([r]);
      alone[r] = csvRows(one.results)[0];
    }
    expect(alone).toEqual(reference);
  });

  test('2 workers: results in replication order, identical to 1 worker, CPU summed across threads', async () => {
    const pooled = await batch({ workers: 2 });
    expect(pooled.results.map((r) => r.replication)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(csvRows(pooled.results)).toEqual(reference);
    expect(pooled.complete).toBe(true);
    expect(pooled.failures).toEqual([]);
    expect(pooled.performance.workers).toBe(2);
    expect(pooled.performance.cpuSeconds).toBeGreaterThan(0);
    expect(pooled.performance.taskOverheadSeconds).toBeGreaterThanOrEqual(0);
  });

  test('workers are capped at the number of replications', async () => {
    const two = await batch({ workers: 8, replications: 2, firstReplication: 4 });
    expect(two.performance.workers).toBe(2);
    expect(csvRows(two.results)).toEqual(reference.slice(4, 6));
  });

  test('Ctrl-C: no new replication starts, the running ones finish and are kept', async () => {
    let stop = false;
    const progress: number[] = [];
    const stopped = await batch({
      workers: 2,
      shouldStop: () => stop,
      onProgress: (p) => {
        progress.push(p.done);
        stop = true; // Ctrl-C as soon as the first replication is done
      },
    });
    // Replications 0 and 1 were running; both finish, nothing after them starts.
    expect(stopped.results.map((r) => r.replication)).toEqual([0, 1]);
    expect(csvRows(stopped.results)).toEqual(reference.slice(0, 2));
    expect(progress).toEqual([1, 2]);
    expect(stopped.complete).toBe(false);
    expect(stopped.failures).toEqual([]);
  });

  test('Ctrl-C before the start: no pool, no results', async () => {
    const none = await batch({ workers: 2, shouldStop: () => true });
    expect(none.results).toEqual([]);
    expect(none.complete).toBe(false);
  });

  test('a replication that throws in a worker is reported with its index and seed; the others are kept', async () => {
    vi.stubEnv('CORRSIM_TEST_FAIL_REPLICATION', '3');
    const failed = await batch({ workers: 2 });
    expect(failed.failures).toHaveLength(1);
    expect(failed.failures[0]).toMatchObject({ replication: 3, seed: 5, message: expect.stringMatching(/CORRSIM_TEST_FAIL_REPLICATION=3/) });
    expect(failed.complete).toBe(false);
    // 0..2 finished before 3 failed; 4 may have been running then, and is kept if so. Nothing after.
    const done = failed.results.map((r) => r.replication);
    expect(done.slice(0, 3)).toEqual([0, 1, 2]);
    expect([[0, 1, 2], [0, 1, 2, 4]]).toContainEqual(done);
    expect(csvRows(failed.results)).toEqual(done.map((r) => reference[r]));
  });

  test('the failure hook is read by worker threads only', async () => {
    vi.stubEnv('CORRSIM_TEST_FAIL_REPLICATION', '0');
    const inThread = await batch({ workers: 1, replications: 1 });
    expect(inThread.failures).toEqual([]);
    expect(csvRows(inThread.results)).toEqual(reference.slice(0, 1));
  });
});
