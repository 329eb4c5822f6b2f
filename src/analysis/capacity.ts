/**
 * Capacity planning: the smallest number of places at one level such that a target (e.g. "the 95th
 * percentile of monthly high-security occupancy is at most 90%") holds in at least a share P of
 * the replications. Pure functions; running the candidates is the caller's (src/cli/capacity.ts).
 *
 * - A target is `SERIES.STAT<=VALUE` (or <, >=, >): SERIES a monthly series or a scalar metric,
 *   STAT `mean`, `max` or a percentile `pNN` over the months of one replication.
 * - A candidate (a number of places) passes when the share of replications in which every target
 *   holds is at least P. All candidates run the same replications (common random numbers), so
 *   a replication that meets the target at c places nearly always meets it at c + 1 too, and the
 *   pass/fail verdict is close to monotone in places.
 * - The search brackets the answer, then narrows the bracket to `resolution` places, each step
 *   guessing where the verdict flips from how far the candidates at the bracket's ends are from
 *   the target (interpolation), with a plain bisection whenever the guesses stop halving the bracket.
 *   No candidate is run twice.
 * - The uncertainty of the answer is a bootstrap over replications (see `bootstrapAnswer`).
 */
import { createStream } from '../engine/random.js';
import { METRICS, SERIES, type ReplicationResult } from '../model/result.js';
import { editDistance } from '../scenario/suggest.js';
import type { Scenario, SecurityLevel } from '../scenario/types.js';
import { percentileSorted, summarise, type MetricSummary } from '../stats/intervals.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

// --- Targets -------------------------------------------------------------------------------------

export const TARGET_OPERATORS = ['<=', '<', '>=', '>'] as const;
export type TargetOperator = (typeof TARGET_OPERATORS)[number];

/** The statistics over the months of one replication that a target may name (any pNN works too). */
export const TARGET_STATS = ['mean', 'p90', 'p95', 'max'] as const;

export interface CapacityTarget {
  /** As normalised, e.g. `occupancy_high.p95<=0.9`. */
  text: string;
  series: string;
  /** `monthly`: read from the monthly series; `metric`: a scalar metric, one value per replication. */
  source: 'monthly' | 'metric';
  /** `mean`, `max` or `pNN`. */
  stat: string;
  /** For `pNN`: NN/100. */
  quantile?: number;
  operator: TargetOperator;
  value: number;
}

export interface TargetNames {
  /** Monthly series (ReplicationResult.monthly). */
  series: readonly string[];
  /** Scalar metrics (ReplicationResult.metrics). */
  metrics: readonly string[];
}

const DEFAULT_NAMES: TargetNames = { series: SERIES, metrics: METRICS.map((m) => m.name) };
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const EXAMPLE = 'e.g. --target "occupancy_high.p95<=0.9"';

/** Parses one `--target`; whether the series exists is checked against `names` (the model's by default). */
export function parseTarget(raw: string, names: TargetNames = DEFAULT_NAMES): Parsed<CapacityTarget> {
  const text = raw.trim();
  const match = /^([^<>=!\s]+)\s*(<=|>=|<|>)\s*([^<>=\s]+)$/.exec(text);
  if (match === null) {
    return { ok: false, error: `--target must be SERIES.STAT<=VALUE (or <, >=, >), ${EXAMPLE}; got '${raw}'` };
  }
  const [, name, operator, rawValue] = match;
  const value = DECIMAL.test(rawValue) ? Number(rawValue) : NaN;
  if (!Number.isFinite(value)) return { ok: false, error: `--target ${text}: the value must be a number; got '${rawValue}'` };
  const dot = name.indexOf('.');
  const series = dot < 0 ? name : name.slice(0, dot);
  const stat = dot < 0 ? undefined : name.slice(dot + 1).toLowerCase();
  const isSeries = names.series.includes(series);
  const isMetric = names.metrics.includes(series);
  if (!isSeries && !isMetric) {
    const all = [...names.series, ...names.metrics];
    return { ok: false, error: `--target ${text}: unknown series or metric '${series}' (did you mean ${nearestName(series, all)}?)` };
  }
  const op = operator as TargetOperator;
  if (!isSeries) {
    // A scalar metric is one number per replication: there are no months to take a percentile over.
    if (stat !== undefined && stat !== 'mean') {
      return {
        ok: false,
        error: `--target ${text}: ${series} is a scalar metric, one value per replication over the horizon; write ${series}${operator}${rawValue} or ${series}.mean${operator}${rawValue}`,
      };
    }
    return { ok: true, value: { text: `${series}.mean${op}${value}`, series, source: 'metric', stat: 'mean', operator: op, value } };
  }
  if (stat === undefined) {
    return { ok: false, error: `--target ${text}: name the statistic over the months, e.g. ${series}.mean, ${series}.p95 or ${series}.max` };
  }
  const quantile = parseStat(stat);
  if (quantile === undefined) {
    return {
      ok: false,
      error: `--target ${text}: unknown statistic '${stat}' (did you mean ${nearestName(stat, TARGET_STATS)}? statistics: mean, max, or a percentile p1 to p99 such as p90, p95)`,
    };
  }
  const target: CapacityTarget = { text: `${series}.${stat}${op}${value}`, series, source: 'monthly', stat, operator: op, value };
  if (quantile !== null) target.quantile = quantile;
  return { ok: true, value: target };
}

