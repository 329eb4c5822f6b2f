/**
 * Starting runs from a census: `--census FILE|synthetic` (or the scenario's run.census) for the
 * batch commands, and `corrsim census [SCENARIO]`, which writes the synthetic census of a scenario
 * to a CSV that a planner can read, edit, or replace with the real one.
 */
import { join } from 'node:path';
import { corrsimVersion } from '../scenario/files.node.js';
import { syntheticCensus } from '../batch/census.js';
import { stateFor } from '../batch/task.js';
import { CENSUS_PLACE_LEVEL, CENSUS_STATUSES, censusCsv, censusProvenance, checkCensusAgainst, type Census, type CensusRecord, type CensusProvenance } from '../scenario/census.js';
import { readCensusFile } from '../scenario/files.node.js';
import { loadScenario } from '../scenario/files.node.js';
import { SYNTHETIC_CENSUS, type ScenarioLoadResult } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';
import { parseBatchFlags, runSettings, type BatchArgs, type BatchFlags } from './flags.js';
import { table } from './format.js';
import { EXIT_OK, internalError, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder } from './output.js';
import { safeFolderName } from './run.js';

/** How a batch starts: from an empty system with a warm-up, or from a census. */
export interface RunStart {
  /** Years simulated before measuring: 0 from a census. */
  warmupYears: number;
  census?: Census;
  /** What `--census` must say to start the same way again (`synthetic`, or the file's path). */
  flag?: string;
}

/**
 * The start of a batch from the flags and the scenario: `--census` over run.census; a census
 * file is read and checked against the scenario; `synthetic` is drawn from the scenario's steady
 * state after the warm-up (`--warmup-years`, or run.warmupYears), which the run then skips.
 */
export function resolveStart(
  loaded: Extract<ScenarioLoadResult, { ok: true }>,
  flags: BatchFlags,
  seed: number,
  io: CliIo,
  quiet: boolean,
): { ok: true; start: RunStart } | { ok: false; errors: string[] } {
  const scenario = loaded.scenario;
  const warmupYears = flags.warmupYears ?? scenario.run.warmupYears;
  const where = flags.census ?? loaded.census;
  if (where === undefined) return { ok: true, start: { warmupYears } };
  const from = flags.census !== undefined ? '--census' : 'run.census';
  if (where === SYNTHETIC_CENSUS) {
    if (!(warmupYears > 0)) return { ok: false, errors: [`${from} synthetic: the census is taken after the warm-up, so --warmup-years (or run.warmupYears) must be above 0`] };
    if (!quiet) io.stderr.write(`corrsim: drawing a synthetic census from ${warmupYears} warm-up years of ${loaded.name} (seed ${seed})…\n`);
    return { ok: true, start: { warmupYears: 0, census: syntheticCensus(scenario, seed, warmupYears), flag: SYNTHETIC_CENSUS } };
  }
  if (flags.warmupYears !== undefined) {
    return { ok: false, errors: [`--warmup-years does not apply to a run from the census ${where}: it starts on the census date, run.startDate`] };
  }
  const read = readCensusFile(where);
  if (!read.ok) return { ok: false, errors: read.errors.map((e) => `${from}: ${e}`) };
  const problems = checkCensusAgainst(read.census.states[0], scenario, read.census.source);
  if (problems.length > 0) return { ok: false, errors: problems };
  if (!quiet) for (const note of censusNotes(read.census, scenario)) io.stderr.write(`corrsim: note: ${note}\n`);
  return { ok: true, start: { warmupYears: 0, census: read.census, flag: where } };
}

/** The seed, horizon and start of a batch command. */
export interface ResolvedRun {
  settings: { seed: number; years: number; warmupYears: number };
  start: RunStart;
}

/**
 * `runSettings` with the start resolved (`resolveStart`): from a census, the warm-up is 0. Prints
 * what is wrong (exit 2) or a failing synthetic census (exit 1) and returns its exit code instead.
 */
export function resolveRun(
  loaded: Extract<ScenarioLoadResult, { ok: true }>,
  flags: BatchFlags,
  io: CliIo,
  quiet: boolean,
): { ok: true; run: ResolvedRun } | { ok: false; exit: number } {
  const settings = runSettings(flags, loaded.scenario.run);
  try {
    const resolved = resolveStart(loaded, flags, settings.seed, io, quiet);
    if (!resolved.ok) return { ok: false, exit: usageError(io, resolved.errors) };
    return { ok: true, run: { settings: { ...settings, warmupYears: resolved.start.warmupYears }, start: resolved.start } };
  } catch (error) {
    return { ok: false, exit: internalError(io, 'the synthetic census failed', error) };
  }
}

