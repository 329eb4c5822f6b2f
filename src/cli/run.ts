/**
 * `corrsim run [SCENARIO]`: a Monte Carlo batch of one scenario, written to the output folder.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { halfWidth95 } from '../stats/paired.js';
import { buildSummary, outputFiles, summaryJson, type Summary } from '../batch/aggregate.js';
import { autoRecord, describeMissed, runUntilPrecise, type AutoReplicationRecord, type AutoRule } from '../batch/auto.js';
import { combineBatches, runBatch, type BatchOptions, type BatchResult, type ReplicationFailure } from '../batch/runBatch.js';
import { bandProblem } from '../scenario/bands.js';
import { loadScenario } from '../scenario/files.node.js';
import { METRICS, type ReplicationOptions, type ReplicationResult } from '../model/result.js';
import { followPeople } from '../model/trace.js';
import type { Scenario } from '../scenario/types.js';
import type { ScenarioChanges } from '../report/html.js';
import type { CensusRecord } from '../scenario/census.js';
import { startPhrase } from '../scenario/census.js';
import { runBandsCommand } from './bands.js';
import { censusRecord, resolveRun, startState, type RunStart } from './census.js';
import { autoSummaryLine, CombinedProgress, nothingFinished } from './batches.js';
import { parseAutoRule, parseBandList, parseBatchFlags, parseNumber, type AutoArgs, type BatchArgs } from './flags.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, shellQuote, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder, type OutputFile } from './output.js';

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

/** The metrics of the human summary, in this order. */
export const HEADLINE_METRICS = [
  'population_total',
  'remand_share',
  'occupancy_high',
  'occupancy_low',
  'sentence_queue',
  'admissions_per_year',
  'mean_time_served_days',
  'reconviction_2y',
  'reconviction_any_2y',
  'cost_per_year_nok',
] as const;

/** The stories of a few people of the first finished replication, dated, for the report. */
function lifeStories(scenario: Scenario, options: ReplicationOptions, count: number, census?: readonly CensusRecord[]) {
  const { stories } = followPeople(scenario, options, count, null, census);
  const start = Date.parse(`${scenario.run.startDate}T00:00:00Z`);
  return stories.map((s) => ({
    id: s.id,
    lines: [
      { day: s.lines[0]?.day ?? 0, text: `Person ${s.id}: ${s.portrait}` },
      ...s.lines.map((l) => ({ day: l.day, date: new Date(start + Math.round(l.day) * 86_400_000).toISOString().slice(0, 10), text: l.text })),
    ],
  }));
}

