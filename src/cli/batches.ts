/**
 * What the batch commands share once their flags are checked: one progress bar over several
 * batches (scenarios, grid points, rounds of `--replications auto`), the lines that report failed
 * replications, and the summary line of an auto run.
 */
import { SYNTHETIC_CENSUS } from '../scenario/resolve.js';
import type { AutoReplicationRecord } from '../batch/auto.js';
import type { BatchProgress, ReplicationFailure } from '../batch/runBatch.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, shellQuote, type CliIo } from './io.js';
import { ProgressBar } from './progress.js';

/** One bar for a sequence of batches: replications done across them all, out of a total that may grow. */
export class CombinedProgress {
  private readonly start = performance.now();
  private doneBefore = 0;
  private readonly bar: ProgressBar | undefined;

  constructor(io: CliIo, quiet: boolean | undefined, public total: number) {
    this.bar = !quiet && io.stderr.isTTY ? new ProgressBar(io.stderr) : undefined;
  }

  get active(): boolean {
    return this.bar !== undefined;
  }

  /** Draws the bar before a batch starts (nothing done in it yet). */
  begin(workers: number): void {
    this.update({ done: 0, total: 0, elapsedSeconds: 0, workers });
  }

  /** For runBatch's onProgress; undefined when no bar is drawn. */
  get onProgress(): ((p: BatchProgress) => void) | undefined {
    return this.bar && ((p: BatchProgress) => this.update(p));
  }

  /** A batch is over: what it finished counts from now on. */
  batchDone(finished: number): void {
    this.doneBefore += finished;
  }

  finish(): void {
    this.bar?.finish();
  }

  private update(p: BatchProgress): void {
    const done = this.doneBefore + p.done;
    this.bar?.update({ done, total: Math.max(this.total, done), elapsedSeconds: (performance.now() - this.start) / 1000, workers: p.workers });
  }
}

/** How to run one replication of one scenario alone: `corrsim run … --replication R`. */
export interface RerunRecipe {
  scenario: string;
  sets: readonly string[];
  seed: number;
  years: number;
  warmupYears: number;
  /** `--census`: synthetic (drawn after warmupYears) or a census file; absent for a warm-up from an empty system. */
  census?: string;
  fixedEffects: boolean;
  out: string;
}

export function rerunCommand(recipe: RerunRecipe, replication: number): string {
  const words = [
    'corrsim', 'run', recipe.scenario,
    '-n', String(replication + 1),
    '-s', String(recipe.seed),
    '--years', String(recipe.years),
    ...(recipe.census === undefined || recipe.census === SYNTHETIC_CENSUS ? ['--warmup-years', String(recipe.warmupYears)] : []),
    ...(recipe.census !== undefined ? ['--census', recipe.census] : []),
    ...recipe.sets.flatMap((s) => ['--set', s]),
    ...(recipe.fixedEffects ? ['--fixed-effects'] : []),
    '--replication', String(replication),
    '-o', `${recipe.out}-replication-${replication}`,
  ];
  return words.map(shellQuote).join(' ');
}

/** One line per failed replication of `label` (a scenario or grid point), with the command that reruns it alone. */
export function reportFailuresOf(io: CliIo, label: string, failures: readonly ReplicationFailure[], recipe: RerunRecipe): void {
  const env = io.env ?? process.env;
  const debug = env.CORRSIM_DEBUG !== undefined && env.CORRSIM_DEBUG !== '' && env.CORRSIM_DEBUG !== '0';
  for (const f of failures) {
    io.stderr.write(
      `corrsim: ${label}: replication ${f.replication} (seed ${f.seed}) failed: ${f.message.split('\n', 1)[0]}; ` +
        `rerun it alone with: CORRSIM_DEBUG=1 ${rerunCommand(recipe, f.replication)}\n`,
    );
    if (debug && f.stack) io.stderr.write(f.stack + '\n');
  }
}

/**
 * When nothing finished, so nothing is written: a failure is reported (with the commands that rerun
 * it) and exits 1; otherwise the run was interrupted before its first `unit` finished, exit 130.
 */
export function nothingFinished(io: CliIo, failed: boolean, reportFailures: () => void, unit: 'replication' | 'candidate' = 'replication'): number {
  if (failed) {
    reportFailures();
    io.stderr.write(`corrsim: no ${unit} finished; nothing written\n`);
    return EXIT_FAILED;
  }
  io.stderr.write(`corrsim: interrupted before any ${unit} finished; nothing written\n`);
  return EXIT_INTERRUPTED;
}

/** "30 replications reached the asked precision: reconviction_2y ±0.0042 <= 0.005", for the human summary. */
export function autoSummaryLine(record: AutoReplicationRecord, replications: number): string {
  const checks = record.precision
    .map((p) => {
      const width = p.halfWidth === null ? 'not measurable' : `±${Number(p.halfWidth.toPrecision(3))}`;
      return `${p.metric}${p.policy !== undefined ? ` (${p.policy})` : ''} ${width} ${p.met ? '<=' : '>'} ${p.target}`;
    })
    .join(', ');
  if (record.reached) return `--replications auto: ${replications} replications reached the asked precision: ${checks}`;
  return `--replications auto: stopped at ${replications} replications (maximum ${record.max}) before reaching the asked precision: ${checks}`;
}