/** The census state replication `replication` starts from, if the run starts from a census. */
export function startState(start: RunStart, replication: number): readonly CensusRecord[] | undefined {
  return start.census === undefined ? undefined : stateFor(start.census.states, replication);
}

/**
 * What a user should know of the census before trusting the run: a level held above its places
 * (the extra close as people leave), and a census with nobody released, whose first years lack the
 * returns of people released before the start.
 */
export function censusNotes(census: Census, scenario: Scenario): string[] {
  const held = new Map<string, number>();
  for (const r of census.states[0]) {
    const level = CENSUS_PLACE_LEVEL[r.status];
    if (level !== undefined) held.set(level, (held.get(level) ?? 0) + 1);
  }
  const notes: string[] = [];
  for (const [level, count] of held) {
    const places = scenario.facilities.filter((f) => f.level === level).reduce((sum, f) => sum + f.capacity, 0);
    if (count > places) {
      notes.push(`the census holds ${count} people in ${level} places, above the ${places} places of the scenario: the extra places close as people leave`);
    }
  }
  if (!census.states[0].some((r) => r.status === 'released' || r.status === 'awaiting-case')) {
    notes.push(
      `the census ${census.source} has nobody released or awaiting a new case: returns of people released before the start are missing, ` +
        'so admissions run low for the first years (add them, e.g. the released and awaiting-case rows of `corrsim census`; see docs/census.md)',
    );
  }
  return notes;
}

/** How a rerun of one replication starts the same way: the warm-up, or the census (a synthetic one with its warm-up). */
export function rerunStart(start: RunStart): { warmupYears: number; census?: string } {
  if (start.flag === undefined) return { warmupYears: start.warmupYears };
  return { warmupYears: start.census?.warmupYears ?? 0, census: start.flag };
}

/** The census record of a summary: nothing when the run warmed up from an empty system. */
export function censusRecord(start: RunStart): { census?: CensusProvenance } {
  return start.census !== undefined ? { census: censusProvenance(start.census) } : {};
}

/** People per status of a census state, every status in order. */
export function censusCounts(records: readonly CensusRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of CENSUS_STATUSES) counts[status] = 0;
  for (const r of records) counts[r.status]++;
  return counts;
}

// --- corrsim census ------------------------------------------------------------------------

export interface CensusArgs extends BatchArgs {
  scenario: string;
}

export async function censusCommand(args: CensusArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: false });
  if (problems.length > 0) return usageError(io, problems);
  const loaded = loadScenario(args.scenario, { sets: flags.sets });
  if (!loaded.ok) return usageError(io, loaded.errors);
  const seed = flags.seed ?? loaded.scenario.run.seed;
  const warmupYears = flags.warmupYears ?? loaded.scenario.run.warmupYears;
  if (!(warmupYears > 0)) return usageError(io, [`--warmup-years must be above 0 for a census of a steady state; got ${warmupYears}`]);
  const folder = flags.out ?? join('outputs', `census-${safeFolderName(loaded.name)}`);
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);

  let census: Census;
  try {
    census = syntheticCensus(loaded.scenario, seed, warmupYears, 1);
  } catch (error) {
    return internalError(io, 'the simulation failed', error);
  }
  const records = census.states[0];
  const counts = censusCounts(records);
  const record = {
    corrsim: corrsimVersion(),
    scenario: { name: loaded.name, sha256: loaded.sha256, resolved: loaded.scenario },
    date: loaded.scenario.run.startDate,
    ...censusProvenance(census),
    counts,
    command,
  };
  try {
    await writeOutputFolder(folder, [
      { name: 'census.csv', content: censusCsv(records) },
      { name: 'census.json', content: JSON.stringify(record, null, 2) + '\n' },
    ]);
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }
  if (args.json) io.stdout.write(JSON.stringify(record, null, 2) + '\n');
  else if (!args.quiet) {
    const rows = Object.entries(counts).map(([status, n]) => [status, n.toLocaleString('en-US')]);
    io.stdout.write(
      `${loaded.name}: synthetic census on ${record.date} after ${warmupYears} warm-up years, seed ${seed}: ` +
        `${records.length.toLocaleString('en-US')} people\n\n` +
        table([['status', 'people'], ...rows], 'lr') +
        `\noutput: ${join(folder, 'census.csv')} (start a run from it with --census ${join(folder, 'census.csv')})\n`,
    );
  }
  return EXIT_OK;
}

