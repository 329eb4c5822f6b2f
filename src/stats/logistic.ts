/**
 * Logistic regression by iteratively reweighted least squares (Newton–Raphson on the
 * log-likelihood), with standard errors from the inverse of the information matrix at the
 * estimate. Small and dense: meant for a few dozen covariates and up to a few hundred thousand
 * rows, as in the effect-recovery check of `corrsim validate`.
 */
import * as PMath from '../engine/portable-math.js';

export interface LogisticFit {
  /** One per column of the design, in its order. */
  coefficients: number[];
  standardErrors: number[];
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  maxIterations?: number;
  /** Stop when no coefficient moves by more than this. */
  tolerance?: number;
}

/**
 * Fits P(y = 1 | x) = 1 / (1 + exp(−x·β)). `rows` are the design rows: include a column of ones
 * for an intercept. Throws if the design is singular (a column that is constant or a combination
 * of others) or the outcome is separated (the estimates run off to infinity).
 */
export function fitLogistic(rows: readonly (readonly number[])[], y: readonly number[], options: LogisticOptions = {}): LogisticFit {
  const n = rows.length;
  if (n === 0 || n !== y.length) throw new Error(`fitLogistic: ${n} rows and ${y.length} outcomes`);
  const k = rows[0].length;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-9;
  const beta = new Array<number>(k).fill(0);
  let information = new Float64Array(k * k);
  let logLikelihood = -Infinity;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = new Float64Array(k);
    information = new Float64Array(k * k);
    logLikelihood = 0;
    for (let i = 0; i < n; i++) {
      const x = rows[i];
      let eta = 0;
      for (let a = 0; a < k; a++) eta += x[a] * beta[a];
      const p = 1 / (1 + PMath.exp(-eta));
      // log p = −log(1 + e^−η), log(1 − p) = −log(1 + e^η), written to stay finite for large |η|.
      logLikelihood -= y[i] === 1 ? softplus(-eta) : softplus(eta);
      const w = p * (1 - p);
      const r = y[i] - p;
      for (let a = 0; a < k; a++) {
        gradient[a] += x[a] * r;
        const wx = w * x[a];
        if (wx === 0) continue;
        for (let b = 0; b <= a; b++) information[a * k + b] += wx * x[b];
      }
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) information[b * k + a] = information[a * k + b];
    const step = solveSymmetric(information, gradient, k);
    let largest = 0;
    for (let a = 0; a < k; a++) {
      beta[a] += step[a];
      largest = Math.max(largest, Math.abs(step[a]));
    }
    if (!beta.every(Number.isFinite) || largest > 1e6) throw new Error('fitLogistic: the estimates diverge (separation?)');
    if (largest < tolerance) {
      const covariance = invertSymmetric(information, k);
      return {
        coefficients: beta,
        standardErrors: beta.map((_, a) => Math.sqrt(covariance[a * k + a])),
        logLikelihood,
        iterations: iteration,
        converged: true,
      };
    }
  }
  const covariance = invertSymmetric(information, k);
  return {
    coefficients: beta,
    standardErrors: beta.map((_, a) => Math.sqrt(covariance[a * k + a])),
    logLikelihood,
    iterations: maxIterations,
    converged: false,
  };
}

function softplus(x: number): number {
  return x > 0 ? x + PMath.log1p(PMath.exp(-x)) : PMath.log1p(PMath.exp(x));
}

/** Lower-triangular L with A = L·Lᵀ, for a symmetric positive-definite A (row-major, k × k). */
function cholesky(a: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j];
      for (let m = 0; m < j; m++) sum -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs(a[i * k + i])))) throw new Error(`fitLogistic: singular design (column ${i} is constant or a combination of others)`);
        l[i * k + i] = Math.sqrt(sum);
      } else {
        l[i * k + j] = sum / l[j * k + j];
      }
    }
  }
  return l;
}

function solveWithCholesky(l: Float64Array, b: ArrayLike<number>, k: number): Float64Array {
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i];
    for (let m = 0; m < i; m++) sum -= l[i * k + m] * z[m];
    z[i] = sum / l[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = z[i];
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i] * x[m];
    x[i] = sum / l[i * k + i];
  }
  return x;
}

function solveSymmetric(a: Float64Array, b: ArrayLike<number>, k: number): Float64Array {
  return solveWithCholesky(cholesky(a, k), b, k);
}

function invertSymmetric(a: Float64Array, k: number): Float64Array {
  const l = cholesky(a, k);
  const inverse = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    const unit = new Float64Array(k);
    unit[c] = 1;
    const column = solveWithCholesky(l, unit, k);
    for (let r = 0; r < k; r++) inverse[r * k + c] = column[r];
  }
  return inverse;
}
