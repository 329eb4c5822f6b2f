/**
 * What one replication returns: compact figures, never event logs, so that it can cross a worker
 * boundary cheaply. Aggregation across replications lives in src/batch and src/analysis.
 */

/** Scalar metrics of one replication, by name (see METRICS for the list and meanings). */
export type MetricValues = Record<string, number>;

export interface MetricInfo {
  name: string;
  description: string;
  unit: string;
}

/** Every scalar metric a replication reports, in report order. NaN means "not measurable in this run" (e.g. no releases). */
export const METRICS: readonly MetricInfo[] = [
  { name: 'population_total', description: 'average daily number held in prison (remand + high + low + halfway house)', unit: 'people' },
  { name: 'population_remand', description: 'average daily number held in remand units (pretrial, or sentenced awaiting transfer)', unit: 'people' },
  { name: 'population_high', description: 'average daily number in high security', unit: 'people' },
  { name: 'population_low', description: 'average daily number in low security (open prisons)', unit: 'people' },
  { name: 'population_halfway', description: 'average daily number in halfway houses', unit: 'people' },
  { name: 'population_em', description: 'average daily number serving with electronic monitoring', unit: 'people' },
  { name: 'population_community_sentence', description: 'average daily number serving a community sentence', unit: 'people' },
  { name: 'population_preventive_detention', description: 'average daily number in preventive detention (forvaring)', unit: 'people' },
  { name: 'remand_share', description: 'share of the prison population held on remand (pretrial)', unit: 'share' },
  { name: 'sentence_queue', description: 'average number convicted and waiting at liberty to serve', unit: 'people' },
  { name: 'police_cell_population', description: 'average number in police cells for want of a remand place', unit: 'people' },
  { name: 'occupancy_total', description: 'average occupied share of all prison places', unit: 'share' },
  { name: 'occupancy_remand', description: 'average occupied share of remand places', unit: 'share' },
  { name: 'occupancy_high', description: 'average occupied share of high-security places', unit: 'share' },
  { name: 'occupancy_low', description: 'average occupied share of low-security places', unit: 'share' },
  { name: 'occupancy_halfway', description: 'average occupied share of halfway-house places', unit: 'share' },
  { name: 'police_cell_overflow_days_per_year', description: 'person-days in police cells for want of a remand place, per year', unit: 'days/year' },
  { name: 'police_cell_stays_over_limit_per_year', description: 'police-cell stays longer than the legal limit (48 h), per year', unit: 'stays/year' },
  { name: 'admissions_per_year', description: 'entries into prison (remand, or to serve from liberty)', unit: 'people/year' },
  { name: 'remand_admissions_per_year', description: 'new remand admissions', unit: 'people/year' },
  { name: 'sentence_admissions_from_liberty_per_year', description: 'admissions to serve a prison sentence from liberty (excl. transfers from remand)', unit: 'people/year' },
  { name: 'remand_to_sentence_transfers_per_year', description: 'remand stays ending in a direct transfer to serve', unit: 'people/year' },
  { name: 'releases_per_year', description: 'releases from prison to the community (remand, and sentences ending in prison or on back-door EM)', unit: 'people/year' },
  { name: 'sentenced_releases_per_year', description: 'releases at the end of a prison sentence (incl. the last part on EM)', unit: 'people/year' },
  { name: 'parole_grants_per_year', description: 'conditional releases granted (prison and EM at home)', unit: 'people/year' },
  { name: 'parole_share_of_releases', description: 'share of releases at the end of a prison sentence that were on parole', unit: 'share' },
  { name: 'transfers_per_year', description: 'moves between levels (step-down, halfway house, back-door EM, moves up)', unit: 'moves/year' },
  { name: 'em_starts_per_year', description: 'starts of electronic monitoring (front door and back door)', unit: 'people/year' },
  { name: 'community_sentence_starts_per_year', description: 'community sentences started', unit: 'people/year' },
  { name: 'community_sentences_over_caseload_per_year', description: 'community sentences started while the probation caseload was full', unit: 'people/year' },
  { name: 'mean_time_served_days', description: 'per sentenced release, days in prison after sentencing (remand days credited, not counted; EM excluded)', unit: 'days' },
  { name: 'mean_remand_stay_days', description: 'per finished remand stay, days', unit: 'days' },
  { name: 'queue_wait_days_mean', description: 'mean time from conviction at liberty to admission to prison (EM at home excluded), over waits that ended', unit: 'days' },
  { name: 'queue_waited_share', description: 'share of admissions from liberty with any time between conviction and admission (the probability of waiting when there is no call-in lead time)', unit: 'share' },
  { name: 'queue_wait_over_60d_share', description: 'share of those called in from liberty who waited more than 60 days', unit: 'share' },
  { name: 'short_sentence_share_of_entries', description: 'share of prison-sentence entries with a sentence of at most 3 months', unit: 'share' },
  { name: 'stock_share_sentence_1y_plus', description: 'share of the sentenced stock (excl. preventive detention) with sentences of a year or more', unit: 'share' },
  { name: 'women_share_of_stock', description: 'share of women in the prison population', unit: 'share' },
  { name: 'foreign_share_of_stock', description: 'share of foreign nationals in the prison population', unit: 'share' },
  { name: 'education_completion_rate', description: 'share of sentenced releases who completed an education programme inside', unit: 'share' },
  { name: 'education_enrolled_share', description: 'average share of sentenced inmates enrolled in education', unit: 'share' },
  { name: 'treatment_completion_rate', description: 'share of sentenced releases who completed addiction treatment inside', unit: 'share' },
  { name: 'housed_at_release_rate', description: 'share of sentenced releases with housing', unit: 'share' },
  { name: 'employed_at_release_rate', description: 'share of sentenced releases with a job or education place', unit: 'share' },
  { name: 'incidents_per_100_inmate_years', description: 'violence and serious incidents', unit: 'per 100 inmate-years' },
  { name: 'incidents_high_per_100_inmate_years', description: 'incidents in high security', unit: 'per 100 inmate-years' },
  { name: 'incidents_low_per_100_inmate_years', description: 'incidents in low security', unit: 'per 100 inmate-years' },
  { name: 'reconviction_1y', description: 'share of a release cohort with a new prison sentence for an offence within 1 year', unit: 'share' },
  { name: 'reconviction_2y', description: 'share of a release cohort with a new prison sentence for an offence within 2 years', unit: 'share' },
  { name: 'reconviction_5y', description: 'share of a release cohort with a new prison sentence for an offence within 5 years', unit: 'share' },
  { name: 'reconviction_any_2y', description: 'the same with any new correctional sentence (prison, EM or community), within 2 years', unit: 'share' },
  { name: 'reconviction_2y_year1_share', description: 'share of the 2-year reconvictions whose offence fell in year 1', unit: 'share' },
  { name: 'reconviction_5y_high_to_low_ratio', description: '5-year reconviction of releases from high security over those from low security', unit: 'ratio' },
  { name: 'cost_per_year_nok', description: 'total yearly cost: places, staff, programmes, EM, community sentences', unit: 'NOK/year' },
  { name: 'prison_operating_cost_per_year_nok', description: 'yearly operating cost of the prisons alone: places and their staff', unit: 'NOK/year' },
  { name: 'offences_while_waiting_per_year', description: 'new offences by people waiting at liberty to serve (when switched on)', unit: 'offences/year' },
  ...(['education', 'vocational', 'work', 'addictionTreatment', 'cognitiveBehavioural'] as const).flatMap((name) => [
    { name: `program_${name}_completed_per_year`, description: `${name} programmes completed`, unit: 'people/year' },
    { name: `program_${name}_interrupted_per_year`, description: `${name} programmes interrupted by a transfer or release`, unit: 'people/year' },
  ]),
];

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
