/**
 * The one command runner every batch command goes through, so that each command file holds only
 * what is its own (flags, the request, the lines it prints): loading the scenario, checking the
 * output folder before a long run, resolving how replications start (`--census`), the progress
 * bar, Ctrl-C, the study itself, writing the folder whole or not at all, `--json`/`--quiet`, and
 * the exit code.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { syntheticCensus } from '../experiments/census.js';
import { defaultWorkers, nodeRunner } from '../experiments/pool.node.js';
import type { BatchRunner } from '../experiments/batch.js';
import { NotInShards, planIdentity, replayRunner, resumeRecord, SHARD_FORMAT, shardName, shardRunner, type MergedShards, type ShardManifest } from '../experiments/shards.js';
import { checkCensusAgainst } from '../scenario/census.js';
import { corrsimVersion, loadScenario, readCensusFile } from '../scenario/files.node.js';
import { SYNTHETIC_CENSUS, type ScenarioLoadResult } from '../scenario/resolve.js';
import { censusNotes } from '../studies/census.js';
import type { ScenarioIdentity } from '../studies/provenance.js';
import type { RunStart, SimulationRequest, StudyHooks } from '../studies/study.js';
import { runSettings, type BatchFlags } from './flags.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder, type OutputFile } from './output.js';
import { ProgressBar } from './progress.js';
import { AUTO_ROUND_WORKERS, defaultShardFolder, RESUME_FILE, studyArguments, writeResume, writeShardFolder, type BatchMode } from './shards.js';

export type Loaded = Extract<ScenarioLoadResult, { ok: true }>;

/** What a command was asked, for the runner: where to print, the command line, and --quiet / --json. */
export interface CommandContext {
  io: CliIo;
  /** The command line as typed, for the records. */
  command: string;
  quiet: boolean;
  json: boolean;
  /** On this machine (the default), as one shard (--shard K/N), or replaying merged shards (corrsim merge). */
  batch?: BatchMode;
  /** The scenario and seed of the study, once requestOrExit has them: what a shard records. */
  identity?: { scenario: { name: string; sha256: string }; seed: number };
}

/** An exit code already printed for, or a value to go on with. */
export type Step<T> = { ok: true; value: T } | { ok: false; exit: number };

/** The scenario with the --set overrides, or its problems printed (exit 2). */
export function loadOrExit(io: CliIo, ref: string, sets: readonly string[]): Step<Loaded> {
  const loaded = loadScenario(ref, { sets });
  return loaded.ok ? { ok: true, value: loaded } : { ok: false, exit: usageError(io, loaded.errors) };
}

export function identityOf(loaded: Loaded): ScenarioIdentity {
  return { name: loaded.name, sha256: loaded.sha256, resolved: loaded.scenario };
}

/** A problem that rules out writing to the folder, printed (exit 2) before a long run rather than after it. */
export async function folderOrExit(io: CliIo, folder: string): Promise<number | undefined> {
  const problem = await outputFolderProblem(folder);
  return problem === undefined ? undefined : usageError(io, [problem]);
}

/**
 * The start of the replications from the flags and the scenario: `--census` over run.census; a
 * census file is read and checked against the scenario; `synthetic` is drawn from the scenario's
 * steady state after the warm-up (`--warmup-years`, or run.warmupYears), which the run then skips.
 * Problems are printed (exit 2), and so is a failing synthetic census (exit 1).
 */
export function startOrExit(cx: Pick<CommandContext, 'io' | 'quiet'>, loaded: Loaded, flags: Pick<BatchFlags, 'census' | 'warmupYears'>, seed: number): Step<RunStart> {
  const { io, quiet } = cx;
  const scenario = loaded.scenario;
  const warmupYears = flags.warmupYears ?? scenario.run.warmupYears;
  const where = flags.census ?? loaded.census;
  if (where === undefined) return { ok: true, value: { warmupYears } };
  const from = flags.census !== undefined ? '--census' : 'run.census';
  if (where === SYNTHETIC_CENSUS) {
    if (!(warmupYears > 0)) return { ok: false, exit: usageError(io, [`${from} synthetic: the census is taken after the warm-up, so --warmup-years (or run.warmupYears) must be above 0`]) };
    if (!quiet) io.stderr.write(`corrsim: drawing a synthetic census from ${warmupYears} warm-up years of ${loaded.name} (seed ${seed})…\n`);
    try {
      return { ok: true, value: { warmupYears: 0, census: syntheticCensus(scenario, seed, warmupYears), flag: SYNTHETIC_CENSUS } };
    } catch (error) {
      return { ok: false, exit: internalError(io, 'the synthetic census failed', error) };
    }
  }
  if (flags.warmupYears !== undefined) {
    return { ok: false, exit: usageError(io, [`--warmup-years does not apply to a run from the census ${where}: it starts on the census date, run.startDate`]) };
  }
  const read = readCensusFile(where);
  if (!read.ok) return { ok: false, exit: usageError(io, read.errors.map((e) => `${from}: ${e}`)) };
  const problems = checkCensusAgainst(read.census.states[0], scenario, read.census.source);
  if (problems.length > 0) return { ok: false, exit: usageError(io, problems) };
  if (!quiet) for (const note of censusNotes(read.census, scenario)) io.stderr.write(`corrsim: note: ${note}\n`);
  return { ok: true, value: { warmupYears: 0, census: read.census, flag: where } };
}

