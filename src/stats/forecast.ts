/**
 * How good a forecast is, against what was observed: the mean absolute percentage error, the bias,
 * the share of observations inside a prediction interval (coverage), and the share within a factor
 * of the observed value. Pure functions of paired numbers; a pair whose forecast is not finite is
 * left out (and counted as such), and the percentage error leaves out observations of 0.
 */
import { percentileSorted } from './intervals.js';

/** One observation and what a forecast said of it: a central value and, where there is one, intervals. */
export interface ForecastPair {
  observed: number;
  /** The central forecast (the mean across replications, or the naive value). */
  forecast: number;
  lo80?: number;
  hi80?: number;
  lo95?: number;
  hi95?: number;
}

export interface ForecastScores {
  /** Pairs scored (with a finite forecast). */
  n: number;
  /** Mean absolute percentage error, percent: mean of |forecast − observed| / observed × 100 over observations above 0. */
  mapePercent: number;
  /** Mean of forecast − observed, in the series' unit (positive: the forecast runs high). */
  bias: number;
  /** Mean of (forecast − observed) / observed × 100 over observations above 0. */
  biasPercent: number;
  /** Share of pairs with lo80 ≤ observed ≤ hi80 (NaN when no pair has an interval). */
  coverage80: number;
  coverage95: number;
  /** Share of pairs (observed and forecast above 0) with forecast within a factor of 1.5 of the observed value. */
  withinFactor1_5: number;
}

const FACTOR = 1.5;

function share(hits: number, of: number): number {
  return of > 0 ? hits / of : NaN;
}

/** The scores of a set of pairs (NaN for what cannot be measured, e.g. no pairs). */
export function forecastScores(pairs: readonly ForecastPair[]): ForecastScores {
  let n = 0;
  let bias = 0;
  let ape = 0;
  let pe = 0;
  let positive = 0;
  let in80 = 0;
  let with80 = 0;
  let in95 = 0;
  let with95 = 0;
  let factorHits = 0;
  let factorOf = 0;
  for (const p of pairs) {
    if (!Number.isFinite(p.forecast) || !Number.isFinite(p.observed)) continue;
    n++;
    const error = p.forecast - p.observed;
    bias += error;
    if (p.observed > 0) {
      positive++;
      ape += Math.abs(error) / p.observed;
      pe += error / p.observed;
    }
    if (p.lo80 !== undefined && p.hi80 !== undefined && Number.isFinite(p.lo80) && Number.isFinite(p.hi80)) {
      with80++;
      if (p.lo80 <= p.observed && p.observed <= p.hi80) in80++;
    }
    if (p.lo95 !== undefined && p.hi95 !== undefined && Number.isFinite(p.lo95) && Number.isFinite(p.hi95)) {
      with95++;
      if (p.lo95 <= p.observed && p.observed <= p.hi95) in95++;
    }
    if (p.observed > 0 && p.forecast > 0) {
      factorOf++;
      const ratio = p.forecast / p.observed;
      if (ratio <= FACTOR && ratio >= 1 / FACTOR) factorHits++;
    }
  }
  return {
    n,
    mapePercent: positive > 0 ? (ape / positive) * 100 : NaN,
    bias: n > 0 ? bias / n : NaN,
    biasPercent: positive > 0 ? (pe / positive) * 100 : NaN,
    coverage80: share(in80, with80),
    coverage95: share(in95, with95),
    withinFactor1_5: share(factorHits, factorOf),
  };
}

/** The mean and the central 80% and 95% intervals of replications' values (type-7 percentiles; non-finite values left out). */
export interface PredictionBand {
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
  /** Values the band rests on. */
  n: number;
}

export function predictionBand(values: readonly number[]): PredictionBand {
  const finite = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = finite.length;
  if (n === 0) return { mean: NaN, lo80: NaN, hi80: NaN, lo95: NaN, hi95: NaN, n: 0 };
  let sum = 0;
  for (const x of finite) sum += x;
  return {
    mean: sum / n,
    lo80: percentileSorted(finite, 0.1),
    hi80: percentileSorted(finite, 0.9),
    lo95: percentileSorted(finite, 0.025),
    hi95: percentileSorted(finite, 0.975),
    n,
  };
}
