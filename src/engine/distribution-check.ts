// Specs usually come from user-edited scenario files, so this treats the input
// as untyped and reports every problem (not just the first) in words a
// scenario author can act on. Field names are relative to the spec so the
// caller can prefix its own path.
import type { DistributionSpec } from './distributions.js';

const TYPES = ['fixed', 'uniform', 'exponential', 'gamma', 'lognormal', 'weibull', 'bernoulli', 'categorical', 'empirical'];

type Fields = Record<string, unknown>;

/** Problems with a spec as user-facing strings such as "cv: expected a number > 0, found -1"; empty if valid. */
export function checkDistribution(spec: DistributionSpec): string[] {
  const raw: unknown = spec;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [`expected a distribution object, found ${describe(raw)}`];
  }
  const s = raw as Fields;
  const problems: string[] = [];
  switch (s.type) {
    case 'fixed':
      finite(s, 'value', problems);
      break;
    case 'uniform': {
      const minOk = finite(s, 'min', problems);
      const maxOk = finite(s, 'max', problems);
      if (minOk && maxOk && (s.min as number) > (s.max as number)) {
        problems.push(`max: expected a number >= min (${s.min}), found ${s.max}`);
      }
      break;
    }
    case 'exponential':
      positive(s, 'mean', problems);
      break;
    case 'gamma':
    case 'weibull':
      positive(s, 'shape', problems);
      positive(s, 'scale', problems);
      break;
    case 'lognormal':
      positive(s, 'mean', problems);
      positive(s, 'cv', problems);
      break;
    case 'bernoulli':
      if (!(isFiniteNumber(s.p) && s.p >= 0 && s.p <= 1)) {
        problems.push(`p: expected a number from 0 to 1, found ${describe(s.p)}`);
      }
      break;
    case 'categorical':
      checkCategorical(s, problems);
      break;
    case 'empirical':
      checkEmpirical(s, problems);
      break;
    default:
      problems.push(`type: expected one of ${TYPES.join(', ')}; found ${describe(s.type)}`);
  }
  return problems;
}

function checkCategorical(s: Fields, problems: string[]): void {
  const { values, weights } = s;
  if (!Array.isArray(values) || values.length === 0) {
    problems.push(`values: expected a non-empty list of numbers, found ${describe(values)}`);
  } else {
    values.forEach((v, i) => {
      if (!isFiniteNumber(v)) problems.push(`values[${i}]: expected a finite number, found ${describe(v)}`);
    });
  }
  if (!Array.isArray(weights)) {
    problems.push(`weights: expected a list of numbers, found ${describe(weights)}`);
    return;
  }
  if (Array.isArray(values) && weights.length !== values.length) {
    problems.push(`weights: expected one weight per value (${values.length}), found ${weights.length}`);
  }
  checkWeights(weights, (i) => `weights[${i}]`, 'weights', problems);
}

function checkEmpirical(s: Fields, problems: string[]): void {
  const bins = s.bins;
  if (!Array.isArray(bins) || bins.length === 0) {
    problems.push(`bins: expected a non-empty list of [lower, upper, weight], found ${describe(bins)}`);
    return;
  }
  const weights: unknown[] = [];
  let previousUpper = -Infinity;
  bins.forEach((bin: unknown, i) => {
    if (!Array.isArray(bin) || bin.length !== 3 || !bin.every(isFiniteNumber)) {
      problems.push(`bins[${i}]: expected [lower, upper, weight] with finite numbers, found ${describe(bin)}`);
      return;
    }
    const [lower, upper, weight] = bin as number[];
    if (upper <= lower) {
      problems.push(`bins[${i}]: expected upper > lower, found lower ${lower} and upper ${upper}`);
    } else if (lower < previousUpper) {
      problems.push(`bins[${i}]: expected bins in ascending order without overlap, found lower ${lower} below the previous bin's upper ${previousUpper}`);
    }
    previousUpper = Math.max(previousUpper, upper);
    weights.push(weight);
  });
  if (weights.length === bins.length) checkWeights(weights, (i) => `bins[${i}] weight`, 'bins', problems);
}

function checkWeights(weights: unknown[], name: (i: number) => string, field: string, problems: string[]): void {
  let total = 0;
  let allValid = true;
  weights.forEach((w, i) => {
    if (isFiniteNumber(w) && w >= 0) total += w;
    else {
      allValid = false;
      problems.push(`${name(i)}: expected a number >= 0, found ${describe(w)}`);
    }
  });
  if (allValid && !(total > 0)) problems.push(`${field}: expected at least one positive weight, found none`);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function finite(s: Fields, field: string, problems: string[]): boolean {
  if (isFiniteNumber(s[field])) return true;
  problems.push(`${field}: expected a finite number, found ${describe(s[field])}`);
  return false;
}

function positive(s: Fields, field: string, problems: string[]): void {
  const v = s[field];
  if (!(isFiniteNumber(v) && v > 0)) problems.push(`${field}: expected a number > 0, found ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'an empty list';
    return v.length <= 5 ? `[${v.map(describe).join(', ')}]` : `a list of ${v.length} items`;
  }
  if (typeof v === 'object') return 'an object';
  return String(v);
}
