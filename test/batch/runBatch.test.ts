/** runBatch in the main thread (`-j 1`), with a fake replication; the pool is in pool.test.ts. */
import { describe, expect, test, vi } from 'vitest';
import { runBatch, type BatchProgress } from '../../src/batch/runBatch.js';
import type { ReplicationOptions } from '../../src/model/result.js';
import { fakeResult, fakeScenario } from './fake.js';

// With one thread, runBatch must not start a pool at all.
vi.mock('../../src/batch/pool.js', () => ({
  ReplicationPool: class {
    constructor() {
      throw new Error('a pool was started');
    }
  },
}));

describe('runBatch', () => {
  test('runs replications 0..n−1 with the batch seed and horizon, in order', async () => {
    const calls: ReplicationOptions[] = [];
    const progress: BatchProgress[] = [];
    const batch = await runBatch(fakeScenario, {
      seed: 42,
      replications: 3,
      years: 2,
      warmupYears: 5,
      onProgress: (p) => progress.push(p),
      runReplication: (_s, o) => (calls.push(o), fakeResult(o)),
    });
    expect(calls).toEqual([0, 1, 2].map((replication) => ({ seed: 42, replication, years: 2, warmupYears: 5 })));
    expect(batch.results.map((r) => r.replication)).toEqual([0, 1, 2]);
    expect(batch.complete).toBe(true);
    expect(progress.map((p) => [p.done, p.total])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(batch.performance.events).toBe(1000 + 1001 + 1002);
    expect(batch.performance.workers).toBe(1);
    expect(batch.performance.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(batch.performance.wallSeconds).toBeGreaterThanOrEqual(0);
  });

  test('measures CPU time spent in the simulation', async () => {
    const busy = (o: ReplicationOptions) => {
      const end = performance.now() + 30;
      while (performance.now() < end) { /* spin */ }
      return fakeResult(o);
    };
    const batch = await runBatch(fakeScenario, { seed: 1, replications: 2, years: 1, warmupYears: 0, runReplication: (_s, o) => busy(o) });
    expect(batch.performance.cpuSeconds).toBeGreaterThan(0.04);
    expect(batch.performance.eventsPerCpuSecond).toBeCloseTo(batch.performance.events / batch.performance.cpuSeconds, 6);
  });

  test('stops after the current replication when asked, and says it is incomplete', async () => {
    let stop = false;
    const batch = await runBatch(fakeScenario, {
      seed: 1,
      replications: 5,
      years: 1,
      warmupYears: 0,
      shouldStop: () => stop,
      runReplication: (_s, o) => {
        if (o.replication === 1) stop = true; // Ctrl-C during replication 1
        return fakeResult(o);
      },
    });
    expect(batch.results.map((r) => r.replication)).toEqual([0, 1]);
    expect(batch.complete).toBe(false);
  });

  test('a replication that throws is reported with its index and seed; the batch stops there and keeps the others', async () => {
    const batch = await runBatch(fakeScenario, {
      seed: 9,
      replications: 5,
      years: 1,
      warmupYears: 0,
      runReplication: (_s, o) => {
        if (o.replication === 2) throw new Error('boom\nmore');
        return fakeResult(o);
      },
    });
    expect(batch.results.map((r) => r.replication)).toEqual([0, 1]);
    expect(batch.complete).toBe(false);
    expect(batch.failures).toEqual([{ replication: 2, seed: 9, message: 'boom\nmore', stack: expect.stringContaining('boom') }]);
  });

  test('firstReplication: replications first..first+n−1', async () => {
    const batch = await runBatch(fakeScenario, { seed: 1, replications: 2, firstReplication: 7, years: 1, warmupYears: 0, runReplication: (_s, o) => fakeResult(o) });
    expect(batch.results.map((r) => r.replication)).toEqual([7, 8]);
    expect(batch.requested).toEqual({ first: 7, count: 2 });
    expect(batch.complete).toBe(true);
  });

  test('fixedEffects reaches every replication', async () => {
    const calls: ReplicationOptions[] = [];
    await runBatch(fakeScenario, { seed: 3, replications: 2, years: 1, warmupYears: 0, fixedEffects: true, runReplication: (_s, o) => (calls.push(o), fakeResult(o)) });
    expect(calls).toEqual([0, 1].map((replication) => ({ seed: 3, replication, years: 1, warmupYears: 0, fixedEffects: true })));
  });

  test('a custom runReplication cannot cross into worker threads', async () => {
    await expect(
      runBatch(fakeScenario, { seed: 1, replications: 2, years: 1, warmupYears: 0, workers: 2, runReplication: (_s, o) => fakeResult(o) }),
    ).rejects.toThrow(/workers: 1/);
  });

  test('one replication never needs a pool, whatever the workers asked for', async () => {
    const batch = await runBatch(fakeScenario, { seed: 1, replications: 1, years: 1, warmupYears: 0, workers: 4, runReplication: (_s, o) => fakeResult(o) });
    expect(batch.performance.workers).toBe(1);
    expect(batch.results).toHaveLength(1);
  });
});
