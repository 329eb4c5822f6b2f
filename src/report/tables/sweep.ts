/** The CSV tables of a sweep: sweep.csv and its replications.csv. */
import { metricNames } from '../../experiments/aggregate.js';
import type { Sweep, SweepParameter, SweepPointRun } from '../../studies/sweep.js';
import { csvText, type CsvValue } from '../csv.js';

/** sweep.csv: one row per point and metric, a column per varied parameter (tidy, for R or pandas). */
export function sweepCsv(sweep: Sweep): string {
  const paths = sweep.grid.parameters.map((p) => p.path);
  const rows: CsvValue[][] = [];
  for (const point of sweep.points) {
    for (const [metric, s] of Object.entries(point.metrics)) {
      rows.push([...paths.map((p) => point.values[p]), metric, s.mean, s.sd, s.ci95?.[0], s.ci95?.[1], s.p2_5, s.p50, s.p97_5, s.n]);
    }
  }
  return csvText([...paths, 'metric', 'mean', 'sd', 'ci_low', 'ci_high', 'p2_5', 'p50', 'p97_5', 'n'], rows);
}

/** replications.csv of a sweep: one row per point and replication, a column per metric. */
export function sweepReplicationsCsv(parameters: readonly SweepParameter[], runs: readonly SweepPointRun[]): string {
  const names = metricNames(runs.flatMap((r) => r.batch.results));
  const rows: CsvValue[][] = [];
  for (const run of runs) {
    for (const r of run.batch.results) rows.push([...run.values, r.replication, r.seed, ...names.map((n) => r.metrics[n] ?? NaN)]);
  }
  return csvText([...parameters.map((p) => p.path), 'replication', 'seed', ...names], rows);
}
