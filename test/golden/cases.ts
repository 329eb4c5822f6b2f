/**
 * The commands whose every output must stay byte-identical across a change that is not meant to
 * change results (a refactoring, a speed-up): each command on small settings, with the files it
 * writes and what it prints. `golden.test.ts` runs them and compares SHA-256 hashes of the
 * normalised outputs with `manifest.json`; see there for how to update it on purpose.
 */
import { SMALL } from '../cli/small.js';

export interface GoldenCase {
  /** Folder name under the output root; also the key of the case in the manifest. */
  name: string;
  /** Arguments after `corrsim`; `$OUT` stands for the case's own output folder, `$ROOT` for the output root. */
  argv: string[];
  /**
   * A test file that runs this case itself and compares it with the manifest (captureCase), because
   * it checks the same run further: golden.test.ts then leaves it out, so the suite runs it once.
   */
  checkedIn?: string;
}

/** The scenario overrides of SMALL without its horizon, for runs from a census. */
const SETS = SMALL.filter((a, i) => a === '--set' || SMALL[i - 1] === '--set');
const BANDS = ['--set', 'population.projections={low: [{year: 2025, perYear: 1000}], high: [{year: 2025, perYear: 1300}, {year: 2026, perYear: 1500}]}'];

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: 'version', argv: ['--version'] },
  { name: 'help', argv: ['--help'] },
  ...['run', 'compare', 'sweep', 'capacity', 'census', 'trace', 'validate', 'backtest', 'scenarios', 'merge', 'slurm', 'seminar'].map((c) => ({ name: `help-${c}`, argv: [c, '--help'] })),
  { name: 'scenarios', argv: ['scenarios'] },
  { name: 'run', argv: ['run', ...SMALL, '-n', '3', '-s', '5', '-j', '2', '--stories', '2', '-o', '$OUT'] },
  { name: 'run-json', argv: ['run', ...SMALL, '-n', '2', '-s', '2', '-j', '1', '--stories', '0', '--json', '-o', '$OUT'] },
  { name: 'run-fixed', argv: ['run', 'housing-guarantee', ...SMALL, '-n', '2', '-j', '1', '--fixed-effects', '--quiet', '-o', '$OUT'] },
  { name: 'run-auto', argv: ['run', ...SMALL, '-n', 'auto', '--precision', 'population_total=40', '--max-replications', '12', '-j', '2', '--stories', '0', '-o', '$OUT'] },
  { name: 'run-replication', argv: ['run', ...SMALL, '--replication', '1', '-j', '1', '--stories', '0', '-o', '$OUT'] },
  { name: 'run-dated-policy', argv: ['run', 'early-parole-2027', ...SMALL, '--years', '3', '-n', '2', '-j', '2', '--stories', '1', '-o', '$OUT'] },
  { name: 'compare', argv: ['compare', 'norway-baseline', 'housing-guarantee', 'education-expansion', ...SMALL, '-n', '3', '-s', '5', '-j', '2', '-o', '$OUT'] },
  { name: 'compare-json', argv: ['compare', 'norway-baseline', 'staff-cuts', ...SMALL, '-n', '2', '-j', '1', '--json', '-o', '$OUT'] },
  { name: 'sweep-1d', argv: ['sweep', '--vary', 'programs.education.slots=100:300:100', ...SMALL, '-n', '2', '-j', '2', '-o', '$OUT'] },
  { name: 'sweep-2d', argv: ['sweep', '--vary', 'parole.afterShareServed=0.5:0.7:0.2', '--vary', 'facilities.1.capacity=350:450:100', ...SMALL, '-n', '2', '-j', '2', '-o', '$OUT'] },
  { name: 'capacity', argv: ['capacity', '--target', 'occupancy_high.mean<=0.9', ...SMALL, '-n', '4', '-s', '2', '-j', '2', '-o', '$OUT'] },
  { name: 'capacity-json', argv: ['capacity', '--target', 'sentence_queue.max<=100000', '--level', 'low', ...SMALL, '-n', '2', '-j', '1', '--min', '150', '--json', '-o', '$OUT'] },
  { name: 'bands', argv: ['run', 'norway-baseline', ...SMALL, ...BANDS, '--band', 'low,high', '-n', '2', '-s', '5', '-j', '2', '--stories', '0', '-o', '$OUT'] },
  { name: 'capacity-bands', argv: ['capacity', 'norway-baseline', ...SMALL, ...BANDS, '--target', 'occupancy_high.mean<=0.9', '--band', 'low,high', '-n', '2', '-j', '2', '-o', '$OUT'] },
  { name: 'census', argv: ['census', ...SETS, '--warmup-years', '3', '-s', '3', '-o', '$OUT'] },
  { name: 'run-census-file', argv: ['run', ...SETS, '--years', '2', '--census', '$ROOT/census/census.csv', '-n', '2', '-s', '3', '-j', '2', '--stories', '1', '-o', '$OUT'] },
  { name: 'run-census-synthetic', argv: ['run', ...SETS, '--years', '2', '--warmup-years', '3', '--census', 'synthetic', '-n', '2', '-s', '3', '-j', '1', '--stories', '0', '-o', '$OUT'] },
  { name: 'compare-census', argv: ['compare', 'norway-baseline', 'education-expansion', ...SETS, '--years', '2', '--census', '$ROOT/census/census.csv', '-n', '2', '-j', '1', '-s', '3', '--quiet', '-o', '$OUT'] },
  { name: 'trace', argv: ['trace', 'norway-baseline', ...SMALL, '--years', '4', '--people', '3'] },
  { name: 'trace-json', argv: ['trace', 'norway-baseline', ...SMALL, '--years', '4', '--people', '2', '--where', 'sentence>180', '--format', 'json', '-o', '$OUT'] },
  { name: 'backtest', argv: ['backtest', 'norway-baseline', ...SMALL, '--set', 'run.startDate=2021-01-01', '-n', '2', '-j', '2', '-o', '$OUT'] },
  { name: 'validate', argv: ['validate', '--quick', '-j', '1', '-o', '$OUT'], checkedIn: 'test/validation/validate.test.ts' },
  // Bad input: the message and the exit code.
  { name: 'error-flag', argv: ['run', '--replicatoins', '3'] },
  { name: 'error-command', argv: ['rnu'] },
  { name: 'error-missing-file', argv: ['run', 'no-such-scenario.yaml'] },
  { name: 'error-set', argv: ['run', '--set', 'programs.education.slots=-4'] },
  { name: 'error-set-path', argv: ['run', '--set', 'programs.educaton.slots=4'] },
  { name: 'error-target', argv: ['capacity', '--target', 'bad', '--probability', '2'] },
  { name: 'error-vary', argv: ['sweep', '--vary', 'parole.afterShareServed=0.9:0.5:0.1'] },
  { name: 'error-band', argv: ['run', 'norway-projection', '--band', 'low,hihg'] },
  { name: 'error-census', argv: ['run', '--census', 'no-such-census.csv'] },
  { name: 'error-backtest-data', argv: ['backtest', 'norway-baseline', '--data', 'no-such-history.csv'] },
  { name: 'error-shard', argv: ['run', '--shard', '2/2'] },
  { name: 'error-merge', argv: ['merge', 'no-such-shard'] },
  { name: 'error-slurm', argv: ['slurm', 'run', '-n', '4'] },
  { name: 'error-trace', argv: ['trace', '--where', 'sentense>3'] },
];
