/**
 * `corrsim sweep [SCENARIO] --vary PATH=FROM:TO:STEP [--vary …]`: the scenario at every point of
 * a grid over one or two of its parameters, every point with the same seed and replications
 * (common random numbers), so that differences between points are not noise between seeds.
 */
import { join } from 'node:path';
import { gridCount, gridPoints, gridValues, parseVary, type VarySpec } from '../stats/grid.js';
import { runBatch, type BatchResult } from '../batch/runBatch.js';
import { buildSweep, sweepCsv, sweepJson, sweepReplicationsCsv, type Sweep, type SweepParameter, type SweepPointRun } from '../batch/sweep.js';
import { METRICS } from '../model/result.js';
import { isWholeNumberField, validateScenario } from '../scenario/resolve.js';
import { loadScenario } from '../scenario/files.node.js';
import { scenarioHash } from '../scenario/hash.js';
import { applySet, cloneData, getAt } from '../scenario/merge.js';
import { describeValue } from '../scenario/messages.js';
import type { Scenario } from '../scenario/types.js';
import { CombinedProgress, nothingFinished, reportFailuresOf } from './batches.js';
import { listValues, parseBatchFlags, type BatchArgs } from './flags.js';
import { censusRecord, rerunStart, resolveRun } from './census.js';
import { startPhrase } from '../scenario/census.js';
import { formatMeanWithHalfWidth, table } from './format.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder, type OutputFile } from './output.js';
import { defaultWorkers, safeFolderName } from './run.js';

/** The metrics drawn against the swept parameter. */
const SWEEP_CHART_METRICS = ['population_total', 'sentence_queue', 'reconviction_2y', 'cost_per_year_nok'];

export interface SweepArgs extends BatchArgs {
  scenario: string;
  vary?: unknown;
}

/** More points than this is almost surely a slip (a STEP too small), and would run for days. */
export const MAX_GRID_POINTS = 1000;
const MAX_PARAMETERS = 2;

/** The metrics of the printed table, by grid point. */
const SWEEP_TABLE_METRICS = ['population_total', 'occupancy_high', 'sentence_queue', 'reconviction_2y', 'cost_per_year_nok'] as const;

/** A grid point ready to run. */
interface GridPoint {
  values: number[];
  scenario: Scenario;
  sha256: string;
}

