import { describe, expect, it } from 'vitest';
import { PiecewiseConstantRate } from '../../src/engine/distributions.js';
import { createStream } from '../../src/engine/random.js';

describe('PiecewiseConstantRate', () => {
  const starts = [0, 10, 30, 40];
  const rates = [2, 0, 5, 0.5];
  const process = new PiecewiseConstantRate(starts, rates);

  it('reports rates and integrals of the piecewise function', () => {
    expect([0, 9.99, 10, 29, 30, 40, 1e9].map((t) => process.rateAt(t))).toEqual([2, 2, 0, 0, 5, 0.5, 0.5]);
    expect(process.integral(0, 10)).toBe(20);
    expect(process.integral(5, 35)).toBe(10 + 0 + 25);
    expect(process.integral(12, 28)).toBe(0);
    expect(process.integral(40, 50)).toBe(5);
    expect(process.integral(3, 3)).toBe(0);
    expect(process.integral(0, Infinity)).toBe(Infinity);
    expect(new PiecewiseConstantRate([0, 10], [1, 0]).integral(0, Infinity)).toBe(10);
    expect(() => process.integral(5, 4)).toThrow(RangeError);
  });

  it('event counts in windows match the integral within Poisson tolerance', () => {
    const rng = createStream(21, 0, 'nhpp counts');
    const windows: Array<[number, number]> = [[0, 10], [5, 15], [10, 30], [28, 33], [30, 40], [40, 60], [0, 60]];
    const counts = windows.map(() => 0);
    const replications = 300;
    for (let r = 0; r < replications; r++) {
      for (let t = process.nextEventTime(0, rng); t < 60; t = process.nextEventTime(t, rng)) {
        expect(process.rateAt(t)).toBeGreaterThan(0);
        windows.forEach(([a, b], i) => {
          if (t >= a && t < b) counts[i]++;
        });
      }
    }
    windows.forEach(([a, b], i) => {
      const expected = replications * process.integral(a, b);
      // A Poisson count has sd sqrt(expected); allow 5 sd (so exactly 0 where the rate is 0).
      expect(Math.abs(counts[i] - expected)).toBeLessThanOrEqual(5 * Math.sqrt(expected));
    });
  });

  it('handles a zero rate followed by a positive one', () => {
    const p = new PiecewiseConstantRate([0, 50], [0, 1]);
    const rng = createStream(22, 0, 'nhpp zero first');
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const t = p.nextEventTime(0, rng);
      expect(t).toBeGreaterThan(50);
      sum += t - 50;
    }
    // After 50 the wait is exponential with mean 1 (sd 1): 5 standard errors.
    expect(Math.abs(sum / n - 1)).toBeLessThan(5 / Math.sqrt(n));
    expect(p.nextEventTime(60, rng)).toBeGreaterThanOrEqual(60);
  });

  it('returns Infinity once the rate is zero for good', () => {
    const p = new PiecewiseConstantRate([0, 10], [1, 0]);
    const rng = createStream(23, 0, 'nhpp zero last');
    expect(p.nextEventTime(10, rng)).toBe(Infinity);
    expect(new PiecewiseConstantRate([0], [0]).nextEventTime(0, rng)).toBe(Infinity);
    for (let i = 0; i < 1000; i++) {
      const t = p.nextEventTime(9, rng);
      expect(t === Infinity || (t >= 9 && t < 10)).toBe(true);
    }
  });

  it('rejects malformed schedules', () => {
    expect(() => new PiecewiseConstantRate([], [])).toThrow(RangeError);
    expect(() => new PiecewiseConstantRate([1], [1])).toThrow(RangeError);
    expect(() => new PiecewiseConstantRate([0, 5, 5], [1, 1, 1])).toThrow(RangeError);
    expect(() => new PiecewiseConstantRate([0, 5], [1, -1])).toThrow(RangeError);
    expect(() => new PiecewiseConstantRate([0, 5], [1])).toThrow(RangeError);
  });
});
