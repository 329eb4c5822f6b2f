/**
 * The rule of `--replications auto` on synthetic replications (no model): where it checks, that it
 * stops at the first checkpoint where the half-width is reached, that it never passes the maximum,
 * and that its answer does not depend on the number of workers.
 */
import { describe, expect, test } from 'vitest';
import { halfWidth95 } from '../../src/stats/paired.js';
import { checkpoints, roundSize, runUntilPrecise, type AutoRule, type AutoRunner } from '../../src/experiments/auto.js';
import { combineBatches, type BatchResult } from '../../src/experiments/batch.js';
import { fakeResult } from './fake.js';

/** Replication r's value: a fixed pseudo-random number in [0, 1), a function of r alone. */
function value(r: number): number {
  const x = Math.sin(r * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/** A runner over `value`, recording the rounds it was asked to run. */
function syntheticRunner(values: (r: number) => number = value, finishes: (first: number) => boolean = () => true) {
  const ran: number[] = [];
  const rounds: Array<[number, number]> = [];
  const runner: AutoRunner = {
    runRange: async (first, count) => {
      rounds.push([first, count]);
      for (let r = first; r < first + count; r++) ran.push(r);
      return finishes(first);
    },
    checksAt: (n) => {
      expect(ran.length).toBeGreaterThanOrEqual(n); // never asked about replications not run
      return [{ metric: 'x', target: rule.targets[0].halfWidth, halfWidth: halfWidth95(ran.filter((r) => r < n).map(values)) }];
    },
  };
  let rule: AutoRule = { start: 10, step: 10, max: 200, targets: [{ metric: 'x', halfWidth: 0.08 }] };
  return { runner, ran, rounds, use: (r: AutoRule) => (rule = r) };
}

const widthAt = (n: number) => halfWidth95(Array.from({ length: n }, (_, r) => value(r)));

describe('checkpoints and rounds', () => {
  test('start, start + step, … and the maximum', () => {
    expect(checkpoints({ start: 10, step: 10, max: 45 })).toEqual([10, 20, 30, 40, 45]);
    expect(checkpoints({ start: 10, step: 10, max: 30 })).toEqual([10, 20, 30]);
    expect(checkpoints({ start: 5, step: 10, max: 5 })).toEqual([5]);
  });

  test('a round reaches the next checkpoint in a multiple of the workers, never past the maximum', () => {
    expect(roundSize(0, 10, 1, 200)).toBe(10);
    expect(roundSize(0, 10, 2, 200)).toBe(10);
    expect(roundSize(0, 10, 4, 200)).toBe(12);
    expect(roundSize(12, 20, 4, 200)).toBe(8);
    expect(roundSize(0, 10, 3, 11)).toBe(11);
    expect(roundSize(20, 30, 7, 200)).toBe(14);
  });
});

describe('runUntilPrecise', () => {
  test('stops at the first checkpoint where the half-width is at most the target', async () => {
    const rule: AutoRule = { start: 10, step: 10, max: 200, targets: [{ metric: 'x', halfWidth: 0.08 }] };
    const expected = checkpoints(rule).find((n) => widthAt(n) <= 0.08)!;
    // The case is not trivial: the first checkpoint misses, a later one reaches it.
    expect(expected).toBeGreaterThan(rule.start);
    expect(expected).toBeLessThan(rule.max);
    expect(widthAt(expected - rule.step)).toBeGreaterThan(0.08);

    const s = syntheticRunner();
    s.use(rule);
    const outcome = await runUntilPrecise(rule, 1, s.runner);
    expect(outcome).toMatchObject({ replications: expected, reached: true, ran: expected, stopped: false });
    expect(outcome.checks[0].halfWidth).toBe(widthAt(expected));
    expect(s.rounds[0]).toEqual([0, 10]);
  });

  test('the answer is the same with any number of workers; only the replications run past it differ', async () => {
    const rule: AutoRule = { start: 10, step: 10, max: 200, targets: [{ metric: 'x', halfWidth: 0.08 }] };
    const answers = [];
    for (const workers of [1, 2, 3, 4, 7]) {
      const s = syntheticRunner();
      s.use(rule);
      const outcome = await runUntilPrecise(rule, workers, s.runner);
      answers.push([outcome.replications, outcome.checks[0].halfWidth]);
      expect(outcome.ran).toBeGreaterThanOrEqual(outcome.replications);
      expect(outcome.ran - outcome.replications).toBeLessThan(workers);
      for (const [, count] of s.rounds.slice(0, -1)) expect(count % workers).toBe(0);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  test('respects the maximum, and says the precision was not reached', async () => {
    const rule: AutoRule = { start: 10, step: 10, max: 35, targets: [{ metric: 'x', halfWidth: 0.001 }] };
    for (const workers of [1, 4]) {
      const s = syntheticRunner();
      s.use(rule);
      const outcome = await runUntilPrecise(rule, workers, s.runner);
      expect(outcome).toMatchObject({ replications: 35, reached: false, ran: 35, stopped: false });
      expect(Math.max(...s.ran)).toBe(34);
    }
  });

  test('an estimate without spread (a policy compared with itself) stops at the start', async () => {
    const rule: AutoRule = { start: 4, step: 10, max: 200, targets: [{ metric: 'x', halfWidth: 1e-9 }] };
    const s = syntheticRunner(() => 0);
    s.use(rule);
    expect(await runUntilPrecise(rule, 2, s.runner)).toMatchObject({ replications: 4, reached: true, ran: 4 });
  });

  test('a round that does not finish (failure, Ctrl-C) ends the runs', async () => {
    const rule: AutoRule = { start: 10, step: 10, max: 200, targets: [{ metric: 'x', halfWidth: 0.001 }] };
    const s = syntheticRunner(value, (first) => first < 20);
    s.use(rule);
    const outcome = await runUntilPrecise(rule, 1, s.runner);
    expect(outcome).toMatchObject({ stopped: true, reached: false, replications: 30, ran: 30 });
    expect(s.rounds).toEqual([[0, 10], [10, 10], [20, 10]]);
  });
});

describe('combineBatches', () => {
  const batch = (first: number, count: number): BatchResult => ({
    results: Array.from({ length: count }, (_, i) => fakeResult({ seed: 1, replication: first + i, years: 1, warmupYears: 0 })),
    requested: Array.from({ length: count }, (_, i) => first + i),
    complete: true,
    failures: [],
    performance: { events: 10 * count, cpuSeconds: count, eventsPerCpuSecond: 10, wallSeconds: 1, workers: 4 },
  });

  test('keeps replications below the limit, in order; counts all the work', () => {
    const combined = combineBatches([batch(4, 4), batch(0, 4)], 6);
    expect(combined.results.map((r) => r.replication)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(combined).toMatchObject({ requested: [0, 1, 2, 3, 4, 5], complete: true, failures: [] });
    expect(combined.performance).toEqual({ events: 80, cpuSeconds: 8, eventsPerCpuSecond: 10, wallSeconds: 2, workers: 4 });
  });

  test('incomplete when replications are missing or failed', () => {
    expect(combineBatches([batch(0, 3)], 4).complete).toBe(false);
    const failed = { ...batch(0, 4), failures: [{ replication: 2, seed: 1, message: 'x' }] };
    expect(combineBatches([failed], 4).complete).toBe(false);
  });
});