/** What every batch study is asked, from the common flags: provenance, seed, horizon, start, effect sizes. */
export function requestOrExit(cx: CommandContext, loaded: Loaded, flags: BatchFlags): Step<SimulationRequest> {
  const settings = runSettings(flags, loaded.scenario.run);
  const start = startOrExit({ io: cx.io, quiet: cx.quiet || cx.json }, loaded, flags, settings.seed);
  if (!start.ok) return start;
  cx.identity = { scenario: { name: loaded.name, sha256: loaded.sha256 }, seed: settings.seed };
  return {
    ok: true,
    value: { provenance: { corrsim: corrsimVersion(), command: cx.command }, seed: settings.seed, years: settings.years, start: start.value, fixedEffects: flags.fixedEffects },
  };
}

/** How a study ended, as the runner reports it. */
export interface StudyEnding {
  /** False when nothing finished: nothing is written, and the exit says why. */
  anything: boolean;
  /** A replication failed (exit 1). */
  failed: boolean;
  /** Every replication (or candidate) asked for finished; false without a failure is an interruption (exit 130). */
  complete: boolean;
  /** Prints one line per failed replication, with the command that reruns it. */
  reportFailures(): void;
  /** What did not finish when nothing did: replications, or a capacity search's candidates. */
  unit?: 'replication' | 'candidate';
  /** The last line on stderr after a failure, and after an interruption (without "corrsim: " and the line break). */
  failedLine?: string;
  interruptedLine?: string;
  /** Printed on stderr when the study finished but fell short of what was asked (e.g. the precision of -n auto). */
  warning?: string;
  files(): Promise<OutputFile[]>;
  /** The record for --json. */
  json(): string;
  /** What is printed without --json or --quiet. */
  text(): string;
}

/** The terminal side of a study: a progress bar on a terminal (unless --quiet), and Ctrl-C. */
export interface StudyUi {
  hooks: StudyHooks;
  /** Drawn only on a terminal and without --quiet. */
  bar: ProgressBar | undefined;
}

/**
 * Runs a study on Node's worker threads (`workers`; default one per core) with the progress bar
 * and Ctrl-C, then writes its folder and ends: the failures and the exit code.
 */
export async function runStudyCommand<O>(
  cx: CommandContext,
  folder: string,
  workers: number | undefined,
  study: (runner: BatchRunner, ui: StudyUi) => Promise<O>,
  ending: (outcome: O) => StudyEnding,
): Promise<number> {
  const { io } = cx;
  const mode = cx.batch ?? { kind: 'local' };
  if (mode.kind === 'check') return EXIT_OK;
  if (mode.kind === 'shard') return runShard(cx, folder, workers, study, mode);
  if (mode.kind === 'replay' && cx.identity !== undefined && cx.identity.scenario.sha256 !== mode.merged.first.scenario.sha256) {
    const [now, then] = [cx.identity.scenario, mode.merged.first.scenario];
    return usageError(io, [`merge: ${now.name} now resolves to sha256 ${now.sha256.slice(0, 12)}…, but the shards ran ${then.name} with sha256 ${then.sha256.slice(0, 12)}…: the scenario files changed since the shards ran`]);
  }
  const bar = !cx.quiet && io.stderr.isTTY ? new ProgressBar(io.stderr) : undefined;
  const ui: StudyUi = { bar, hooks: { onProgress: bar && ((p) => bar.update(p)), shouldStop: () => io.interrupt?.aborted === true } };
  let outcome: O;
  // A study in rounds of -n auto sizes its rounds as its shards did (shard.json says by how many threads).
  const replay = mode.kind === 'replay' ? replayRunner(mode.merged, mode.merged.first.rounds?.workers ?? workers ?? defaultWorkers(), mode.merged.round !== undefined) : undefined;
  try {
    outcome = await study(replay ?? nodeRunner(workers), ui);
  } catch (error) {
    bar?.finish();
    if (error instanceof NotInShards) return usageError(io, [`merge: ${error.message}`]);
    return internalError(io, 'the simulation failed', error);
  }
  bar?.finish();
  if (mode.kind === 'replay' && mode.merged.round !== undefined) {
    if (replay?.missing === true) return nextRound(cx, folder, mode.merged);
    // The study is whole: the rounds' record has served.
    await rm(join(folder, RESUME_FILE), { force: true });
  }
  return finishStudy(cx, folder, ending(outcome));
}

