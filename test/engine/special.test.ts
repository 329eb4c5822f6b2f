import { describe, expect, it } from 'vitest';
import { gammaTailQuantile, lnGamma, logGammaQ, logNormalUpperTail, normalQuantileFromLog } from '../../src/engine/special.js';

describe('special functions', () => {
  it('lnGamma matches known values', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 12);
    expect(lnGamma(101)).toBeCloseTo(363.73937555556347, 9);
  });

  it('logGammaQ matches closed forms on both branches', () => {
    // Q(1, x) = e^-x; Q(3, x) = e^-x (1 + x + x²/2).
    for (const x of [0.1, 1, 1.9, 5, 50]) {
      expect(logGammaQ(1, x)).toBeCloseTo(-x, 12);
      expect(logGammaQ(3, x)).toBeCloseTo(-x + Math.log(1 + x + x * x / 2), 12);
    }
    expect(logGammaQ(2, 0)).toBe(0);
  });

  it('gammaTailQuantile inverts the upper tail', () => {
    for (const [a, x0] of [[2.5, 12], [0.4, 3], [30, 60]]) {
      const lnQ0 = logGammaQ(a, x0);
      for (const fraction of [0.9, 0.5, 1e-6]) {
        const x = gammaTailQuantile(a, x0, lnQ0, Math.log(fraction));
        expect(x).toBeGreaterThan(x0);
        expect(logGammaQ(a, x) - lnQ0).toBeCloseTo(Math.log(fraction), 9);
      }
    }
  });

  it('normal tail and quantile agree with reference values', () => {
    expect(Math.exp(logNormalUpperTail(1.959963984540054))).toBeCloseTo(0.025, 8);
    expect(logNormalUpperTail(-1.959963984540054)).toBeCloseTo(Math.log(0.975), 8);
    // P(Z > 10) = 7.619853024160527e-24
    expect(logNormalUpperTail(10) / Math.log(7.619853024160527e-24)).toBeCloseTo(1, 7);
    expect(normalQuantileFromLog(Math.log(0.975))).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantileFromLog(Math.log(0.5))).toBeCloseTo(0, 8);
    expect(normalQuantileFromLog(Math.log(1e-10))).toBeCloseTo(-6.361340902404056, 7);
    expect(normalQuantileFromLog(Math.log(7.619853024160527e-24))).toBeCloseTo(-10, 6);
  });
});
