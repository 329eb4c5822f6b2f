/**
 * Paired comparisons of policies. Replication r of every scenario uses the same seed and the same
 * per-person streams (common random numbers), so the difference policy − baseline is taken within
 * each replication and its interval is the Student-t interval of the mean difference: the noise
 * the two runs share cancels, and small effects become visible.
 */
import type { ReplicationResult } from '../model/result.js';
import { mean, sampleSd, summarise, tQuantile, type MetricSummary } from './intervals.js';
import { METRIC_NAMES, metricList } from './metric-names.js';

/** Which direction of a metric a policy maker would call better; metrics not listed have no direction. */
const BETTER_WHEN_LOWER: ReadonlySet<string> = new Set(metricList(
  'sentence_queue',
  'police_cell_population',
  'police_cell_overflow_days_per_year',
  'police_cell_stays_over_limit_per_year',
  'queue_wait_days_mean',
  'queue_wait_over_60d_share',
  'incidents_per_100_inmate_years',
  'incidents_high_per_100_inmate_years',
  'incidents_low_per_100_inmate_years',
  'reconviction_1y',
  'reconviction_2y',
  'reconviction_5y',
  'reconviction_any_2y',
  'cost_per_year_nok',
  'prison_operating_cost_per_year_nok',
  'offences_while_waiting_per_year',
  'community_sentences_over_caseload_per_year',
));
const BETTER_WHEN_HIGHER: ReadonlySet<string> = new Set(metricList(
  'education_completion_rate',
  'education_enrolled_share',
  'treatment_completion_rate',
  'housed_at_release_rate',
  'employed_at_release_rate',
));

export type Direction = 'lower' | 'higher' | null;

export function betterWhen(metric: string): Direction {
  if (BETTER_WHEN_LOWER.has(metric)) return 'lower';
  if (BETTER_WHEN_HIGHER.has(metric)) return 'higher';
  return null;
}

export interface PairedDifference {
  metric: string;
  /** Mean of the metric under the baseline and under the policy, across the paired replications. */
  baseline: number | null;
  policy: number | null;
  /** Policy − baseline: mean, sd and 95% interval across replications; percentiles too. */
  difference: MetricSummary;
  /** The difference relative to the baseline mean (null when the baseline mean is 0 or missing). */
  relative: number | null;
  /** Share of replications in which the policy did better (null for metrics without a direction). */
  shareBetter: number | null;
  betterWhen: Direction;
}

/** Replication-by-replication differences for every metric both sides measured. */
export function pairedDifferences(
  baseline: readonly ReplicationResult[],
  policy: readonly ReplicationResult[],
  metrics: readonly string[] = METRIC_NAMES,
): PairedDifference[] {
  const byRep = new Map(baseline.map((r) => [r.replication, r]));
  const pairs = policy.filter((r) => byRep.has(r.replication)).map((r) => [byRep.get(r.replication)!, r] as const);
  return metrics.map((metric) => {
    const a: number[] = [];
    const b: number[] = [];
    const d: number[] = [];
    for (const [base, pol] of pairs) {
      const x = base.metrics[metric];
      const y = pol.metrics[metric];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      a.push(x);
      b.push(y);
      d.push(y - x);
    }
    const direction = betterWhen(metric);
    const baseMean = a.length > 0 ? mean(a) : null;
    const difference = summarise(d);
    let shareBetter: number | null = null;
    if (direction !== null && d.length > 0) {
      const better = d.filter((x) => (direction === 'lower' ? x < 0 : x > 0)).length;
      shareBetter = better / d.length;
    }
    return {
      metric,
      baseline: baseMean,
      policy: b.length > 0 ? mean(b) : null,
      difference,
      relative: baseMean !== null && baseMean !== 0 && difference.mean !== null ? difference.mean / baseMean : null,
      shareBetter,
      betterWhen: direction,
    };
  });
}

/** Half-width of the 95% interval of the mean of `values`, or Infinity with fewer than two. */
export function halfWidth95(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return Infinity;
  return (tQuantile(0.975, finite.length - 1) * sampleSd(finite)) / Math.sqrt(finite.length);
}

/**
 * Half-width of the 95% interval of the paired difference policy − baseline of one metric, over the
 * replications both sides measured; Infinity with fewer than two pairs.
 */
export function pairedHalfWidth95(
  baseline: readonly ReplicationResult[],
  policy: readonly ReplicationResult[],
  metric: string,
): number {
  const byRep = new Map(baseline.map((r) => [r.replication, r.metrics[metric]]));
  const d: number[] = [];
  for (const r of policy) {
    const x = byRep.get(r.replication);
    const y = r.metrics[metric];
    if (x !== undefined && Number.isFinite(x) && Number.isFinite(y)) d.push(y - x);
  }
  return halfWidth95(d);
}
