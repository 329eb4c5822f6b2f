/**
 * `corrsim validate [--quick]`: runs the validation study (src/studies/validation/), prints the
 * table of checks (or JSON with --json), writes validation.json and validation.html, and exits 1
 * if any check fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWorkers, nodeRunner } from '../../experiments/pool.node.js';
import { corrsimVersion, loadScenario, packageRoot } from '../../scenario/files.node.js';
import type { Scenario } from '../../scenario/types.js';
import type { BacktestRecord } from '../../studies/backtest/backtest.js';
import { backtestChecks } from '../../studies/backtest/targets.js';
import { runValidation, type ValidationMode, type ValidationRecord, type ValidationScenarios } from '../../studies/validation/validation.js';
import { jsonText } from '../../report/csv.js';
import { validationTable } from '../../report/text/validation.js';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../io.js';
import { writeOutputFolder } from '../output.js';
import { folderOrExit } from '../runner.js';

export interface ValidateArgs {
  quick?: boolean;
  seed?: unknown;
  workers?: unknown;
  out?: unknown;
  json?: boolean;
  quiet?: boolean;
  backtest?: unknown;
}

/** A backtest.json written by `corrsim backtest`, or a one-line reason it is not one. */
function readBacktest(path: string): { ok: true; record: BacktestRecord } | { ok: false; error: string } {
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not JSON' : ((error as NodeJS.ErrnoException).code ?? String(error));
    return { ok: false, error: `--backtest: cannot read ${path} (${reason})` };
  }
  const families = (record as { families?: unknown } | null)?.families;
  if (!Array.isArray(families)) return { ok: false, error: `--backtest: ${path} is not a backtest.json of corrsim backtest (no families)` };
  return { ok: true, record: record as BacktestRecord };
}

export const DEFAULT_VALIDATION_FOLDER = join('outputs', 'validation');

function single(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return String(Array.isArray(value) ? value[value.length - 1] : value);
}

function integer(value: unknown, flag: string, expected: string, min: number, problems: string[]): number | undefined {
  const text = single(value);
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(x) || x < min) {
    problems.push(`${flag}: expected ${expected}, found '${text}'`);
    return undefined;
  }
  return x;
}

/** A built-in scenario by name, or a validation scenario by its file name in scenarios/validation/. */
function scenario(name: string): Scenario {
  const loaded = loadScenario(name.startsWith('validation/') ? join(packageRoot(), 'scenarios', name) : name);
  if (!loaded.ok) throw new Error(`validation scenario ${name}: ${loaded.errors.join('; ')}`);
  return loaded.scenario;
}

/** The scenarios of the suite, from the package's scenarios/ folder. */
export function validationScenarios(): ValidationScenarios {
  return {
    mmc: scenario('validation/mmc.yaml'),
    mminf: scenario('validation/mminf.yaml'),
    baseline: scenario('norway-baseline'),
    effectRecovery: scenario('validation/effect-recovery.yaml'),
  };
}

export async function validateCommand(args: ValidateArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const seed = integer(args.seed, '--seed (-s)', 'a non-negative integer', 0, problems) ?? 1;
  const workers = integer(args.workers, '--workers (-j)', 'a positive integer', 1, problems) ?? defaultWorkers();
  const outText = single(args.out);
  if (outText !== undefined && outText.trim() === '') problems.push(`--out (-o): expected a folder, found ''`);
  if (problems.length > 0) return usageError(io, problems.slice(0, 1));
  const backtestPath = single(args.backtest);
  const backtest = backtestPath === undefined ? undefined : readBacktest(backtestPath);
  if (backtest !== undefined && !backtest.ok) return usageError(io, [backtest.error]);
  const folder = outText ?? DEFAULT_VALIDATION_FOLDER;
  const folderExit = await folderOrExit(io, folder);
  if (folderExit !== undefined) return folderExit;

  const mode: ValidationMode = args.quick === true ? 'quick' : 'full';
  const showProgress = io.stderr.isTTY === true && args.quiet !== true;
  const onPart = (part: string) => {
    if (showProgress) io.stderr.write(`corrsim validate: ${part}…\n`);
  };
  const report = await runValidation({ mode, seed, scenarios: validationScenarios(), onPart }, nodeRunner(workers));
  if (backtest !== undefined && backtest.ok) {
    report.checks.push(...backtestChecks(backtest.record, backtestPath!));
    report.pass = report.checks.every((c) => c.pass);
  }
  const record: ValidationRecord = { corrsim: corrsimVersion(), command, ...report };
  const { validationFiles } = await import('../../report/files.js');
  await writeOutputFolder(folder, await validationFiles(record, report));
  if (args.json === true) io.stdout.write(jsonText(record));
  else if (args.quiet !== true) {
    io.stdout.write(validationTable(report));
    const time = report.timings.map((t) => `${t.part} ${t.seconds.toFixed(1)} s`).join(', ');
    io.stdout.write(`Timings: ${time}.\nWrote ${join(folder, 'validation.json')} and ${join(folder, 'validation.html')}.\n`);
  }
  return report.pass ? EXIT_OK : EXIT_FAILED;
}
