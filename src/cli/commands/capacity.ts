/**
 * `corrsim capacity SCENARIO --target "SERIES.STAT<=VALUE" […]`: the capacity study
 * (src/studies/capacity/), the smallest number of places at one level such that the targets hold
 * in at least a share P of the replications; `--band` runs it once per admission projection.
 */
import { join } from 'node:path';
import { bandProblem, bandSetArgument } from '../../scenario/bands.js';
import { capacityBandsStudy, type CapacityBandsOutcome } from '../../studies/capacity/bands.js';
import { LEVEL_WORDS, levelFacilities, levelPlaces, withLevelPlaces } from '../../studies/capacity/places.js';
import { capacityStudy, facilitySizes, rangeProblem, searchRange, type CapacityOutcome, type CapacityRequest, type CapacitySearchRun } from '../../studies/capacity/study.js';
import { jsonText } from '../../report/csv.js';
import { candidateLine, humanCapacity, humanCapacityBands } from '../../report/text/capacity.js';
import { reportFailuresOf, rerunStart } from '../failures.js';
import { parseBandList, parseBatchFlags } from '../flags.js';
import { usageError, type CliIo } from '../io.js';
import type { BatchMode } from '../shards.js';
import { folderOrExit, identityOf, loadOrExit, requestOrExit, runStudyCommand, safeFolderName, type CommandContext, type StudyEnding, type StudyUi } from '../runner.js';
import { parseCapacityFlags, type CapacityArgs } from './capacity-flags.js';

export type { CapacityArgs } from './capacity-flags.js';

export async function capacityCommand(args: CapacityArgs, command: string, io: CliIo, batch?: BatchMode): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: false });
  const capacity = parseCapacityFlags(args, problems);
  const bands = parseBandList(args.band, problems);
  if (problems.length > 0) return usageError(io, problems);
  const level = capacity.level!;

  const cx: CommandContext = { io, command, quiet: args.quiet === true, json: args.json === true, batch };
  const loaded = loadOrExit(io, args.scenario, flags.sets);
  if (!loaded.ok) return loaded.exit;
  const scenario = loaded.value.scenario;
  const bandsProblem = bands === undefined ? undefined : bandProblem(scenario, loaded.value.name, bands);
  if (bandsProblem !== undefined) return usageError(io, [bandsProblem]);
  if (levelFacilities(scenario, level).length === 0) {
    return usageError(io, [`--level ${level}: ${loaded.value.name} has no facility at level ${level}, so there are no places to size`]);
  }
  const currentPlaces = levelPlaces(scenario, level);
  const { min, max } = searchRange(currentPlaces, capacity.min, capacity.max);
  if (min >= max) return usageError(io, [`--min must be below --max; got --min ${min} and --max ${max}`]);
  const range = rangeProblem(scenario, level, min, max);
  if (range !== undefined) return usageError(io, [range]);

  const replications = typeof flags.replications === 'number' ? flags.replications : scenario.run.replications;
  const folder = flags.out ?? join('outputs', `capacity-${safeFolderName(loaded.value.name)}-${level}${bands === undefined ? '' : '-bands'}`);
  const folderExit = await folderOrExit(io, folder);
  if (folderExit !== undefined) return folderExit;
  // Every candidate (of every band) starts from the same census (today's prisons) or warms up from empty.
  const base = requestOrExit(cx, loaded.value, flags);
  if (!base.ok) return base.exit;
  const request: CapacityRequest = {
    ...base.value,
    scenario: identityOf(loaded.value),
    level,
    targets: capacity.targets,
    probability: capacity.probability,
    min,
    max,
    resolution: capacity.resolution,
    firstCandidate: Math.min(max, Math.max(min, currentPlaces)),
    replications,
  };
  const failures = (label: string, run: CapacitySearchRun, sets: readonly string[]) => reportSearchFailures(io, request, { ref: args.scenario, sets: flags.sets, folder }, label, run, sets);
  // A shard's candidates rest on its share of the replications: no lines about them.
  const hooks = (ui: StudyUi) => ({ ...ui.hooks, onCandidate: batch?.kind === 'shard' ? undefined : candidateLines(io, ui, request) });
  if (bands !== undefined) {
    const bandFailures = (o: CapacityBandsOutcome) => {
      for (const { band, run } of [...o.searches, ...o.empty]) failures(`${loaded.value.name}, band ${band},`, run, [bandSetArgument(scenario, band)]);
    };
    return runStudyCommand(cx, folder, flags.workers, (runner, ui) => capacityBandsStudy(request, bands, runner, hooks(ui)), (o) => bandsEnding(o, folder, () => bandFailures(o)));
  }
  return runStudyCommand(cx, folder, flags.workers, (runner, ui) => capacityStudy(request, runner, hooks(ui)), (o) => searchEnding(o, folder, () => failures(loaded.value.name, o.run, [])));
}

