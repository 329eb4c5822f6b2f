/**
 * What one replication returns: compact figures, never event logs, so that it can cross a worker
 * boundary cheaply. Aggregation across replications lives in src/batch and src/analysis.
 */

/** Scalar metrics of one replication, by name (METRICS, metrics.ts, declares them and how each is computed). */
export type MetricValues = Record<string, number>;

export { METRICS, type MetricInfo, type MetricName } from './metrics.js';

/** Monthly series (one value per measured month, averaged over the month). */
export const SERIES = [
  'population_total',
  'population_remand',
  'population_high',
  'population_low',
  'population_halfway',
  'population_em',
  'population_community_sentence',
  'sentence_queue',
  'sentence_queue_kdi',
  'police_cell_population',
  'occupancy_high',
  'occupancy_low',
  'admissions',
  'releases',
] as const;
export type SeriesName = (typeof SERIES)[number];

/** Survival-style counts for one subgroup of the release cohort, on the grid COHORT_YEARS. */
export interface CohortCounts {
  subgroup: string;
  /** Releases with enough follow-up to observe each grid point. */
  atRisk: number[];
  /** Of those, reconvicted to prison with the offence before the grid point. */
  reconvicted: number[];
  /** Of those, with any new correctional sentence. */
  reconvictedAny: number[];
}

/** Years since release at which cohort curves are read: every quarter from 0.25 to 5. */
export const COHORT_YEARS: readonly number[] = Array.from({ length: 20 }, (_, i) => (i + 1) / 4);

export interface ReplicationResult {
  replication: number;
  seed: number;
  /** Events processed, warm-up included. */
  events: number;
  /** People created in the replication (arrivals counted once per person). */
  people: number;
  metrics: MetricValues;
  /** Per series name, one value per measured month. */
  monthly: Record<SeriesName, number[]>;
  cohorts: CohortCounts[];
}

export interface ReplicationOptions {
  seed: number;
  replication: number;
  years: number;
  warmupYears: number;
  /** Keep every effect size at its estimate instead of drawing it from its interval (--fixed-effects). */
  fixedEffects?: boolean;
}
