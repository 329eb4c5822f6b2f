import { describe, expect, it } from 'vitest';
import { compileDistribution, type DistributionSpec, type Sampler } from '../../src/engine/distributions.js';
import { createStream, type RandomStream } from '../../src/engine/random.js';
import { logGammaQ, logNormalUpperTail } from '../../src/engine/special.js';

const N = 200_000;

function summarize(xs: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

function draws(n: number, f: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f();
  return xs;
}

/** Fourth central moment from raw moments m1..m4. */
function mu4FromRaw(m1: number, m2: number, m3: number, m4: number): number {
  return m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;
}

const lognormalMu4 = (mean: number, cv: number): number => {
  const s2 = Math.log1p(cv * cv);
  return (mean * cv) ** 4 * (Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 3);
};

// Moments of a histogram computed bin by bin from the uniform density,
// independently of the sampler's law-of-total-variance formula.
function histogramMoments(bins: Array<[number, number, number]>): { mean: number; variance: number; mu4: number } {
  const total = bins.reduce((s, b) => s + b[2], 0);
  const central = (k: number, c: number): number =>
    bins.reduce((s, [a, b, w]) => s + (w / total) * ((b - c) ** (k + 1) - (a - c) ** (k + 1)) / ((k + 1) * (b - a)), 0);
  const mean = central(1, 0);
  return { mean, variance: central(2, mean), mu4: central(4, mean) };
}

const bins: Array<[number, number, number]> = [[0, 1, 1], [1, 3, 2], [5, 6, 1], [6, 6.5, 0]];
const hist = histogramMoments(bins);
const catP = [0.4, 0.3, 0.2, 0.1];
const catV = [1, 2, 5, 10];
const catMean = catV.reduce((s, v, i) => s + catP[i] * v, 0);

interface Case { name: string; spec: DistributionSpec; mean: number; variance: number; mu4: number }

const cases: Case[] = [
  { name: 'fixed', spec: { type: 'fixed', value: 3.5 }, mean: 3.5, variance: 0, mu4: 0 },
  { name: 'uniform', spec: { type: 'uniform', min: 2, max: 5 }, mean: 3.5, variance: 0.75, mu4: 3 ** 4 / 80 },
  { name: 'exponential', spec: { type: 'exponential', mean: 2 }, mean: 2, variance: 4, mu4: 9 * 2 ** 4 },
  // Gamma: excess kurtosis 6/shape.
  { name: 'gamma shape 2.5', spec: { type: 'gamma', shape: 2.5, scale: 3 }, mean: 7.5, variance: 22.5, mu4: 22.5 ** 2 * (3 + 6 / 2.5) },
  { name: 'gamma shape 0.4 (boosted)', spec: { type: 'gamma', shape: 0.4, scale: 2 }, mean: 0.8, variance: 1.6, mu4: 1.6 ** 2 * (3 + 6 / 0.4) },
  { name: 'lognormal cv 0.5', spec: { type: 'lognormal', mean: 10, cv: 0.5 }, mean: 10, variance: 25, mu4: lognormalMu4(10, 0.5) },
  { name: 'lognormal cv 0.8', spec: { type: 'lognormal', mean: 1, cv: 0.8 }, mean: 1, variance: 0.64, mu4: lognormalMu4(1, 0.8) },
  // Weibull raw moments scale^r Γ(1 + r/shape), in closed form for shapes 2 and 0.5.
  {
    name: 'weibull shape 2', spec: { type: 'weibull', shape: 2, scale: 3 },
    mean: 1.5 * Math.sqrt(Math.PI), variance: 9 * (1 - Math.PI / 4),
    mu4: mu4FromRaw(1.5 * Math.sqrt(Math.PI), 9, 27 * 0.75 * Math.sqrt(Math.PI), 2 * 81),
  },
  { name: 'weibull shape 0.5', spec: { type: 'weibull', shape: 0.5, scale: 1 }, mean: 2, variance: 20, mu4: mu4FromRaw(2, 24, 720, 40320) },
  { name: 'bernoulli', spec: { type: 'bernoulli', p: 0.3 }, mean: 0.3, variance: 0.21, mu4: 0.21 * (1 - 3 * 0.21) },
  {
    name: 'categorical', spec: { type: 'categorical', values: catV, weights: [4, 3, 2, 1] },
    mean: catMean,
    variance: catV.reduce((s, v, i) => s + catP[i] * (v - catMean) ** 2, 0),
    mu4: catV.reduce((s, v, i) => s + catP[i] * (v - catMean) ** 4, 0),
  },
  { name: 'empirical', spec: { type: 'empirical', bins }, ...hist },
];

describe('compileDistribution moments', () => {
  for (const c of cases) {
    it(`${c.name}: analytic and sampled mean and variance`, () => {
      const sampler = compileDistribution(c.spec);
      expect(sampler.mean).toBeCloseTo(c.mean, 10);
      expect(sampler.variance).toBeCloseTo(c.variance, 10);
      const rng = createStream(11, 0, c.name);
      const { mean, variance } = summarize(draws(N, () => sampler.sample(rng)));
      // Tolerances are 5 standard errors: sigma/sqrt(n) for the mean and
      // sqrt((mu4 - sigma^4)/n) for the sample variance (both ~normal at this n).
      // A false failure across all cases has probability well under 1e-5.
      const meanTolerance = 5 * Math.sqrt(c.variance / N);
      const varianceTolerance = 5 * Math.sqrt((c.mu4 - c.variance ** 2) / N);
      expect(Math.abs(mean - c.mean)).toBeLessThanOrEqual(meanTolerance);
      expect(Math.abs(variance - c.variance)).toBeLessThanOrEqual(varianceTolerance);
    });
  }

  it('bernoulli returns only 0 or 1 and categorical only listed values', () => {
    const rng = createStream(12, 0, 'discrete');
    const b = compileDistribution({ type: 'bernoulli', p: 0.5 });
    const c = compileDistribution({ type: 'categorical', values: [3, 7], weights: [0, 1] });
    for (let i = 0; i < 1000; i++) {
      expect([0, 1]).toContain(b.sample(rng));
      expect(c.sample(rng)).toBe(7);
    }
  });

  it('throws with the problems on an invalid spec', () => {
    expect(() => compileDistribution({ type: 'exponential', mean: -1 })).toThrow(/mean: expected a number > 0, found -1/);
  });
});

/** Rejection sampling from sample(): exact (if slow) reference for conditional draws. */
function rejectionDraws(sampler: Sampler, lower: number, n: number, rng: RandomStream): Float64Array {
  return draws(n, () => {
    for (;;) {
      const x = sampler.sample(rng);
      if (x > lower) return x;
    }
  });
}

describe('sampleAbove', () => {
  const n = 50_000;
  const conditional: Array<{ name: string; spec: DistributionSpec; lower: number }> = [
    { name: 'uniform', spec: { type: 'uniform', min: 2, max: 5 }, lower: 4 },
    { name: 'exponential', spec: { type: 'exponential', mean: 2 }, lower: 3 },
    { name: 'gamma (rejection branch)', spec: { type: 'gamma', shape: 2.5, scale: 3 }, lower: 6 },
    { name: 'gamma (inversion branch)', spec: { type: 'gamma', shape: 2.5, scale: 3 }, lower: 16 },
    { name: 'gamma shape < 1', spec: { type: 'gamma', shape: 0.4, scale: 2 }, lower: 2 },
    { name: 'lognormal', spec: { type: 'lognormal', mean: 10, cv: 0.5 }, lower: 15 },
    { name: 'weibull', spec: { type: 'weibull', shape: 2, scale: 3 }, lower: 4 },
    { name: 'empirical', spec: { type: 'empirical', bins }, lower: 2 },
  ];

  for (const c of conditional) {
    it(`${c.name}: only values > lower, conditional mean matches rejection sampling`, () => {
      const sampler = compileDistribution(c.spec);
      const rng = createStream(13, 0, c.name);
      const xs = draws(n, () => sampler.sampleAbove(c.lower, rng));
      expect(xs.every((x) => x > c.lower && Number.isFinite(x))).toBe(true);
      const a = summarize(xs);
      const b = summarize(rejectionDraws(sampler, c.lower, n, createStream(14, 0, c.name)));
      // 5 standard errors of a difference of two independent sample means.
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(5 * Math.sqrt(a.variance / n + b.variance / n));
    });
  }

  it('exponential is memoryless: conditional mean is lower + mean', () => {
    const sampler = compileDistribution({ type: 'exponential', mean: 2 });
    const rng = createStream(15, 0, 'memoryless');
    const { mean } = summarize(draws(N, () => sampler.sampleAbove(7, rng)));
    // Excess over lower is exponential with sd = mean = 2: 5 standard errors.
    expect(Math.abs(mean - 9)).toBeLessThan(5 * 2 / Math.sqrt(N));
  });

  it('gamma and lognormal stay exact far into the tail (P(X > lower) ~ 1e-12)', () => {
    const gamma = compileDistribution({ type: 'gamma', shape: 2.5, scale: 3 });
    const logn = compileDistribution({ type: 'lognormal', mean: 10, cv: 0.5 });
    const rng = createStream(16, 0, 'deep tail');
    // Unit-scale gamma: Q(2.5, 36) ~ 1e-14; lognormal: z = 7 has tail ~1.3e-12.
    const gLower = 3 * 36;
    const mu = Math.log(10) - 0.5 * Math.log1p(0.25);
    const sigma = Math.sqrt(Math.log1p(0.25));
    const lLower = Math.exp(mu + 7 * sigma);
    // Compare the fraction beyond a further point with the exact conditional
    // survival ratio; binomial sd is at most 0.5/sqrt(n), tolerance 5 sd.
    const m = 20_000;
    const gx = draws(m, () => gamma.sampleAbove(gLower, rng));
    const lx = draws(m, () => logn.sampleAbove(lLower, rng));
    expect(gx.every((x) => x > gLower && Number.isFinite(x))).toBe(true);
    expect(lx.every((x) => x > lLower && Number.isFinite(x))).toBe(true);
    const gPoint = gLower + 3;
    const gExpected = Math.exp(logGammaQ(2.5, gPoint / 3) - logGammaQ(2.5, gLower / 3));
    const lPoint = Math.exp(mu + 7.1 * sigma);
    const lExpected = Math.exp(logNormalUpperTail(7.1) - logNormalUpperTail(7));
    const tolerance = 5 * 0.5 / Math.sqrt(m);
    expect(Math.abs(gx.filter((x) => x > gPoint).length / m - gExpected)).toBeLessThan(tolerance);
    expect(Math.abs(lx.filter((x) => x > lPoint).length / m - lExpected)).toBeLessThan(tolerance);
  });

  it('below the support it is an ordinary draw', () => {
    const rng = createStream(17, 0, 'below');
    const u = compileDistribution({ type: 'uniform', min: 2, max: 5 });
    const e = compileDistribution({ type: 'exponential', mean: 1 });
    for (let i = 0; i < 1000; i++) {
      const x = u.sampleAbove(1, rng);
      expect(x >= 2 && x < 5).toBe(true);
      expect(e.sampleAbove(-3, rng)).toBeGreaterThanOrEqual(0);
    }
  });

  it('returns lower itself when the condition is impossible', () => {
    const rng = createStream(18, 0, 'impossible');
    expect(compileDistribution({ type: 'fixed', value: 3 }).sampleAbove(3, rng)).toBe(3);
    expect(compileDistribution({ type: 'fixed', value: 3 }).sampleAbove(2, rng)).toBe(3);
    expect(compileDistribution({ type: 'uniform', min: 0, max: 1 }).sampleAbove(1, rng)).toBe(1);
    expect(compileDistribution({ type: 'empirical', bins }).sampleAbove(6, rng)).toBe(6);
    expect(compileDistribution({ type: 'bernoulli', p: 0.5 }).sampleAbove(1, rng)).toBe(1);
    expect(compileDistribution({ type: 'categorical', values: [1, 2], weights: [1, 1] }).sampleAbove(2, rng)).toBe(2);
  });

  it('discrete types restrict to values above lower in proportion to their weights', () => {
    const rng = createStream(19, 0, 'discrete above');
    const c = compileDistribution({ type: 'categorical', values: catV, weights: [4, 3, 2, 1] });
    const xs = draws(30_000, () => c.sampleAbove(2, rng));
    expect(xs.every((x) => x === 5 || x === 10)).toBe(true);
    // P(5 | > 2) = 2/3; 5 binomial standard errors.
    const share = xs.filter((x) => x === 5).length / xs.length;
    expect(Math.abs(share - 2 / 3)).toBeLessThan(5 * Math.sqrt((2 / 9) / xs.length));
    expect(compileDistribution({ type: 'bernoulli', p: 0.01 }).sampleAbove(0, rng)).toBe(1);
  });
});

describe('survival', () => {
  // A mix of families and points in and around each support: the share of n draws above x is
  // binomial, sd at most 0.5/sqrt(n); 5 sd is enough to catch a wrong formula, not chance.
  const n = 40_000;
  const cases: Array<{ name: string; spec: DistributionSpec; points: number[] }> = [
    { name: 'fixed', spec: { type: 'fixed', value: 3 }, points: [-1, 2.9, 3, 4] },
    { name: 'uniform', spec: { type: 'uniform', min: 2, max: 5 }, points: [1, 2.5, 4, 5, 6] },
    { name: 'exponential', spec: { type: 'exponential', mean: 2 }, points: [-1, 0.5, 3, 8] },
    { name: 'gamma', spec: { type: 'gamma', shape: 2.5, scale: 3 }, points: [0, 4, 10, 25] },
    { name: 'gamma shape < 1', spec: { type: 'gamma', shape: 0.4, scale: 2 }, points: [0.01, 1, 4] },
    { name: 'lognormal', spec: { type: 'lognormal', mean: 10, cv: 0.5 }, points: [-2, 5, 10, 20] },
    { name: 'weibull', spec: { type: 'weibull', shape: 0.765, scale: 1563 }, points: [0, 100, 1000, 5000] },
    { name: 'bernoulli', spec: { type: 'bernoulli', p: 0.3 }, points: [-0.5, 0, 0.5, 1] },
    { name: 'categorical', spec: { type: 'categorical', values: [1, 4, 9], weights: [1, 2, 1] }, points: [0, 1, 5, 9] },
    { name: 'empirical', spec: { type: 'empirical', bins }, points: [-1, 0.5, 2, 100] },
  ];
  for (const c of cases) {
    it(`${c.name}: P(X > x) matches the share of draws above x`, () => {
      const sampler = compileDistribution(c.spec);
      const rng = createStream(17, 0, c.name);
      const ys = draws(n, () => sampler.sample(rng));
      for (const x of c.points) {
        const share = ys.filter((y) => y > x).length / n;
        const s = sampler.survival(x);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(Math.abs(share - s)).toBeLessThan(5 * 0.5 / Math.sqrt(n));
      }
    });
  }
});
