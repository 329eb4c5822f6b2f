/**
 * Statistics across replications: point estimates, Student-t confidence intervals and percentiles.
 * Each replication is one independent draw of a metric, so the interval is the textbook one for
 * the mean of n i.i.d. values.
 */
import * as PMath from '../engine/portable-math.js';
import { lnGamma } from '../engine/special.js';

export interface MetricSummary {
  mean: number | null;
  /** Sample standard deviation (divisor n − 1); 0 when n = 1. */
  sd: number | null;
  /** 95% Student-t interval for the mean: mean ± t(0.975, n − 1)·sd/√n. */
  ci95: [number, number] | null;
  /** Percentiles across replications (linear interpolation, see `percentileSorted`). */
  p2_5: number | null;
  p50: number | null;
  p97_5: number | null;
  /** Replications with a finite value; NaN ("not measurable in this run") is left out. */
  n: number;
}

const EMPTY: MetricSummary = { mean: null, sd: null, ci95: null, p2_5: null, p50: null, p97_5: null, n: 0 };

export function summarise(values: readonly number[]): MetricSummary {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = finite.length;
  if (n === 0) return { ...EMPTY };
  const lo = finite[0];
  const hi = finite[n - 1];
  // All equal: report the value itself rather than a sum/n that may be off in the last bit.
  if (lo === hi) {
    return { mean: lo, sd: 0, ci95: [lo, lo], p2_5: lo, p50: lo, p97_5: lo, n };
  }
  const m = mean(finite);
  const s = sampleSd(finite, m);
  const half = n > 1 ? tQuantile(0.975, n - 1) * s / Math.sqrt(n) : 0;
  return {
    mean: m,
    sd: s,
    ci95: [m - half, m + half],
    p2_5: percentileSorted(finite, 0.025),
    p50: percentileSorted(finite, 0.5),
    p97_5: percentileSorted(finite, 0.975),
    n,
  };
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Two-pass sample standard deviation (divisor n − 1); 0 for a single value. */
export function sampleSd(values: readonly number[], m = mean(values)): number {
  const n = values.length;
  if (n < 2) return 0;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

/**
 * The p-quantile of sorted values by linear interpolation between order statistics: position
 * h = (n − 1)·p counted from 0, then x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). This is Hyndman &
 * Fan's type 7, the default of R's `quantile` and NumPy's `percentile`, so figures can be checked
 * there.
 */
export function percentileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  if (i >= n - 1) return sorted[n - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

/**
 * Quantile of Student's t distribution with df degrees of freedom (df > 0, need not be an
 * integer): the t with P(T ≤ t) = p. Inverts the exact CDF, written through the regularized
 * incomplete beta function, by bisection, so it is accurate to near machine precision for any df.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`tQuantile: p must lie in [0, 1], got ${p}`);
  }
  if (!(df > 0)) throw new RangeError(`tQuantile: df must be positive, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  // For t > 0: P(T > t) = ½·I_x(df/2, ½) with x = df/(df + t²), decreasing in t. Solve
  // I_x(df/2, ½) = 2(1 − p) for x, then t = √(df·(1 − x)/x).
  const target = 2 * (1 - p);
  const a = df / 2;
  let lo = 0; // I_0 = 0 < target
  let hi = 1; // I_1 = 1 > target
  for (let i = 0; i < 200 && hi - lo > 1e-17 + 1e-15 * lo; i++) {
    const mid = 0.5 * (lo + hi);
    if (regularizedIncompleteBeta(mid, a, 0.5) < target) lo = mid;
    else hi = mid;
  }
  const x = 0.5 * (lo + hi);
  return Math.sqrt(df * (1 - x) / x);
}

/** Student's t CDF, P(T ≤ t), for df > 0. */
export function tCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** I_x(a, b), the regularized incomplete beta function (Numerical Recipes' `betai`, Lentz continued fraction). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * PMath.log(x) + b * PMath.log1p(-x);
  // The continued fraction converges fast for x below the mean; use the symmetry above it.
  if (x < (a + 1) / (a + b + 2)) return PMath.exp(lnFront) * betaContinuedFraction(x, a, b) / a;
  return 1 - PMath.exp(lnFront) * betaContinuedFraction(1 - x, b, a) / b;
}

const EPS = 1e-15;
const TINY = 1e-300;

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - qab * x / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}
