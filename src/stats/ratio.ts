/**
 * The ratio of two means measured on the same replications (cost per reconviction avoided, a
 * benefit–cost ratio), with Fieller's 95% interval. Replication r gives a pair (x_r, y_r); the
 * estimate is mean(x) / mean(y), and the interval is the set of θ for which mean(x) − θ·mean(y)
 * is not significantly different from 0 (Student t, n − 1 degrees of freedom, with the sample
 * covariance of x and y, which common random numbers make large). When the denominator's own
 * interval includes 0 the set is unbounded, and the interval is null: the data do not bound the
 * ratio, which is the honest answer for the cost of an effect that may be nil.
 */
import { mean, tQuantile } from './intervals.js';

export interface RatioEstimate {
  /** mean(numerator) / mean(denominator); null when the denominator's mean is 0 or nothing was measured. */
  estimate: number | null;
  /** Fieller's 95% interval, or null when it is unbounded (the denominator's interval includes 0) or n < 2. */
  ci95: [number, number] | null;
  /** Pairs with both values finite. */
  n: number;
}

export function ratioOfMeans(numerator: readonly number[], denominator: readonly number[]): RatioEstimate {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < Math.min(numerator.length, denominator.length); i++) {
    if (Number.isFinite(numerator[i]) && Number.isFinite(denominator[i])) {
      x.push(numerator[i]);
      y.push(denominator[i]);
    }
  }
  const n = x.length;
  if (n === 0) return { estimate: null, ci95: null, n };
  const a = mean(x);
  const b = mean(y);
  const estimate = b !== 0 ? a / b : null;
  if (n < 2 || estimate === null) return { estimate, ci95: null, n };
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - a) * (x[i] - a);
    syy += (y[i] - b) * (y[i] - b);
    sxy += (x[i] - a) * (y[i] - b);
  }
  // Variances and covariance of the two means.
  const vxx = sxx / (n - 1) / n;
  const vyy = syy / (n - 1) / n;
  const vxy = sxy / (n - 1) / n;
  const t = tQuantile(0.975, n - 1);
  const t2 = t * t; // not t ** 2: the operator is pow, whose last bit engines may differ in
  // (a − θb)² ≤ t²(vxx − 2θvxy + θ²vyy)  ⇔  A θ² − 2B θ + C ≤ 0.
  const A = b * b - t2 * vyy;
  const B = a * b - t2 * vxy;
  const C = a * a - t2 * vxx;
  if (A <= 0) return { estimate, ci95: null, n };
  const disc = Math.max(0, B * B - A * C);
  const root = Math.sqrt(disc);
  return { estimate, ci95: [(B - root) / A, (B + root) / A], n };
}
