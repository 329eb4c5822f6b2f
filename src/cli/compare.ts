/**
 * `corrsim compare BASELINE POLICY…`: every scenario runs the same replications with the same seed
 * (common random numbers), and each policy is reported by its paired differences from the baseline.
 *
 * The output folder holds comparison.json and comparison.csv, and one subfolder per scenario with
 * its own summary.json, replications.csv, timeseries.csv and cohorts.csv, so that every figure can
 * be traced to the replications it came from.
 */
import { join } from 'node:path';
import { pairedDifferences, pairedHalfWidth95 } from '../stats/paired.js';
import { buildSummary, outputFiles, type Summary } from '../batch/aggregate.js';
import { autoRecord, runUntilPrecise, type AutoReplicationRecord, type PrecisionCheck } from '../batch/auto.js';
import { buildComparison, comparisonCsv, comparisonJson, type Comparison } from '../batch/comparison.js';
import { combineBatches, runBatch, type BatchOptions, type BatchResult } from '../batch/runBatch.js';
import { METRICS, type ReplicationResult } from '../model/result.js';
import { loadScenario } from '../scenario/files.node.js';
import type { Scenario } from '../scenario/types.js';
import { autoSummaryLine, CombinedProgress, nothingFinished, reportFailuresOf } from './batches.js';
import { parseAutoRule, parseBatchFlags, type AutoArgs, type BatchArgs } from './flags.js';
import { censusRecord, rerunStart, resolveRun } from './census.js';
import { startPhrase } from '../scenario/census.js';
import { formatDifference, formatRelative, table } from './format.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder, type OutputFile } from './output.js';
import { defaultWorkers, HEADLINE_METRICS, safeFolderName, warnIfPrecisionMissed } from './run.js';

export interface CompareArgs extends BatchArgs, AutoArgs {
  baseline?: string;
  policies?: string[];
}

/** Names a scenario's subfolder must not take: the files (and the report's folder) beside them. */
const RESERVED_NAMES = new Set(['comparison.json', 'comparison.csv', 'report.html', 'charts']);

/** One scenario of the comparison while it runs. */
interface ScenarioRun {
  ref: string;
  name: string;
  sha256: string;
  scenario: Scenario;
  /** Its subfolder in the output folder. */
  folder: string;
  /** The file's own fields and the --set overrides, to show what it changes. */
  patch: unknown;
  overrides: ReadonlyArray<{ path: string; value: unknown }>;
  batches: BatchResult[];
  results: ReplicationResult[];
}

