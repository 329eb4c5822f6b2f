/**
 * The batch loop: in the main thread (`-j 1`) with a fake replication, and on a stand-in pool (a
 * portable Executor, as a browser's Web Workers would be one); Node's real pool is in pool.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { batchRunner, type BatchProgress, type Executor } from '../../src/experiments/batch.js';
import { rangePlan, shardOf } from '../../src/experiments/plan.js';
import { nodeExecutor, runBatch } from '../../src/experiments/pool.node.js';
import type { ReplicationOptions } from '../../src/model/result.js';
import { fakeResult, fakeScenario } from './fake.js';

/** An executor whose pool runs each task on a timer, finishing out of order; it counts the pools it opened. */
function standInExecutor(): Executor & { pools: number; here: number } {
  const executor = {
    pools: 0,
    here: 0,
    runHere: (_s: unknown, task: ReplicationOptions) => (executor.here++, { result: fakeResult(task), cpuSeconds: 0.001 }),
    openPool: () => {
      executor.pools++;
      return {
        run: (task: ReplicationOptions) =>
          new Promise<never>((resolve, reject) =>
            setTimeout(() => (task.replication === 13 ? reject(new Error('thread lost')) : resolve({ result: fakeResult(task), cpuSeconds: 0.001, wallSeconds: 0.001, overheadSeconds: 0 } as never)), 10 - (task.replication % 3) * 4),
          ),
        destroy: async () => undefined,
      };
    },
    pause: () => Promise.resolve(),
  };
  return executor;
}

describe('the batch loop on any executor', () => {
  test('one thread never opens a pool; several run on one, results back in replication order', async () => {
    const executor = standInExecutor();
    const plan = rangePlan({ seed: 1, years: 1, warmupYears: 0 }, 0, 6);
    const one = await batchRunner(executor, 1).run(fakeScenario, plan);
    expect(executor.pools).toBe(0);
    const three = await batchRunner(executor, 3).run(fakeScenario, plan);
    expect(executor.pools).toBe(1);
    expect(three.results.map((r) => r.replication)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(three.results).toEqual(one.results);
    expect(three.performance.workers).toBe(3);
  });

  test('the shards of a plan together give the very results of the whole plan', async () => {
    const executor = standInExecutor();
    const plan = rangePlan({ seed: 4, years: 1, warmupYears: 0 }, 0, 7);
    const whole = await batchRunner(executor, 2).run(fakeScenario, plan);
    const shards = await Promise.all([0, 1, 2].map((k) => batchRunner(executor, 2).run(fakeScenario, shardOf(plan, k, 3))));
    expect(shards.map((b) => b.requested)).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
    const merged = shards.flatMap((b) => b.results).sort((a, b) => a.replication - b.replication);
    expect(merged).toEqual(whole.results);
  });

  test('a task that fails on the pool is a failure of its replication; the others are kept', async () => {
    const batch = await batchRunner(standInExecutor(), 2).run(fakeScenario, rangePlan({ seed: 2, years: 1, warmupYears: 0 }, 12, 4));
    expect(batch.failures.map((f) => [f.replication, f.message])).toEqual([[13, 'thread lost']]);
    expect(batch.complete).toBe(false);
    expect(batch.results.map((r) => r.replication)).toContain(12);
  });
});

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

  test('records the CPU time of each replication, and the batch figure is their sum', async () => {
    // A stand-in executor reports a known CPU time per replication (0.25 s, 0.5 s, 0.75 s, ...),
    // in this thread and on a pool alike: the batch must add them up, not time anything itself.
    const cpuOf = (task: ReplicationOptions) => 0.25 * (task.replication + 1);
    const executor: Executor = {
      runHere: (_s, task) => ({ result: fakeResult(task), cpuSeconds: cpuOf(task) }),
      openPool: () => ({
        run: async (task) => ({ result: fakeResult(task), cpuSeconds: cpuOf(task), wallSeconds: 0, overheadSeconds: 0 }),
        destroy: async () => undefined,
      }),
      pause: () => Promise.resolve(),
    };
    const plan = rangePlan({ seed: 1, years: 1, warmupYears: 0 }, 0, 4);
    for (const workers of [1, 2]) {
      const batch = await batchRunner(executor, workers).run(fakeScenario, plan);
      expect(batch.performance.cpuSeconds).toBe(0.25 + 0.5 + 0.75 + 1);
      expect(batch.performance.events).toBe(1000 + 1001 + 1002 + 1003);
      expect(batch.performance.eventsPerCpuSecond).toBe(batch.performance.events / 2.5);
    }
  });

  test("with the process's CPU clock, a pool batch counts the process's CPU over the pool's life; one thread still sums its replications", async () => {
    let clock = 10;
    const executor: Executor = {
      runHere: (_s, task) => ({ result: fakeResult(task), cpuSeconds: 0.5 }),
      openPool: () => ({
        run: async (task) => ((clock += 0.75), { result: fakeResult(task), cpuSeconds: 0.5, wallSeconds: 0, overheadSeconds: 0 }),
        destroy: async () => void (clock += 0.25), // the threads' start-up and tail, counted too
      }),
      pause: () => Promise.resolve(),
      processCpuSeconds: () => clock,
    };
    const plan = rangePlan({ seed: 1, years: 1, warmupYears: 0 }, 0, 4);
    expect((await batchRunner(executor, 2).run(fakeScenario, plan)).performance.cpuSeconds).toBe(4 * 0.75 + 0.25);
    expect((await batchRunner(executor, 1).run(fakeScenario, plan)).performance.cpuSeconds).toBe(4 * 0.5);
  });

  test("Node's executor records a CPU time for a replication run in this thread: finite and not negative", () => {
    const work = (o: ReplicationOptions) => {
      // Some real work for the clock to count; no threshold is asserted on it (the machine may be loaded).
      let x = 0;
      for (let i = 0; i < 100_000; i++) x += Math.sqrt(i);
      return { ...fakeResult(o), people: x > 0 ? 10 : 0 };
    };
    const outcome = nodeExecutor(work).runHere(fakeScenario, { seed: 1, replication: 0, years: 1, warmupYears: 0 }, undefined);
    expect(outcome.result.people).toBe(10);
    expect(Number.isFinite(outcome.cpuSeconds)).toBe(true);
    expect(outcome.cpuSeconds).toBeGreaterThanOrEqual(0);
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
    expect(batch.requested).toEqual([7, 8]);
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
