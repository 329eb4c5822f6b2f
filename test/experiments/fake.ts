/** Synthetic replication results for tests of aggregation and batching (no model involved). */
import { COHORT_YEARS, METRICS, SERIES, type ReplicationOptions, type ReplicationResult, type SeriesName } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';

/** Metric i of replication r is i + r/10 (so every value is known), reconviction shares fixed. */
export function fakeResult(options: ReplicationOptions): ReplicationResult {
  const r = options.replication;
  const metrics: Record<string, number> = {};
  METRICS.forEach((m, i) => (metrics[m.name] = i + r / 10));
  const months = Math.round(options.years * 12);
  const monthly = {} as Record<SeriesName, number[]>;
  SERIES.forEach((s, i) => (monthly[s] = Array.from({ length: months }, (_, k) => 100 * i + k + r)));
  return {
    replication: r,
    seed: options.seed,
    events: 1000 + r,
    people: 10,
    metrics,
    monthly,
    cohorts: [
      {
        subgroup: 'all',
        atRisk: COHORT_YEARS.map(() => 100),
        reconvicted: COHORT_YEARS.map((_, i) => i + r),
        reconvictedAny: COHORT_YEARS.map((_, i) => 2 * i + r),
      },
    ],
  };
}

export const fakeScenario = { name: 'fake', description: 'not a model', run: { replications: 3, seed: 1, years: 1, warmupYears: 0 } } as unknown as Scenario;