export async function compareCommand(args: CompareArgs, command: string, io: CliIo): Promise<number> {
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

  const loadErrors: string[] = [];
  const runs: ScenarioRun[] = [];
  const folders = new Set(RESERVED_NAMES);
  let baseline: Extract<ReturnType<typeof loadScenario>, { ok: true }> | undefined;
  for (const ref of refs) {
    const loaded = loadScenario(ref, { sets: flags.sets });
    if (!loaded.ok) {
      for (const e of loaded.errors) if (!loadErrors.includes(e)) loadErrors.push(e);
      continue;
    }
    if (runs.length === 0) baseline = loaded;
    runs.push({
      ref,
      name: loaded.name,
      sha256: loaded.sha256,
      scenario: loaded.scenario,
      folder: uniqueName(safeFolderName(loaded.name), folders),
      patch: loaded.patch,
      overrides: loaded.overrides,
      batches: [],
      results: [],
    });
  }
  if (loadErrors.length > 0) return usageError(io, loadErrors);

  // Every scenario runs with the baseline's settings: common random numbers need the same seed and horizon.
  const base = runs[0].scenario.run;
  const fixedReplications = typeof flags.replications === 'number' ? flags.replications : base.replications;
  const defaultFolder = `compare-${safeFolderName(runs[0].name)}-vs-${runs.slice(1).map((r) => safeFolderName(r.name)).join('+')}`;
  const folder = flags.out ?? join('outputs', defaultFolder);
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);
  // Every scenario starts from the baseline's census (or warm-up): the same people on the same day.
  const resolved = resolveRun(baseline!, flags, io, args.quiet === true || args.json === true);
  if (!resolved.ok) return resolved.exit;
  const { settings, start } = resolved.run;

  const workers = flags.workers ?? defaultWorkers();
  const progress = new CombinedProgress(io, args.quiet, runs.length * (rule?.start ?? fixedReplications));
  const options: BatchOptions = {
    ...settings,
    replications: 0,
    workers,
    fixedEffects: flags.fixedEffects,
    census: start.census?.states,
    onProgress: progress.onProgress,
    shouldStop: () => io.interrupt?.aborted === true,
  };
  /**
   * Replications first..first+count−1 of every scenario, one scenario after another. A failed
   * replication does not stop the other scenarios (their comparisons stay useful); Ctrl-C does.
   */
  const runRange = async (first: number, count: number): Promise<boolean> => {
    progress.total = runs.length * (first + count);
    let all = true;
    for (const run of runs) {
      if (io.interrupt?.aborted === true) return false;
      const batch = await runBatch(run.scenario, { ...options, firstReplication: first, replications: count });
      progress.batchDone(batch.results.length);
      run.batches.push(batch);
      run.results.push(...batch.results);
      if (!batch.complete) {
        all = false;
        if (batch.failures.length === 0) return false; // interrupted
      }
    }
    return all;
  };
  /** The half-width of every named metric's paired difference, for every policy, from replications 0..n−1. */
  const checksAt = (n: number): PrecisionCheck[] => {
    const below = (results: readonly ReplicationResult[]) => results.filter((r) => r.replication < n);
    const baseline = below(runs[0].results);
    return (rule?.targets ?? []).flatMap((t) =>
      runs.slice(1).map((p) => ({
        metric: t.metric,
        policy: p.name,
        target: t.halfWidth,
        halfWidth: pairedHalfWidth95(baseline, below(p.results), t.metric),
      })),
    );
  };

  const wallStart = performance.now();
  progress.begin(1);
  let limit = fixedReplications;
  let replicationRule: AutoReplicationRecord | undefined;
  try {
    if (rule === undefined) await runRange(0, fixedReplications);
    else {
      const outcome = await runUntilPrecise(rule, workers, { runRange, checksAt });
      limit = outcome.replications;
      replicationRule = autoRecord(rule, outcome);
    }
  } catch (error) {
    progress.finish();
    return internalError(io, 'the simulation failed', error);
  }
  progress.finish();
  const wallSeconds = (performance.now() - wallStart) / 1000;

  const batches = runs.map((r) => combineBatches(r.batches, limit));
  const failed = batches.some((b) => b.failures.length > 0);
  const recipe = (run: ScenarioRun) => ({ scenario: run.ref, sets: flags.sets, ...settings, ...rerunStart(start), fixedEffects: flags.fixedEffects, out: `${folder}-${run.folder}` });
  const reportAllFailures = () => runs.forEach((run, i) => reportFailuresOf(io, run.name, batches[i].failures, recipe(run)));
  if (batches.every((b) => b.results.length === 0)) return nothingFinished(io, failed, reportAllFailures);

  const folderOf = (i: number) => (batches[i].results.length > 0 ? runs[i].folder : null);
  const compared = runs.map((run, i) => ({ name: run.name, sha256: run.sha256, resolved: run.scenario, folder: folderOf(i), batch: batches[i] }));
  const comparison = buildComparison({
    baseline: compared[0],
    policies: compared.slice(1),
    ...settings,
    ...censusRecord(start),
    fixedEffects: flags.fixedEffects,
    replicationRule,
    command,
    wallSeconds,
  });
  const files: OutputFile[] = [
    { name: 'comparison.json', content: comparisonJson(comparison) },
    { name: 'comparison.csv', content: comparisonCsv(comparison) },
  ];
  const summaries: Array<Summary | null> = runs.map(() => null);
  runs.forEach((run, i) => {
    if (batches[i].results.length === 0) return;
    const summary = buildSummary({
      scenario: { name: run.name, sha256: run.sha256, resolved: run.scenario },
      ...settings,
      ...censusRecord(start),
      fixedEffects: flags.fixedEffects,
      command,
      batch: batches[i],
    });
    summaries[i] = summary;
    for (const f of outputFiles(summary, batches[i].results)) files.push({ name: `${run.folder}/${f.name}`, content: f.content });
  });
  try {
    const baseSummary = summaries[0];
    if (baseSummary !== null) {
      // report.html and charts/* of the comparison, written with the rest, whole or not at all.
      const { buildCompareReport } = await import('../report/index.js');
      const base = { summary: baseSummary, results: batches[0].results, patch: runs[0].patch, overrides: runs[0].overrides };
      const policies = runs.slice(1).flatMap((run, k) => {
        const summary = summaries[k + 1];
        if (summary === null) return [];
        const results = batches[k + 1].results;
        return [{ summary, results, patch: run.patch, overrides: run.overrides, differences: pairedDifferences(batches[0].results, results) }];
      });
      files.push(...(await buildCompareReport({ baseline: base, policies, command })));
    }
    await writeOutputFolder(folder, files);
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }

  if (args.json) io.stdout.write(comparisonJson(comparison));
  else if (!args.quiet) io.stdout.write(humanComparison(comparison, folder));
  if (failed) {
    reportAllFailures();
    io.stderr.write(
      `corrsim: not every replication finished (${comparison.replications} of ${limit} in every scenario); ` +
        `written to ${folder} with "complete": false\n`,
    );
    return EXIT_FAILED;
  }
  if (!comparison.complete) {
    io.stderr.write(
      `corrsim: interrupted: ${comparison.replications} of ${limit} replications finished in every scenario; ` +
        `written to ${folder} with "complete": false\n`,
    );
    return EXIT_INTERRUPTED;
  }
  if (replicationRule !== undefined) warnIfPrecisionMissed(io, replicationRule, folder);
  return EXIT_OK;
}

