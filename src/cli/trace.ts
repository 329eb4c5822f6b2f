/**
 * `corrsim trace SCENARIO --people N [--where COND]`: follows chosen people through one
 * replication and tells each story in dated lines (or JSON with --format json).
 */
import { stateFor } from '../batch/task.js';
import { censusRecord, resolveStart } from './census.js';
import { parseBatchFlags } from './flags.js';
import { join } from 'node:path';
import { parseFilter, TRACE_FIELDS } from '../analysis/trace-filter.js';
import { corrsimVersion } from '../scenario/files.node.js';
import { DAYS_PER_YEAR } from '../model/params.js';
import { followPeople, type PersonStory } from '../model/trace.js';
import { loadScenario } from '../scenario/files.node.js';
import { OFFENCES } from '../scenario/types.js';
import { EXIT_OK, usageError, type CliIo } from './io.js';
import { writeOutputFolder } from './output.js';

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

/** "year 3, day 112" from a day counted from the start of measurement. */
export function formatDay(day: number): string {
  const year = Math.floor(day / DAYS_PER_YEAR) + 1;
  const dayOfYear = Math.floor(day - (year - 1) * DAYS_PER_YEAR) + 1;
  return `year ${year}, day ${String(dayOfYear).padStart(3)}`;
}

export function storiesText(stories: readonly PersonStory[], endDay: number): string {
  const out: string[] = [];
  for (const s of stories) {
    out.push(`Person ${s.id}: ${s.portrait}`);
    for (const line of s.lines) out.push(`  ${formatDay(line.day)}  ${line.text}`);
    const last = s.lines[s.lines.length - 1];
    const ended = last !== undefined && last.text.startsWith('follow-up ends');
    if (!ended) out.push(`  ${formatDay(endDay - 1e-9)}  (end of the run)`);
    out.push('');
  }
  return out.join('\n');
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

  const loaded = loadScenario(args.scenario, { sets });
  if (!loaded.ok) return usageError(io, loaded.errors);
  const s = loaded.scenario;
  const seed = seedArg ?? s.run.seed;
  const resolved = resolveStart(loaded, { ...flags, warmupYears: warmupArg }, seed, io, single(args.format) === 'json');
  if (!resolved.ok) return usageError(io, resolved.errors);
  const start = resolved.start;
  const options = { seed, replication, years: yearsArg ?? s.run.years, warmupYears: start.warmupYears };

  const { matching: matchingCount, stories } = followPeople(s, options, people, filter !== null && filter.ok ? filter.filter : null, start.census === undefined ? undefined : stateFor(start.census.states, replication));
  if (matchingCount === 0) {
    io.stderr.write(`corrsim: nobody who entered in the first half of the measured period matches --where ${where ?? ''} (fields: ${TRACE_FIELDS.join(', ')})\n`);
    return EXIT_OK;
  }
  const endDay = options.years * DAYS_PER_YEAR;
  const json = {
    corrsim: corrsimVersion(),
    scenario: { name: loaded.name, sha256: loaded.sha256 },
    seed: options.seed,
    replication: options.replication,
    years: options.years,
    warmupYears: options.warmupYears,
    ...censusRecord(start),
    command,
    where: where ?? null,
    matching: matchingCount,
    people: stories,
  };
  const text = storiesText(stories, endDay);
  if (format === 'json') io.stdout.write(JSON.stringify(json, null, 2) + '\n');
  else {
    io.stdout.write(
      `${loaded.name}, seed ${options.seed}, replication ${options.replication}: ${stories.length} of ${matchingCount} people ` +
        `who entered in the first half of the ${options.years} measured years${where ? ` and match ${where}` : ''}\n\n`,
    );
    io.stdout.write(text);
  }
  const out = single(args.out);
  if (out !== undefined) {
    const { chartFiles, storiesChart } = await import('../report/index.js');
    const chart = storiesChart(stories.map((s) => ({ id: s.id, lines: s.lines })));
    await writeOutputFolder(out, [
      { name: 'trace.json', content: JSON.stringify(json, null, 2) + '\n' },
      { name: 'trace.txt', content: text },
      ...(chart !== undefined ? await chartFiles(chart) : []),
    ]);
    io.stderr.write(`corrsim: stories written to ${join(out, 'trace.txt')} and trace.json\n`);
  }
  return EXIT_OK;
}
