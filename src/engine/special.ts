// Special functions for analytic moments and tail sampling. Tail quantities are
// kept as logarithms so that conditioning far into a tail never underflows.
import * as PMath from './portable-math.js';


const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LN_TWO_PI = 0.5 * PMath.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return PMath.log(Math.PI / Math.abs(PMath.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return HALF_LN_TWO_PI + (z + 0.5) * PMath.log(t) - t + PMath.log(sum);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** ln Q(a, x), Q the regularized upper incomplete gamma function (Numerical Recipes' series / Lentz continued fraction). */
export function logGammaQ(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return -Infinity;
  const logPrefix = -x + a * PMath.log(x) - lnGamma(a);
  if (x < a + 1) {
    // The series converges fast here and gives P; Q = 1 - P is not small.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return PMath.log1p(-PMath.exp(logPrefix) * sum);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return logPrefix + PMath.log(h);
}

/**
 * The x >= x0 with ln Q(a, x) = lnQ0 + lnFraction, where lnQ0 = ln Q(a, x0)
 * and lnFraction <= 0: inverse-CDF sampling of a unit-scale gamma above x0.
 * Newton on ln Q (derivative = -hazard), kept inside a bracket by bisection
 * because ln Q is concave for a > 1 and convex for a < 1, so a bare Newton
 * step can overshoot either way.
 */
export function gammaTailQuantile(a: number, x0: number, lnQ0: number, lnFraction: number): number {
  if (lnFraction === 0) return x0;
  const target = lnQ0 + lnFraction;
  const lnGammaA = lnGamma(a);
  let lo = x0;
  let hi = Math.max(2 * x0, x0 + a + 1);
  while (logGammaQ(a, hi) > target) {
    lo = hi;
    hi *= 2;
  }
  let x = 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const lnQ = logGammaQ(a, x);
    const excess = lnQ - target;
    if (excess > 0) lo = x;
    else hi = x;
    const hazard = PMath.exp((a - 1) * PMath.log(x) - x - lnGammaA - lnQ);
    let next = x + excess / hazard;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-13 * x || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  return x;
}

/** ln of the standard normal upper tail, ln P(Z > z), via NR's erfc (relative error < 1.2e-7) evaluated in log form. */
export function logNormalUpperTail(z: number): number {
  const w = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * w);
  const logErfc =
    PMath.log(t) - w * w - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
    t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  // erfc(-w) = 2 - erfc(w)
  return z >= 0 ? logErfc - Math.LN2 : PMath.log1p(-0.5 * PMath.exp(logErfc));
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Standard normal quantile Φ⁻¹(p) given ln p (Acklam's rational
 * approximation, relative error < 1.2e-9). Taking ln p lets the lower tail go
 * beyond the smallest representable p.
 */
export function normalQuantileFromLog(lnP: number): number {
  if (lnP === -Infinity) return -Infinity;
  if (lnP >= 0) return Infinity;
  if (lnP < PMath.log(P_LOW)) return tailRational(Math.sqrt(-2 * lnP));
  const p = PMath.exp(lnP);
  if (p > 1 - P_LOW) return -tailRational(Math.sqrt(-2 * PMath.log(-PMath.expm1(lnP))));
  const q = p - 0.5;
  const r = q * q;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

function tailRational(q: number): number {
  return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
    ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
}
