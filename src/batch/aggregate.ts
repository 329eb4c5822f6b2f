/**
 * Aggregation across replications: the summary.json object and the CSV tables of the output
 * folder (see shared/spec/interface.md). Pure functions of the batch; writing is the CLI's job.
 */
import type { CensusProvenance } from '../scenario/census.js';
import { summarise, type MetricSummary } from '../stats/intervals.js';
import { COHORT_YEARS, METRICS, SERIES, type ReplicationResult } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';
import { csvText, type CsvValue } from './csv.js';
import type { AutoReplicationRecord } from './auto.js';
import type { BatchPerformance, BatchResult, ReplicationFailure } from './runBatch.js';
import { corrsimVersion } from '../scenario/files.node.js';

/**
 * What the record of a command running many batches of one scenario (a sweep, a capacity search, a
 * band run) says about how it ran, so that it can be run again: version, scenario and hash, seed,
 * replications asked for in each batch, horizon, effect sizes and the command line.
 */
export interface RunProvenance {
  corrsim: string;
  /** The scenario as loaded, with --set applied, before the command varies it. */
  scenario: { name: string; sha256: string; resolved: Scenario };
  seed: number;
  /** Replications asked for in each batch (every grid point, candidate or band runs replications 0..n−1). */
  replications: number;
  years: number;
  /** Simulated before measuring, years: 0 for a run from a census. */
  warmupYears: number;
  /** The census every batch started from (absent for a start from an empty system after a warm-up). */
  census?: CensusProvenance;
  /** True when every effect size was kept at its estimate (--fixed-effects). */
  fixedEffects: boolean;
  /** The command line that produced the record. */
  command: string;
}

export interface MetricDefinition {
  description: string;
  unit: string;
}

export interface Summary {
  corrsim: string;
  scenario: { name: string; sha256: string; resolved: Scenario };
  /** In a band run (`--band`): the band of population.projections this run's admissions follow. */
  band?: string;
  seed: number;
  /** Replications the figures rest on: those that finished (fewer than asked when complete is false). */
  replications: number;
  /** Replications asked for. */
  replicationsRequested: number;
  /**
   * Which replications the figures rest on, as inclusive [first, last] ranges of replication
   * indices: [[0, 39]] for a whole run of 40; [[0, 2], [4, 5]] when replication 3 failed.
   */
  replicationRanges: Array<[number, number]>;
  years: number;
  /** Simulated before measuring, years: 0 for a run from a census. */
  warmupYears: number;
  /** The census every replication started from (absent for a start from an empty system after a warm-up). */
  census?: CensusProvenance;
  /** True when every effect size was kept at its estimate (--fixed-effects) instead of drawn per replication. */
  fixedEffects: boolean;
  /** With `--replications auto` only: the stopping rule and where it stopped. */
  replicationRule?: AutoReplicationRecord;
  /** False when the run was interrupted (Ctrl-C) or a replication failed before every replication finished. */
  complete: boolean;
  /** Replications that threw (index, batch seed, message); rerun one alone with `corrsim run … --replication R`. */
  failures: Array<Omit<ReplicationFailure, 'stack'>>;
  /** The command line that produced the run. */
  command: string;
  performance: BatchPerformance;
  /** Every name of METRICS in order, then any further metric the model reported. */
  metrics: Record<string, MetricSummary>;
  definitions: Record<string, MetricDefinition>;
}

export interface SummaryInput {
  scenario: { name: string; sha256: string; resolved: Scenario };
  band?: string;
  seed: number;
  years: number;
  warmupYears: number;
  census?: CensusProvenance;
  /** Default false. */
  fixedEffects?: boolean;
  replicationRule?: AutoReplicationRecord;
  command: string;
  batch: BatchResult;
  /** Defaults to the version in package.json. */
  version?: string;
}

export function buildSummary(input: SummaryInput): Summary {
  const { results } = input.batch;
  const metrics: Record<string, MetricSummary> = {};
  for (const name of metricNames(results)) metrics[name] = summarise(metricValues(results, name));
  const definitions: Record<string, MetricDefinition> = {};
  for (const m of METRICS) definitions[m.name] = { description: m.description, unit: m.unit };
  return {
    corrsim: input.version ?? corrsimVersion(),
    scenario: input.scenario,
    ...(input.band !== undefined ? { band: input.band } : {}),
    seed: input.seed,
    replications: results.length,
    replicationsRequested: input.batch.requested.count,
    replicationRanges: indexRanges(results.map((r) => r.replication)),
    years: input.years,
    warmupYears: input.warmupYears,
    ...(input.census !== undefined ? { census: input.census } : {}),
    fixedEffects: input.fixedEffects === true,
    ...(input.replicationRule !== undefined ? { replicationRule: input.replicationRule } : {}),
    complete: input.batch.complete,
    failures: input.batch.failures.map(({ replication, seed, message }) => ({ replication, seed, message })),
    command: input.command,
    performance: performanceRecord(input.batch.performance),
    metrics,
    definitions,
  };
}