export async function sweepCommand(args: SweepArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: false });
  const varies = listValues(args.vary);
  const specs: VarySpec[] = [];
  if (varies.length === 0) problems.push('sweep needs --vary PATH=FROM:TO:STEP, e.g. --vary programs.education.slots=100:600:100');
  else if (varies.length > MAX_PARAMETERS) {
    problems.push(`--vary: a sweep varies one or two parameters; got ${varies.length} (${varies.map((v) => v.split('=', 1)[0]).join(', ')})`);
  } else {
    for (const v of varies) {
      const parsed = parseVary(v);
      if (!parsed.ok) problems.push(parsed.error);
      else if (specs.some((s) => s.path === parsed.value.path)) problems.push(`--vary ${parsed.value.path}: given twice; vary a parameter once`);
      else specs.push(parsed.value);
    }
  }
  if (problems.length > 0) return usageError(io, problems);

  const loaded = loadScenario(args.scenario, { sets: flags.sets });
  if (!loaded.ok) return usageError(io, loaded.errors);
  const grid = buildGrid(loaded.scenario, specs);
  if (!grid.ok) return usageError(io, grid.errors);
  const { parameters, points } = grid;

  const scenario = loaded.scenario;
  const replications = typeof flags.replications === 'number' ? flags.replications : scenario.run.replications;
  const paths = specs.map((s) => s.path);
  const folder = flags.out ?? join('outputs', `sweep-${safeFolderName(loaded.name)}-${paths.map(safeFolderName).join('+')}`);
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);
  // Every point starts from the scenario's census (or warm-up), whatever the parameters.
  const resolved = resolveRun(loaded, flags, io, args.quiet === true || args.json === true);
  if (!resolved.ok) return resolved.exit;
  const { settings, start } = resolved.run;

  const workers = flags.workers ?? defaultWorkers();
  const progress = new CombinedProgress(io, args.quiet, points.length * replications);
  const runs: SweepPointRun[] = [];
  const wallStart = performance.now();
  progress.begin(1);
  try {
    for (const point of points) {
      if (io.interrupt?.aborted === true) break;
      const batch: BatchResult = await runBatch(point.scenario, {
        ...settings,
        replications,
        workers,
        fixedEffects: flags.fixedEffects,
        census: start.census?.states,
        onProgress: progress.onProgress,
        shouldStop: () => io.interrupt?.aborted === true,
      });
      progress.batchDone(batch.results.length);
      // A point of which nothing finished (Ctrl-C before it started) is not a point of the output.
      if (batch.results.length > 0 || batch.failures.length > 0) runs.push({ values: point.values, sha256: point.sha256, batch });
      // A failed replication does not stop the other points; Ctrl-C does.
      if (!batch.complete && batch.failures.length === 0) break;
    }
  } catch (error) {
    progress.finish();
    return internalError(io, 'the simulation failed', error);
  }
  progress.finish();

  const failed = runs.some((r) => r.batch.failures.length > 0);
  const pointLabel = (values: readonly number[]) => paths.map((p, i) => `${p}=${values[i]}`).join(' ');
  const reportAllFailures = () => {
    for (const run of runs) {
      const sets = [...flags.sets, ...paths.map((p, i) => `${p}=${run.values[i]}`)];
      const out = `${folder}-${paths.map((p, i) => `${safeFolderName(p)}=${run.values[i]}`).join('-')}`;
      reportFailuresOf(io, `${loaded.name} at ${pointLabel(run.values)}`, run.batch.failures, {
        scenario: args.scenario, sets, ...settings, ...rerunStart(start), fixedEffects: flags.fixedEffects, out,
      });
    }
  };
  if (runs.every((r) => r.batch.results.length === 0)) return nothingFinished(io, failed, reportAllFailures);

  const sweep = buildSweep({
    scenario: { name: loaded.name, sha256: loaded.sha256, resolved: scenario },
    ...settings,
    ...censusRecord(start),
    replications,
    fixedEffects: flags.fixedEffects,
    command,
    parameters,
    runs,
    wallSeconds: (performance.now() - wallStart) / 1000,
  });
  const files: OutputFile[] = [
    { name: 'sweep.json', content: sweepJson(sweep) },
    { name: 'sweep.csv', content: sweepCsv(sweep) },
    { name: 'replications.csv', content: sweepReplicationsCsv(parameters, runs) },
  ];
  try {
    // The sweep's chart (headline metrics against the parameter, with their intervals), written with the rest.
    const { chartFiles, metricLabels, sweepChart, sweepRowsFromPoints } = await import('../report/index.js');
    const paths = parameters.map((p) => p.path);
    const chart = sweepChart(sweepRowsFromPoints(sweep.points, paths, SWEEP_CHART_METRICS), {
      parameter: paths[0],
      seriesTitle: paths[1],
      labels: metricLabels(),
    });
    if (chart !== undefined) files.push(...(await chartFiles(chart)));
    await writeOutputFolder(folder, files);
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }

  if (args.json) io.stdout.write(sweepJson(sweep));
  else if (!args.quiet) io.stdout.write(humanSweep(sweep, folder));
  const finished = runs.reduce((n, r) => n + r.batch.results.length, 0);
  const asked = points.length * replications;
  if (failed) {
    reportAllFailures();
    io.stderr.write(`corrsim: ${finished} of ${asked} replications finished; written to ${folder} with "complete": false\n`);
    return EXIT_FAILED;
  }
  if (!sweep.complete) {
    io.stderr.write(`corrsim: interrupted: ${finished} of ${asked} replications finished; written to ${folder} with "complete": false\n`);
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
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

/** The printed sweep: one row per grid point, a few headline metrics as mean ± the half-width of the 95% CI. */
export function humanSweep(sweep: Sweep, folder: string): string {
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const paths = sweep.grid.parameters.map((p) => p.path);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let text =
    `${sweep.scenario.name}: ${plural(sweep.grid.points, 'grid point')} × ${plural(sweep.replications, 'replication')} ` +
    `(common random numbers), ${plural(sweep.years, 'year')} measured ${startPhrase(sweep.warmupYears, sweep.census)}, ` +
    `seed ${sweep.seed}${sweep.complete ? '' : sweep.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${sweep.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n` +
    'mean ± half-width of the 95% CI\n\n';
  const header = [...paths, ...SWEEP_TABLE_METRICS];
  const rows = sweep.points.map((p) => [
    ...paths.map((path) => String(p.values[path])),
    ...SWEEP_TABLE_METRICS.map((m) => formatMeanWithHalfWidth(p.metrics[m], units.get(m) ?? '')),
  ]);
  text += table([header, ...rows], 'r'.repeat(header.length), '   ');
  const perf = sweep.performance;
  text +=
    `\n${Math.round(perf.events).toLocaleString('en-US')} events in ${perf.cpuSeconds.toFixed(1)} CPU s, ` +
    `${perf.wallSeconds.toFixed(1)} s wall\noutput: ${folder}\n`;
  return text;
}
