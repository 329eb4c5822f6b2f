import * as PMath from './portable-math.js';
import type { RandomStream } from './random.js';

/**
 * Non-homogeneous Poisson process with a piecewise-constant rate. Before
 * time 0 the first rate is taken to apply, so the cumulative rate is defined
 * (and increasing) everywhere.
 */
export class PiecewiseConstantRate {
  private readonly starts: Float64Array;
  private readonly rates: Float64Array;
  /** Cumulative rate Λ at each segment start. */
  private readonly cumulative: Float64Array;

  /** startTimes ascending, startTimes[0] = 0; ratesPerTimeUnit >= 0; rate i holds from startTimes[i] to startTimes[i+1] (the last holds forever). */
  constructor(startTimes: number[], ratesPerTimeUnit: number[]) {
    const n = startTimes.length;
    if (n === 0 || n !== ratesPerTimeUnit.length) {
      throw new RangeError(`expected equally many start times and rates (at least one), found ${n} and ${ratesPerTimeUnit.length}`);
    }
    if (startTimes[0] !== 0) throw new RangeError(`startTimes[0]: expected 0, found ${startTimes[0]}`);
    for (let i = 0; i < n; i++) {
      if (i > 0 && !(startTimes[i] > startTimes[i - 1] && startTimes[i] < Infinity)) {
        throw new RangeError(`startTimes[${i}]: expected a finite time after ${startTimes[i - 1]}, found ${startTimes[i]}`);
      }
      const rate = ratesPerTimeUnit[i];
      if (!(rate >= 0 && rate < Infinity)) throw new RangeError(`ratesPerTimeUnit[${i}]: expected a finite number >= 0, found ${rate}`);
    }
    this.starts = Float64Array.from(startTimes);
    this.rates = Float64Array.from(ratesPerTimeUnit);
    this.cumulative = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      this.cumulative[i] = this.cumulative[i - 1] + this.rates[i - 1] * (this.starts[i] - this.starts[i - 1]);
    }
  }

  rateAt(t: number): number {
    return this.rates[this.segmentOf(t)];
  }

  /** Expected number of events in [t0, t1). */
  integral(t0: number, t1: number): number {
    if (!(t1 >= t0)) throw new RangeError(`integral: expected t1 >= t0, found [${t0}, ${t1})`);
    return t1 === t0 ? 0 : this.cumulativeAt(t1) - this.cumulativeAt(t0);
  }

  /**
   * Time of the next event after `now` (Infinity if the rate is zero from now
   * on). Inverts the cumulative rate for one unit-exponential draw, walking
   * forward segment by segment from `now` rather than subtracting large
   * cumulative totals, to keep precision late in long runs. Always consumes
   * exactly one draw, so the stream stays aligned across scenarios.
   */
  nextEventTime(now: number, rng: RandomStream): number {
    let remaining = -PMath.log(1 - rng.next());
    const last = this.rates.length - 1;
    let i = this.segmentOf(now);
    let t = now;
    for (;;) {
      const rate = this.rates[i];
      if (i === last) return rate > 0 ? t + remaining / rate : Infinity;
      const end = this.starts[i + 1];
      if (rate > 0) {
        const expected = rate * (end - t);
        if (remaining < expected) return t + remaining / rate;
        remaining -= expected;
      }
      t = end;
      i++;
    }
  }

  private cumulativeAt(t: number): number {
    const i = this.segmentOf(t);
    const rate = this.rates[i];
    // Skipping a zero rate avoids 0 * Infinity = NaN for t = Infinity.
    return rate === 0 ? this.cumulative[i] : this.cumulative[i] + rate * (t - this.starts[i]);
  }

  /** Last segment starting at or before t (segment 0 for t < 0). */
  private segmentOf(t: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
