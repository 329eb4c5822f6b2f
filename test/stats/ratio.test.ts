/** The ratio of paired means and Fieller's interval, on constructed data whose answers are known. */
import { describe, expect, it } from 'vitest';
import { tQuantile } from '../../src/stats/intervals.js';
import { ratioOfMeans } from '../../src/stats/ratio.js';

describe('ratioOfMeans', () => {
  it('is exact when the numerator is a fixed multiple of the denominator', () => {
    const y = [3, 5, 4, 6, 2];
    const r = ratioOfMeans(y.map((v) => 2.5 * v), y);
    expect(r.estimate).toBeCloseTo(2.5, 12);
    expect(r.ci95![0]).toBeCloseTo(2.5, 9);
    expect(r.ci95![1]).toBeCloseTo(2.5, 9);
    expect(r.n).toBe(5);
  });

  it('bounds θ where mean(x) − θ·mean(y) is exactly at the edge of its t interval', () => {
    const x = [10, 14, 9, 13, 11, 12];
    const y = [4, 6, 5, 5, 4, 6];
    const r = ratioOfMeans(x, y);
    expect(r.estimate).toBeCloseTo(69 / 30, 12);
    const t = tQuantile(0.975, x.length - 1);
    for (const theta of r.ci95!) {
      // d_r = x_r − θ·y_r: its mean is t standard errors from 0 at each bound.
      const d = x.map((v, i) => v - theta * y[i]);
      const m = d.reduce((a, b) => a + b, 0) / d.length;
      const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1));
      expect(Math.abs(m)).toBeCloseTo((t * sd) / Math.sqrt(d.length), 9);
    }
    expect(r.ci95![0]).toBeLessThan(r.estimate!);
    expect(r.ci95![1]).toBeGreaterThan(r.estimate!);
  });

  it('gives no interval when the denominator may be 0, and no estimate when its mean is 0', () => {
    expect(ratioOfMeans([5, 6, 7, 8], [1, -1, 2, -1.5]).ci95).toBeNull();
    const zero = ratioOfMeans([1, 2], [1, -1]);
    expect(zero.estimate).toBeNull();
    expect(zero.ci95).toBeNull();
  });

  it('leaves out pairs with a value that is not finite', () => {
    const r = ratioOfMeans([2, NaN, 4], [1, 1, 2]);
    expect(r.n).toBe(2);
    expect(r.estimate).toBeCloseTo(2, 12);
  });
});
