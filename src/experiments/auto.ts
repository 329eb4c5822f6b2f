/**
 * `--replications auto`: add replications until every named estimate is as precise as asked
 * (the half-width of its 95% interval at most a given value), or a maximum is reached.
 *
 * The rule, and why its answer depends on the seed and the rule alone:
 * - Checkpoints are fixed in advance: start, start + step, start + 2·step, …, and max (always).
 * - Replications run in rounds. A round runs up to the next checkpoint, rounded up to a multiple
 *   of the worker count so that no thread idles, but never past max.
 * - After a round, the rule is checked at every checkpoint the round reached, in order, each time
 *   with the first n replications only. The answer is the first checkpoint n at which every
 *   half-width is at most its target (replications run past n are dropped), or max.
 * Replication r depends on (scenario, seed, r) alone, so the half-widths at a checkpoint, and so
 * the answer, are the same whatever the number of workers or the order replications finish in;
 * the worker count only decides how many replications are run past the answer and dropped.
 */

export interface PrecisionTarget {
  metric: string;
  /** The largest acceptable half-width of the 95% interval, in the metric's unit (0.005 = 0.5 pp for a share). */
  halfWidth: number;
}

export interface AutoRule {
  /** Replications at the first checkpoint. */
  start: number;
  /** Replications added between checkpoints. */
  step: number;
  /** The last checkpoint: never more replications than this. */
  max: number;
  targets: PrecisionTarget[];
}

export const AUTO_START = 10;
export const AUTO_STEP = 10;
export const AUTO_MAX = 200;

/** One half-width checked against its target at a checkpoint. */
export interface PrecisionCheck {
  metric: string;
  /** For a comparison: the policy whose difference from the baseline this is. */
  policy?: string;
  target: number;
  /** Half-width of the 95% interval with the replications so far; Infinity with fewer than two values. */
  halfWidth: number;
}

export interface AutoOutcome {
  /** Replications the answer rests on: 0..replications−1. */
  replications: number;
  /** True when every target was met at `replications`; false when the maximum was reached first (or the runs stopped). */
  reached: boolean;
  /** Replications run, those dropped past the answer included. */
  ran: number;
  /** The checks at `replications`. */
  checks: PrecisionCheck[];
  /** A round did not finish (a replication failed, or Ctrl-C): no more rounds were run. */
  stopped: boolean;
}

export interface AutoRunner {
  /** Runs replications first..first+count−1 (of every scenario); false when not all of them finished. */
  runRange(first: number, count: number): Promise<boolean>;
  /** The half-widths computed from replications 0..n−1 only. */
  checksAt(n: number): PrecisionCheck[];
}

/** start, start + step, … below max, then max. */
export function checkpoints(rule: Pick<AutoRule, 'start' | 'step' | 'max'>): number[] {
  const points: number[] = [];
  for (let n = rule.start; n < rule.max; n += rule.step) points.push(n);
  points.push(rule.max);
  return points;
}

/** How many replications the next round runs, from `done` to reach `checkpoint`: a multiple of `workers` unless max cuts it. */
export function roundSize(done: number, checkpoint: number, workers: number, max: number): number {
  const needed = checkpoint - done;
  const rounded = Math.ceil(needed / workers) * workers;
  return Math.min(max, done + rounded) - done;
}

export function precisionMet(checks: readonly PrecisionCheck[]): boolean {
  return checks.every((c) => c.halfWidth <= c.target);
}

export function checkRule(rule: AutoRule): void {
  const ok = (x: number, min: number) => Number.isInteger(x) && x >= min;
  if (!ok(rule.start, 1) || !ok(rule.step, 1) || !ok(rule.max, rule.start)) {
    throw new Error(`auto replications: need integers 1 <= start <= max and step >= 1, got ${JSON.stringify(rule)}`);
  }
}

export async function runUntilPrecise(rule: AutoRule, workers: number, runner: AutoRunner): Promise<AutoOutcome> {
  checkRule(rule);
  const points = checkpoints(rule);
  let done = 0;
  let checks: PrecisionCheck[] = [];
  for (const n of points) {
    if (done < n) {
      const count = roundSize(done, n, Math.max(1, workers), rule.max);
      const finished = await runner.runRange(done, count);
      done += count;
      if (!finished) return { replications: done, reached: false, ran: done, checks: runner.checksAt(done), stopped: true };
    }
    checks = runner.checksAt(n);
    if (precisionMet(checks)) return { replications: n, reached: true, ran: done, checks, stopped: false };
  }
  return { replications: rule.max, reached: false, ran: done, checks, stopped: false };
}

/** What summary.json and comparison.json say about an auto run. */
export interface AutoReplicationRecord {
  mode: 'auto';
  start: number;
  step: number;
  max: number;
  /** True when every target was met; false when the maximum was reached first (or the run stopped). */
  reached: boolean;
  /** Each target and the half-width reached (null: fewer than two values). */
  precision: Array<{ metric: string; policy?: string; target: number; halfWidth: number | null; met: boolean }>;
}

export function autoRecord(rule: AutoRule, outcome: AutoOutcome): AutoReplicationRecord {
  return {
    mode: 'auto',
    start: rule.start,
    step: rule.step,
    max: rule.max,
    reached: outcome.reached,
    precision: outcome.checks.map((c) => ({
      metric: c.metric,
      ...(c.policy !== undefined ? { policy: c.policy } : {}),
      target: c.target,
      halfWidth: Number.isFinite(c.halfWidth) ? c.halfWidth : null,
      met: c.halfWidth <= c.target,
    })),
  };
}

/** "reconviction_2y ±0.0061 > 0.005 (education-expansion)": the checks that missed their target, for a message. */
export function describeMissed(checks: readonly PrecisionCheck[]): string {
  return checks
    .filter((c) => !(c.halfWidth <= c.target))
    .map((c) => {
      const width = Number.isFinite(c.halfWidth) ? `±${Number(c.halfWidth.toPrecision(3))}` : '± not measurable';
      return `${c.metric} ${width} > ${c.target}${c.policy !== undefined ? ` (${c.policy})` : ''}`;
    })
    .join(', ');
}