/** Sorted indices as inclusive [first, last] runs of consecutive ones: [0, 1, 2, 4] → [[0, 2], [4, 4]]. */
export function indexRanges(indices: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const i of indices) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && i === last[1] + 1) last[1] = i;
    else ranges.push([i, i]);
  }
  return ranges;
}

/** METRICS in report order, then names the model reported beyond them, in the order first seen. */
export function metricNames(results: readonly ReplicationResult[]): string[] {
  const names = METRICS.map((m) => m.name);
  const known = new Set(names);
  for (const r of results) {
    for (const name of Object.keys(r.metrics)) {
      if (!known.has(name)) {
        known.add(name);
        names.push(name);
      }
    }
  }
  return names;
}

/** One value per replication; a metric a replication did not report counts as NaN. */
function metricValues(results: readonly ReplicationResult[], name: string): number[] {
  return results.map((r) => r.metrics[name] ?? NaN);
}

/** replications.csv: one row per replication, then one column per metric. */
export function replicationsCsv(results: readonly ReplicationResult[]): string {
  const names = metricNames(results);
  const rows = results.map((r): CsvValue[] => [r.replication, r.seed, ...names.map((n) => r.metrics[n] ?? NaN)]);
  return csvText(['replication', 'seed', ...names], rows);
}

