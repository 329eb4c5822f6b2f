/**
 * One candidate of a capacity search judged from its replications: the share meeting every target
 * and the verdict; the targets year by year; and the uncertainty of the answer, a bootstrap over
 * replications (see `bootstrapAnswer`).
 */
import { createStream } from '../../engine/random.js';
import type { ReplicationResult } from '../../model/result.js';
import { summarise, type MetricSummary } from '../../stats/intervals.js';
import { meetsTarget, relativeMargin, replicationsNeeded, replicationStatistic, type CapacityTarget } from './targets.js';

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

