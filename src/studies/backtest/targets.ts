/**
 * The backtest's targets (issue 14, part 4) as rows of `corrsim validate --backtest FILE`: from a
 * backtest record, the ADP's 1-year-ahead MAPE (at most 5%, and below the naive forecast's), the
 * queue at its turning points within a factor of 1.5, and the share of observations inside the 80%
 * intervals (70–90%). They judge a backtest already run (its file), so validate stays as fast as it is.
 */
import type { ValidationCheck } from '../validation/validation.js';
import type { BacktestRecord } from './backtest.js';

/** The turning points of the queue the issue names, by the dates of data/norway-history.csv. */
export const QUEUE_TURNING_POINTS: ReadonlyArray<{ date: string; what: string }> = [
  { date: '2007-06-30', what: '2007 peak' },
  { date: '2009-10-01', what: '2009 low' },
  { date: '2013-10-01', what: '2013–15 plateau' },
  { date: '2014-12-01', what: '2013–15 plateau' },
  { date: '2016-10-01', what: '2016–18 collapse' },
  { date: '2018-10-01', what: '2016–18 collapse' },
  { date: '2020-06-01', what: '2020 rise' },
];

const ADP_MAPE_TARGET = 5;
const FACTOR = 1.5;
const COVERAGE_80: [number, number] = [0.7, 0.9];

function check(c: Omit<ValidationCheck, 'group'>): ValidationCheck {
  return { group: 'backtest', ...c };
}

export function backtestChecks(record: BacktestRecord, file: string): ValidationCheck[] {
  const checks: ValidationCheck[] = [];
  const source = `${file}: ${record.scenario.name} against ${record.data.source}, ${record.finished} replications`;
  const adp = record.families.find((f) => f.family === 'adp_excl_fines');
  const h1 = adp?.byHorizon.find((h) => h.horizonYears === 1);
  if (h1 !== undefined && h1.model.n > 0) {
    const mape = h1.model.mapePercent;
    checks.push(
      check({
        id: 'backtest-adp-mape-1y',
        name: 'ADP (excl. fine default), 1-year-ahead MAPE',
        unit: 'percent',
        expected: ADP_MAPE_TARGET,
        expectedSource: 'issue 14 target: at most 5%',
        acceptance: [0, ADP_MAPE_TARGET],
        simulated: { value: mape, ci95: null, n: h1.model.n },
        tolerance: 'at most 5%',
        pass: mape <= ADP_MAPE_TARGET,
        detail: `${h1.model.n} observation-origin pairs from ${h1.origins} origins; ${source}`,
      }),
      check({
        id: 'backtest-adp-vs-naive-1y',
        name: 'ADP, 1-year-ahead MAPE below the naive forecast’s',
        unit: 'percent',
        expected: h1.naive.mapePercent,
        expectedSource: 'the naive forecast (last observed value carried forward), same pairs',
        acceptance: [0, h1.naive.mapePercent],
        simulated: { value: mape, ci95: null, n: h1.model.n },
        tolerance: 'below the naive MAPE',
        pass: mape < h1.naive.mapePercent,
        detail: source,
      }),
    );
  }
  const queue = record.families.find((f) => f.family === 'sentence_queue');
  if (queue !== undefined) {
    const at = QUEUE_TURNING_POINTS.map((t) => ({ ...t, point: queue.points.find((p) => p.date === t.date) })).filter((t) => t.point !== undefined);
    if (at.length > 0) {
      const within = at.filter((t) => t.point!.mean <= FACTOR * t.point!.observed && t.point!.mean >= t.point!.observed / FACTOR);
      const worst = at.map((t) => `${t.date} ${Math.round(t.point!.mean)} vs ${t.point!.observed}`).join('; ');
      checks.push(
        check({
          id: 'backtest-queue-turning-points',
          name: 'Sentence queue at its turning points (2007 peak, 2009 low, 2013–15 plateau, 2016–18 collapse, 2020 rise) within ×1.5',
          unit: 'share',
          expected: 1,
          expectedSource: 'issue 14 target: every turning point within a factor of 1.5 (the 2007 peak is unverified)',
          acceptance: [1, 1],
          simulated: { value: within.length / at.length, ci95: null, n: at.length },
          tolerance: 'all within ×1.5',
          pass: within.length === at.length,
          detail: `model mean vs observed: ${worst}; queue series ${record.queueSeries}`,
        }),
      );
    }
  }
  let inside = 0;
  let all = 0;
  for (const f of record.families) {
    for (const p of f.points) {
      if (!Number.isFinite(p.lo80) || !Number.isFinite(p.hi80)) continue;
      all++;
      if (p.lo80 <= p.observed && p.observed <= p.hi80) inside++;
    }
  }
  if (all > 0) {
    const share = inside / all;
    checks.push(
      check({
        id: 'backtest-coverage-80',
        name: 'Observations inside the model’s 80% interval (every compared series)',
        unit: 'share',
        expected: 0.8,
        expectedSource: 'issue 14 target: 70–90%',
        acceptance: COVERAGE_80,
        simulated: { value: share, ci95: null, n: all },
        tolerance: '70–90%',
        pass: share >= COVERAGE_80[0] && share <= COVERAGE_80[1],
        detail: `${inside} of ${all} observations; ${source}`,
      }),
    );
  }
  return checks;
}
