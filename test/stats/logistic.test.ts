/**
 * The logistic regression of the effect-recovery check. A 2 × 2 table has a closed form (the
 * coefficient is the table's log odds ratio, its standard error √(1/a + 1/b + 1/c + 1/d)), so
 * those are checked to machine precision; on synthetic data with known coefficients, each
 * estimate must lie within 4 of its standard errors of the truth (a false alarm about once in
 * 15,000 per coefficient if the fit is right; the data are seeded, so the test is deterministic).
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../src/stats/logistic.js';
import { createStream } from '../../src/engine/random.js';

describe('fitLogistic', () => {
  it('reproduces the log odds ratio of a 2 × 2 table and its standard error', () => {
    // exposed: 30 with the outcome, 70 without; unexposed: 20 with, 180 without.
    const rows: number[][] = [];
    const y: number[] = [];
    const add = (exposed: number, outcome: number, count: number) => {
      for (let i = 0; i < count; i++) {
        rows.push([1, exposed]);
        y.push(outcome);
      }
    };
    add(1, 1, 30);
    add(1, 0, 70);
    add(0, 1, 20);
    add(0, 0, 180);
    const fit = fitLogistic(rows, y);
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[1]).toBeCloseTo(Math.log((30 * 180) / (70 * 20)), 10);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(20 / 180), 10);
    expect(fit.standardErrors[1]).toBeCloseTo(Math.sqrt(1 / 30 + 1 / 70 + 1 / 20 + 1 / 180), 10);
  });

  it('recovers known coefficients from simulated data within 4 standard errors', () => {
    const rng = createStream(7, 0, 'logistic-test');
    const truth = [-0.5, Math.log(0.6), 0.8, -0.03];
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = [1, rng.next() < 0.3 ? 1 : 0, rng.next() < 0.5 ? 1 : 0, 40 * rng.next() - 20];
      const eta = x.reduce((s, v, j) => s + v * truth[j], 0);
      rows.push(x);
      y.push(rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    const fit = fitLogistic(rows, y);
    expect(fit.converged).toBe(true);
    fit.coefficients.forEach((b, j) => {
      expect(Math.abs(b - truth[j]), `coefficient ${j}: ${b} ± ${fit.standardErrors[j]} against ${truth[j]}`).toBeLessThan(4 * fit.standardErrors[j]);
    });
  });

  it('refuses a singular design', () => {
    expect(() => fitLogistic([[1, 2], [1, 2], [1, 2]], [0, 1, 0])).toThrow(/singular/);
  });
});
