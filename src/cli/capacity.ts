/**
 * `corrsim capacity SCENARIO --target "SERIES.STAT<=VALUE" […]`: the smallest number of places at
 * one level such that the targets hold in at least a share P of the replications. Candidates are
 * whole batches run with the same seed and replications (common random numbers); the search and
 * the statistics are in src/analysis/capacity.ts, the running and the files here.
 *
 * `runCapacitySearch` does the work without printing or writing, for the command and the
 * benchmark (bench/capacity.ts); `--band` runs it once per admission projection (see capacity-bands.ts).
 */
import { join } from 'node:path';
import type { Argv } from 'yargs';
import {
  bootstrapAnswer,
  evaluateCandidate,
  levelFacilities,
  levelOfSeries,
  levelPlaces,
  occupancyGuess,
  parseTarget,
  searchCapacity,
  withLevelPlaces,
  yearByYear,
  type BootstrapAnswer,
  type CandidateEvaluation,
  type CapacityTarget,
  type SearchOutcome,
  type SearchStatus,
  type YearCheck,
} from '../analysis/capacity.js';
import { combinedPerformance, type RunProvenance } from '../batch/aggregate.js';
import { csvText, type CsvValue } from '../batch/csv.js';
import { runBatch, type BatchPerformance, type BatchProgress, type ReplicationFailure, type ReplicationRunner } from '../batch/runBatch.js';
import { corrsimVersion } from '../scenario/files.node.js';
import { OKABE_ITO, top, type Chart } from '../report/charts.js';
import { bandProblem, bandSetArgument, bandTable, withBand } from '../scenario/bands.js';
import { loadScenario } from '../scenario/files.node.js';
import { scenarioHash } from '../scenario/hash.js';
import { validateScenario } from '../scenario/resolve.js';
import { editDistance } from '../scenario/suggest.js';
import { SECURITY_LEVELS, type Scenario, type SecurityLevel } from '../scenario/types.js';
import { CombinedProgress, nothingFinished, reportFailuresOf } from './batches.js';
import {
  buildCapacityBandsRecord,
  capacityBandsChart,
  capacityBandsCsv,
  capacityBandsJson,
  humanCapacityBands,
  type BandCapacity,
  type CapacityBandsRecord,
} from './capacity-bands.js';
import { lastString, listValues, parseBandList, parseBatchFlags, parseNumber, type BatchArgs } from './flags.js';
import { rerunStart, resolveRun } from './census.js';
import { censusProvenance, startPhrase, type Census } from '../scenario/census.js';
import { formatFixed, table } from './format.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder, type OutputFile } from './output.js';
import { defaultWorkers, safeFolderName } from './run.js';

export interface CapacityArgs extends BatchArgs {
  scenario: string;
  band?: unknown;
  target?: unknown;
  level?: unknown;
  min?: unknown;
  max?: unknown;
  probability?: unknown;
  resolution?: unknown;
}

export const DEFAULT_PROBABILITY = 0.9;
/** Without --max: this many times today's places (a search past that is a different plan). */
const DEFAULT_MAX_FACTOR = 4;
const BOOTSTRAP_RESAMPLES = 1000;

export const LEVEL_WORDS: Record<SecurityLevel, string> = {
  remand: 'remand',
  high: 'high-security',
  low: 'low-security',
  halfway: 'halfway-house',
};

/** How the places of a level are changed, for the output and the help. */
export const SCALING_RULE =
  'The places of the level are split among its facilities in proportion to their current capacity (whole places, largest ' +
  'remainder), and each facility’s officers and other staff are scaled with its places, so that staff per place, running ' +
  'cost per place and every other parameter stay as they are: the answer is about places, not about staffing. Dated ' +
  'capacity changes of those facilities, if any, are scaled by the same factor.';

const UNCERTAINTY_NOTE =
  'A bootstrap over replications: the replications are resampled with replacement (the same draw at every candidate, ' +
  'keeping the common random numbers) and the smallest candidate reaching the probability is found again, 1000 times; ' +
  'ci95 holds the 2.5th and 97.5th percentiles. It says how far the answer would move with another set of as many ' +
  'replications. Its ends are candidates that ran, so it is as fine as the candidates near the answer.';

// --- Flags ---------------------------------------------------------------------------------------

