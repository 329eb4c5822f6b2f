/**
 * The sweep study (`corrsim sweep SCENARIO --vary PATH=FROM:TO:STEP [--vary …]`): the scenario at
 * every point of a grid over one or two of its parameters, every point with the same seed and
 * replications (common random numbers), so that differences between points are not noise
 * between seeds; recorded in sweep.json.
 */
import { combinedPerformance, metricNames, summariseMetrics } from '../experiments/aggregate.js';
import type { BatchPerformance, BatchResult, BatchRunner } from '../experiments/batch.js';
import { rangePlan } from '../experiments/plan.js';
import { scenarioHash } from '../scenario/hash.js';
import { applySet, cloneData, getAt } from '../scenario/merge.js';
import { describeValue } from '../scenario/messages.js';
import { isWholeNumberField, validateScenario } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';
import { gridCount, gridPoints, gridValues, type VarySpec } from '../stats/grid.js';
import type { MetricSummary } from '../stats/intervals.js';
import type { RunProvenance, ScenarioIdentity } from './provenance.js';
import { replicationSettings, runProvenance, StudyProgress, type SimulationRequest, type StudyHooks } from './study.js';

/** More points than this is almost surely a slip (a STEP too small), and would run for days. */
export const MAX_GRID_POINTS = 1000;

/** A grid point ready to run. */
export interface GridPoint {
  values: number[];
  scenario: Scenario;
  sha256: string;
}

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
  version: string;
}

export function buildSweep(input: SweepInput): Sweep {
  const paths = input.parameters.map((p) => p.path);
  const valuesOf = (values: readonly number[]) => Object.fromEntries(paths.map((path, i) => [path, values[i]]));
  const names = metricNames(input.runs.flatMap((r) => r.batch.results));
  const points = input.runs.map((run): SweepPoint => {
    const metrics = summariseMetrics(run.batch.results, names);
    return { values: valuesOf(run.values), sha256: run.sha256, replications: run.batch.results.length, complete: run.batch.complete, metrics };
  });
  const gridSize = input.parameters.reduce((n, p) => n * p.values.length, 1);
  return {
    corrsim: input.version,
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

export interface SweepRequest extends SimulationRequest {
  /** The scenario before the grid's values are set. */
  scenario: ScenarioIdentity;
  parameters: SweepParameter[];
  points: readonly GridPoint[];
  /** Replications at every point. */
  replications: number;
}

export interface SweepOutcome {
  /** The points that ran, in grid order (a point of which nothing finished nor failed is left out). */
  runs: SweepPointRun[];
  /** Undefined when no replication finished. */
  sweep?: Sweep;
}

/** Runs the points one after another; a failed replication does not stop the other points, Ctrl-C does. */
export async function sweepStudy(request: SweepRequest, runner: BatchRunner, hooks: StudyHooks = {}): Promise<SweepOutcome> {
  const progress = new StudyProgress(hooks, request.points.length * request.replications);
  const plan = rangePlan(replicationSettings(request), 0, request.replications);
  const runs: SweepPointRun[] = [];
  const wallStart = performance.now();
  progress.begin();
  for (const point of request.points) {
    if (progress.stopped) break;
    const batch: BatchResult = await runner.run(point.scenario, plan, progress.batch());
    progress.batchDone(batch.results.length);
    // A point of which nothing finished (Ctrl-C before it started) is not a point of the output.
    if (batch.results.length > 0 || batch.failures.length > 0) runs.push({ values: point.values, sha256: point.sha256, batch });
    if (!batch.complete && batch.failures.length === 0) break;
  }
  if (runs.every((r) => r.batch.results.length === 0)) return { runs };
  const sweep = buildSweep({
    ...runProvenance(request, request.scenario, request.replications),
    parameters: request.parameters,
    runs,
    wallSeconds: (performance.now() - wallStart) / 1000,
  });
  return { runs, sweep };
}

/**
 * The grid's parameters and its points, each a validated scenario; or one line per problem: a path
 * not in the scenario, a field that is not a number, fractional values for a whole-number field, a
 * grid too large, or a point whose scenario is invalid (e.g. a share above 1).
 */
export function buildGrid(
  scenario: Scenario,
  specs: readonly VarySpec[],
): { ok: true; parameters: SweepParameter[]; points: GridPoint[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const parameters: SweepParameter[] = [];
  for (const spec of specs) {
    const applied = applySet(cloneData(scenario), { path: spec.path, segments: spec.segments, value: spec.from });
    if (!applied.ok) {
      errors.push(applied.error.replace(/^--set /, '--vary '));
      continue;
    }
    const current = getAt(scenario, spec.segments);
    if (typeof current !== 'number') {
      errors.push(`--vary ${spec.path}: the scenario holds ${describeValue(current)} there, not a number to vary`);
      continue;
    }
    const wholeNumbers = isWholeNumberField(scenario, spec.segments);
    if (wholeNumbers && !(Number.isInteger(spec.from) && Number.isInteger(spec.step))) {
      errors.push(`--vary ${spec.path}: the field takes whole numbers, so FROM and STEP must be whole numbers; got ${spec.from}:${spec.to}:${spec.step}`);
      continue;
    }
    const count = gridCount(spec);
    if (count > MAX_GRID_POINTS) {
      errors.push(`--vary ${spec.path}: ${spec.from}:${spec.to}:${spec.step} has ${count} values; a sweep takes at most ${MAX_GRID_POINTS} points`);
      continue;
    }
    parameters.push({ path: spec.path, from: spec.from, to: spec.to, step: spec.step, wholeNumbers, values: gridValues(spec) });
  }
  if (errors.length > 0) return { ok: false, errors };
  const size = parameters.reduce((n, p) => n * p.values.length, 1);
  if (size > MAX_GRID_POINTS) {
    return { ok: false, errors: [`--vary: the grid has ${parameters.map((p) => p.values.length).join(' × ')} = ${size} points; a sweep takes at most ${MAX_GRID_POINTS}`] };
  }

  const points: GridPoint[] = [];
  for (const values of gridPoints(parameters.map((p) => p.values))) {
    const data = cloneData(scenario);
    specs.forEach((spec, i) => applySet(data, { path: spec.path, segments: spec.segments, value: values[i] }));
    const valid = validateScenario(data);
    if (!valid.ok) {
      const at = specs.map((s, i) => `${s.path}=${values[i]}`).join(' ');
      errors.push(`--vary: the scenario is not valid at ${at}: ${valid.errors[0]}`);
      if (errors.length >= 5) break;
      continue;
    }
    points.push({ values, scenario: valid.scenario, sha256: scenarioHash(valid.scenario) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, parameters, points };
}
