/**
 * The CSV tables of a band run (bands.csv, bands-timeseries.csv, bands-yearly.csv), what they and
 * the band report show, and how a measured year is labelled.
 */
import { monthLabel, yearlySummaries } from '../../experiments/aggregate.js';
import type { SeriesName } from '../../model/result.js';
import type { BandBatch, BandsSummary } from '../../studies/bands.js';
import { metricList } from '../../stats/metric-names.js';
import { csvText, type CsvValue } from '../csv.js';
import { timeseriesTable } from './run.js';

/** The monthly series bands-yearly.csv holds and the band report charts, year by year. */
export const BAND_YEARLY_SERIES: readonly SeriesName[] = [
  'population_total',
  'population_remand',
  'population_high',
  'population_low',
  'population_halfway',
  'population_em',
  'sentence_queue',
  'police_cell_population',
];

/** The metrics shown side by side in the printed table and the report, in this order. */
export const BAND_METRICS = metricList(
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
);

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
