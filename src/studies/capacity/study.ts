/**
 * The capacity study (`corrsim capacity SCENARIO --target "SERIES.STAT<=VALUE"`): the smallest
 * number of places at one level such that the targets hold in at least a share P of the
 * replications. Candidates are whole batches run with the same seed and replications (common
 * random numbers); the search and its statistics are in search.ts, evaluate.ts and targets.ts;
 * here the running, and the record (capacity.json).
 */
import { combinedPerformance } from '../../experiments/aggregate.js';
import type { BatchHooks, BatchPerformance, BatchRunner, ReplicationFailure } from '../../experiments/batch.js';
import { rangePlan } from '../../experiments/plan.js';
import { censusProvenance, type Census } from '../../scenario/census.js';
import { scenarioHash } from '../../scenario/hash.js';
import { validateScenario } from '../../scenario/resolve.js';
import type { Scenario, SecurityLevel } from '../../scenario/types.js';
import type { RunProvenance, ScenarioIdentity } from '../provenance.js';
import { StudyProgress, type SimulationRequest, type StudyHooks } from '../study.js';
import { bootstrapAnswer, evaluateCandidate, yearByYear, type BootstrapAnswer, type CandidateEvaluation, type YearCheck } from './evaluate.js';
import { LEVEL_WORDS, levelFacilities, levelPlaces, occupancyGuess, withLevelPlaces } from './places.js';
import { searchCapacity, type SearchOutcome, type SearchStatus } from './search.js';
import type { CapacityTarget } from './targets.js';

const BOOTSTRAP_RESAMPLES = 1000;

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

/** What a capacity search looks for: the level whose places vary, the targets and their probability, and the range. */
export interface SearchSpec {
  level: SecurityLevel;
  targets: readonly CapacityTarget[];
  probability: number;
  min: number;
  max: number;
  /** Stop when the answer is known to this many places. */
  resolution: number;
}

export interface CapacitySearchInput extends SearchSpec {
  /** The scenario as loaded (with --set); the level's places are varied on it. */
  scenario: Scenario;
  /** The first candidate [default: the level's places in the scenario]. */
  start?: number;
  seed: number;
  replications: number;
  years: number;
  warmupYears: number;
  /** The census every candidate starts from (then warmupYears is 0). */
  census?: Census;
  fixedEffects?: boolean;
}

/** What a caller hears of a search while it runs, and how it stops one. */
export interface SearchHooks extends BatchHooks {
  /** After each candidate that finished (to print a line, move a progress bar). */
  onCandidate?: (candidate: CandidateRun) => void;
  /** Called before each candidate starts. */
  onCandidateStart?: (places: number) => void;
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
export async function runCapacitySearch(input: CapacitySearchInput, runner: BatchRunner, hooks: SearchHooks = {}): Promise<CapacitySearchRun> {
  const wallStart = performance.now();
  const currentPlaces = levelPlaces(input.scenario, input.level);
  const start = input.start ?? currentPlaces;
  const candidates: CandidateRun[] = [];
  const byPlaces = new Map<number, CandidateRun>();
  const plan = rangePlan(
    { seed: input.seed, years: input.years, warmupYears: input.warmupYears, census: input.census?.states, fixedEffects: input.fixedEffects },
    0,
    input.replications,
  );
  let stopped: CapacitySearchRun['stopped'];
  let years: YearCheck[] | undefined;

  const evaluate = async (places: number) => {
    if (hooks.shouldStop?.()) {
      stopped = { places, reason: 'interrupted', failures: [], finished: 0 };
      return undefined;
    }
    const scenario = scenarioWithPlaces(input.scenario, input.level, places);
    hooks.onCandidateStart?.(places);
    const batch = await runner.run(scenario, plan, { onProgress: hooks.onProgress, shouldStop: hooks.shouldStop });
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
    hooks.onCandidate?.(run);
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
export function facilitySizes(scenario: Scenario, level: SecurityLevel): FacilitySize[] {
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
  version: string;
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
    corrsim: version,
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

// --- The study ---------------------------------------------------------------------------------

export interface CapacityRequest extends SimulationRequest, SearchSpec {
  /** The scenario as loaded (with --set); the level's places are varied on it. */
  scenario: ScenarioIdentity;
  /** The first candidate (today's places, within min..max). */
  firstCandidate: number;
  /** Replications per candidate. */
  replications: number;
}

/** What a caller hears of a capacity study: its progress, its stop, and each candidate as it finishes. */
export interface CapacityHooks extends StudyHooks {
  onCandidate?: (candidate: CandidateRun) => void;
}

/** The search's settings from the request (everything but the scenario, which a band changes). */
export function searchInput(request: CapacityRequest): Omit<CapacitySearchInput, 'scenario'> {
  return {
    level: request.level,
    targets: request.targets,
    probability: request.probability,
    min: request.min,
    max: request.max,
    resolution: request.resolution,
    start: request.firstCandidate,
    seed: request.seed,
    years: request.years,
    warmupYears: request.start.warmupYears,
    ...(request.start.census !== undefined ? { census: request.start.census } : {}),
    replications: request.replications,
    fixedEffects: request.fixedEffects,
  };
}

/**
 * One search of a study with its progress: the total grows by a candidate's replications as each
 * starts (how many candidates there will be is not known ahead). Throws what the simulation throws.
 */
export async function searchWithProgress(scenario: Scenario, request: CapacityRequest, runner: BatchRunner, progress: StudyProgress, hooks: CapacityHooks): Promise<CapacitySearchRun> {
  progress.begin();
  return runCapacitySearch({ scenario, ...searchInput(request) }, runner, {
    ...progress.batch(),
    onCandidateStart: () => {
      progress.started++;
      progress.total = Math.max(progress.total, progress.started * request.replications);
    },
    onCandidate: (c) => {
      progress.batchDone(c.evaluation.replications);
      hooks.onCandidate?.(c);
    },
  });
}

export interface CapacityOutcome {
  run: CapacitySearchRun;
  /** Undefined when no candidate finished. */
  record?: CapacityRecord;
}

export async function capacityStudy(request: CapacityRequest, runner: BatchRunner, hooks: CapacityHooks = {}): Promise<CapacityOutcome> {
  const progress = new StudyProgress(hooks, request.replications);
  const run = await searchWithProgress(request.scenario.resolved, request, runner, progress, hooks);
  if (run.candidates.length === 0) return { run };
  return { run, record: buildCapacityRecord({ scenario: request.scenario, input: searchInput(request), run, command: request.provenance.command, version: request.provenance.corrsim }) };
}

/** Without --max: this many times today's places (a search past that is a different plan). */
export const DEFAULT_MAX_FACTOR = 4;

/** The range of the search: --min (default 1) and --max (default 4 × today's places, at least --min + 100). */
export function searchRange(currentPlaces: number, min?: number, max?: number): { min: number; max: number } {
  const low = min ?? 1;
  return { min: low, max: max ?? Math.max(DEFAULT_MAX_FACTOR * currentPlaces, low + 100) };
}