export async function runCommand(args: RunArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: true });
  const rule = parseAutoRule(args, flags.replications, problems);
  const only = parseNumber(args.replication, '--replication', 'a replication index, an integer ≥ 0', (x) => Number.isSafeInteger(x) && x >= 0, problems);
  const storyCount =
    parseNumber(args.stories, '--stories', 'a whole number from 0 to 20', (x) => Number.isInteger(x) && x >= 0 && x <= 20, problems) ?? DEFAULT_STORIES;
  if (only !== undefined && rule !== undefined) problems.push('--replication reruns one replication of a fixed batch; it cannot go with --replications auto');
  const bands = parseBandList(args.band, problems);
  if (bands !== undefined && flags.replications === 'auto') problems.push('--band runs every band with the same fixed number of replications; give -n N, not auto');
  if (bands !== undefined && only !== undefined) {
    problems.push('--replication reruns one replication of a plain run; it cannot go with --band (a failed replication of a band is reported with the command that reruns it)');
  }
  if (problems.length > 0) return usageError(io, problems);

  const loaded = loadScenario(args.scenario, { sets: flags.sets });
  if (!loaded.ok) return usageError(io, loaded.errors);
  const scenario = loaded.scenario;
  if (bands !== undefined) {
    const problem = bandProblem(scenario, loaded.name, bands);
    if (problem !== undefined) return usageError(io, [problem]);
    return runBandsCommand({ ref: args.scenario, loaded, flags, bands, storyCount, quiet: args.quiet, json: args.json, command }, io);
  }
  const fixedReplications = typeof flags.replications === 'number' ? flags.replications : scenario.run.replications;
  if (only !== undefined && only >= fixedReplications) {
    return usageError(io, [
      `--replication must be below the number of replications (${fixedReplications}; replications count from 0); got '${only}'`,
    ]);
  }
  const folder = flags.out ?? join('outputs', safeFolderName(loaded.name));
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);
  const resolved = resolveRun(loaded, flags, io, args.quiet === true || args.json === true);
  if (!resolved.ok) return resolved.exit;
  const { settings, start } = resolved.run;

  const workers = flags.workers ?? defaultWorkers();
  const progress = new CombinedProgress(io, args.quiet, rule?.start ?? (only === undefined ? fixedReplications : 1));
  const batchOptions: BatchOptions = {
    ...settings,
    replications: 0,
    workers,
    fixedEffects: flags.fixedEffects,
    census: start.census?.states,
    onProgress: progress.onProgress,
    shouldStop: () => io.interrupt?.aborted === true,
  };
  // --replication R: a batch of one, replication R, with everything else as in the full batch.
  const range = only === undefined ? { firstReplication: 0, replications: fixedReplications } : { firstReplication: only, replications: 1 };
  progress.begin(1);
  let batch: BatchResult;
  let replicationRule: AutoReplicationRecord | undefined;
  try {
    if (rule === undefined) {
      batch = await runBatch(scenario, { ...batchOptions, ...range });
    } else {
      ({ batch, record: replicationRule } = await runAuto(scenario, rule, batchOptions, progress));
      range.replications = batch.requested.count;
    }
  } catch (error) {
    progress.finish();
    return internalError(io, 'the simulation failed', error);
  }
  progress.finish();

  const failed = batch.failures.length > 0;
  if (batch.results.length === 0) return nothingFinished(io, failed, () => reportFailures(io, batch.failures, command, folder));
  const summary = buildSummary({
    scenario: { name: loaded.name, sha256: loaded.sha256, resolved: scenario },
    ...settings,
    ...censusRecord(start),
    fixedEffects: flags.fixedEffects,
    replicationRule,
    command,
    batch,
  });
  try {
    await writeOutputFolder(folder, await runFolderFiles(summary, batch.results, loaded, storyCount, start));
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }

  if (args.json) io.stdout.write(summaryJson(summary));
  else if (!args.quiet) io.stdout.write(humanSummary(summary, folder));
  if (failed) {
    reportFailures(io, batch.failures, command, folder);
    io.stderr.write(
      `corrsim: ${batch.results.length} of ${range.replications} replications finished; ` +
        `written to ${folder} with "complete": false\n`,
    );
    return EXIT_FAILED;
  }
  if (!batch.complete) {
    io.stderr.write(
      `corrsim: interrupted: ${batch.results.length} of ${range.replications} replications finished; ` +
        `written to ${folder} with "complete": false\n`,
    );
    return EXIT_INTERRUPTED;
  }
  if (replicationRule !== undefined) warnIfPrecisionMissed(io, replicationRule, folder);
  return EXIT_OK;
}

/**
 * The files of a run's output folder: summary.json, the CSV tables, and report.html with its charts
 * and the life stories of `storyCount` people of the first finished replication.
 */
export async function runFolderFiles(
  summary: Summary,
  results: readonly ReplicationResult[],
  changes: ScenarioChanges,
  storyCount: number,
  start: RunStart,
): Promise<OutputFile[]> {
  // The report layer loads vega and resvg, so it is imported only when a report is written.
  const { buildRunReport } = await import('../report/index.js');
  const options = { seed: summary.seed, years: summary.years, warmupYears: summary.warmupYears, replication: results[0].replication, fixedEffects: summary.fixedEffects };
  const traces = storyCount > 0 ? lifeStories(summary.scenario.resolved, options, storyCount, startState(start, options.replication)) : undefined;
  const report = await buildRunReport({ summary, results, patch: changes.patch, overrides: changes.overrides, traces });
  return [...outputFiles(summary, results), ...report];
}

/**
 * `--replications auto` for one scenario: rounds of replications (see src/batch/auto.ts) until the
 * 95% half-width of the mean of every named metric is at most its target, or the maximum.
 */
