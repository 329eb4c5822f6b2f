import { checkDistribution } from './distribution-check.js';
import type { RandomStream } from './random.js';
import {
  BernoulliSampler, CategoricalSampler, EmpiricalSampler, ExponentialSampler, FixedSampler,
  GammaSampler, LognormalSampler, UniformSampler, WeibullSampler,
} from './samplers.js';

export { checkDistribution } from './distribution-check.js';
export { PiecewiseConstantRate } from './rate.js';
export { standardNormal } from './samplers.js';

export type DistributionSpec =
  | { type: 'fixed'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'exponential'; mean: number }
  | { type: 'gamma'; shape: number; scale: number }
  /** mean and coefficient of variation of the variable itself, not of its log */
  | { type: 'lognormal'; mean: number; cv: number }
  | { type: 'weibull'; shape: number; scale: number }
  | { type: 'bernoulli'; p: number }
  /** weights need not sum to 1; zero weights are allowed as long as one is positive */
  | { type: 'categorical'; values: number[]; weights: number[] }
  /** histogram, uniform within a bin; bins ascending and non-overlapping (gaps allowed); weights need not sum to 1 */
  | { type: 'empirical'; bins: Array<[lower: number, upper: number, weight: number]> };

export interface Sampler {
  readonly mean: number;
  readonly variance: number;
  sample(rng: RandomStream): number;
  /**
   * A draw conditional on being > lower (e.g. the remaining part of a duration
   * already `lower` long). Inverse CDF wherever available, so it costs one
   * draw. When lower is below the support this is sample(); when the
   * condition is impossible (lower at or above the top of the support) it
   * returns lower itself, i.e. "it ends now".
   */
  sampleAbove(lower: number, rng: RandomStream): number;
  /** P(X > x), the survival function (1 − CDF): what sampleAbove conditions on. */
  survival(x: number): number;
}

/** Validates (throwing a RangeError listing every problem) and precomputes a sampler. */
export function compileDistribution(spec: DistributionSpec): Sampler {
  const problems = checkDistribution(spec);
  if (problems.length > 0) {
    throw new RangeError(`invalid distribution: ${problems.join('; ')}`);
  }
  switch (spec.type) {
    case 'fixed': return new FixedSampler(spec.value);
    case 'uniform': return new UniformSampler(spec.min, spec.max);
    case 'exponential': return new ExponentialSampler(spec.mean);
    case 'gamma': return new GammaSampler(spec.shape, spec.scale);
    case 'lognormal': return new LognormalSampler(spec.mean, spec.cv);
    case 'weibull': return new WeibullSampler(spec.shape, spec.scale);
    case 'bernoulli': return new BernoulliSampler(spec.p);
    case 'categorical': return new CategoricalSampler(spec.values, spec.weights);
    case 'empirical': return new EmpiricalSampler(spec.bins);
  }
}
