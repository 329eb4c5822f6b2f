// Sampler implementations behind compileDistribution. Each precomputes in its
// constructor what sample() needs, so a draw allocates nothing. Specs are
// assumed already validated by checkDistribution.
import * as PMath from './portable-math.js';
import type { Sampler } from './distributions.js';
import type { RandomStream } from './random.js';
import { gammaTailQuantile, lnGamma, logGammaQ, logNormalUpperTail, normalQuantileFromLog } from './special.js';

// rng.next() can return 0, so logs are always taken of 1 - u, which is in (0, 1].
function standardExponential(rng: RandomStream): number {
  return -PMath.log(1 - rng.next());
}

// Box–Muller with the second variate discarded: caching it inside a sampler
// would leak a value drawn from one stream into a draw for another whenever a
// compiled sampler is shared between streams.
export function standardNormal(rng: RandomStream): number {
  const radius = Math.sqrt(-2 * PMath.log(1 - rng.next()));
  return radius * PMath.cos(2 * Math.PI * rng.next());
}

// Inversion can round back onto lower itself; callers were promised > lower.
function above(x: number, lower: number): number {
  return x > lower ? x : lower + Math.max(Math.abs(lower) * Number.EPSILON, Number.MIN_VALUE);
}

/** First index i with u < cumulative[i]; cumulative ends at exactly 1. */
function searchCumulative(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function normalizedCumulative(weights: readonly number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (const w of weights) total += w;
  // Summing in the same order as total makes the final entries exactly 1, which
  // searchCumulative relies on.
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    cumulative[i] = acc / total;
  }
  return cumulative;
}

export class FixedSampler implements Sampler {
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
  survival(x: number): number {
    return this.mean > x ? 1 : 0;
  }
  sampleAbove(lower: number): number {
    return this.mean > lower ? this.mean : lower;
  }
}

export class UniformSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(private readonly min: number, private readonly max: number) {
    this.mean = 0.5 * (min + max);
    this.variance = (max - min) * (max - min) / 12;
  }
  sample(rng: RandomStream): number {
    return this.min + rng.next() * (this.max - this.min);
  }
  survival(x: number): number {
    if (x < this.min) return 1;
    if (x >= this.max) return 0;
    return (this.max - x) / (this.max - this.min);
  }
  sampleAbove(lower: number, rng: RandomStream): number {
    if (lower < this.min) return this.sample(rng);
    if (lower >= this.max) return lower;
    return above(lower + rng.next() * (this.max - lower), lower);
  }
}

export class ExponentialSampler implements Sampler {
  readonly variance: number;
  constructor(readonly mean: number) {
    this.variance = mean * mean;
  }
  sample(rng: RandomStream): number {
    return this.mean * standardExponential(rng);
  }
  survival(x: number): number {
    return x > 0 ? PMath.exp(-x / this.mean) : 1;
  }
  sampleAbove(lower: number, rng: RandomStream): number {
    if (!(lower > 0)) return this.sample(rng);
    return above(lower + this.mean * standardExponential(rng), lower);
  }
}

// Above this tail probability, rejection from sample() is exact and cheaper
// (at most 4 tries on average) than iterative inversion.
const LN_REJECTION_TAIL = PMath.log(0.25);

