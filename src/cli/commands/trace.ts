/**
 * `corrsim trace SCENARIO --people N [--where COND]`: follows chosen people through one
 * replication (src/studies/trace.ts) and tells each story in dated lines (or JSON with --format json).
 */
import { join } from 'node:path';
import { OFFENCES } from '../../scenario/types.js';
import { corrsimVersion } from '../../scenario/files.node.js';
import { runTrace } from '../../studies/trace.js';
import { parseFilter, TRACE_FIELDS } from '../../studies/trace-filter.js';
import { jsonText } from '../../report/csv.js';
import { storiesText, traceHeading } from '../../report/text/trace.js';
import { parseBatchFlags } from '../flags.js';
import { EXIT_OK, usageError, type CliIo } from '../io.js';
import { writeOutputFolder } from '../output.js';
import { identityOf, loadOrExit, startOrExit } from '../runner.js';

export interface TraceArgs {
  scenario: string;
  people?: unknown;
  where?: unknown;
  seed?: unknown;
  replication?: unknown;
  years?: unknown;
  warmupYears?: unknown;
  set?: unknown;
  format?: unknown;
  out?: unknown;
  census?: unknown;
}

function single(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return String(Array.isArray(value) ? value[value.length - 1] : value);
}

function number(value: unknown, flag: string, expected: string, ok: (x: number) => boolean, problems: string[]): number | undefined {
  const text = single(value);
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !ok(x)) {
    problems.push(`${flag}: expected ${expected}, found ${text}`);
    return undefined;
  }
  return x;
}

export async function traceCommand(args: TraceArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const people = number(args.people, '--people', 'a whole number from 1 to 1000', (x) => Number.isInteger(x) && x >= 1 && x <= 1000, problems) ?? 5;
  const seedArg = number(args.seed, '--seed (-s)', 'a non-negative integer', (x) => Number.isSafeInteger(x) && x >= 0, problems);
  const replication = number(args.replication, '--replication', 'a non-negative integer', (x) => Number.isSafeInteger(x) && x >= 0, problems) ?? 0;
  const yearsArg = number(args.years, '--years', 'a positive number of years', (x) => x > 0, problems);
  const warmupArg = number(args.warmupYears, '--warmup-years', 'a non-negative number of years', (x) => x >= 0, problems);
  const format = single(args.format) ?? 'text';
  if (format !== 'text' && format !== 'json') problems.push(`--format: expected text or json, found ${format}`);
  const where = single(args.where);
  const filter = where === undefined ? null : parseFilter(where, OFFENCES);
  if (filter !== null && !filter.ok) problems.push(...filter.errors);
  const sets = args.set === undefined ? [] : (Array.isArray(args.set) ? args.set : [args.set]).map(String);
  const flags = parseBatchFlags({ census: args.census }, problems, { auto: false });
  if (problems.length > 0) return usageError(io, problems);

  const loaded = loadOrExit(io, args.scenario, sets);
  if (!loaded.ok) return loaded.exit;
  const s = loaded.value.scenario;
  const seed = seedArg ?? s.run.seed;
  const start = startOrExit({ io, quiet: single(args.format) === 'json' }, loaded.value, { ...flags, warmupYears: warmupArg }, seed);
  if (!start.ok) return start.exit;
  const { record, endDay } = runTrace({
    provenance: { corrsim: corrsimVersion(), command },
    scenario: identityOf(loaded.value),
    seed,
    replication,
    years: yearsArg ?? s.run.years,
    start: start.value,
    people,
    where: where ?? null,
    filter: filter !== null && filter.ok ? filter.filter : null,
  });
  if (record.matching === 0) {
    io.stderr.write(`corrsim: nobody who entered in the first half of the measured period matches --where ${where ?? ''} (fields: ${TRACE_FIELDS.join(', ')})\n`);
    return EXIT_OK;
  }
  if (format === 'json') io.stdout.write(jsonText(record));
  else io.stdout.write(traceHeading(record) + storiesText(record.people, endDay));
  const out = single(args.out);
  if (out !== undefined) {
    const { traceFiles } = await import('../../report/files.js');
    await writeOutputFolder(out, await traceFiles(record, endDay));
    io.stderr.write(`corrsim: stories written to ${join(out, 'trace.txt')} and trace.json\n`);
  }
  return EXIT_OK;
}
