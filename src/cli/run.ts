/**
 * `corrsim run [SCENARIO]`: a Monte Carlo batch of one scenario, written to the output folder.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { buildSummary, outputFiles, summaryJson, type Summary } from '../batch/aggregate.js';
import { runBatch, type BatchResult, type ReplicationFailure } from '../batch/runBatch.js';
import { loadScenario } from '../scenario/load.js';
import { METRICS } from '../model/result.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, shellQuote, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder } from './output.js';
import { ProgressBar } from './progress.js';

/**
 * The flags of `run` as yargs hands them over: strings (arrays when repeated; true when given
 * without a value), so that this file can say what is wrong with a value.
 */
export interface RunArgs {
  scenario: string;
  replications?: unknown;
  seed?: unknown;
  years?: unknown;
  warmupYears?: unknown;
  out?: unknown;
  workers?: unknown;
  replication?: unknown;
  set?: unknown;
  quiet?: boolean;
  json?: boolean;
}

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

export async function runCommand(args: RunArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const replications = parseNumber(args.replications, '--replications (-n)', 'a positive integer', (x) => Number.isInteger(x) && x >= 1, problems);
  const seed = parseNumber(args.seed, '--seed (-s)', 'a non-negative integer', (x) => Number.isSafeInteger(x) && x >= 0, problems);
  const years = parseNumber(args.years, '--years', 'a positive number of years', (x) => x > 0, problems);
  const warmupYears = parseNumber(args.warmupYears, '--warmup-years', 'a non-negative number of years', (x) => x >= 0, problems);
  const workers = parseNumber(args.workers, '--workers (-j)', 'a positive integer', (x) => Number.isInteger(x) && x >= 1, problems);
  const only = parseNumber(args.replication, '--replication', 'a replication index, an integer ≥ 0', (x) => Number.isSafeInteger(x) && x >= 0, problems);
  const out = lastString(args.out, '--out (-o)', problems);
  const sets = setValues(args.set, problems);
  if (problems.length > 0) return usageError(io, problems);

  const loaded = loadScenario(args.scenario, { sets });
  if (!loaded.ok) return usageError(io, loaded.errors);
  const scenario = loaded.scenario;
  const settings = {
    seed: seed ?? scenario.run.seed,
    replications: replications ?? scenario.run.replications,
    years: years ?? scenario.run.years,
    warmupYears: warmupYears ?? scenario.run.warmupYears,
  };
  if (only !== undefined && only >= settings.replications) {
    return usageError(io, [
      `--replication must be below the number of replications (${settings.replications}; replications count from 0); got '${only}'`,
    ]);
  }
  const folder = out ?? join('outputs', safeFolderName(loaded.name));
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);

  const bar = !args.quiet && io.stderr.isTTY ? new ProgressBar(io.stderr) : undefined;
  // --replication R: a batch of one, replication R, with everything else as in the full batch.
  const range = only === undefined ? { firstReplication: 0, replications: settings.replications } : { firstReplication: only, replications: 1 };
  bar?.update({ done: 0, total: range.replications, elapsedSeconds: 0, workers: 1 });
  let batch: BatchResult;
  try {
    batch = await runBatch(scenario, {
      ...settings,
      ...range,
      workers: workers ?? defaultWorkers(),
      onProgress: bar && ((p) => bar.update(p)),
      shouldStop: () => io.interrupt?.aborted === true,
    });
  } catch (error) {
    bar?.finish();
    return internalError(io, 'the simulation failed', error);
  }
  bar?.finish();

  const failed = batch.failures.length > 0;
  if (batch.results.length === 0) {
    if (failed) {
      reportFailures(io, batch.failures, command, folder);
      io.stderr.write('corrsim: no replication finished; nothing written\n');
      return EXIT_FAILED;
    }
    io.stderr.write('corrsim: interrupted before any replication finished; nothing written\n');
    return EXIT_INTERRUPTED;
  }
  const summary = buildSummary({
    scenario: { name: loaded.name, sha256: loaded.sha256, resolved: scenario },
    seed: settings.seed,
    years: settings.years,
    warmupYears: settings.warmupYears,
    command,
    batch,
  });
  try {
    await writeOutputFolder(folder, outputFiles(summary, batch.results));
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
  return EXIT_OK;
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

/**
 * A numeric flag: undefined when absent; the last value when repeated. A problem (naming the flag,
 * what was expected and what was found) is added when the value is not a number meeting `ok`.
 */
function parseNumber(
  raw: unknown,
  name: string,
  expected: string,
  ok: (x: number) => boolean,
  problems: string[],
): number | undefined {
  const text = lastString(raw, name, problems);
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(value) || !ok(value)) {
    problems.push(`${name} must be ${expected}; got ${text === '' ? 'nothing' : `'${text}'`}`);
    return undefined;
  }
  return value;
}

/** The last value of a flag given once or more; '' for a flag given without a value. */
function lastString(raw: unknown, name: string, problems: string[]): string | undefined {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  if (text === '' && name.startsWith('--out')) {
    problems.push(`${name} needs a folder`);
    return undefined;
  }
  return text;
}

/** The raw `--set` strings; the scenario loader parses and checks them. */
function setValues(raw: unknown, problems: string[]): string[] {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const sets: string[] = [];
  for (const v of values) {
    if (typeof v === 'string' && v !== '') sets.push(v);
    else problems.push('--set needs PATH=VALUE, e.g. --set programs.education.slots=400; got nothing');
  }
  return sets;
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
    `after ${plural(summary.warmupYears, 'warm-up year')}, seed ${summary.seed}` +
    `${summary.complete ? '' : summary.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}\n\n`;
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
