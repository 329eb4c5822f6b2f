/**
 * Scenario bands (`corrsim run SCENARIO --band low,middle,high`): the scenario run once per
 * admission projection of `population.projections`, every band with the same seed and
 * replications, so that replication r of every band meets the same people with the same random
 * draws (common random numbers) and the bands differ by their admissions alone. Running the batches
 * and the side-by-side tables (bands.csv, bands-timeseries.csv, bands-yearly.csv, the top
 * summary.json); writing is the CLI's.
 */
import type { MetricSummary } from '../stats/intervals.js';
import { bandTable, withBand } from '../scenario/bands.js';
import { scenarioHash } from '../scenario/hash.js';
import type { Scenario, YearlyRate } from '../scenario/types.js';
import {
  buildSummary,
  combinedPerformance,
  monthLabel,
  timeseriesTable,
  yearlySummaries,
  type MetricDefinition,
  type RunProvenance,
  type Summary,
} from './aggregate.js';
import { csvText, type CsvValue } from './csv.js';
import { runBatch, type BatchOptions, type BatchPerformance, type BatchResult } from './runBatch.js';
import { corrsimVersion } from '../scenario/files.node.js';

/** The monthly series bands-yearly.csv holds and the band report charts, year by year. */
export const BAND_YEARLY_SERIES = [
  'population_total',
  'population_remand',
  'population_high',
  'population_low',
  'population_halfway',
  'population_em',
  'sentence_queue',
  'police_cell_population',
] as const;

/** The metrics shown side by side in the printed table and the report, in this order. */
export const BAND_METRICS = [
  'population_total',
  'population_remand',
  'population_high',
  'population_low',
  'population_halfway',
  'occupancy_high',
  'occupancy_low',
  'sentence_queue',
  'queue_wait_days_mean',
  'police_cell_overflow_days_per_year',
  'admissions_per_year',
  'releases_per_year',
  'reconviction_2y',
  'cost_per_year_nok',
] as const;

/** One band's batch. */
export interface BandBatch {
  band: string;
  /** The band's admissions table, run as population.newCasesByYear. */
  table: YearlyRate[];
  /** The scenario as the band ran it, and its hash. */
  scenario: Scenario;
  sha256: string;
  batch: BatchResult;
}

/**
 * Runs the bands one after another with the same batch options (seed, replications, horizon).
 * A failed replication does not stop the other bands (their figures stay useful); when
 * `shouldStop` turns true (Ctrl-C) no further band starts.
 */
export async function runBandBatches(
  scenario: Scenario,
  bands: readonly string[],
  options: BatchOptions,
  onBandDone?: (run: BandBatch) => void,
): Promise<BandBatch[]> {
  const runs: BandBatch[] = [];
  for (const band of bands) {
    if (options.shouldStop?.()) break;
    const banded = withBand(scenario, band);
    const batch = await runBatch(banded, options);
    const run: BandBatch = { band, table: bandTable(scenario, band), scenario: banded, sha256: scenarioHash(banded), batch };
    runs.push(run);
    onBandDone?.(run);
  }
  return runs;
}

/** What every band's summary shares: the provenance of the band run (the version defaults to package.json's). */
export type BandRunSettings = Omit<RunProvenance, 'corrsim'> & { version?: string };

/** A band's own summary.json: a run's summary of the band's scenario, marked with the band. */
export function bandSummary(run: BandBatch, settings: BandRunSettings): Summary {
  return buildSummary({
    scenario: { name: settings.scenario.name, sha256: run.sha256, resolved: run.scenario },
    band: run.band,
    seed: settings.seed,
    years: settings.years,
    warmupYears: settings.warmupYears,
    ...(settings.census !== undefined ? { census: settings.census } : {}),
    fixedEffects: settings.fixedEffects,
    command: settings.command,
    batch: run.batch,
    version: settings.version,
  });
}

/** How the records of a band run name a band: its folder (named after it), its table and its scenario's hash. */
export interface BandIdentity {
  name: string;
  folder: string;
  /** The band's admissions, new cases per year from 1 January of each year (population.newCasesByYear of its run). */
  newCasesByYear: YearlyRate[];
  /** SHA-256 of the band's resolved scenario (as in its own summary.json or capacity.json). */
  sha256: string;
}

/** A band of the top summary.json. */
export interface BandSummary extends BandIdentity {
  /** Replications of the band that finished. */
  replications: number;
  complete: boolean;
  metrics: Record<string, MetricSummary>;
}

/**
 * The summary.json at the top of a band run's folder. `scenario` is the scenario before a band's
 * table is put in; `replications` are asked for per band, every band running 0..n−1 with this seed.
 */