/** The failed replications of a search of `label`, with the commands that rerun them at its candidate's places (`sets` added). */
function reportSearchFailures(
  io: CliIo,
  request: CapacityRequest,
  asked: { ref: string; sets: readonly string[]; folder: string },
  label: string,
  run: CapacitySearchRun,
  sets: readonly string[],
): void {
  if (run.stopped === undefined || run.stopped.failures.length === 0) return;
  const { level } = request;
  const scenario = request.scenario.resolved;
  const places = run.stopped.places;
  const facilitySets = facilitySizes(withLevelPlaces(scenario, level, places), level).flatMap((f) => {
    const index = scenario.facilities.findIndex((x) => x.name === f.name);
    return [`facilities.${index}.capacity=${f.capacity}`, `facilities.${index}.officersFte=${f.officersFte}`, `facilities.${index}.otherStaffFte=${f.otherStaffFte}`];
  });
  reportFailuresOf(io, `${label} at ${places} ${LEVEL_WORDS[level]} places`, run.stopped.failures, {
    scenario: asked.ref,
    seed: request.seed,
    years: request.years,
    ...rerunStart(request.start),
    fixedEffects: request.fixedEffects,
    sets: [...asked.sets, ...sets, ...facilitySets],
    out: `${asked.folder}-${places}`,
  });
}

/** A line per candidate as it finishes, when the progress bar is drawn (a terminal). */
function candidateLines(io: CliIo, ui: StudyUi, request: CapacityRequest) {
  return (c: { evaluation: Parameters<typeof candidateLine>[0] }) => {
    if (ui.bar === undefined) return;
    ui.bar.finish();
    io.stderr.write(`${candidateLine(c.evaluation, request.probability, request.level)}\n`);
  };
}

function searchEnding(outcome: CapacityOutcome, folder: string, reportFailures: () => void): StudyEnding {
  const { run, record } = outcome;
  const done = `${run.candidates.length} candidate${run.candidates.length === 1 ? '' : 's'} finished`;
  return {
    anything: record !== undefined,
    failed: run.stopped?.reason === 'failed',
    complete: run.stopped === undefined,
    reportFailures,
    unit: 'candidate',
    failedLine: `the search stopped at ${run.stopped?.places} places; ${done}; written to ${folder} with "complete": false`,
    interruptedLine: `interrupted at ${run.stopped?.places} places; ${done}; written to ${folder} with "complete": false`,
    files: async () => (await import('../../report/files.js')).capacityFiles(record!),
    json: () => jsonText(record),
    text: () => humanCapacity(record!, folder),
  };
}

function bandsEnding(outcome: CapacityBandsOutcome, folder: string, reportFailures: () => void): StudyEnding {
  const { record } = outcome;
  return {
    anything: record !== undefined,
    failed: [...outcome.searches, ...outcome.empty].some((s) => s.run.stopped?.reason === 'failed'),
    complete: record?.complete === true,
    reportFailures,
    unit: 'candidate',
    failedLine: `a search stopped for a failed replication; written to ${folder} with "complete": false`,
    interruptedLine: `interrupted; written to ${folder} with "complete": false`,
    files: async () => (await import('../../report/files.js')).capacityBandsFiles(outcome),
    json: () => jsonText(record),
    text: () => humanCapacityBands(record!, folder),
  };
}
