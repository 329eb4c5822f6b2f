/**
 * `corrsim compare BASELINE POLICY…`: the comparison study (src/studies/compare.ts). The output
 * folder holds comparison.json and comparison.csv, and one subfolder per scenario with its own
 * summary.json, replications.csv, timeseries.csv and cohorts.csv, so that every figure can be
 * traced to the replications it came from.
 */
import { join } from 'node:path';
import { compareStudy, type CompareOutcome, type CompareRequest, type CompareScenario } from '../../studies/compare.js';
import { jsonText } from '../../report/csv.js';
import { humanComparison } from '../../report/text/compare.js';
import { reportFailuresOf, rerunStart } from '../failures.js';
import { parseAutoRule, parseBatchFlags, type AutoArgs, type BatchArgs } from '../flags.js';
import { usageError, type CliIo } from '../io.js';
import type { BatchMode } from '../shards.js';
import { loadScenario } from '../../scenario/files.node.js';
import { folderOrExit, identityOf, requestOrExit, runStudyCommand, safeFolderName, type CommandContext, type Loaded, type StudyEnding } from '../runner.js';
import { precisionWarning } from './run.js';

export interface CompareArgs extends BatchArgs, AutoArgs {
  baseline?: string;
  policies?: string[];
}

/** Names a scenario's subfolder must not take: the files (and the report's folder) beside them. */
const RESERVED_NAMES = new Set(['comparison.json', 'comparison.csv', 'report.html', 'charts']);

export async function compareCommand(args: CompareArgs, command: string, io: CliIo, batch?: BatchMode): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: true });
  const rule = parseAutoRule(args, flags.replications, problems);
  const refs = [args.baseline, ...(args.policies ?? [])].filter((r): r is string => typeof r === 'string' && r.trim() !== '');
  if (refs.length === 0) {
    problems.unshift('compare needs a BASELINE and at least one POLICY scenario, e.g. corrsim compare norway-baseline education-expansion');
  } else if (refs.length === 1) {
    problems.unshift(`compare needs at least one POLICY scenario after the baseline, e.g. corrsim compare ${refs[0]} education-expansion`);
  }
  if (problems.length > 0) return usageError(io, problems);

  const cx: CommandContext = { io, command, quiet: args.quiet === true, json: args.json === true, batch };
  const loaded = loadAll(io, refs, flags.sets);
  if (!loaded.ok) return loaded.exit;
  const scenarios = loaded.value;
  // Every scenario runs with the baseline's settings: common random numbers need the same seed and horizon.
  const baseline = scenarios[0].loaded;
  const fixed = typeof flags.replications === 'number' ? flags.replications : baseline.scenario.run.replications;
  const defaultFolder = `compare-${safeFolderName(baseline.name)}-vs-${scenarios.slice(1).map((s) => safeFolderName(s.loaded.name)).join('+')}`;
  const folder = flags.out ?? join('outputs', defaultFolder);
  const folderExit = await folderOrExit(io, folder);
  if (folderExit !== undefined) return folderExit;
  // Every scenario starts from the baseline's census (or warm-up): the same people on the same day.
  const base = requestOrExit(cx, baseline, flags);
  if (!base.ok) return base.exit;
  const request: CompareRequest = {
    ...base.value,
    scenarios: scenarios.map((s) => ({ ...identityOf(s.loaded), folder: s.folder })),
    replications: rule !== undefined ? { kind: 'auto', rule } : { kind: 'fixed', count: fixed },
  };
  const recipe = (s: CompareScenario, ref: string) => ({ scenario: ref, sets: flags.sets, seed: request.seed, years: request.years, ...rerunStart(request.start), fixedEffects: request.fixedEffects, out: `${folder}-${s.folder}` });
  const reportFailures = (o: CompareOutcome) => o.runs.forEach((run, i) => reportFailuresOf(io, run.scenario.name, run.batch.failures, recipe(run.scenario, scenarios[i].ref)));
  return runStudyCommand(cx, folder, flags.workers, (runner, ui) => compareStudy(request, runner, ui.hooks), (outcome) => compareEnding(outcome, scenarios, folder, () => reportFailures(outcome)));
}

interface LoadedScenario {
  ref: string;
  loaded: Loaded;
  /** Its subfolder in the output folder. */
  folder: string;
}

/** Every scenario loaded, each with a subfolder of its own; or every problem of every scenario printed (exit 2). */
function loadAll(io: CliIo, refs: readonly string[], sets: readonly string[]): { ok: true; value: LoadedScenario[] } | { ok: false; exit: number } {
  const errors: string[] = [];
  const scenarios: LoadedScenario[] = [];
  const folders = new Set(RESERVED_NAMES);
  for (const ref of refs) {
    const loaded = loadScenario(ref, { sets });
    if (!loaded.ok) {
      for (const e of loaded.errors) if (!errors.includes(e)) errors.push(e);
      continue;
    }
    scenarios.push({ ref, loaded, folder: uniqueName(safeFolderName(loaded.name), folders) });
  }
  return errors.length > 0 ? { ok: false, exit: usageError(io, errors) } : { ok: true, value: scenarios };
}

/** `name`, or `name-2`, `name-3`, … if taken; the result is marked as taken. */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  taken.add(candidate);
  return candidate;
}

function compareEnding(outcome: CompareOutcome, scenarios: readonly LoadedScenario[], folder: string, reportFailures: () => void): StudyEnding {
  const { comparison, limit } = outcome;
  return {
    anything: comparison !== undefined,
    failed: outcome.runs.some((r) => r.batch.failures.length > 0),
    complete: comparison?.complete === true,
    reportFailures,
    failedLine: comparison && `not every replication finished (${comparison.replications} of ${limit} in every scenario); written to ${folder} with "complete": false`,
    interruptedLine: comparison && `interrupted: ${comparison.replications} of ${limit} replications finished in every scenario; written to ${folder} with "complete": false`,
    warning: outcome.replicationRule === undefined || outcome.replicationRule.reached ? undefined : precisionWarning(outcome.replicationRule, folder),
    files: async () => (await import('../../report/files.js')).compareFiles(outcome, scenarios.map((s) => s.loaded)),
    json: () => jsonText(comparison),
    text: () => humanComparison(comparison!, folder),
  };
}