/** Marsaglia–Tsang; shape < 1 is sampled at shape + 1 and boosted by U^(1/shape). */
export class GammaSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  private readonly boost: boolean;

  constructor(private readonly shape: number, private readonly scale: number) {
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    this.boost = shape < 1;
    this.d = (this.boost ? shape + 1 : shape) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }

  sample(rng: RandomStream): number {
    const d = this.d;
    let g: number;
    for (;;) {
      const x = standardNormal(rng);
      let v = 1 + this.c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = 1 - rng.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || PMath.log(u) < 0.5 * x2 + d * (1 - v + PMath.log(v))) {
        g = d * v;
        break;
      }
    }
    if (this.boost) g *= PMath.pow(1 - rng.next(), 1 / this.shape);
    return g * this.scale;
  }

  survival(x: number): number {
    return x > 0 ? PMath.exp(logGammaQ(this.shape, x / this.scale)) : 1;
  }

  sampleAbove(lower: number, rng: RandomStream): number {
    if (!(lower > 0)) return this.sample(rng);
    const x0 = lower / this.scale;
    const lnQ0 = logGammaQ(this.shape, x0);
    if (lnQ0 === -Infinity) return lower;
    if (lnQ0 > LN_REJECTION_TAIL) {
      for (;;) {
        const x = this.sample(rng);
        if (x > lower) return x;
      }
    }
    const lnFraction = PMath.log(1 - rng.next());
    return above(this.scale * gammaTailQuantile(this.shape, x0, lnQ0, lnFraction), lower);
  }
}

export class LognormalSampler implements Sampler {
  readonly variance: number;
  private readonly mu: number;
  private readonly sigma: number;

  constructor(readonly mean: number, cv: number) {
    const sigma2 = PMath.log1p(cv * cv);
    this.sigma = Math.sqrt(sigma2);
    this.mu = PMath.log(mean) - 0.5 * sigma2;
    this.variance = mean * cv * (mean * cv);
  }

  sample(rng: RandomStream): number {
    return PMath.exp(this.mu + this.sigma * standardNormal(rng));
  }

  /** Inverts the normal upper tail in log space, which stays accurate far out. */
  survival(x: number): number {
    return x > 0 ? PMath.exp(logNormalUpperTail((PMath.log(x) - this.mu) / this.sigma)) : 1;
  }

  sampleAbove(lower: number, rng: RandomStream): number {
    if (!(lower > 0)) return this.sample(rng);
    const z0 = (PMath.log(lower) - this.mu) / this.sigma;
    const lnTail = logNormalUpperTail(z0) + PMath.log(1 - rng.next());
    const z = -normalQuantileFromLog(lnTail);
    return above(PMath.exp(this.mu + this.sigma * z), lower);
  }
}

export class WeibullSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly inverseShape: number;

  constructor(private readonly shape: number, private readonly scale: number) {
    const g1 = PMath.exp(lnGamma(1 + 1 / shape));
    const g2 = PMath.exp(lnGamma(1 + 2 / shape));
    this.mean = scale * g1;
    this.variance = scale * scale * (g2 - g1 * g1);
    this.inverseShape = 1 / shape;
  }

  sample(rng: RandomStream): number {
    return this.scale * PMath.pow(standardExponential(rng), this.inverseShape);
  }

  /** The cumulative hazard (x/scale)^shape is shifted by one exponential draw. */
  survival(x: number): number {
    return x > 0 ? PMath.exp(-PMath.pow(x / this.scale, this.shape)) : 1;
  }

  sampleAbove(lower: number, rng: RandomStream): number {
    if (!(lower > 0)) return this.sample(rng);
    const hazard = PMath.pow(lower / this.scale, this.shape) + standardExponential(rng);
    return above(this.scale * PMath.pow(hazard, this.inverseShape), lower);
  }
}

export class BernoulliSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(private readonly p: number) {
    this.mean = p;
    this.variance = p * (1 - p);
  }
  sample(rng: RandomStream): number {
    return rng.next() < this.p ? 1 : 0;
  }
  survival(x: number): number {
    if (x < 0) return 1;
    return x < 1 ? this.p : 0;
  }
  sampleAbove(lower: number, rng: RandomStream): number {
    if (lower < 0) return this.sample(rng);
    return lower < 1 && this.p > 0 ? 1 : lower;
  }
}