/** The flags of `corrsim capacity` apart from the common batch flags (cli.ts adds those). */
export function capacityOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 capacity [scenario] --target "SERIES.STAT<=VALUE" [options]\n\n' +
        'Find the smallest number of places at one level (--level; by default the level the target\n' +
        'names) such that every target holds in at least a share P of the replications (--probability,\n' +
        'default 0.9). SERIES is a monthly series (occupancy_high, sentence_queue, population_low,\n' +
        'police_cell_population, …) or a scalar metric (police_cell_overflow_days_per_year, …); STAT is\n' +
        'mean, max or a percentile pNN over the months of a replication. Quote the target: < and > mean\n' +
        'something to the shell. Every candidate runs the same seed and replications (common random\n' +
        'numbers); the search brackets the answer and narrows it to --resolution places. A level with\n' +
        'several facilities is scaled in proportion; staff per place is kept. Writes capacity.json,\n' +
        'capacity.csv and charts/capacity*.svg|png. With --band, searches once per admission projection\n' +
        '(population.projections) and writes the places needed under each band side by side\n' +
        '(capacity-bands.json, capacity-bands.csv, charts/capacity-bands.*) and each band\'s search in\n' +
        'a subfolder.',
    )
    .positional('scenario', { type: 'string', default: 'norway-baseline', describe: 'Scenario file or built-in name' })
    .option('target', { describe: 'SERIES.STAT<=VALUE (or <, >=, >), repeatable: all must hold, e.g. "occupancy_high.p95<=0.9"' })
    .option('level', { describe: 'The level whose places vary: high, low, remand or halfway [default: the level the target names]' })
    .option('probability', { describe: 'Share of replications in which the targets must hold, in (0, 1] [default: 0.9]' })
    .option('min', { describe: 'Fewest places to consider, a whole number [default: 1]' })
    .option('max', { describe: `Most places to consider, a whole number [default: ${DEFAULT_MAX_FACTOR} × today’s, at least --min + 100]` })
    .option('resolution', { describe: 'Stop when the answer is known to this many places, a whole number ≥ 1 [default: 1]' })
    .option('band', {
      describe:
        'Search once per admission projection of the scenario’s population.projections, e.g. --band low,middle,high, all with the same seeds, ' +
        'and report the places needed under each side by side [default output: outputs/capacity-<scenario>-<level>-bands]',
    })
    .example('$0 capacity --target "occupancy_high.p95<=0.9" -n 100', 'high-security places for 90% occupancy in 95% of months, 9 runs in 10')
    .example('$0 capacity --target "occupancy_high.p95<=0.9" -n 100 --census synthetic', 'the same from the steady state: no warm-up per replication, ~3× faster')
    .example('$0 capacity --target "sentence_queue.p95<=100" --level low', 'open-prison places that keep the queue under 100')
    .example('$0 capacity --target "police_cell_overflow_days_per_year<=500" --probability 0.8 --resolution 10', '')
    .example('$0 capacity norway-projection --target "occupancy_high.p95<=0.9" --band low,middle,high', 'places needed under each projection');
}

interface CapacityFlags {
  targets: CapacityTarget[];
  level?: SecurityLevel;
  min?: number;
  max?: number;
  probability: number;
  resolution: number;
}

/** The capacity flags, one problem line each; the level is inferred here when not given. */
export function parseCapacityFlags(args: CapacityArgs, problems: string[]): CapacityFlags {
  const targets: CapacityTarget[] = [];
  const rawTargets = listValues(args.target);
  if (rawTargets.length === 0) problems.push('capacity needs --target SERIES.STAT<=VALUE, e.g. --target "occupancy_high.p95<=0.9"');
  for (const raw of rawTargets) {
    const parsed = parseTarget(raw);
    if (!parsed.ok) problems.push(parsed.error);
    else if (targets.some((t) => t.text === parsed.value.text)) problems.push(`--target ${parsed.value.text}: given twice`);
    else targets.push(parsed.value);
  }
  const rawLevel = lastString(args.level, '--level', problems);
  let level: SecurityLevel | undefined;
  if (rawLevel !== undefined) {
    const word = rawLevel.trim().toLowerCase();
    if ((SECURITY_LEVELS as readonly string[]).includes(word)) level = word as SecurityLevel;
    else problems.push(`--level must be one of ${SECURITY_LEVELS.join(', ')}; got '${rawLevel}' (did you mean ${nearestLevel(word)}?)`);
  } else if (targets.length > 0 && targets.length === rawTargets.length) {
    const named = [...new Set(targets.map((t) => levelOfSeries(t.series)).filter((l) => l !== undefined))];
    if (named.length === 1) level = named[0];
    else if (named.length > 1) {
      const which = targets.map((t) => `${t.series} → ${levelOfSeries(t.series) ?? 'none'}`).join(', ');
      problems.push(`--level is needed: the targets name different levels (${which}); say whose places vary, e.g. --level ${named[0]}`);
    } else {
      problems.push(
        `--level is needed: ${targets.map((t) => t.series).join(' and ')} belong${targets.length === 1 ? 's' : ''} to no one level; ` +
          `say whose places vary: --level high, low, remand or halfway`,
      );
    }
  }
  const whole = (raw: unknown, name: string, least: number) =>
    parseNumber(raw, name, `a whole number ≥ ${least}`, (x) => Number.isSafeInteger(x) && x >= least, problems);
  const min = whole(args.min, '--min', 0);
  const max = whole(args.max, '--max', 1);
  const resolution = whole(args.resolution, '--resolution', 1) ?? 1;
  const probability = parseNumber(args.probability, '--probability', 'a share in (0, 1], e.g. 0.9', (x) => x > 0 && x <= 1, problems) ?? DEFAULT_PROBABILITY;
  if (min !== undefined && max !== undefined && min >= max) problems.push(`--min must be below --max; got --min ${min} and --max ${max}`);
  return { targets, level, min, max, probability, resolution };
}

function nearestLevel(word: string): string {
  return [...SECURITY_LEVELS].sort((a, b) => editDistance(word, a) - editDistance(word, b))[0];
}

// --- The search ------------------------------------------------------------------------------------

export interface CapacitySearchInput {
  /** The scenario as loaded (with --set); the level's places are varied on it. */
  scenario: Scenario;
  level: SecurityLevel;
  targets: readonly CapacityTarget[];
  probability: number;
  min: number;
  max: number;
  resolution: number;
  /** The first candidate [default: the level's places in the scenario]. */
  start?: number;
  seed: number;
  replications: number;
  years: number;
  warmupYears: number;
  /** The census every candidate starts from (then warmupYears is 0). */
  census?: Census;
  workers?: number;
  fixedEffects?: boolean;
  onProgress?: (p: BatchProgress) => void;
  shouldStop?: () => boolean;
  /** After each candidate that finished (to print a line, move a progress bar). */
  onCandidate?: (candidate: CandidateRun) => void;
  /** Called before each candidate starts. */
  onCandidateStart?: (places: number) => void;
  /** For tests only (workers: 1). */
  runReplication?: ReplicationRunner;
}

export interface FacilitySize {
  name: string;
  capacity: number;
  officersFte: number;
  otherStaffFte: number;
}