/** A round of a study in rounds merged, and the study needs another: resume.json written to the folder, and what to run next. */
async function nextRound(cx: CommandContext, folder: string, merged: MergedShards): Promise<number> {
  const round = merged.round ?? 1;
  try {
    await writeResume(folder, resumeRecord(merged, round));
  } catch (error) {
    return internalError(cx.io, `cannot write ${join(folder, RESUME_FILE)}`, error);
  }
  const n = merged.first.shard.count;
  if (cx.json) cx.io.stdout.write(JSON.stringify({ round, complete: false, resume: join(folder, RESUME_FILE) }) + '\n');
  else if (!cx.quiet) {
    cx.io.stdout.write(
      `Round ${round} merged into ${join(folder, RESUME_FILE)}; the study needs another: run the ${n} shard${n === 1 ? '' : 's'} again with --resume ${folder}, ` +
        `then corrsim merge their folders --resume ${folder}\n`,
    );
  }
  return EXIT_OK;
}

/**
 * One shard of a study (--shard K/N): the study runs with only its share of every batch, and what
 * is written is the shard's folder (shard.json: the manifest and the results), not the study's
 * files, which `corrsim merge` makes from all the shards. Exit 1 when a replication failed and
 * 130 when interrupted; the folder is written anyway, marked incomplete, so that the merge names it.
 */
async function runShard<O>(
  cx: CommandContext,
  folder: string,
  workers: number | undefined,
  study: (runner: BatchRunner, ui: StudyUi) => Promise<O>,
  mode: Extract<BatchMode, { kind: 'shard' }>,
): Promise<number> {
  const { io } = cx;
  const bar = !cx.quiet && io.stderr.isTTY ? new ProgressBar(io.stderr) : undefined;
  const ui: StudyUi = { bar, hooks: { onProgress: bar && ((p) => bar.update(p)), shouldStop: () => io.interrupt?.aborted === true } };
  const rounds = mode.rounds;
  const recorder = shardRunner(nodeRunner(workers), mode.shard, rounds && { known: rounds.known, ...(rounds.auto === true ? { together: true, workers: AUTO_ROUND_WORKERS } : {}) });
  try {
    await study(recorder, ui);
  } catch (error) {
    bar?.finish();
    return internalError(io, 'the simulation failed', error);
  }
  bar?.finish();
  const failures = recorder.batches.flatMap((b) => b.failures);
  const complete = (recorder.batches.length > 0 || mode.rounds !== undefined) && recorder.batches.every((b) => b.complete);
  const manifest: ShardManifest = {
    format: SHARD_FORMAT,
    corrsim: corrsimVersion(),
    command: mode.argv[0] ?? '',
    argv: mode.argv,
    study: studyArguments(mode.argv),
    scenario: cx.identity?.scenario ?? { name: '', sha256: '' },
    seed: cx.identity?.seed ?? 0,
    shard: mode.shard,
    plan: planIdentity(recorder.batches),
    complete,
    batches: recorder.batches,
    ...(rounds !== undefined ? { rounds: { round: rounds.round, resumed: rounds.resumed, ...(rounds.auto === true ? { workers: AUTO_ROUND_WORKERS } : {}) } } : {}),
  };
  const where = mode.outGiven ? folder : defaultShardFolder(folder, mode.shard);
  try {
    await writeShardFolder(where, manifest, recorder.results);
  } catch (error) {
    return internalError(io, `cannot write the shard folder ${where}`, error);
  }
  const name = mode.rounds === undefined ? shardName(mode.shard) : `${shardName(mode.shard)}, round ${mode.rounds.round}`;
  const ran = recorder.results.length;
  if (cx.json) io.stdout.write(JSON.stringify({ shard: mode.shard, folder: where, batches: recorder.batches.length, replications: ran, complete }) + '\n');
  else if (!cx.quiet) io.stdout.write(`Shard ${name}: ${ran} replication${ran === 1 ? '' : 's'} in ${recorder.batches.length} batch${recorder.batches.length === 1 ? '' : 'es'}, written to ${where}\n`);
  for (const f of failures) io.stderr.write(`corrsim: shard ${name}: replication ${f.replication} (seed ${f.seed}) failed: ${f.message}\n`);
  if (failures.length > 0) return EXIT_FAILED;
  if (!complete) {
    io.stderr.write(`corrsim: shard ${name} interrupted; written to ${where} marked incomplete\n`);
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

/** Writes what a study made and prints how it ended; the exit code. */
export async function finishStudy(cx: CommandContext, folder: string, end: StudyEnding): Promise<number> {
  const { io } = cx;
  if (!end.anything) return nothingFinished(io, end.failed, () => end.reportFailures(), end.unit);
  try {
    await writeOutputFolder(folder, await end.files());
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }
  if (cx.json) io.stdout.write(end.json());
  else if (!cx.quiet) io.stdout.write(end.text());
  if (end.failed) {
    end.reportFailures();
    if (end.failedLine !== undefined) io.stderr.write(`corrsim: ${end.failedLine}\n`);
    return EXIT_FAILED;
  }
  if (!end.complete) {
    if (end.interruptedLine !== undefined) io.stderr.write(`corrsim: ${end.interruptedLine}\n`);
    return EXIT_INTERRUPTED;
  }
  if (end.warning !== undefined) io.stderr.write(`corrsim: ${end.warning}\n`);
  return EXIT_OK;
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

/** A scenario name as a folder name: anything but letters, digits, '.', '_' and '-' becomes '-'. */
export function safeFolderName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return safe === '' ? 'scenario' : safe;
}