export class CategoricalSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly values: Float64Array;
  private readonly probabilities: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(values: readonly number[], weights: readonly number[]) {
    this.values = Float64Array.from(values);
    this.cumulative = normalizedCumulative(weights);
    this.probabilities = this.cumulative.map((c, i) => (i === 0 ? c : c - this.cumulative[i - 1]));
    let mean = 0;
    for (let i = 0; i < values.length; i++) mean += this.probabilities[i] * values[i];
    let variance = 0;
    for (let i = 0; i < values.length; i++) variance += this.probabilities[i] * ((values[i] - mean) * (values[i] - mean));
    this.mean = mean;
    this.variance = variance;
  }

  sample(rng: RandomStream): number {
    return this.values[searchCumulative(this.cumulative, rng.next())];
  }

  // Rare (used for initial states), so a linear scan over the values is fine.
  survival(x: number): number {
    let total = 0;
    for (let i = 0; i < this.values.length; i++) if (this.values[i] > x) total += this.probabilities[i];
    return total;
  }

  sampleAbove(lower: number, rng: RandomStream): number {
    const { values, probabilities } = this;
    let total = 0;
    for (let i = 0; i < values.length; i++) if (values[i] > lower) total += probabilities[i];
    if (total <= 0) return lower;
    const target = rng.next() * total;
    let acc = 0;
    let chosen = lower;
    for (let i = 0; i < values.length; i++) {
      if (values[i] > lower && probabilities[i] > 0) {
        chosen = values[i];
        acc += probabilities[i];
        if (target < acc) break;
      }
    }
    return chosen;
  }
}

const LARGEST_BELOW_ONE = 1 - Number.EPSILON / 2;

/** Histogram sampled by inverting its piecewise-linear CDF, one draw per sample. */
export class EmpiricalSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly lowers: Float64Array;
  private readonly uppers: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(bins: ReadonlyArray<readonly [number, number, number]>) {
    this.lowers = Float64Array.from(bins, (b) => b[0]);
    this.uppers = Float64Array.from(bins, (b) => b[1]);
    this.cumulative = normalizedCumulative(bins.map((b) => b[2]));
    let mean = 0;
    for (let i = 0; i < bins.length; i++) mean += this.weight(i) * 0.5 * (this.lowers[i] + this.uppers[i]);
    // Law of total variance (within-bin + between-bin) avoids E[X²] − mean² cancellation.
    let variance = 0;
    for (let i = 0; i < bins.length; i++) {
      const width = this.uppers[i] - this.lowers[i];
      const mid = 0.5 * (this.lowers[i] + this.uppers[i]);
      variance += this.weight(i) * (width * width / 12 + (mid - mean) * (mid - mean));
    }
    this.mean = mean;
    this.variance = variance;
  }

  sample(rng: RandomStream): number {
    return this.quantile(rng.next());
  }

  survival(x: number): number {
    return 1 - this.cdf(x);
  }

  sampleAbove(lower: number, rng: RandomStream): number {
    const f0 = this.cdf(lower);
    if (f0 >= 1) return lower;
    const p = f0 + rng.next() * (1 - f0);
    return above(this.quantile(p < 1 ? p : LARGEST_BELOW_ONE), lower);
  }

  private weight(i: number): number {
    return i === 0 ? this.cumulative[0] : this.cumulative[i] - this.cumulative[i - 1];
  }

  private quantile(p: number): number {
    const i = searchCumulative(this.cumulative, p);
    const start = i === 0 ? 0 : this.cumulative[i - 1];
    const fraction = (p - start) / (this.cumulative[i] - start);
    return this.lowers[i] + fraction * (this.uppers[i] - this.lowers[i]);
  }

  private cdf(x: number): number {
    const { lowers, uppers, cumulative } = this;
    for (let i = 0; i < lowers.length; i++) {
      if (x >= uppers[i]) continue;
      const start = i === 0 ? 0 : cumulative[i - 1];
      if (x <= lowers[i]) return start;
      return start + (cumulative[i] - start) * (x - lowers[i]) / (uppers[i] - lowers[i]);
    }
    return 1;
  }
}
