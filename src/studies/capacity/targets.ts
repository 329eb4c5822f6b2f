/**
 * Capacity targets: `SERIES.STAT<=VALUE` (or <, >=, >), SERIES a monthly series or a scalar
 * metric, STAT `mean`, `max` or a percentile `pNN` over the months of one replication; the
 * statistic of a replication, whether it meets the target, and how far it is from it.
 */
import type { ReplicationResult } from '../../model/result.js';
import { SERIES } from '../../model/result.js';
import { editDistance } from '../../scenario/suggest.js';
import type { SecurityLevel } from '../../scenario/types.js';
import { percentileSorted } from '../../stats/intervals.js';
import { METRIC_NAMES } from '../../stats/metric-names.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };


export const TARGET_OPERATORS = ['<=', '<', '>=', '>'] as const;

export type TargetOperator = (typeof TARGET_OPERATORS)[number];

/** The statistics over the months of one replication that a target may name (any pNN works too). */
export const TARGET_STATS = ['mean', 'p90', 'p95', 'max'] as const;

export interface CapacityTarget {
  /** As normalised, e.g. `occupancy_high.p95<=0.9`. */
  text: string;
  series: string;
  /** `monthly`: read from the monthly series; `metric`: a scalar metric, one value per replication. */
  source: 'monthly' | 'metric';
  /** `mean`, `max` or `pNN`. */
  stat: string;
  /** For `pNN`: NN/100. */
  quantile?: number;
  operator: TargetOperator;
  value: number;
}

export interface TargetNames {
  /** Monthly series (ReplicationResult.monthly). */
  series: readonly string[];
  /** Scalar metrics (ReplicationResult.metrics). */
  metrics: readonly string[];
}

const DEFAULT_NAMES: TargetNames = { series: SERIES, metrics: METRIC_NAMES };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const EXAMPLE = 'e.g. --target "occupancy_high.p95<=0.9"';

/** Parses one `--target`; whether the series exists is checked against `names` (the model's by default). */
export function parseTarget(raw: string, names: TargetNames = DEFAULT_NAMES): Parsed<CapacityTarget> {
  const text = raw.trim();
  const match = /^([^<>=!\s]+)\s*(<=|>=|<|>)\s*([^<>=\s]+)$/.exec(text);
  if (match === null) {
    return { ok: false, error: `--target must be SERIES.STAT<=VALUE (or <, >=, >), ${EXAMPLE}; got '${raw}'` };
  }
  const [, name, operator, rawValue] = match;
  const value = DECIMAL.test(rawValue) ? Number(rawValue) : NaN;
  if (!Number.isFinite(value)) return { ok: false, error: `--target ${text}: the value must be a number; got '${rawValue}'` };
  const dot = name.indexOf('.');
  const series = dot < 0 ? name : name.slice(0, dot);
  const stat = dot < 0 ? undefined : name.slice(dot + 1).toLowerCase();
  const isSeries = names.series.includes(series);
  const isMetric = names.metrics.includes(series);
  if (!isSeries && !isMetric) {
    const all = [...names.series, ...names.metrics];
    return { ok: false, error: `--target ${text}: unknown series or metric '${series}' (did you mean ${nearestName(series, all)}?)` };
  }
  const op = operator as TargetOperator;
  if (!isSeries) {
    // A scalar metric is one number per replication: there are no months to take a percentile over.
    if (stat !== undefined && stat !== 'mean') {
      return {
        ok: false,
        error: `--target ${text}: ${series} is a scalar metric, one value per replication over the horizon; write ${series}${operator}${rawValue} or ${series}.mean${operator}${rawValue}`,
      };
    }
    return { ok: true, value: { text: `${series}.mean${op}${value}`, series, source: 'metric', stat: 'mean', operator: op, value } };
  }
  if (stat === undefined) {
    return { ok: false, error: `--target ${text}: name the statistic over the months, e.g. ${series}.mean, ${series}.p95 or ${series}.max` };
  }
  const quantile = parseStat(stat);
  if (quantile === undefined) {
    return {
      ok: false,
      error: `--target ${text}: unknown statistic '${stat}' (did you mean ${nearestName(stat, TARGET_STATS)}? statistics: mean, max, or a percentile p1 to p99 such as p90, p95)`,
    };
  }
  const target: CapacityTarget = { text: `${series}.${stat}${op}${value}`, series, source: 'monthly', stat, operator: op, value };
  if (quantile !== null) target.quantile = quantile;
  return { ok: true, value: target };
}