/** `mean` and `max`: null; `pNN` (1 to 99, decimals allowed): NN/100; anything else: undefined. */
function parseStat(stat: string): number | null | undefined {
  if (stat === 'mean' || stat === 'max') return null;
  const p = /^p(\d{1,2}(\.\d+)?)$/.exec(stat);
  if (p === null) return undefined;
  const percent = Number(p[1]);
  return percent >= 1 && percent <= 99 ? percent / 100 : undefined;
}

function nearestName(word: string, candidates: readonly string[]): string {
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const c of candidates) {
    // A name that starts the same way is the likelier slip (occupancy → occupancy_high).
    const d = editDistance(word, c) - (c.startsWith(word) || word.startsWith(c) ? 0.5 : 0);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The level a target's series belongs to, when it belongs to one: occupancy and population of a
 * level, and police cells (the overflow of remand places). Undefined for system-wide series such as
 * the sentence queue, which any level's places can relieve.
 */
export function levelOfSeries(series: string): SecurityLevel | undefined {
  const level = /^(?:occupancy|population)_(remand|high|low|halfway)$/.exec(series);
  if (level !== null) return level[1] as SecurityLevel;
  if (series.startsWith('police_cell_')) return 'remand';
  return undefined;
}

/** Months [from, to) of the measured horizon, 0-based. */
export type MonthRange = readonly [number, number];

/**
 * The target's statistic in one replication: over the whole horizon, or over `months` only (for
 * the year-by-year check). NaN when it cannot be measured (no months, or the metric is NaN).
 */
export function replicationStatistic(target: CapacityTarget, result: Pick<ReplicationResult, 'metrics' | 'monthly'>, months?: MonthRange): number {
  if (target.source === 'metric') return months === undefined ? (result.metrics[target.series] ?? NaN) : NaN;
  const all = (result.monthly as Record<string, readonly number[] | undefined>)[target.series] ?? [];
  const values = (months === undefined ? all : all.slice(months[0], months[1])).filter(Number.isFinite);
  if (values.length === 0) return NaN;
  if (target.stat === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  if (target.stat === 'max') return Math.max(...values);
  return percentileSorted([...values].sort((a, b) => a - b), target.quantile ?? NaN);
}

/** Whether a statistic meets the target; NaN never does. */
export function meetsTarget(target: CapacityTarget, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (target.operator) {
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
  }
}

/** Margins beyond e^±7 (a thousandfold) all read as "very far": a queue of 0 against a target of 100. */
const MARGIN_CAP = 7;

/**
 * How far a statistic is from the target: positive misses it, negative meets it with room to
 * spare, 0 is on the line. For positive targets it is the log of the ratio (statistic ÷ target,
 * upside down for >= and >), which is comparable across targets, so the worst of several is the
 * margin of a replication, and close to linear in places for both occupancy (∝ 1/places) and
 * queues (falling about exponentially with places), which is what the search's guesses assume.
 * NaN counts as missing by the most.
 */
export function relativeMargin(target: CapacityTarget, value: number): number {
  if (!Number.isFinite(value)) return MARGIN_CAP;
  const lowerIsBetter = target.operator === '<=' || target.operator === '<';
  let margin: number;
  if (target.value > 0) {
    const ratio = Math.max(value, target.value * Math.exp(-MARGIN_CAP)) / target.value;
    margin = Math.log(ratio);
  } else {
    margin = (value - target.value) / (target.value !== 0 ? Math.abs(target.value) : 1);
  }
  return Math.max(-MARGIN_CAP, Math.min(MARGIN_CAP, lowerIsBetter ? margin : -margin));
}

/** How many of n replications must meet the targets for them to hold with probability P: ⌈P·n⌉. */
export function replicationsNeeded(probability: number, n: number): number {
  // The tolerance keeps 0.9 × 100 = 90.00000000000001 from asking for 91.
  return Math.max(1, Math.ceil(probability * n - 1e-9));
}

// --- One candidate ---------------------------------------------------------------------------------

export interface TargetAtCandidate {
  target: string;
  /** Share of replications meeting this target. */
  shareMeeting: number;
  /** The statistic across replications: mean, sd, 95% CI of the mean, 2.5/50/97.5 percentiles. */
  statistic: MetricSummary;
  /**
   * The value the target has to reach for it to hold with probability P: the ⌈P·n⌉-th best of the
   * replications (the ⌈P·n⌉-th smallest for <= and <, largest for >= and >).
   */
  decisive: number | null;
  /** The statistic per replication, in replication order. */
  values: number[];
}

export interface CandidateEvaluation {
  places: number;
  /** Replications behind the figures (those that finished). */
  replications: number;
  /** Per replication, in replication order: every target met. */
  met: boolean[];
  /** Share of replications meeting every target. */
  shareMeeting: number;
  /** shareMeeting >= P. */
  meets: boolean;
  /**
   * The ⌈P·n⌉-th smallest of the replications' worst relative margins: <= 0 exactly when the
   * candidate meets the targets (up to ties on the line). Guides the search.
   */
  margin: number;
  targets: TargetAtCandidate[];
}

/** A candidate's verdict and figures from its replications (all candidates with the same replications). */
export function evaluateCandidate(
  places: number,
  targets: readonly CapacityTarget[],
  results: readonly Pick<ReplicationResult, 'metrics' | 'monthly'>[],
  probability: number,
): CandidateEvaluation {
  const n = results.length;
  const k = replicationsNeeded(probability, n);
  const values = targets.map((t) => results.map((r) => replicationStatistic(t, r)));
  const met = results.map((_, i) => targets.every((t, j) => meetsTarget(t, values[j][i])));
  const margins = results.map((_, i) => Math.max(...targets.map((t, j) => relativeMargin(t, values[j][i])))).sort((a, b) => a - b);
  const metCount = met.filter(Boolean).length;
  return {
    places,
    replications: n,
    met,
    shareMeeting: n > 0 ? metCount / n : 0,
    meets: n > 0 && metCount >= k,
    margin: n > 0 ? margins[k - 1] : NaN,
    targets: targets.map((t, j) => {
      const finite = values[j].filter(Number.isFinite);
      const lowerIsBetter = t.operator === '<=' || t.operator === '<';
      const ordered = [...finite].sort((a, b) => (lowerIsBetter ? a - b : b - a));
      return {
        target: t.text,
        shareMeeting: n > 0 ? values[j].filter((v) => meetsTarget(t, v)).length / n : 0,
        statistic: summarise(values[j]),
        decisive: k <= ordered.length ? ordered[k - 1] : null,
        values: values[j],
      };
    }),
  };
}

// --- The search ------------------------------------------------------------------------------------

/** What the search needs to know of a candidate. */
export interface Probe {
  meets: boolean;
  /** <= 0 when it meets (see CandidateEvaluation.margin); NaN when not known. Only steers the next guess. */
  margin: number;
}

export interface SearchOptions {
  /** The first candidate (the level's current places), clamped to [min, max]. */
  start: number;
  min: number;
  max: number;
  /** Stop when the largest failing and the smallest passing candidates are this close, places (>= 1). */
  resolution: number;
  /** Runs one candidate; undefined stops the search (interrupted, or a replication failed). */
  evaluate(places: number): Promise<Probe | undefined>;
  /**
   * A guess of the answer from the first candidate alone (e.g. places × occupancy ÷ target for an
   * occupancy target); without one, or when it points the wrong way, the first step is 10% of start.
   */
  guess?(places: number, probe: Probe): number | undefined;
}

export type SearchStatus = 'found' | 'holds-at-min' | 'fails-at-max' | 'stopped';

export interface SearchOutcome {
  status: SearchStatus;
  /** The smallest candidate found to meet the targets (found, holds-at-min); null otherwise. */
  answer: number | null;
  /** The largest candidate below the answer found not to meet them; null when none was run. */
  below: number | null;
  /** Candidates in the order they ran. */
  order: number[];
}

/** While bracketing, a step extrapolated from the margins goes this share past their crossing, so that it closes the bracket rather than approaches it. */
const OVERSHOOT = 0.15;

/**
 * Brackets the answer between a failing and a passing candidate (stepping away from the start,
 * each step up to four times the last, aimed by extrapolating the margins), then narrows the
 * bracket to `resolution`. Every three steps of the narrowing at least halve the bracket, or the
 * next one is a plain bisection: at worst a few times the steps of bisection, usually far fewer.
 */
export async function searchCapacity(options: SearchOptions): Promise<SearchOutcome> {
  const { min, max } = options;
  const resolution = Math.max(1, Math.round(options.resolution));
  if (!(Number.isInteger(min) && Number.isInteger(max) && min < max)) throw new Error(`searchCapacity: need integers min < max, got ${min}, ${max}`);
  const probes = new Map<number, Probe>();
  const order: number[] = [];
  const stopped = (): SearchOutcome => ({ status: 'stopped', answer: hi ?? null, below: lo ?? null, order });
  const run = async (places: number): Promise<Probe | undefined> => {
    const known = probes.get(places);
    if (known !== undefined) return known;
    const probe = await options.evaluate(places);
    if (probe === undefined) return undefined;
    probes.set(places, probe);
    order.push(places);
    return probe;
  };
  const marginAt = (places: number) => probes.get(places)?.margin ?? NaN;

  let lo: number | undefined; // largest candidate known to fail
  let hi: number | undefined; // smallest candidate known to meet
  const start = clamp(Math.round(options.start), min, max);
  const first = await run(start);
  if (first === undefined) return stopped();
  if (first.meets) hi = start;
  else lo = start;

  // Bracketing: step away from the start until the verdict flips, or the range ends.
  let step = Math.max(resolution, Math.round(0.1 * Math.max(start, 1)));
  const guessed = options.guess?.(start, first);
  let previous: number | undefined;
  let current = start;
  while (lo === undefined || hi === undefined) {
    const up = hi === undefined;
    if (up ? current >= max : current <= min) {
      return up ? { status: 'fails-at-max', answer: null, below: lo ?? null, order } : { status: 'holds-at-min', answer: min, below: null, order };
    }
    let distance = step;
    if (previous === undefined) {
      if (guessed !== undefined && Number.isFinite(guessed) && (up ? guessed > current : guessed < current)) distance = Math.abs(Math.round(guessed) - current);
    } else {
      const crossing = secantRoot(previous, marginAt(previous), current, marginAt(current));
      const ahead = crossing === undefined ? NaN : (crossing - current) * (up ? 1 : -1);
      distance = ahead > 0 ? Math.round(ahead * (1 + OVERSHOOT)) + resolution : 2 * step;
      distance = clamp(distance, resolution, 4 * step);
    }
    const next = up ? Math.min(max, current + distance) : Math.max(min, current - distance);
    const probe = await run(next);
    if (probe === undefined) return stopped();
    step = Math.abs(next - current);
    previous = current;
    current = next;
    if (probe.meets === up) {
      if (up) hi = next;
      else lo = next;
    } else if (up) lo = next;
    else hi = next;
  }

  // Narrowing: guess where the margin crosses zero between the bracket's ends; bisect instead when
  // the last three steps together did not halve the bracket. When the same end has moved twice in a
  // row (the guesses approach from one side, as the secant of a curved margin does), the margin of
  // the end that stayed is halved for the next guess (the Illinois rule), pulling it across.
  const widths = [Infinity, Infinity, Infinity, hi - lo];
  let moved: 'lo' | 'hi' | undefined;
  let streak = 0;
  while (hi - lo > resolution) {
    let next = Math.floor((lo + hi) / 2);
    if (hi - lo <= Math.ceil(widths[widths.length - 4] / 2)) {
      const pull = streak >= 2 ? 0.5 ** (streak - 1) : 1;
      const crossing = secantRoot(lo, marginAt(lo) * (moved === 'hi' ? pull : 1), hi, marginAt(hi) * (moved === 'lo' ? pull : 1));
      if (crossing !== undefined && crossing >= lo && crossing <= hi) {
        // Round away from the nearer end: if the guess is right, the bracket shrinks to the near side.
        next = crossing - lo < hi - crossing ? Math.ceil(crossing) : Math.floor(crossing);
      }
    }
    next = clamp(next, lo + 1, hi - 1);
    const probe = await run(next);
    if (probe === undefined) return stopped();
    const end = probe.meets ? 'hi' : 'lo';
    if (probe.meets) hi = next;
    else lo = next;
    streak = end === moved ? streak + 1 : 1;
    moved = end;
    widths.push(hi - lo);
  }
  return { status: 'found', answer: hi, below: lo, order };
}

/** Where the line through (a, fa) and (b, fb) crosses zero; undefined when it does not say. */
function secantRoot(a: number, fa: number, b: number, fb: number): number | undefined {
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || fa === fb || a === b) return undefined;
  const x = a - (fa * (b - a)) / (fb - fa);
  return Number.isFinite(x) ? x : undefined;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

// --- Uncertainty of the answer -------------------------------------------------------------------

export interface BootstrapAnswer {
  method: 'bootstrap over replications';
  /** 0 when nothing was resampled (no answer, or candidates with different replications). */
  resamples: number;
  /**
   * 2.5th and 97.5th percentiles of the resampled answers. Each resampled answer is an evaluated
   * candidate, so the interval is as fine as the candidates near the answer. null at an end when
   * more than 2.5% of the resamples met the targets at no candidate that ran (above the largest).
   */
  ci95: [number | null, number | null];
  median: number | null;
  /** Share of resamples whose answer is the search's answer. */
  shareAtAnswer: number;
}

/**
 * The answer again on `resamples` bootstrap resamples of the replications: draw n replication
 * indices with replacement, compute every candidate's share meeting the targets on them, and take
 * the smallest candidate whose share reaches P. All candidates ran the same replications, so a
 * resample draws a replication at every candidate at once, keeping the common random numbers.
 * This says how far the answer would move with another set of n replications, which is the noise
 * that matters to a planner; the spread of one replication is in the candidates' figures.
 */
export function bootstrapAnswer(
  candidates: readonly Pick<CandidateEvaluation, 'places' | 'met'>[],
  probability: number,
  answer: number | null,
  options: { resamples?: number; seed?: number } = {},
): BootstrapAnswer {
  const resamples = options.resamples ?? 1000;
  const sorted = [...candidates].sort((a, b) => a.places - b.places);
  const n = sorted[0]?.met.length ?? 0;
  if (resamples <= 0 || n === 0 || sorted.some((c) => c.met.length !== n)) {
    return { method: 'bootstrap over replications', resamples: 0, ci95: [null, null], median: null, shareAtAnswer: 0 };
  }
  const needed = replicationsNeeded(probability, n);
  const stream = createStream(options.seed ?? 0, 0, 'capacity-bootstrap');
  const weights = new Int32Array(n);
  const answers: number[] = [];
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[Math.floor(stream.next() * n)]++;
    let found = Infinity;
    for (const c of sorted) {
      let count = 0;
      for (let i = 0; i < n; i++) if (c.met[i]) count += weights[i];
      if (count >= needed) {
        found = c.places;
        break;
      }
    }
    answers.push(found);
  }
  answers.sort((a, b) => a - b);
  const at = (p: number) => {
    const x = answers[Math.min(resamples - 1, Math.max(0, Math.ceil(p * resamples) - 1))];
    return Number.isFinite(x) ? x : null;
  };
  return {
    method: 'bootstrap over replications',
    resamples,
    ci95: [at(0.025), at(0.975)],
    median: at(0.5),
    shareAtAnswer: answer === null ? 0 : answers.filter((a) => a === answer).length / resamples,
  };
}

// --- Year by year at today's places ------------------------------------------------------------

export interface YearCheck {
  /** 1-based year of the measured horizon. */
  year: number;
  /** Months [from, to) of the horizon, 0-based. */
  months: [number, number];
  /** Share of replications meeting every target within this year. */
  shareMeeting: number;
  meets: boolean;
}

/**
 * The targets year by year of the horizon (each statistic over that year's months only), at one
 * candidate. Undefined when a target is a scalar metric, which has no yearly values.
 */
export function yearByYear(
  targets: readonly CapacityTarget[],
  results: readonly Pick<ReplicationResult, 'metrics' | 'monthly'>[],
  probability: number,
): YearCheck[] | undefined {
  if (results.length === 0 || targets.some((t) => t.source !== 'monthly')) return undefined;
  const months = Math.max(...results.map((r) => (r.monthly as Record<string, readonly number[] | undefined>)[targets[0].series]?.length ?? 0));
  const needed = replicationsNeeded(probability, results.length);
  const years: YearCheck[] = [];
  for (let from = 0; from < months; from += 12) {
    const range: [number, number] = [from, Math.min(months, from + 12)];
    const met = results.filter((r) => targets.every((t) => meetsTarget(t, replicationStatistic(t, r, range)))).length;
    years.push({ year: years.length + 1, months: range, shareMeeting: met / results.length, meets: met >= needed });
  }
  return years;
}

// --- Places of a level -----------------------------------------------------------------------------

export interface LevelFacility {
  /** Index in the scenario's `facilities`. */
  index: number;
  name: string;
  capacity: number;
  officersFte: number;
  otherStaffFte: number;
}

export function levelFacilities(scenario: Pick<Scenario, 'facilities'>, level: SecurityLevel): LevelFacility[] {
  return scenario.facilities.flatMap((f, index) =>
    f.level === level ? [{ index, name: f.name, capacity: f.capacity, officersFte: f.officersFte, otherStaffFte: f.otherStaffFte }] : [],
  );
}

/** The level's places: the sum of its facilities' capacities. */
export function levelPlaces(scenario: Pick<Scenario, 'facilities'>, level: SecurityLevel): number {
  return levelFacilities(scenario, level).reduce((sum, f) => sum + f.capacity, 0);
}

/** `total` split in whole numbers in proportion to `weights` (largest remainder; equal split when all are 0). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const whole = shares.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    whole[i]++;
    left--;
  }
  return whole;
}

/**
 * A copy of the scenario whose `level` has `places` in all: the level's facilities are scaled in
 * proportion to their current capacity, and their staff with them (officers and other staff per
 * place stay as they are), so that more places do not also mean thinner or thicker staffing, which
 * changes incidents and reoffending and would confound the answer. Running costs per place stay too.
 * Dated capacity changes of a facility (when the scenario has them) scale with it. Not validated:
 * the caller validates.
 */
export function withLevelPlaces(scenario: Scenario, level: SecurityLevel, places: number): Scenario {
  const facilities = levelFacilities(scenario, level);
  if (facilities.length === 0) throw new Error(`withLevelPlaces: the scenario has no facility at level ${level}`);
  const split = apportion(places, facilities.map((f) => f.capacity));
  const total = facilities.reduce((s, f) => s + f.capacity, 0);
  const staffPerPlace = (key: 'officersFte' | 'otherStaffFte') => (total > 0 ? facilities.reduce((s, f) => s + f[key], 0) / total : 0);
  const copy = structuredClone(scenario);
  facilities.forEach((f, k) => {
    const target = copy.facilities[f.index];
    const capacity = split[k];
    const factor = f.capacity > 0 ? capacity / f.capacity : undefined;
    target.capacity = capacity;
    target.officersFte = factor !== undefined ? f.officersFte * factor : staffPerPlace('officersFte') * capacity;
    target.otherStaffFte = factor !== undefined ? f.otherStaffFte * factor : staffPerPlace('otherStaffFte') * capacity;
    // Read without the type: dated changes are newer than this module and may take other forms.
    const dated = target as unknown as { capacityChanges?: unknown };
    if (Array.isArray(dated.capacityChanges) && factor !== undefined) {
      dated.capacityChanges = dated.capacityChanges.map((c: unknown) =>
        typeof c === 'object' && c !== null && typeof (c as { capacity?: unknown }).capacity === 'number'
          ? { ...c, capacity: Math.round((c as { capacity: number }).capacity * factor) }
          : c,
      );
    }
  });
  return copy;
}

/**
 * A first guess of the answer for occupancy targets of the level searched: the people held hardly
 * depend on the places while there is room, so the occupancy scales as 1 / places and the places
 * needed are about places × (decisive occupancy ÷ target). A little more, so that the guess tends
 * to land on the passing side and close the bracket. Undefined for any other target.
 */
export function occupancyGuess(
  targets: readonly CapacityTarget[],
  level: SecurityLevel,
  places: number,
  first: Pick<CandidateEvaluation, 'targets'>,
): number | undefined {
  let ratio = 0;
  for (const [j, t] of targets.entries()) {
    const decisive = first.targets[j]?.decisive;
    if (t.series !== `occupancy_${level}` || !(t.operator === '<=' || t.operator === '<') || !(t.value > 0)) return undefined;
    if (decisive === null || decisive === undefined || !Number.isFinite(decisive)) return undefined;
    ratio = Math.max(ratio, decisive / t.value);
  }
  if (!(ratio > 0)) return undefined;
  return Math.round(places * ratio * (ratio >= 1 ? 1.02 : 0.98));
}