/** YYYY-MM of the month `month` (1-based) months after a start date YYYY-MM-DD. */
export function monthLabel(startDate: string, month: number): string {
  const year = Number(startDate.slice(0, 4));
  const index = Number(startDate.slice(5, 7)) - 1 + (month - 1);
  return `${year + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * timeseries.csv in long form: per measured month (from 1; year = ⌊(month − 1)/12⌋ + 1) and
 * series, the mean and the 2.5/50/97.5 percentiles across replications. With a start date, each
 * month is also labelled by its calendar month (YYYY-MM) in a `date` column.
 */
export function timeseriesCsv(results: readonly ReplicationResult[], startDate?: string): string {
  const { header, rows } = timeseriesTable(results, startDate);
  return csvText(header, rows);
}

/** The header and rows of timeseries.csv, for tables that add columns in front (a band run's). */
export function timeseriesTable(results: readonly ReplicationResult[], startDate?: string): { header: string[]; rows: CsvValue[][] } {
  const series = seriesNames(results);
  let months = 0;
  for (const r of results) for (const name of series) months = Math.max(months, monthlyOf(r, name)?.length ?? 0);
  const rows: CsvValue[][] = [];
  for (let month = 1; month <= months; month++) {
    for (const name of series) {
      const values = results.map((r) => monthlyOf(r, name)?.[month - 1] ?? NaN);
      const s = summarise(values);
      const dated = startDate === undefined ? [] : [monthLabel(startDate, month)];
      rows.push([month, Math.floor((month - 1) / 12) + 1, ...dated, name, s.mean, s.p2_5, s.p50, s.p97_5]);
    }
  }
  const dateColumn = startDate === undefined ? [] : ['date'];
  return { header: ['month', 'year', ...dateColumn, 'metric', 'mean', 'p2_5', 'p50', 'p97_5'], rows };
}

function monthlyOf(r: ReplicationResult, name: string): number[] | undefined {
  return (r.monthly as Record<string, number[] | undefined>)[name];
}

/** One measured year of a monthly series: the yearly average in each replication, summarised across them. */
export interface YearSummary {
  /** Measured year, from 1. */
  year: number;
  /** Its months of the horizon, 0-based, [from, to): 12 but for a last, partial year. */
  months: [number, number];
  /** Across replications, of each replication's average over the year's months. */
  summary: MetricSummary;
}

/**
 * A monthly series year by year of the horizon: in each replication the average over the year's
 * months (so a year's figure is what a yearly statistic of that history would say), then its
 * mean and percentiles across replications. A last, partial year averages the months it has.
 */
export function yearlySummaries(results: readonly ReplicationResult[], series: string): YearSummary[] {
  let months = 0;
  for (const r of results) months = Math.max(months, monthlyOf(r, series)?.length ?? 0);
  const years: YearSummary[] = [];
  for (let from = 0; from < months; from += 12) {
    const to = Math.min(months, from + 12);
    const values = results.map((r) => {
      const monthly = monthlyOf(r, series);
      if (monthly === undefined || monthly.length < to) return NaN;
      let sum = 0;
      for (let i = from; i < to; i++) sum += monthly[i];
      return sum / (to - from);
    });
    years.push({ year: years.length + 1, months: [from, to], summary: summarise(values) });
  }
  return years;
}

function seriesNames(results: readonly ReplicationResult[]): string[] {
  const names: string[] = [...SERIES];
  const known = new Set(names);
  for (const r of results) {
    for (const name of Object.keys(r.monthly)) {
      if (!known.has(name)) {
        known.add(name);
        names.push(name);
      }
    }
  }
  return names;
}

/**
 * cohorts.csv: per subgroup and point of COHORT_YEARS, the releases at risk summed over
 * replications, and the share reconvicted (to prison; and with any correctional sentence) as the
 * mean of the replications' shares, with the 2.5/97.5 percentiles of the prison share. A
 * replication with nobody at risk at a point has no share there and is left out of it.
 */
export function cohortsCsv(results: readonly ReplicationResult[]): string {
  const subgroups: string[] = [];
  for (const r of results) for (const c of r.cohorts) if (!subgroups.includes(c.subgroup)) subgroups.push(c.subgroup);
  const rows: CsvValue[][] = [];
  for (const subgroup of subgroups) {
    const curves = results.map((r) => r.cohorts.find((c) => c.subgroup === subgroup));
    COHORT_YEARS.forEach((years, i) => {
      let atRisk = 0;
      const shares: number[] = [];
      const sharesAny: number[] = [];
      for (const c of curves) {
        const n = c?.atRisk[i] ?? 0;
        atRisk += n;
        if (c === undefined || !(n > 0)) continue;
        shares.push(c.reconvicted[i] / n);
        sharesAny.push(c.reconvictedAny[i] / n);
      }
      const s = summarise(shares);
      rows.push([subgroup, years, atRisk, s.mean, s.p2_5, s.p97_5, summarise(sharesAny).mean]);
    });
  }
  return csvText(
    ['subgroup', 'years_since_release', 'at_risk', 'share_reconvicted', 'share_reconvicted_p2_5', 'share_reconvicted_p97_5', 'share_reconvicted_any'],
    rows,
  );
}

/** The files of the output folder, by name. */
export function outputFiles(summary: Summary, results: readonly ReplicationResult[]): Array<{ name: string; content: string }> {
  return [
    { name: 'summary.json', content: summaryJson(summary) },
    { name: 'replications.csv', content: replicationsCsv(results) },
    { name: 'timeseries.csv', content: timeseriesCsv(results, (summary.scenario.resolved as { run?: { startDate?: string } }).run?.startDate) },
    { name: 'cohorts.csv', content: cohortsCsv(results) },
  ];
}

export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

/**
 * The performance of several batches run one after another as one (a comparison, a sweep, a
 * capacity search, a band run), as the JSON files hold it: events and CPU time summed, the wall
 * time of the whole, the most threads any batch used.
 */
export function combinedPerformance(batches: readonly BatchPerformance[], wallSeconds: number): BatchPerformance {
  const events = batches.reduce((sum, b) => sum + b.events, 0);
  const cpuSeconds = batches.reduce((sum, b) => sum + b.cpuSeconds, 0);
  return performanceRecord({
    events,
    cpuSeconds,
    eventsPerCpuSecond: cpuSeconds > 0 ? events / cpuSeconds : 0,
    wallSeconds,
    workers: Math.max(1, ...batches.map((b) => b.workers)),
  });
}

/** Performance as the JSON files hold it: times to the millisecond, the rate to a whole number, no pool overhead. */
export function performanceRecord(p: BatchPerformance): BatchPerformance {
  return {
    events: p.events,
    cpuSeconds: round(p.cpuSeconds, 3),
    eventsPerCpuSecond: Math.round(p.eventsPerCpuSecond),
    wallSeconds: round(p.wallSeconds, 3),
    workers: p.workers,
  };
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