/** `mean` and `max`: null; `pNN` (1 to 99, decimals allowed): NN/100; anything else: undefined. */
function parseStat(stat: string): number | null | undefined {
  if (stat === 'mean' || stat === 'max') return null;
  const p = /^p(\d{1,2}(\.\d+)?)$/.exec(stat);
  if (p === null) return undefined;
  const percent = Number(p[1]);
  return percent >= 1 && percent <= 99 ? percent / 100 : undefined;
}

function nearestName(word: string, candidates: readonly string[]): string {
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const c of candidates) {
    // A name that starts the same way is the likelier slip (occupancy → occupancy_high).
    const d = editDistance(word, c) - (c.startsWith(word) || word.startsWith(c) ? 0.5 : 0);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The level a target's series belongs to, when it belongs to one: occupancy and population of a
 * level, and police cells (the overflow of remand places). Undefined for system-wide series such as
 * the sentence queue, which any level's places can relieve.
 */
export function levelOfSeries(series: string): SecurityLevel | undefined {
  const level = /^(?:occupancy|population)_(remand|high|low|halfway)$/.exec(series);
  if (level !== null) return level[1] as SecurityLevel;
  if (series.startsWith('police_cell_')) return 'remand';
  return undefined;
}

/** Months [from, to) of the measured horizon, 0-based. */
export type MonthRange = readonly [number, number];

/**
 * The target's statistic in one replication: over the whole horizon, or over `months` only (for
 * the year-by-year check). NaN when it cannot be measured (no months, or the metric is NaN).
 */
export function replicationStatistic(target: CapacityTarget, result: Pick<ReplicationResult, 'metrics' | 'monthly'>, months?: MonthRange): number {
  if (target.source === 'metric') return months === undefined ? (result.metrics[target.series] ?? NaN) : NaN;
  const all = (result.monthly as Record<string, readonly number[] | undefined>)[target.series] ?? [];
  const values = (months === undefined ? all : all.slice(months[0], months[1])).filter(Number.isFinite);
  if (values.length === 0) return NaN;
  if (target.stat === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  if (target.stat === 'max') return Math.max(...values);
  return percentileSorted([...values].sort((a, b) => a - b), target.quantile ?? NaN);
}

/** Whether a statistic meets the target; NaN never does. */
export function meetsTarget(target: CapacityTarget, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (target.operator) {
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
  }
}

/** Margins beyond e^±7 (a thousandfold) all read as "very far": a queue of 0 against a target of 100. */
const MARGIN_CAP = 7;

/**
 * How far a statistic is from the target: positive misses it, negative meets it with room to
 * spare, 0 is on the line. For positive targets it is the log of the ratio (statistic ÷ target,
 * upside down for >= and >), which is comparable across targets, so the worst of several is the
 * margin of a replication, and close to linear in places for both occupancy (∝ 1/places) and
 * queues (falling about exponentially with places), which is what the search's guesses assume.
 * NaN counts as missing by the most.
 */
export function relativeMargin(target: CapacityTarget, value: number): number {
  if (!Number.isFinite(value)) return MARGIN_CAP;
  const lowerIsBetter = target.operator === '<=' || target.operator === '<';
  let margin: number;
  if (target.value > 0) {
    const ratio = Math.max(value, target.value * Math.exp(-MARGIN_CAP)) / target.value;
    margin = Math.log(ratio);
  } else {
    margin = (value - target.value) / (target.value !== 0 ? Math.abs(target.value) : 1);
  }
  return Math.max(-MARGIN_CAP, Math.min(MARGIN_CAP, lowerIsBetter ? margin : -margin));
}

/** How many of n replications must meet the targets for them to hold with probability P: ⌈P·n⌉. */
export function replicationsNeeded(probability: number, n: number): number {
  // The tolerance keeps 0.9 × 100 = 90.00000000000001 from asking for 91.
  return Math.max(1, Math.ceil(probability * n - 1e-9));
}