export interface BandsSummary extends RunProvenance {
  /** The bands asked for (--band), in order. */
  bandsRequested: string[];
  /** The bands that ran, in order, each with its folder (the usual files of a run: summary.json, …, report.html), table, hash and metrics. */
  bands: BandSummary[];
  /** False when a replication failed or the run was interrupted (a band may be missing): the figures rest on what finished. */
  complete: boolean;
  failures: Array<{ band: string; replication: number; seed: number; message: string }>;
  /** Summed over the bands' batches; wallSeconds is the whole run's. */
  performance: BatchPerformance;
  definitions: Record<string, MetricDefinition>;
}

/** A band that ran with at least one replication finished, and its summary (bandSummary). */
export interface SummarisedBand {
  run: BandBatch;
  summary: Summary;
}

/**
 * The top summary.json: `allRuns` are the bands that ran (perhaps without a finished replication),
 * `summarised` those of them with results, in the same order. Each band's folder is its name.
 */
export function buildBandsSummary(
  settings: BandRunSettings,
  requested: readonly string[],
  allRuns: readonly BandBatch[],
  summarised: readonly SummarisedBand[],
  wallSeconds: number,
): BandsSummary {
  return {
    corrsim: settings.version ?? corrsimVersion(),
    scenario: settings.scenario,
    seed: settings.seed,
    replications: settings.replications,
    years: settings.years,
    warmupYears: settings.warmupYears,
    ...(settings.census !== undefined ? { census: settings.census } : {}),
    fixedEffects: settings.fixedEffects,
    bandsRequested: [...requested],
    bands: summarised.map(({ run, summary }) => ({
      name: run.band,
      folder: run.band,
      newCasesByYear: run.table,
      sha256: run.sha256,
      replications: summary.replications,
      complete: summary.complete,
      metrics: summary.metrics,
    })),
    complete: allRuns.length === requested.length && allRuns.every((r) => r.batch.complete),
    failures: allRuns.flatMap((r) => r.batch.failures.map(({ replication, seed, message }) => ({ band: r.band, replication, seed, message }))),
    command: settings.command,
    performance: combinedPerformance(allRuns.map((r) => r.batch.performance), wallSeconds),
    definitions: summarised[0]?.summary.definitions ?? {},
  };
}

export function bandsSummaryJson(summary: BandsSummary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

/** bands.csv: one row per band and metric (tidy, for R or pandas). */
export function bandsCsv(summary: BandsSummary): string {
  const rows: CsvValue[][] = [];
  for (const band of summary.bands) {
    for (const [metric, s] of Object.entries(band.metrics)) {
      rows.push([band.name, metric, s.mean, s.sd, s.ci95?.[0], s.ci95?.[1], s.p2_5, s.p50, s.p97_5, s.n]);
    }
  }
  return csvText(['band', 'metric', 'mean', 'sd', 'ci_low', 'ci_high', 'p2_5', 'p50', 'p97_5', 'n'], rows);
}

/** bands-timeseries.csv: timeseries.csv of every band, one after another, with the band in front. */
export function bandsTimeseriesCsv(runs: readonly BandBatch[], startDate: string): string {
  let header: string[] = [];
  const rows: CsvValue[][] = [];
  for (const run of runs) {
    const table = timeseriesTable(run.batch.results, startDate);
    header = table.header;
    for (const row of table.rows) rows.push([run.band, ...row]);
  }
  return csvText(['band', ...header], rows);
}

/** A measured year as calendar months: "2025" for a calendar year, otherwise "2025-07 to 2026-06". */
export function yearLabel(startDate: string, months: readonly [number, number]): string {
  const from = monthLabel(startDate, months[0] + 1);
  const to = monthLabel(startDate, months[1]);
  return from.endsWith('-01') && to.endsWith('-12') && from.slice(0, 4) === to.slice(0, 4) ? from.slice(0, 4) : `${from} to ${to}`;
}

/**
 * bands-yearly.csv: per band, measured year and series of BAND_YEARLY_SERIES, the yearly average
 * of the monthly series in each replication, summarised across replications (what the report's
 * charts by year show).
 */
export function bandsYearlyCsv(runs: readonly BandBatch[], startDate: string): string {
  const rows: CsvValue[][] = [];
  for (const run of runs) {
    for (const series of BAND_YEARLY_SERIES) {
      for (const y of yearlySummaries(run.batch.results, series)) {
        const s = y.summary;
        rows.push([run.band, y.year, yearLabel(startDate, y.months), monthLabel(startDate, y.months[0] + 1), monthLabel(startDate, y.months[1]), series, s.mean, s.p2_5, s.p50, s.p97_5, s.n]);
      }
    }
  }
  return csvText(['band', 'year', 'label', 'from', 'to', 'metric', 'mean', 'p2_5', 'p50', 'p97_5', 'n'], rows);
}