/** `name`, or `name-2`, `name-3`, … if taken; the result is marked as taken. */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  taken.add(candidate);
  return candidate;
}

/**
 * The printed comparison: per policy, the headline metrics' differences from the baseline with
 * their 95% intervals, the relative difference, and how often the policy did better.
 */
export function humanComparison(c: Comparison, folder: string): string {
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let text =
    `Compared with ${c.baseline.name}: ${plural(c.replications, 'paired replication')} (common random numbers), ` +
    `${plural(c.years, 'year')} measured ${startPhrase(c.warmupYears, c.census)}, seed ${c.seed}` +
    `${c.complete ? '' : c.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${c.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n`;
  if (c.replicationRule !== undefined) text += autoSummaryLine(c.replicationRule, c.replications) + '\n';
  for (const p of c.comparisons) {
    text += `\n${p.policy} − ${c.baseline.name}   difference [95% CI], relative\n`;
    const rows = HEADLINE_METRICS.map((name) => {
      const m = p.metrics[name];
      if (m === undefined) return ['  ' + name, 'n/a', '', ''];
      const better = m.shareBetter === null ? '' : `better in ${Math.round(100 * m.shareBetter)}% of replications`;
      return ['  ' + name, formatDifference(m.difference, units.get(name) ?? ''), formatRelative(m.relative), better];
    });
    text += table(rows, 'lrrl', '   ');
  }
  const p = c.performance;
  text +=
    `\n${Math.round(p.events).toLocaleString('en-US')} events in ${p.cpuSeconds.toFixed(1)} CPU s, ` +
    `${p.wallSeconds.toFixed(1)} s wall\noutput: ${folder}\n`;
  return text;
}