export interface CandidateRun {
  evaluation: CandidateEvaluation;
  /** 1 for the first candidate run, 2 for the next, … */
  order: number;
  sha256: string;
  facilities: FacilitySize[];
  performance: BatchPerformance;
}

export interface CapacitySearchRun {
  outcome: SearchOutcome;
  /** Candidates that finished, in the order they ran. */
  candidates: CandidateRun[];
  /** Set when a candidate did not finish: the search stopped there. */
  stopped?: { places: number; reason: 'interrupted' | 'failed'; failures: ReplicationFailure[]; finished: number };
  /** The targets year by year at today's places, when the search started there and every target is a monthly series. */
  years?: YearCheck[];
  currentPlaces: number;
  wallSeconds: number;
}

/** Runs the search: one batch per candidate, all with the same seed and replications. */
export async function runCapacitySearch(input: CapacitySearchInput): Promise<CapacitySearchRun> {
  const wallStart = performance.now();
  const currentPlaces = levelPlaces(input.scenario, input.level);
  const start = input.start ?? currentPlaces;
  const candidates: CandidateRun[] = [];
  const byPlaces = new Map<number, CandidateRun>();
  let stopped: CapacitySearchRun['stopped'];
  let years: YearCheck[] | undefined;

  const evaluate = async (places: number) => {
    if (input.shouldStop?.()) {
      stopped = { places, reason: 'interrupted', failures: [], finished: 0 };
      return undefined;
    }
    const scenario = scenarioWithPlaces(input.scenario, input.level, places);
    input.onCandidateStart?.(places);
    const batch = await runBatch(scenario, {
      seed: input.seed,
      replications: input.replications,
      years: input.years,
      warmupYears: input.warmupYears,
      census: input.census?.states,
      fixedEffects: input.fixedEffects,
      workers: input.workers,
      onProgress: input.onProgress,
      shouldStop: input.shouldStop,
      runReplication: input.runReplication,
    });
    // A candidate with fewer replications than the others would not be comparable: the search stops.
    if (!batch.complete || batch.failures.length > 0) {
      stopped = { places, reason: batch.failures.length > 0 ? 'failed' : 'interrupted', failures: batch.failures, finished: batch.results.length };
      return undefined;
    }
    const evaluation = evaluateCandidate(places, input.targets, batch.results, input.probability);
    if (places === currentPlaces) years = yearByYear(input.targets, batch.results, input.probability);
    const run: CandidateRun = {
      evaluation,
      order: candidates.length + 1,
      sha256: scenarioHash(scenario),
      facilities: facilitySizes(scenario, input.level),
      performance: batch.performance,
    };
    candidates.push(run);
    byPlaces.set(places, run);
    input.onCandidate?.(run);
    return { meets: evaluation.meets, margin: evaluation.margin };
  };

  const outcome = await searchCapacity({
    start,
    min: input.min,
    max: input.max,
    resolution: input.resolution,
    evaluate,
    guess: (places) => {
      const first = byPlaces.get(places);
      return first && occupancyGuess(input.targets, input.level, places, first.evaluation);
    },
  });
  return { outcome, candidates, stopped, years, currentPlaces, wallSeconds: (performance.now() - wallStart) / 1000 };
}

/** The scenario with `places` at the level, validated; a bug if invalid (min and max were checked). */
function scenarioWithPlaces(scenario: Scenario, level: SecurityLevel, places: number): Scenario {
  const valid = validateScenario(withLevelPlaces(scenario, level, places));
  if (!valid.ok) throw new Error(`the scenario is not valid with ${places} ${level} places: ${valid.errors[0]}`);
  return valid.scenario;
}

/** The level's facilities as run; staff unrounded, so that `--set` with these figures gives the very same scenario. */
function facilitySizes(scenario: Scenario, level: SecurityLevel): FacilitySize[] {
  return levelFacilities(scenario, level).map(({ name, capacity, officersFte, otherStaffFte }) => ({ name, capacity, officersFte, otherStaffFte }));
}

/** One line for the first problem with the scenario at the ends of the range, or undefined when both are valid. */
export function rangeProblem(scenario: Scenario, level: SecurityLevel, min: number, max: number): string | undefined {
  for (const [flag, places] of [['--min', min], ['--max', max]] as const) {
    const valid = validateScenario(withLevelPlaces(scenario, level, places));
    if (!valid.ok) return `${flag} ${places}: the scenario is not valid with ${places} ${LEVEL_WORDS[level]} places: ${valid.errors[0]}`;
  }
  return undefined;
}

// --- The record: capacity.json and capacity.csv ---------------------------------------------------------

/** `replications` are per candidate, the same at every candidate. */
export interface CapacityRecord extends RunProvenance {
  level: SecurityLevel;
  targets: CapacityTarget[];
  probability: number;
  search: { min: number; max: number; resolution: number; start: number; method: string };
  scaling: string;
  /** The level's places in the scenario. */
  currentPlaces: number;
  answer: {
    /** found; holds-at-min (the answer is --min or fewer); fails-at-max (more than --max needed); stopped (interrupted or failed). */
    status: SearchStatus;
    places: number | null;
    /** answer − current places. */
    change: number | null;
    /** The largest candidate below the answer that missed the targets. */
    largestFailing: number | null;
    facilities: FacilitySize[] | null;
    uncertainty: BootstrapAnswer & { note: string };
    /** Pairs of candidates where more places met the targets less: the verdict was not monotone. */
    nonMonotone: Array<[number, number]>;
  };
  /** The targets year by year of the horizon at today's places (null when a target is a scalar metric or today's places were not a candidate). */
  yearByYear: null | {
    places: number;
    /** First year (1-based) in which the targets do not hold with the probability; null when they hold every year. */
    firstYearFailing: number | null;
    years: Array<YearCheck & { starts?: string }>;
  };
  complete: boolean;
  failures: Array<{ places: number; replication: number; seed: number; message: string }>;
  performance: BatchPerformance;
  /** Every candidate that ran, by places, with its figures and the statistic of every replication. */
  candidates: Array<{
    places: number;
    order: number;
    sha256: string;
    replications: number;
    shareMeeting: number;
    meets: boolean;
    margin: number | null;
    facilities: FacilitySize[];
    targets: CandidateEvaluation['targets'];
  }>;
}

