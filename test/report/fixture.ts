/**
 * Inputs for the report tests: a small real run (the Norway baseline scaled down to about 40% of
 * its cases and places, 2 + 2 years, 3 replications), and synthetic results with known shapes.
 */
import { buildSummary, type Summary } from '../../src/studies/summary.js';
import type { BatchResult } from '../../src/experiments/batch.js';
import { runReplication } from '../../src/model/replication.js';
import { COHORT_YEARS, SERIES, type CohortCounts, type ReplicationResult } from '../../src/model/result.js';
import { corrsimVersion, loadScenario } from '../../src/scenario/files.node.js';

export const SMALL_RUN_SETS = [
  'population.newCasesPerYear=1200',
  'facilities.0.capacity=190',
  'facilities.1.capacity=410',
  'facilities.2.capacity=280',
  'facilities.3.capacity=40',
  'electronicMonitoring.capacity=125',
];

export interface SmallRun {
  summary: Summary;
  results: ReplicationResult[];
  patch: unknown;
  overrides: Array<{ path: string; value: unknown }>;
}

/** The brief's small real run; `name` replaces the scenario's name (to test escaping). */
export function smallRun(options: { replications?: number; name?: string; description?: string; sets?: string[] } = {}): SmallRun {
  const sets = [...SMALL_RUN_SETS, ...(options.sets ?? [])];
  const loaded = loadScenario('norway-baseline', { sets });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const scenario = { ...loaded.scenario };
  if (options.name !== undefined) scenario.name = options.name;
  if (options.description !== undefined) scenario.description = options.description;
  const years = 2;
  const warmupYears = 2;
  const seed = 1;
  const n = options.replications ?? 3;
  const started = performance.now();
  const results = Array.from({ length: n }, (_, replication) => runReplication(scenario, { seed, replication, years, warmupYears }));
  const wallSeconds = (performance.now() - started) / 1000;
  const events = results.reduce((s, r) => s + r.events, 0);
  const batch: BatchResult = {
    results,
    failures: [],
    complete: true,
    requested: Array.from({ length: n }, (_, i) => i),
    performance: { events, cpuSeconds: wallSeconds, eventsPerCpuSecond: events / wallSeconds, wallSeconds, workers: 1 },
  } as unknown as BatchResult;
  const summary = buildSummary({
    scenario: { name: scenario.name, sha256: loaded.sha256, resolved: scenario },
    seed,
    years,
    warmupYears,
    command: `corrsim run norway-baseline -n ${n} -s ${seed} --years ${years} --warmup-years ${warmupYears} ${sets.map((s) => `--set ${s}`).join(' ')}`,
    batch,
    version: corrsimVersion(),
  });
  return { summary, results, patch: loaded.patch, overrides: loaded.overrides };
}

/** A cohort curve on COHORT_YEARS: `atRisk` releases followed up to `years`, a share `share(t)` reconvicted. */
export function cohort(subgroup: string, atRisk: number, years: number, share: (t: number) => number): CohortCounts {
  const followed = COHORT_YEARS.map((t) => (t <= years ? atRisk : 0));
  const reconvicted = COHORT_YEARS.map((t, i) => Math.round(followed[i] * share(t)));
  return { subgroup, atRisk: followed, reconvicted, reconvictedAny: reconvicted.map((x, i) => Math.min(followed[i], x + 1)) };
}

/** Synthetic results: `months` of every series, a level's population near a given value, and cohorts. */
export function syntheticResults(options: { replications: number; months: number; cohorts?: (r: number) => CohortCounts[] }): ReplicationResult[] {
  const base: Record<string, number> = {
    population_remand: 150,
    population_high: 380,
    population_low: 250,
    population_halfway: 30,
    sentence_queue: 400,
    admissions: 600,
    releases: 590,
  };
  return Array.from({ length: options.replications }, (_, r) => {
    const monthly = Object.fromEntries(
      SERIES.map((name) => [name, Array.from({ length: options.months }, (_, i) => (base[name] ?? 10) * (1 + 0.01 * r + 0.002 * i))]),
    ) as ReplicationResult['monthly'];
    return {
      replication: r,
      seed: 1,
      events: 1000,
      people: 100,
      metrics: { program_education_completed_per_year: 100 + r, program_education_interrupted_per_year: 20 + r },
      monthly,
      cohorts: options.cohorts?.(r) ?? [],
    };
  });
}
