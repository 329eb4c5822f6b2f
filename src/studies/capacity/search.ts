/**
 * Capacity planning: the smallest number of places at one level such that a target (e.g. "the 95th
 * percentile of monthly high-security occupancy is at most 90%") holds in at least a share P of
 * the replications. Pure functions; running the candidates is the study's (study.ts).
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

