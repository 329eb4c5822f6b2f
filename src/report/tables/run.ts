/**
 * The CSV tables of a run's output folder (see shared/spec/interface.md): replications.csv,
 * timeseries.csv and cohorts.csv, from the replications' results; and summary.json.
 */
import { monthLabel, monthlyOf, metricNames } from '../../experiments/aggregate.js';
import { COHORT_YEARS, SERIES, type ReplicationResult } from '../../model/result.js';
import { summarise } from '../../stats/intervals.js';
import type { Summary } from '../../studies/summary.js';
import { csvText, jsonText, type CsvValue } from '../csv.js';

/** replications.csv: one row per replication, then one column per metric. */
export function replicationsCsv(results: readonly ReplicationResult[]): string {
  const names = metricNames(results);
  const rows = results.map((r): CsvValue[] => [r.replication, r.seed, ...names.map((n) => r.metrics[n] ?? NaN)]);
  return csvText(['replication', 'seed', ...names], rows);
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
export function runDataFiles(summary: Summary, results: readonly ReplicationResult[]): Array<{ name: string; content: string }> {
  return [
    { name: 'summary.json', content: jsonText(summary) },
    { name: 'replications.csv', content: replicationsCsv(results) },
    { name: 'timeseries.csv', content: timeseriesCsv(results, (summary.scenario.resolved as { run?: { startDate?: string } }).run?.startDate) },
    { name: 'cohorts.csv', content: cohortsCsv(results) },
  ];
}