export interface RecordInput {
  scenario: { name: string; sha256: string; resolved: Scenario };
  input: Omit<CapacitySearchInput, 'scenario'>;
  run: CapacitySearchRun;
  command: string;
  version?: string;
}

export function buildCapacityRecord({ scenario, input, run, command, version }: RecordInput): CapacityRecord {
  const { outcome } = run;
  const evaluations = run.candidates.map((c) => c.evaluation);
  const answerPlaces = outcome.answer;
  const hasAnswer = outcome.status === 'found' || outcome.status === 'holds-at-min';
  const sorted = [...run.candidates].sort((a, b) => a.evaluation.places - b.evaluation.places);
  const nonMonotone: Array<[number, number]> = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      if (sorted[i].evaluation.meets && !sorted[j].evaluation.meets) nonMonotone.push([sorted[i].evaluation.places, sorted[j].evaluation.places]);
    }
  }
  const startDate = (scenario.resolved.run as unknown as { startDate?: unknown }).startDate;
  return {
    corrsim: version ?? corrsimVersion(),
    scenario: scenario,
    seed: input.seed,
    replications: input.replications,
    years: input.years,
    warmupYears: input.warmupYears,
    ...(input.census !== undefined ? { census: censusProvenance(input.census) } : {}),
    fixedEffects: input.fixedEffects === true,
    command,
    level: input.level,
    targets: [...input.targets],
    probability: input.probability,
    search: {
      min: input.min,
      max: input.max,
      resolution: input.resolution,
      start: input.start ?? run.currentPlaces,
      method:
        'Common random numbers (every candidate runs the same seed and replications); bracket from the start, then narrow ' +
        'the bracket by interpolating the margin to the target (bisecting when three steps did not halve it) until the largest ' +
        'failing and the smallest passing candidates are --resolution apart. A candidate passes when the share of ' +
        'replications meeting every target is at least the probability.',
    },
    scaling: SCALING_RULE,
    currentPlaces: run.currentPlaces,
    answer: {
      status: outcome.status,
      places: outcome.status === 'stopped' ? null : answerPlaces,
      change: answerPlaces !== null && outcome.status !== 'stopped' ? answerPlaces - run.currentPlaces : null,
      largestFailing: outcome.below,
      facilities: answerPlaces !== null && outcome.status !== 'stopped' ? facilitySizes(withLevelPlaces(scenario.resolved, input.level, answerPlaces), input.level) : null,
      // Only an answer has an uncertainty: after a search that stopped or ran out of range there is none to resample.
      uncertainty: {
        ...bootstrapAnswer(evaluations, input.probability, answerPlaces, { resamples: hasAnswer ? BOOTSTRAP_RESAMPLES : 0, seed: input.seed }),
        note: UNCERTAINTY_NOTE,
      },
      nonMonotone,
    },
    yearByYear:
      run.years === undefined
        ? null
        : {
            places: run.currentPlaces,
            firstYearFailing: run.years.find((y) => !y.meets)?.year ?? null,
            years: run.years.map((y) => (typeof startDate === 'string' ? { ...y, starts: addYears(startDate, y.year - 1) } : y)),
          },
    complete: run.stopped === undefined,
    failures: (run.stopped?.failures ?? []).map(({ replication, seed, message }) => ({ places: run.stopped!.places, replication, seed, message })),
    performance: combinedPerformance(run.candidates.map((c) => c.performance), run.wallSeconds),
    candidates: sorted.map((c) => ({
      places: c.evaluation.places,
      order: c.order,
      sha256: c.sha256,
      replications: c.evaluation.replications,
      shareMeeting: c.evaluation.shareMeeting,
      meets: c.evaluation.meets,
      margin: Number.isFinite(c.evaluation.margin) ? c.evaluation.margin : null,
      facilities: c.facilities,
      targets: c.evaluation.targets,
    })),
  };
}

/** YYYY-MM-DD plus whole years (29 February onto 1 March when the year has none). */
function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

