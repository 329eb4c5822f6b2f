/** `corrsim run [SCENARIO]`: a Monte Carlo batch of one scenario, written to the output folder (with --band, see bands.ts). */
import { join } from 'node:path';
import { describeMissed } from '../../experiments/auto.js';
import { bandProblem } from '../../scenario/bands.js';
import { runStudy, type RunOutcome, type RunReplications, type RunRequest } from '../../studies/run.js';
import { jsonText } from '../../report/csv.js';
import { humanSummary } from '../../report/text/run.js';
import { reportRunFailures } from '../failures.js';
import { parseAutoRule, parseBandList, parseBatchFlags, parseNumber, type AutoArgs, type BatchArgs } from '../flags.js';
import { usageError, type CliIo } from '../io.js';
import type { BatchMode } from '../shards.js';
import { folderOrExit, identityOf, loadOrExit, requestOrExit, runStudyCommand, safeFolderName, type CommandContext, type StudyEnding } from '../runner.js';
import { runBandsCommand } from './bands.js';

/**
 * The flags of `run` as yargs hands them over: strings (arrays when repeated; true when given
 * without a value), so that this file can say what is wrong with a value.
 */
export interface RunArgs extends BatchArgs, AutoArgs {
  scenario: string;
  replication?: unknown;
  stories?: unknown;
  band?: unknown;
}

/** Life stories told in a run's report unless --stories says otherwise. */
const DEFAULT_STORIES = 3;

export async function runCommand(args: RunArgs, command: string, io: CliIo, batch?: BatchMode): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: true });
  const rule = parseAutoRule(args, flags.replications, problems);
  const only = parseNumber(args.replication, '--replication', 'a replication index, an integer ≥ 0', (x) => Number.isSafeInteger(x) && x >= 0, problems);
  const stories = parseNumber(args.stories, '--stories', 'a whole number from 0 to 20', (x) => Number.isInteger(x) && x >= 0 && x <= 20, problems) ?? DEFAULT_STORIES;
  if (only !== undefined && rule !== undefined) problems.push('--replication reruns one replication of a fixed batch; it cannot go with --replications auto');
  const bands = parseBandList(args.band, problems);
  if (bands !== undefined && flags.replications === 'auto') problems.push('--band runs every band with the same fixed number of replications; give -n N, not auto');
  if (bands !== undefined && only !== undefined) {
    problems.push('--replication reruns one replication of a plain run; it cannot go with --band (a failed replication of a band is reported with the command that reruns it)');
  }
  if (problems.length > 0) return usageError(io, problems);

  const cx: CommandContext = { io, command, quiet: args.quiet === true, json: args.json === true, batch };
  const loaded = loadOrExit(io, args.scenario, flags.sets);
  if (!loaded.ok) return loaded.exit;
  const scenario = loaded.value.scenario;
  if (bands !== undefined) {
    const problem = bandProblem(scenario, loaded.value.name, bands);
    if (problem !== undefined) return usageError(io, [problem]);
    return runBandsCommand({ cx, ref: args.scenario, loaded: loaded.value, flags, bands, stories });
  }
  const fixed = typeof flags.replications === 'number' ? flags.replications : scenario.run.replications;
  if (only !== undefined && only >= fixed) {
    return usageError(io, [`--replication must be below the number of replications (${fixed}; replications count from 0); got '${only}'`]);
  }
  const folder = flags.out ?? join('outputs', safeFolderName(loaded.value.name));
  const folderExit = await folderOrExit(io, folder);
  if (folderExit !== undefined) return folderExit;
  const base = requestOrExit(cx, loaded.value, flags);
  if (!base.ok) return base.exit;

  const replications: RunReplications = rule !== undefined ? { kind: 'auto', rule } : only !== undefined ? { kind: 'one', replication: only } : { kind: 'fixed', count: fixed };
  // A shard's study only feeds its replications to the shard folder: the merge tells the stories.
  const request: RunRequest = { ...base.value, scenario: identityOf(loaded.value), replications, stories: batch?.kind === 'shard' ? 0 : stories };
  return runStudyCommand(cx, folder, flags.workers, (runner, ui) => runStudy(request, runner, ui.hooks), (outcome) => runEnding(outcome, loaded.value, cx, folder));
}

function runEnding(outcome: RunOutcome, changes: { patch: unknown; overrides: ReadonlyArray<{ path: string; value: unknown }> }, cx: CommandContext, folder: string): StudyEnding {
  const { batch, summary, asked } = outcome;
  const finished = `${batch.results.length} of ${asked} replications finished; written to ${folder} with "complete": false`;
  const rule = outcome.replicationRule;
  return {
    anything: summary !== undefined,
    failed: batch.failures.length > 0,
    complete: batch.complete,
    reportFailures: () => reportRunFailures(cx.io, batch.failures, cx.command, folder),
    failedLine: finished,
    interruptedLine: `interrupted: ${finished}`,
    warning: rule === undefined || rule.reached ? undefined : precisionWarning(rule, folder),
    files: async () => (await import('../../report/files.js')).runFiles(summary!, batch.results, changes, outcome.stories),
    json: () => jsonText(summary),
    text: () => humanSummary(summary!, folder),
  };
}

/** When --replications auto stopped at its maximum before the asked precision. */
export function precisionWarning(record: NonNullable<RunOutcome['replicationRule']>, folder: string): string {
  const checks = record.precision.map((p) => ({ metric: p.metric, policy: p.policy, target: p.target, halfWidth: p.halfWidth ?? Infinity }));
  return (
    `--replications auto: reached the maximum of ${record.max} replications before the asked precision ` +
    `(${describeMissed(checks)}); written to ${folder} with "reached": false`
  );
}

