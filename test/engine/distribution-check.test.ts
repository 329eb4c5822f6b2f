import { describe, expect, it } from 'vitest';
import { checkDistribution, type DistributionSpec } from '../../src/engine/distributions.js';

const check = (spec: unknown): string[] => checkDistribution(spec as DistributionSpec);

describe('checkDistribution', () => {
  it('accepts valid specs', () => {
    const valid: DistributionSpec[] = [
      { type: 'fixed', value: -2 },
      { type: 'uniform', min: 1, max: 1 },
      { type: 'exponential', mean: 3 },
      { type: 'gamma', shape: 0.3, scale: 2 },
      { type: 'lognormal', mean: 5, cv: 0.2 },
      { type: 'weibull', shape: 1.5, scale: 4 },
      { type: 'bernoulli', p: 0 },
      { type: 'bernoulli', p: 1 },
      { type: 'categorical', values: [1, 2], weights: [0, 3] },
      { type: 'empirical', bins: [[0, 1, 2], [2, 4, 0], [4, 5, 1]] },
    ];
    for (const spec of valid) expect(checkDistribution(spec)).toEqual([]);
  });

  it('catches non-positive means and cv, naming the field', () => {
    expect(check({ type: 'lognormal', mean: 5, cv: -1 })).toEqual(['cv: expected a number > 0, found -1']);
    expect(check({ type: 'lognormal', mean: 0, cv: 0 })).toHaveLength(2);
    expect(check({ type: 'exponential', mean: -2 })).toEqual(['mean: expected a number > 0, found -2']);
    expect(check({ type: 'exponential' })).toEqual(['mean: expected a number > 0, found nothing']);
    expect(check({ type: 'gamma', shape: '2', scale: NaN })).toEqual([
      'shape: expected a number > 0, found "2"',
      'scale: expected a number > 0, found NaN',
    ]);
    expect(check({ type: 'weibull', shape: 1, scale: 0 })).toEqual(['scale: expected a number > 0, found 0']);
    expect(check({ type: 'fixed', value: Infinity })).toEqual(['value: expected a finite number, found Infinity']);
  });

  it('catches min > max', () => {
    expect(check({ type: 'uniform', min: 3, max: 2 })).toEqual(['max: expected a number >= min (3), found 2']);
  });

  it('catches p outside [0, 1]', () => {
    expect(check({ type: 'bernoulli', p: 1.5 })).toEqual(['p: expected a number from 0 to 1, found 1.5']);
    expect(check({ type: 'bernoulli', p: -0.1 })).toHaveLength(1);
  });

  it('catches bad categorical weights', () => {
    expect(check({ type: 'categorical', values: [1, 2], weights: [1, -1] })).toEqual(['weights[1]: expected a number >= 0, found -1']);
    expect(check({ type: 'categorical', values: [1, 2], weights: [0, 0] })).toEqual(['weights: expected at least one positive weight, found none']);
    expect(check({ type: 'categorical', values: [1, 2], weights: [1] })).toEqual(['weights: expected one weight per value (2), found 1']);
    expect(check({ type: 'categorical', values: [], weights: [] })).toContain('values: expected a non-empty list of numbers, found an empty list');
  });

  it('catches empty bins, upper <= lower, overlap and bad bin weights', () => {
    expect(check({ type: 'empirical', bins: [] })).toEqual(['bins: expected a non-empty list of [lower, upper, weight], found an empty list']);
    expect(check({ type: 'empirical', bins: [[0, 1, 1], [3, 3, 1]] })).toEqual(['bins[1]: expected upper > lower, found lower 3 and upper 3']);
    expect(check({ type: 'empirical', bins: [[5, 2, 1]] })).toEqual(['bins[0]: expected upper > lower, found lower 5 and upper 2']);
    expect(check({ type: 'empirical', bins: [[0, 2, 1], [1, 3, 1]] })[0]).toMatch(/^bins\[1\]: expected bins in ascending order/);
    expect(check({ type: 'empirical', bins: [[0, 1, -1], [1, 2, 1]] })).toEqual(['bins[0] weight: expected a number >= 0, found -1']);
    expect(check({ type: 'empirical', bins: [[0, 1, 0]] })).toEqual(['bins: expected at least one positive weight, found none']);
    expect(check({ type: 'empirical', bins: [[0, 1]] })[0]).toMatch(/^bins\[0\]: expected \[lower, upper, weight\]/);
  });

  it('catches an unknown type or a non-object', () => {
    expect(check({ type: 'poisson', mean: 1 })[0]).toMatch(/^type: expected one of fixed, .*found "poisson"$/);
    expect(check(null)).toEqual(['expected a distribution object, found null']);
  });
});
