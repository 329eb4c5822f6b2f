/**
 * `corrsim validate [--quick]`: runs the validation suite (src/analysis/validation.ts), prints the
 * table of checks (or JSON with --json), writes validation.json and validation.html, and exits 1
 * if any check fails.
 */
import { join } from 'node:path';
import { corrsimVersion } from '../scenario/files.node.js';
import { chartFiles } from '../report/index.js';
import { runValidation, type ValidationMode } from '../analysis/validation.js';
import { validationCharts, validationHtml, validationTable } from '../analysis/validation-report.js';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder } from './output.js';
import { defaultWorkers } from './run.js';

export interface ValidateArgs {
  quick?: boolean;
  seed?: unknown;
  workers?: unknown;
  out?: unknown;
  json?: boolean;
  quiet?: boolean;
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

export async function validateCommand(args: ValidateArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const seed = integer(args.seed, '--seed (-s)', 'a non-negative integer', 0, problems) ?? 1;
  const workers = integer(args.workers, '--workers (-j)', 'a positive integer', 1, problems) ?? defaultWorkers();
  const outText = single(args.out);
  if (outText !== undefined && outText.trim() === '') problems.push(`--out (-o): expected a folder, found ''`);
  if (problems.length > 0) return usageError(io, problems.slice(0, 1));
  const folder = outText ?? DEFAULT_VALIDATION_FOLDER;
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);

  const mode: ValidationMode = args.quick === true ? 'quick' : 'full';
  const showProgress = io.stderr.isTTY === true && args.quiet !== true;
  const report = await runValidation({
    mode,
    seed,
    workers,
    onPart: (part) => {
      if (showProgress) io.stderr.write(`corrsim validate: ${part}…\n`);
    },
  });
  const version = corrsimVersion();
  const charts = validationCharts(report);
  const json = { corrsim: version, command, ...report };
  const pictures = [];
  for (const chart of charts) pictures.push(...(await chartFiles(chart)));
  await writeOutputFolder(folder, [
    { name: 'validation.json', content: JSON.stringify(json, null, 2) + '\n' },
    { name: 'validation.html', content: validationHtml(report, charts, { version, command }) },
    ...pictures,
  ]);
  if (args.json === true) io.stdout.write(JSON.stringify(json, null, 2) + '\n');
  else if (args.quiet !== true) {
    io.stdout.write(validationTable(report));
    const time = report.timings.map((t) => `${t.part} ${t.seconds.toFixed(1)} s`).join(', ');
    io.stdout.write(`Timings: ${time}.\nWrote ${join(folder, 'validation.json')} and ${join(folder, 'validation.html')}.\n`);
  }
  return report.pass ? EXIT_OK : EXIT_FAILED;
}