export function capacityJson(record: CapacityRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/** capacity.csv: one row per candidate and target (tidy, for R or pandas), by places. */
export function capacityCsv(record: CapacityRecord): string {
  const rows: CsvValue[][] = [];
  for (const c of record.candidates) {
    for (const t of c.targets) {
      const s = t.statistic;
      rows.push([c.places, c.order, c.replications, c.shareMeeting, c.meets ? 1 : 0, t.target, t.shareMeeting, s.mean, s.ci95?.[0], s.ci95?.[1], s.p2_5, s.p50, s.p97_5, t.decisive]);
    }
  }
  return csvText(
    ['places', 'order', 'replications', 'share_meeting_all', 'meets_all', 'target', 'share_meeting', 'mean', 'ci_low', 'ci_high', 'p2_5', 'p50', 'p97_5', 'decisive'],
    rows,
  );
}

// --- Charts ----------------------------------------------------------------------------------------

/**
 * One target's statistic against places: the mean over replications (line and points), the middle
 * 95% of replications (band), the value that the required share of replications reach (dashed),
 * the target (red rule) and the answer (vertical rule).
 */
export function capacityChart(record: CapacityRecord, index: number): Chart | undefined {
  const target = record.targets[index];
  const rows = record.candidates.flatMap((c) => {
    const t = c.targets[index];
    const s = t?.statistic;
    if (s === undefined || s.mean === null) return [];
    return [{ places: c.places, mean: sig(s.mean), lo: sig(s.p2_5 ?? s.mean), hi: sig(s.p97_5 ?? s.mean), decisive: t.decisive === null ? null : sig(t.decisive), share: c.shareMeeting, meets: c.meets ? 'meets' : 'misses' }];
  });
  if (rows.length === 0 || target === undefined) return undefined;
  const x = { field: 'places', type: 'quantitative', title: `${capitalise(LEVEL_WORDS[record.level])} places`, scale: { zero: false } };
  const yTitle = `${target.series}, ${statWords(target.stat)} over the months of a replication`;
  const percent = Math.round(record.probability * 1000) / 10;
  const better = target.operator === '<=' || target.operator === '<' ? 'at or below' : 'at or above';
  const answer = record.answer.status === 'found' || record.answer.status === 'holds-at-min' ? record.answer.places : null;
  const tooltip = [
    { field: 'places', type: 'quantitative', title: 'Places', format: ',' },
    { field: 'mean', type: 'quantitative', title: 'Mean', format: ',.4~g' },
    { field: 'lo', type: 'quantitative', title: '2.5th percentile', format: ',.4~g' },
    { field: 'hi', type: 'quantitative', title: '97.5th percentile', format: ',.4~g' },
    { field: 'decisive', type: 'quantitative', title: `Reached by ${percent}%`, format: ',.4~g' },
    { field: 'share', type: 'quantitative', title: 'Share meeting the targets', format: '.0%' },
  ];
  const layers: object[] = [
    { name: 'band', data: { values: rows }, mark: { type: 'area', opacity: 0.18, color: OKABE_ITO[0] }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'hi' } } },
    { name: 'mean', data: { values: rows }, mark: { type: 'line', strokeWidth: 2, color: OKABE_ITO[0] }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } },
    { name: 'decisive', data: { values: rows }, mark: { type: 'line', strokeWidth: 1.5, strokeDash: [6, 4], color: OKABE_ITO[6] }, encoding: { x, y: { field: 'decisive', type: 'quantitative' } } },
    {
      name: 'points',
      data: { values: rows },
      mark: { type: 'point', filled: true, size: 50 },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' },
        color: { field: 'meets', type: 'nominal', title: 'Candidate', scale: { domain: ['meets', 'misses'], range: [OKABE_ITO[2], OKABE_ITO[3]] } },
        tooltip,
      },
    },
    {
      name: 'target',
      data: { values: [{ value: target.value, label: `target ${target.operator} ${target.value}` }] },
      mark: { type: 'rule', color: OKABE_ITO[3], strokeWidth: 1.5 },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    },
    {
      name: 'targetLabel',
      data: { values: [{ value: target.value, label: `target ${target.operator} ${target.value}` }] },
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: OKABE_ITO[3], fontSize: 11 },
      encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
  if (answer !== null) {
    const label = `answer: ${answer.toLocaleString('en-US')} places`;
    layers.push(
      { name: 'answer', data: { values: [{ places: answer, label }] }, mark: { type: 'rule', color: '#555555', strokeDash: [2, 3] }, encoding: { x: { field: 'places', type: 'quantitative' } } },
      {
        name: 'answerLabel',
        data: { values: [{ places: answer, label }] },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 0, color: '#555555', fontSize: 11 },
        encoding: { x: { field: 'places', type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  }
  const title = `${target.text}: ${target.series} against ${LEVEL_WORDS[record.level]} places`;
  const subtitle = [
    `Line and points: mean of ${record.replications} replications per candidate (green: the candidate meets the targets, red: misses); band: middle 95% of replications.`,
    `Dashed: the value ${percent}% of replications reach; it must be ${better} the red target line for the target to hold with probability ${record.probability}.`,
    'Every candidate ran the same replications (common random numbers).',
  ];
  const name = record.targets.length === 1 ? 'capacity' : `capacity-${index + 1}`;
  return { name, title, spec: topSpec(title, subtitle, layers) };
}

/** The share of replications meeting every target against places, with the required share. */
export function capacityShareChart(record: CapacityRecord): Chart | undefined {
  if (record.candidates.length === 0) return undefined;
  const rows = record.candidates.map((c) => ({ places: c.places, share: c.shareMeeting, meets: c.meets ? 'meets' : 'misses' }));
  const x = { field: 'places', type: 'quantitative', title: `${capitalise(LEVEL_WORDS[record.level])} places`, scale: { zero: false } };
  const title = `Share of replications meeting ${record.targets.length === 1 ? 'the target' : 'every target'}, by ${LEVEL_WORDS[record.level]} places`;
  const layers = [
    { name: 'line', data: { values: rows }, mark: { type: 'line', strokeWidth: 2, color: OKABE_ITO[0], interpolate: 'step-after' }, encoding: { x, y: { field: 'share', type: 'quantitative', title: 'Share of replications', axis: { format: '.0%' }, scale: { domain: [0, 1] } } } },
    {
      name: 'points',
      data: { values: rows },
      mark: { type: 'point', filled: true, size: 50 },
      encoding: {
        x,
        y: { field: 'share', type: 'quantitative' },
        color: { field: 'meets', type: 'nominal', title: 'Candidate', scale: { domain: ['meets', 'misses'], range: [OKABE_ITO[2], OKABE_ITO[3]] } },
        tooltip: [
          { field: 'places', type: 'quantitative', title: 'Places', format: ',' },
          { field: 'share', type: 'quantitative', title: 'Share meeting', format: '.0%' },
        ],
      },
    },
    { name: 'probability', data: { values: [{ p: record.probability }] }, mark: { type: 'rule', color: OKABE_ITO[3], strokeWidth: 1.5 }, encoding: { y: { field: 'p', type: 'quantitative' } } },
  ];
  const subtitle = [
    `${record.targets.map((t) => t.text).join(' and ')}; red line: the required share, ${record.probability}. ${record.replications} replications per candidate, the same at every candidate.`,
  ];
  return { name: 'capacity-share', title, spec: topSpec(title, subtitle, layers) };
}

function topSpec(title: string, subtitle: string[], layer: object[]): Chart['spec'] {
  return top(title, subtitle, { layer });
}

function statWords(stat: string): string {
  if (stat === 'mean') return 'mean';
  if (stat === 'max') return 'maximum';
  return `${stat.slice(1)}th percentile`;
}

function sig(x: number): number {
  return Number(x.toPrecision(6));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// --- The command -----------------------------------------------------------------------------------

export async function capacityCommand(args: CapacityArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: false });
  const capacity = parseCapacityFlags(args, problems);
  const bands = parseBandList(args.band, problems);
  if (problems.length > 0) return usageError(io, problems);
  const level = capacity.level!;

  const loaded = loadScenario(args.scenario, { sets: flags.sets });
  if (!loaded.ok) return usageError(io, loaded.errors);
  const scenario = loaded.scenario;
  const bandsProblem = bands === undefined ? undefined : bandProblem(scenario, loaded.name, bands);
  if (bandsProblem !== undefined) return usageError(io, [bandsProblem]);
  if (levelFacilities(scenario, level).length === 0) {
    return usageError(io, [`--level ${level}: ${loaded.name} has no facility at level ${level}, so there are no places to size`]);
  }
  const currentPlaces = levelPlaces(scenario, level);
  const min = capacity.min ?? 1;
  const max = capacity.max ?? Math.max(DEFAULT_MAX_FACTOR * currentPlaces, min + 100);
  if (min >= max) return usageError(io, [`--min must be below --max; got --min ${min} and --max ${max}`]);
  const range = rangeProblem(scenario, level, min, max);
  if (range !== undefined) return usageError(io, [range]);

  const replications = typeof flags.replications === 'number' ? flags.replications : scenario.run.replications;
  const folder = flags.out ?? join('outputs', `capacity-${safeFolderName(loaded.name)}-${level}${bands === undefined ? '' : '-bands'}`);
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);
  // Every candidate (of every band) starts from the same census (today's prisons) or warms up from empty.
  const resolved = resolveRun(loaded, flags, io, args.quiet === true || args.json === true);
  if (!resolved.ok) return resolved.exit;
  const { settings, start } = resolved.run;

  const input: Omit<CapacitySearchInput, 'scenario'> = {
    level,
    targets: capacity.targets,
    probability: capacity.probability,
    min,
    max,
    resolution: capacity.resolution,
    start: Math.min(max, Math.max(min, currentPlaces)),
    ...settings,
    ...(start.census !== undefined ? { census: start.census } : {}),
    replications,
    workers: flags.workers ?? defaultWorkers(),
    fixedEffects: flags.fixedEffects,
  };
  const session: SearchSession = {
    io,
    input,
    progress: new CombinedProgress(io, args.quiet, replications * (bands?.length ?? 1)),
    started: 0,
    failures: (label, run, sets) => {
      if (run.stopped === undefined || run.stopped.failures.length === 0) return;
      const places = run.stopped.places;
      const facilitySets = facilitySizes(withLevelPlaces(scenario, level, places), level).flatMap((f) => {
        const index = scenario.facilities.findIndex((x) => x.name === f.name);
        return [`facilities.${index}.capacity=${f.capacity}`, `facilities.${index}.officersFte=${f.officersFte}`, `facilities.${index}.otherStaffFte=${f.otherStaffFte}`];
      });
      reportFailuresOf(io, `${label} at ${places} ${LEVEL_WORDS[level]} places`, run.stopped.failures, {
        scenario: args.scenario,
        ...settings,
        ...rerunStart(start),
        fixedEffects: flags.fixedEffects,
        sets: [...flags.sets, ...sets, ...facilitySets],
        out: `${folder}-${places}`,
      });
    },
  };
  const loadedRecord = { name: loaded.name, sha256: loaded.sha256, resolved: scenario };
  if (bands !== undefined) return capacityBandsRun({ session, scenario: loadedRecord, bands, command, folder, json: args.json, quiet: args.quiet });

  let run: CapacitySearchRun;
  try {
    run = await searchWithProgress(session, scenario);
  } catch (error) {
    return internalError(io, 'the simulation failed', error);
  }
  const reportFailures = () => session.failures(loaded.name, run, []);
  if (run.candidates.length === 0) return nothingFinished(io, run.stopped?.reason === 'failed', reportFailures, 'candidate');

  const record = buildCapacityRecord({ scenario: loadedRecord, input, run, command });
  try {
    await writeOutputFolder(folder, await capacityFiles(record));
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }

  if (args.json) io.stdout.write(capacityJson(record));
  else if (!args.quiet) io.stdout.write(humanCapacity(record, folder));
  if (run.stopped !== undefined) {
    const done = `${run.candidates.length} candidate${run.candidates.length === 1 ? '' : 's'} finished`;
    if (run.stopped.reason === 'failed') {
      reportFailures();
      io.stderr.write(`corrsim: the search stopped at ${run.stopped.places} places; ${done}; written to ${folder} with "complete": false\n`);
      return EXIT_FAILED;
    }
    io.stderr.write(`corrsim: interrupted at ${run.stopped.places} places; ${done}; written to ${folder} with "complete": false\n`);
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

/** What the searches of one command share: the settings, one progress bar, and how to report failed replications. */
interface SearchSession {
  io: CliIo;
  input: Omit<CapacitySearchInput, 'scenario'>;
  progress: CombinedProgress;
  /** Candidates started so far, in every search. */
  started: number;
  /** Reports the failed replications of a search of `label`, with the commands that rerun them (`sets` added). */
  failures(label: string, run: CapacitySearchRun, sets: readonly string[]): void;
}

/** One search with the progress bar, and a line per candidate when stderr is a terminal. Throws what the simulation throws. */
async function searchWithProgress(session: SearchSession, scenario: Scenario): Promise<CapacitySearchRun> {
  const { io, input, progress } = session;
  progress.begin(1);
  try {
    return await runCapacitySearch({
      scenario,
      ...input,
      onProgress: progress.onProgress,
      shouldStop: () => io.interrupt?.aborted === true,
      // How many candidates there will be is not known ahead: the bar's total grows by one batch at a time.
      onCandidateStart: () => {
        session.started++;
        progress.total = Math.max(progress.total, session.started * input.replications);
      },
      onCandidate: (c) => {
        progress.batchDone(c.evaluation.replications);
        if (progress.active) {
          progress.finish();
          io.stderr.write(`${candidateLine(c.evaluation, input.probability, input.level)}\n`);
        }
      },
    });
  } finally {
    progress.finish();
  }
}

/** capacity.json, capacity.csv and the charts of one search. */
async function capacityFiles(record: CapacityRecord): Promise<OutputFile[]> {
  const files: OutputFile[] = [
    { name: 'capacity.json', content: capacityJson(record) },
    { name: 'capacity.csv', content: capacityCsv(record) },
  ];
  const { chartFiles } = await import('../report/index.js');
  const charts = [...record.targets.map((_, i) => capacityChart(record, i)), capacityShareChart(record)];
  for (const chart of charts) if (chart !== undefined) files.push(...(await chartFiles(chart)));
  return files;
}

/**
 * `--band`: the search once per band, one after another with the same settings; a failed
 * replication stops that band's search (as without --band) but not the next band's; Ctrl-C stops
 * them all. Each band's files go to its subfolder, the bands side by side to the top.
 */
async function capacityBandsRun(options: {
  session: SearchSession;
  scenario: CapacityBandsRecord['scenario'];
  bands: readonly string[];
  command: string;
  folder: string;
  json?: boolean;
  quiet?: boolean;
}): Promise<number> {
  const { session, scenario, bands, folder } = options;
  const { io } = session;
  const wallStart = performance.now();
  const searches: Array<BandCapacity & { run: CapacitySearchRun }> = [];
  const empty: Array<{ band: string; run: CapacitySearchRun; failures: CapacityBandsRecord['failures'] }> = [];
  for (const band of bands) {
    if (io.interrupt?.aborted === true) break;
    const banded = withBand(scenario.resolved, band);
    const sha256 = scenarioHash(banded);
    let run: CapacitySearchRun;
    try {
      run = await searchWithProgress(session, banded);
    } catch (error) {
      return internalError(io, 'the simulation failed', error);
    }
    if (run.candidates.length === 0) {
      const stopped = run.stopped;
      empty.push({ band, run, failures: (stopped?.failures ?? []).map(({ replication, seed, message }) => ({ band, places: stopped!.places, replication, seed, message })) });
      continue;
    }
    const record = buildCapacityRecord({ scenario: { name: scenario.name, sha256, resolved: banded }, input: session.input, run, command: options.command });
    searches.push({ band, table: bandTable(scenario.resolved, band), sha256, record, run });
  }
  const reportAllFailures = () => {
    for (const { band, run } of [...searches, ...empty]) session.failures(`${scenario.name}, band ${band},`, run, [bandSetArgument(scenario.resolved, band)]);
  };
  const failed = [...searches, ...empty].some((s) => s.run.stopped?.reason === 'failed');
  if (searches.length === 0) return nothingFinished(io, failed, reportAllFailures, 'candidate');

  const record = buildCapacityBandsRecord(scenario, bands, searches, (performance.now() - wallStart) / 1000, empty);
  try {
    const files: OutputFile[] = [
      { name: 'capacity-bands.json', content: capacityBandsJson(record) },
      { name: 'capacity-bands.csv', content: capacityBandsCsv(record) },
    ];
    for (const s of searches) for (const f of await capacityFiles(s.record)) files.push({ name: `${s.band}/${f.name}`, content: f.content });
    const chart = capacityBandsChart(record);
    if (chart !== undefined) {
      const { chartFiles } = await import('../report/index.js');
      files.push(...(await chartFiles(chart)));
    }
    await writeOutputFolder(folder, files);
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }

  if (options.json) io.stdout.write(capacityBandsJson(record));
  else if (!options.quiet) io.stdout.write(humanCapacityBands(record, folder));
  if (failed) {
    reportAllFailures();
    io.stderr.write(`corrsim: a search stopped for a failed replication; written to ${folder} with "complete": false\n`);
    return EXIT_FAILED;
  }
  if (!record.complete) {
    io.stderr.write(`corrsim: interrupted; written to ${folder} with "complete": false\n`);
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

/** "  1,815 high-security places: 62% of 100 replications meet the targets (90% needed): misses" */
function candidateLine(e: CandidateEvaluation, probability: number, level: SecurityLevel): string {
  return (
    `  ${e.places.toLocaleString('en-US')} ${LEVEL_WORDS[level]} places: ${formatPercent(e.shareMeeting)} of ${e.replications} ` +
    `replications meet the targets (${formatPercent(probability)} needed): ${e.meets ? 'meets' : 'misses'}`
  );
}

export function formatPercent(x: number): string {
  const pct = x * 100;
  return `${Number.isInteger(Math.round(pct * 10) / 10) ? Math.round(pct) : (Math.round(pct * 10) / 10).toFixed(1)}%`;
}

/** The printed result: the answer, its uncertainty, the candidates, the year-by-year check. */
export function humanCapacity(record: CapacityRecord, folder: string): string {
  const words = LEVEL_WORDS[record.level];
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  const places = (n: number) => n.toLocaleString('en-US');
  const percent = formatPercent(record.probability);
  const targets = record.targets.map((t) => t.text).join(' and ');
  let text =
    `${record.scenario.name}: ${words} places for ${targets} in at least ${percent} of replications\n` +
    `${plural(record.replications, 'replication')} per candidate (common random numbers), ${plural(record.years, 'year')} measured ` +
    `${startPhrase(record.warmupYears, record.census)}, seed ${record.seed}${record.fixedEffects ? ', effect sizes fixed at their estimates' : ''}` +
    `${record.complete ? '' : record.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}\n` +
    `staff per place kept; the level’s facilities scaled in proportion\n\n`;

  const a = record.answer;
  const now = `today ${places(record.currentPlaces)}`;
  const change = (n: number) => `${n >= 0 ? '+' : '−'}${places(Math.abs(n))}`;
  switch (a.status) {
    case 'found':
      text += `answer: ${places(a.places!)} places (${now}, ${change(a.change!)})`;
      text += a.largestFailing !== null ? `; ${places(a.largestFailing)} misses the target${record.targets.length > 1 ? 's' : ''}\n` : '\n';
      break;
    case 'holds-at-min':
      text += `answer: ${places(a.places!)} places or fewer: the target${record.targets.length > 1 ? 's hold' : ' holds'} already at --min (${now})\n`;
      break;
    case 'fails-at-max':
      text += `answer: more than ${places(record.search.max)} places: the target${record.targets.length > 1 ? 's' : ''} still miss${record.targets.length > 1 ? '' : 'es'} at --max (${now}); raise --max\n`;
      break;
    case 'stopped':
      text += `no answer: the search stopped before the bracket closed`;
      text += a.largestFailing !== null ? `; ${places(a.largestFailing)} places miss the target${record.targets.length > 1 ? 's' : ''}` : '';
      {
        const passing = record.candidates.filter((c) => c.meets).map((c) => c.places);
        text += passing.length > 0 ? `; ${places(Math.min(...passing))} meet ${record.targets.length > 1 ? 'them' : 'it'}\n` : '\n';
      }
      break;
  }
  const u = a.uncertainty;
  if (a.status === 'found' && u.resamples > 0) {
    const [lo, hi] = u.ci95;
    const show = (x: number | null) => (x === null ? `more than ${places(Math.max(...record.candidates.map((c) => c.places)))}` : places(x));
    text += `uncertainty: ${show(lo)} to ${show(hi)} places (95% bootstrap interval over replications, ${u.resamples} resamples)\n`;
  }
  if (a.nonMonotone.length > 0) {
    const [p, q] = a.nonMonotone[0];
    text += `note: the verdict is not monotone in places here (${places(p)} meets, ${places(q)} misses); more replications would settle it\n`;
  }

  text += `\ncandidates (order: as run; share: of replications meeting ${record.targets.length > 1 ? 'every target' : 'the target'}; ` +
    `then the statistic's mean across replications [95% CI])\n`;
  const header = ['places', 'order', 'meets', 'share', ...record.targets.map((t) => `${t.series}.${t.stat}`)];
  const rows = record.candidates.map((c) => [
    places(c.places),
    String(c.order),
    c.meets ? 'yes' : 'no',
    formatPercent(c.shareMeeting),
    ...c.targets.map((t) => formatStatistic(t.statistic)),
  ]);
  text += table([header, ...rows], 'rrrr' + 'r'.repeat(record.targets.length), '   ');

  const y = record.yearByYear;
  if (y !== null) {
    const at = `with today’s ${places(y.places)} places`;
    if (y.firstYearFailing === null) text += `\n${at} the target${record.targets.length > 1 ? 's hold' : ' holds'} in every year of the horizon (${percent} of replications each year)\n`;
    else {
      const first = y.years[y.firstYearFailing - 1];
      const when = first.starts !== undefined ? `year ${first.year} (from ${first.starts})` : `year ${first.year} of the horizon`;
      text += `\n${at} the target${record.targets.length > 1 ? 's' : ''} first fail${record.targets.length > 1 ? '' : 's'} in ${when}: ${formatPercent(first.shareMeeting)} of replications meet ${record.targets.length > 1 ? 'them' : 'it'} that year\n`;
    }
  }
  const perf = record.performance;
  text +=
    `\n${plural(record.candidates.length, 'candidate')} × ${plural(record.replications, 'replication')}: ` +
    `${Math.round(perf.events).toLocaleString('en-US')} events in ${perf.cpuSeconds.toFixed(1)} CPU s, ${perf.wallSeconds.toFixed(1)} s wall\n` +
    `output: ${folder}\n`;
  return text;
}

/** A statistic's mean with its 95% CI, with decimals to suit the interval. */
function formatStatistic(s: CandidateEvaluation['targets'][number]['statistic']): string {
  if (s.mean === null) return 'n/a';
  const [lo, hi] = s.ci95 ?? [s.mean, s.mean];
  const half = (hi - lo) / 2;
  const magnitude = Math.abs(s.mean);
  const decimals = half > 0 ? Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(half)))) : magnitude < 10 ? 3 : 0;
  return `${formatFixed(s.mean, decimals)} [${formatFixed(lo, decimals)}, ${formatFixed(hi, decimals)}]`;
}
