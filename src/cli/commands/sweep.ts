/**
 * `corrsim sweep [SCENARIO] --vary PATH=FROM:TO:STEP [--vary …]`: the sweep study
 * (src/studies/sweep.ts), written as sweep.json, sweep.csv, replications.csv and a chart.
 */
import { join } from 'node:path';
import { parseVary, type VarySpec } from '../../stats/grid.js';
import { buildGrid, sweepStudy, type SweepOutcome, type SweepRequest } from '../../studies/sweep.js';
import { jsonText } from '../../report/csv.js';
import { humanSweep } from '../../report/text/sweep.js';
import { reportFailuresOf, rerunStart } from '../failures.js';
import { listValues, parseBatchFlags, type BatchArgs } from '../flags.js';
import { usageError, type CliIo } from '../io.js';
import type { BatchMode } from '../shards.js';
import { folderOrExit, identityOf, loadOrExit, requestOrExit, runStudyCommand, safeFolderName, type CommandContext, type StudyEnding } from '../runner.js';

export interface SweepArgs extends BatchArgs {
  scenario: string;
  vary?: unknown;
}

const MAX_PARAMETERS = 2;

export async function sweepCommand(args: SweepArgs, command: string, io: CliIo, batch?: BatchMode): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: false });
  const specs = parseVaries(listValues(args.vary), problems);
  if (problems.length > 0) return usageError(io, problems);

  const cx: CommandContext = { io, command, quiet: args.quiet === true, json: args.json === true, batch };
  const loaded = loadOrExit(io, args.scenario, flags.sets);
  if (!loaded.ok) return loaded.exit;
  const grid = buildGrid(loaded.value.scenario, specs);
  if (!grid.ok) return usageError(io, grid.errors);
  const replications = typeof flags.replications === 'number' ? flags.replications : loaded.value.scenario.run.replications;
  const paths = specs.map((s) => s.path);
  const folder = flags.out ?? join('outputs', `sweep-${safeFolderName(loaded.value.name)}-${paths.map(safeFolderName).join('+')}`);
  const folderExit = await folderOrExit(io, folder);
  if (folderExit !== undefined) return folderExit;
  // Every point starts from the scenario's census (or warm-up), whatever the parameters.
  const base = requestOrExit(cx, loaded.value, flags);
  if (!base.ok) return base.exit;
  const request: SweepRequest = { ...base.value, scenario: identityOf(loaded.value), parameters: grid.parameters, points: grid.points, replications };

  const reportFailures = (outcome: SweepOutcome) => {
    for (const run of outcome.runs) {
      const sets = [...flags.sets, ...paths.map((p, i) => `${p}=${run.values[i]}`)];
      const out = `${folder}-${paths.map((p, i) => `${safeFolderName(p)}=${run.values[i]}`).join('-')}`;
      const label = `${loaded.value.name} at ${paths.map((p, i) => `${p}=${run.values[i]}`).join(' ')}`;
      reportFailuresOf(io, label, run.batch.failures, { scenario: args.scenario, sets, seed: request.seed, years: request.years, ...rerunStart(request.start), fixedEffects: request.fixedEffects, out });
    }
  };
  return runStudyCommand(cx, folder, flags.workers, (runner, ui) => sweepStudy(request, runner, ui.hooks), (outcome): StudyEnding => {
    const finished = `${outcome.runs.reduce((n, r) => n + r.batch.results.length, 0)} of ${grid.points.length * replications} replications finished`;
    return {
      anything: outcome.sweep !== undefined,
      failed: outcome.runs.some((r) => r.batch.failures.length > 0),
      complete: outcome.sweep?.complete === true,
      reportFailures: () => reportFailures(outcome),
      failedLine: `${finished}; written to ${folder} with "complete": false`,
      interruptedLine: `interrupted: ${finished}; written to ${folder} with "complete": false`,
      files: async () => (await import('../../report/files.js')).sweepFiles(outcome.sweep!, outcome.runs),
      json: () => jsonText(outcome.sweep),
      text: () => humanSweep(outcome.sweep!, folder),
    };
  });
}

/** The --vary flags: one or two parameters, each once. */
function parseVaries(varies: readonly string[], problems: string[]): VarySpec[] {
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
  return specs;
}
