/**
 * Failed replications as the command line reports them: one line each, with the command that
 * reruns that replication alone (CORRSIM_DEBUG=1 there prints the stack).
 */
import type { ReplicationFailure } from '../experiments/batch.js';
import { SYNTHETIC_CENSUS } from '../scenario/resolve.js';
import type { RunStart } from '../studies/study.js';
import { debugEnabled, shellQuote, type CliIo } from './io.js';

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

/** How a rerun of one replication starts the same way: the warm-up, or the census (a synthetic one with its warm-up). */
export function rerunStart(start: RunStart): { warmupYears: number; census?: string } {
  if (start.flag === undefined) return { warmupYears: start.warmupYears };
  return { warmupYears: start.census?.warmupYears ?? 0, census: start.flag };
}

/** One line per failed replication of `label` (a scenario, grid point, band or candidate), with the command that reruns it alone. */
export function reportFailuresOf(io: CliIo, label: string, failures: readonly ReplicationFailure[], recipe: RerunRecipe): void {
  for (const f of failures) failureLine(io, `${label}: replication`, f, rerunCommand(recipe, f.replication));
}

/**
 * The failures of a plain run: the same command with `--replication R` (so the same scenario, seed
 * and horizon) and its own output folder, so that the partial results just written are not replaced.
 */
export function reportRunFailures(io: CliIo, failures: readonly ReplicationFailure[], command: string, folder: string): void {
  for (const f of failures) failureLine(io, 'replication', f, `${command} --replication ${f.replication} -o ${shellQuote(`${folder}-replication-${f.replication}`)}`);
}

function failureLine(io: CliIo, what: string, f: ReplicationFailure, rerun: string): void {
  io.stderr.write(`corrsim: ${what} ${f.replication} (seed ${f.seed}) failed: ${f.message.split('\n', 1)[0]}; rerun it alone with: CORRSIM_DEBUG=1 ${rerun}\n`);
  if (debugEnabled(io) && f.stack) io.stderr.write(f.stack + '\n');
}
