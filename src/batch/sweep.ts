/**
 * The files of `corrsim sweep`: sweep.json, sweep.csv and replications.csv, from one batch per
 * grid point, all points run with the same seed and replications (common random numbers).
 * Pure functions; writing is the CLI's.
 */
import { summarise, type MetricSummary } from '../stats/intervals.js';
import { combinedPerformance, metricNames, type RunProvenance } from './aggregate.js';
import { csvText, type CsvValue } from './csv.js';
import type { BatchPerformance, BatchResult } from './runBatch.js';
import { corrsimVersion } from '../scenario/files.node.js';

export interface SweepParameter {
  path: string;
  from: number;
  to: number;
  step: number;
  /** The field takes whole numbers (places, slots): every value is an integer. */
  wholeNumbers: boolean;
  values: number[];
}

export interface SweepPoint {
  /** The value of each varied parameter at this point, by path. */
  values: Record<string, number>;
  /** SHA-256 of the resolved scenario at this point. */
  sha256: string;
  /** Replications of this point that finished. */
  replications: number;
  complete: boolean;
  metrics: Record<string, MetricSummary>;
}

/** `scenario` is the scenario before the grid's values are set; `replications` are asked for at every point. */
export interface Sweep extends RunProvenance {
  /** False when a replication failed or the run was interrupted: the figures rest on what finished. */
  complete: boolean;
  failures: Array<{ point: Record<string, number>; replication: number; seed: number; message: string }>;
  /** Summed over the points' batches; wallSeconds is the whole sweep's. */
  performance: BatchPerformance;
  /** The parameters, the first varying slowest, and how many points the grid has. */
  grid: { parameters: SweepParameter[]; points: number };
  /** The points that ran, in grid order. */
  points: SweepPoint[];
}

export interface SweepPointRun {
  values: number[];
  sha256: string;
  batch: BatchResult;
}

export interface SweepInput extends Omit<RunProvenance, 'corrsim'> {
  parameters: SweepParameter[];
  /** The points that ran, in grid order. */
  runs: SweepPointRun[];
  wallSeconds: number;
  version?: string;
}

export function buildSweep(input: SweepInput): Sweep {
  const paths = input.parameters.map((p) => p.path);
  const valuesOf = (values: readonly number[]) => Object.fromEntries(paths.map((path, i) => [path, values[i]]));
  const names = metricNames(input.runs.flatMap((r) => r.batch.results));
  const points = input.runs.map((run): SweepPoint => {
    const metrics: Record<string, MetricSummary> = {};
    for (const name of names) metrics[name] = summarise(run.batch.results.map((r) => r.metrics[name] ?? NaN));
    return { values: valuesOf(run.values), sha256: run.sha256, replications: run.batch.results.length, complete: run.batch.complete, metrics };
  });
  const gridSize = input.parameters.reduce((n, p) => n * p.values.length, 1);
  return {
    corrsim: input.version ?? corrsimVersion(),
    scenario: input.scenario,
    seed: input.seed,
    replications: input.replications,
    years: input.years,
    warmupYears: input.warmupYears,
    ...(input.census !== undefined ? { census: input.census } : {}),
    fixedEffects: input.fixedEffects,
    complete: input.runs.length === gridSize && input.runs.every((r) => r.batch.complete),
    failures: input.runs.flatMap((run) =>
      run.batch.failures.map(({ replication, seed, message }) => ({ point: valuesOf(run.values), replication, seed, message })),
    ),
    command: input.command,
    performance: combinedPerformance(input.runs.map((r) => r.batch.performance), input.wallSeconds),
    grid: { parameters: input.parameters, points: gridSize },
    points,
  };
}

export function sweepJson(sweep: Sweep): string {
  return JSON.stringify(sweep, null, 2) + '\n';
}

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