async function runAuto(
  scenario: Scenario,
  rule: AutoRule,
  options: BatchOptions,
  progress: CombinedProgress,
): Promise<{ batch: BatchResult; record: AutoReplicationRecord }> {
  const batches: BatchResult[] = [];
  const results: ReplicationResult[] = [];
  const outcome = await runUntilPrecise(rule, options.workers ?? 1, {
    runRange: async (first, count) => {
      progress.total = first + count;
      const b = await runBatch(scenario, { ...options, firstReplication: first, replications: count });
      progress.batchDone(b.results.length);
      batches.push(b);
      results.push(...b.results);
      return b.complete;
    },
    checksAt: (n) =>
      rule.targets.map((t) => ({
        metric: t.metric,
        target: t.halfWidth,
        halfWidth: halfWidth95(results.filter((r) => r.replication < n).map((r) => r.metrics[t.metric] ?? NaN)),
      })),
  });
  return { batch: combineBatches(batches, outcome.replications), record: autoRecord(rule, outcome) };
}

/** Says on stderr when --replications auto stopped at its maximum before the asked precision. */
export function warnIfPrecisionMissed(io: CliIo, record: AutoReplicationRecord, folder: string): void {
  if (record.reached) return;
  io.stderr.write(
    `corrsim: --replications auto: reached the maximum of ${record.max} replications before the asked precision ` +
      `(${describeMissed(checksOf(record))}); written to ${folder} with "reached": false\n`,
  );
}

/** The checks of a record, back in the form describeMissed reads. */
export function checksOf(record: AutoReplicationRecord) {
  return record.precision.map((p) => ({ metric: p.metric, policy: p.policy, target: p.target, halfWidth: p.halfWidth ?? Infinity }));
}

/**
 * One line per failed replication, with the command that reruns it alone: the same command with
 * `--replication R` (so the same scenario, seed and horizon) and its own output folder, so that
 * the partial results just written are not replaced. CORRSIM_DEBUG=1 there prints the stack.
 */
function reportFailures(io: CliIo, failures: readonly ReplicationFailure[], command: string, folder: string): void {
  const env = io.env ?? process.env;
  const debug = env.CORRSIM_DEBUG !== undefined && env.CORRSIM_DEBUG !== '' && env.CORRSIM_DEBUG !== '0';
  for (const f of failures) {
    const rerun = `${command} --replication ${f.replication} -o ${shellQuote(`${folder}-replication-${f.replication}`)}`;
    io.stderr.write(
      `corrsim: replication ${f.replication} (seed ${f.seed}) failed: ${f.message.split('\n', 1)[0]}; ` +
        `rerun it alone with: CORRSIM_DEBUG=1 ${rerun}\n`,
    );
    if (debug && f.stack) io.stderr.write(f.stack + '\n');
  }
}

/** The default number of workers: the cores Node may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** A scenario name as a folder name: anything but letters, digits, '.', '_' and '-' becomes '-'. */
export function safeFolderName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return safe === '' ? 'scenario' : safe;
}

/** The short report printed after a run: the headline metrics with their 95% intervals, the speed and where the files are. */
export function humanSummary(summary: Summary, folder: string): string {
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const rows = HEADLINE_METRICS.map((name) => {
    const m = summary.metrics[name];
    const unit = units.get(name) ?? '';
    const ci = m?.ci95 ? `${formatValue(m.ci95[0], unit)} – ${formatValue(m.ci95[1], unit)}` : 'n/a';
    return [name, m?.mean == null ? 'n/a' : formatValue(m.mean, unit), ci];
  });
  const header = ['metric', 'mean', '95% CI'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ').trimEnd() + '\n';
  const p = summary.performance;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let text =
    `${summary.scenario.name}: ${plural(summary.replications, 'replication')}, ${plural(summary.years, 'year')} measured ` +
    `${startPhrase(summary.warmupYears, summary.census)}, seed ${summary.seed}` +
    `${summary.complete ? '' : summary.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${summary.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n`;
  if (summary.replicationRule !== undefined) text += autoSummaryLine(summary.replicationRule, summary.replications) + '\n';
  text += '\n';
  text += line(header);
  for (const r of rows) text += line(r);
  text +=
    `\n${formatCount(p.events)} events in ${p.cpuSeconds.toFixed(1)} CPU s ` +
    `(${formatCount(p.eventsPerCpuSecond)} events/s), ${p.wallSeconds.toFixed(1)} s wall\n`;
  text += `output: ${folder}\n`;
  return text;
}

/** Shares as percentages; counts and money grouped by thousands; small figures to 3 significant digits. */
export function formatValue(x: number, unit: string): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (unit === 'share') return `${(100 * x).toFixed(1)}%`;
  const a = Math.abs(x);
  if (a >= 1000) return formatCount(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function formatCount(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
