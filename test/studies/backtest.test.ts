/**
 * The backtest's pieces without the model: the history loader's one-line problems (row and
 * column), the months an observation averages over, the simulated window, and the rolling-origin
 * naive forecast against the model on a synthetic series with known answers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  backtestProblems,
  comparedObservations,
  horizonScores,
  horizonYears,
  observationMonths,
  placesOn,
  rollingPoints,
  type BacktestPoint,
} from '../../src/studies/backtest/backtest.js';
import { parseHistory, parseVocabulary, type SeriesInfo } from '../../src/studies/backtest/data.js';
import { backtestChecks } from '../../src/studies/backtest/targets.js';
import type { Scenario } from '../../src/scenario/types.js';

const VOCABULARY = `series,unit,role,definition
adp_excl_fines,persons,outcome,ADP
sentence_queue,sentences,outcome,queue
places_total,places,input,places
`;
const HEADER = 'series,date,period,value,unit,role,source,confidence,note\n';

function vocabulary(): Map<string, SeriesInfo> {
  const v = parseVocabulary(VOCABULARY, 'vocab.csv');
  if (!v.ok) throw new Error(v.errors.join('\n'));
  return v.value;
}

describe('the history loader', () => {
  test('reads the repository data file against its vocabulary', () => {
    const v = parseVocabulary(readFileSync('data/norway-history-series.csv', 'utf8'), 'norway-history-series.csv');
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const h = parseHistory(readFileSync('data/norway-history.csv', 'utf8'), 'norway-history.csv', v.value);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.value.observations.length).toBeGreaterThan(400);
    expect(h.value.observations.some((o) => o.series === 'sentence_queue' && o.date === '2007-06-30' && o.value === 3380)).toBe(true);
    expect(h.value.observations.filter((o) => o.series === 'places_total').every((o) => o.role === 'input')).toBe(true);
  });

  test('one line per problem, naming the row and the column', () => {
    const text =
      HEADER +
      'adp_excl_fines,2005-07-01,year,3015,persons,outcome,s,H,\n' + // row 2: fine
      'adp_unknown,2005-07-01,year,3015,persons,outcome,s,H,\n' + // row 3: unknown series
      'adp_excl_fines,2005-13-01,year,3015,persons,outcome,s,H,\n' + // row 4: malformed date
      'sentence_queue,2006-06-01,month,-5,sentences,outcome,s,H,\n' + // row 5: negative count
      'sentence_queue,2006-06-01,week,5,sentences,outcome,s,H,\n' + // row 6: bad period
      'places_total,2006-06-01,day,3000,places,outcome,s,H,\n' + // row 7: role disagrees with the vocabulary
      'sentence_queue,2006-02-30,day,abc,sentences,outcome,s,H,\n'; // row 8: two problems
    const h = parseHistory(text, 'h.csv', vocabulary());
    expect(h.ok).toBe(false);
    if (h.ok) return;
    expect(h.errors).toEqual([
      "h.csv row 3, column series: unknown series 'adp_unknown' (not in the vocabulary of series)",
      "h.csv row 4, column date: expected a date YYYY-MM-DD, found '2005-13-01'",
      'h.csv row 5, column value: expected a value ≥ 0 (counts, places and percentages are never negative), found -5',
      "h.csv row 6, column period: expected one of year, day, month, ytd, found 'week'",
      "h.csv row 7, column role: the vocabulary makes places_total an input, found 'outcome'",
      "h.csv row 8, column date: expected a date YYYY-MM-DD, found '2006-02-30'",
      "h.csv row 8, column value: expected a number, found 'abc'",
    ]);
    for (const e of h.errors) expect(e).not.toContain('\n');
  });

  test('a header without a required column', () => {
    const h = parseHistory('series,date,value\nx,2005-01-01,1\n', 'h.csv', vocabulary());
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.errors).toEqual(['h.csv row 1: the header has no period, unit, role column (expected at least series,date,period,value,unit,role)']);
  });
});

describe('months, window and places', () => {
  const start = '2005-01-01';
  test('a yearly figure averages the twelve months of its calendar year; a day or month figure is its month', () => {
    expect(observationMonths({ date: '2005-07-01', period: 'year' }, start)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(observationMonths({ date: '2007-07-01', period: 'year' }, start)).toEqual(Array.from({ length: 12 }, (_, i) => 24 + i));
    expect(observationMonths({ date: '2007-06-30', period: 'day' }, start)).toEqual([29]);
    expect(observationMonths({ date: '2005-03-31', period: 'ytd' }, start)).toEqual([0, 1, 2]);
  });

  test('horizons are whole years rounded up', () => {
    expect(horizonYears('2010-01-01', '2010-07-01')).toBe(1);
    expect(horizonYears('2010-01-01', '2011-01-01')).toBe(1);
    expect(horizonYears('2010-01-01', '2011-01-02')).toBe(2);
    expect(horizonYears('2010-01-01', '2012-12-31')).toBe(3);
  });

  test('no compared observation inside the window is one line naming the window', () => {
    const v = vocabulary();
    const h = parseHistory(HEADER + 'adp_excl_fines,2005-07-01,year,3015,persons,outcome,s,H,\nplaces_total,2030-01-01,day,3000,places,input,s,H,\n', 'h.csv', v);
    if (!h.ok) throw new Error(h.errors.join('\n'));
    expect(backtestProblems(h.value, '2005-01-01', 2)).toEqual([]);
    const problems = backtestProblems(h.value, '2030-01-01', 2); // only an input row there
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^h\.csv: no observation of a compared outcome series .* inside the simulated window 2030-01-01 to 2032-01-01/);
  });

  test('places in force on a day follow each facility’s capacity changes', () => {
    const s = {
      facilities: [
        { capacity: 100, capacityChanges: [{ date: '2010-01-01', capacity: 150 }, { date: '2012-01-01', capacity: 0 }] },
        { capacity: 50 },
      ],
    } as unknown as Scenario;
    expect(placesOn(s, '2009-12-31')).toBe(150);
    expect(placesOn(s, '2010-01-01')).toBe(200);
    expect(placesOn(s, '2013-06-01')).toBe(50);
  });

  test('places in force count a temporary-places valve inside its date window, and not one switched by a rule', () => {
    const s = {
      facilities: [{ capacity: 100 }],
      valves: [
        { name: 'rented', type: 'tempPlaces', trigger: { from: '2015-09-01', until: '2018-09-01' }, level: 'high', places: 242 },
        { name: 'open-ended', type: 'tempPlaces', trigger: { from: '2020-01-01' }, level: 'low', places: 10 },
        { name: 'rule', type: 'tempPlaces', trigger: { metric: 'queue_kdi', above: 1000, below: 300 }, level: 'high', places: 50 },
        { name: 'early', type: 'earlyRelease', trigger: { from: '2015-01-01' }, days: 5, minSentenceDays: 0, maxSentenceDays: 90 },
      ],
    } as unknown as Scenario;
    expect(placesOn(s, '2015-08-31')).toBe(100);
    expect(placesOn(s, '2015-09-01')).toBe(342);
    expect(placesOn(s, '2018-08-31')).toBe(342);
    expect(placesOn(s, '2018-09-01')).toBe(100);
    expect(placesOn(s, '2024-01-01')).toBe(110);
  });
});

describe('rolling origins and the naive forecast', () => {
  function point(date: string, observed: number, mean: number): BacktestPoint {
    return { series: 's', date, period: 'year', observed, mean, lo80: mean - 5, hi80: mean + 5, lo95: mean - 10, hi95: mean + 10, n: 10, horizonYears: 0, confidence: 'H', row: 0 };
  }
  // Observed 100, 110, 121, 133.1 (10% a year); the model is exact except +20 in 2008.
  const points = [point('2005-07-01', 100, 100), point('2006-07-01', 110, 110), point('2007-07-01', 121, 121), point('2008-07-01', 133.1, 153.1)];

  test('each origin carries the last value observed on or before it, 1–3 years ahead', () => {
    const rolling = rollingPoints(points, '2005-01-01');
    // origin 2005-01-01 knows nothing; 2006 knows 2005 (→ 2006, 2007, 2008); 2007 knows 2006 (→ 2007, 2008); 2008 knows 2007 (→ 2008)
    expect(rolling.map((r) => `${r.origin}>${r.date}:h${r.horizonYears}:${r.naive}`)).toEqual([
      '2006-01-01>2006-07-01:h1:100',
      '2006-01-01>2007-07-01:h2:100',
      '2006-01-01>2008-07-01:h3:100',
      '2007-01-01>2007-07-01:h1:110',
      '2007-01-01>2008-07-01:h2:110',
      '2008-01-01>2008-07-01:h1:121',
    ]);
  });

  test('the model and the naive forecast scored on the same pairs at each horizon', () => {
    const [h1, h2, h3] = horizonScores(rollingPoints(points, '2005-01-01'));
    expect(h1.model.n).toBe(3);
    expect(h1.naive.n).toBe(3);
    expect(h1.origins).toBe(3);
    // naive at 1 year: always 1/1.1 of the observation → |error| = 1/11 of it
    expect(h1.naive.mapePercent).toBeCloseTo((100 / 11) * 1, 10);
    expect(h1.naive.biasPercent).toBeCloseTo(-100 / 11, 10);
    // model at 1 year: exact twice, +20 on 133.1 once
    expect(h1.model.mapePercent).toBeCloseTo(((20 / 133.1) * 100) / 3, 10);
    expect(h1.model.coverage80).toBeCloseTo(2 / 3, 12);
    expect(h1.model.coverage95).toBeCloseTo(2 / 3, 12);
    // naive at 3 years: 100 for 133.1
    expect(h3.naive.mapePercent).toBeCloseTo((33.1 / 133.1) * 100, 10);
    expect(h2.model.n).toBe(2);
  });
});

describe('the backtest targets as validate rows', () => {
  const scores = (mape: number) => ({ n: 4, mapePercent: mape, bias: 0, biasPercent: 0, coverage80: NaN, coverage95: NaN, withinFactor1_5: NaN });
  function record(adpMape: number, naiveMape: number, queueMean: number) {
    const p = (series: string, date: string, observed: number, mean: number, lo80: number, hi80: number) => ({ series, date, observed, mean, lo80, hi80, lo95: lo80, hi95: hi80 });
    return {
      scenario: { name: 'h' },
      data: { source: 'd.csv' },
      finished: 4,
      queueSeries: 'sentence_queue',
      families: [
        { family: 'adp_excl_fines', points: [p('adp_excl_fines', '2006-07-01', 3000, 3100, 3050, 3150)], byHorizon: [{ horizonYears: 1, origins: 3, model: scores(adpMape), naive: scores(naiveMape) }] },
        {
          family: 'sentence_queue',
          points: [p('sentence_queue', '2007-06-30', 3380, queueMean, 0, 10000), p('sentence_queue', '2009-10-01', 250, 300, 200, 400), p('sentence_queue', '2010-01-01', 100, 100, 90, 110)],
          byHorizon: [],
        },
      ],
    } as unknown as Parameters<typeof backtestChecks>[0];
  }

  test('pass and fail by the targets of issue 14', () => {
    const good = backtestChecks(record(4, 6, 3000), 'bt.json');
    expect(good.map((c) => [c.id, c.pass])).toEqual([
      ['backtest-adp-mape-1y', true],
      ['backtest-adp-vs-naive-1y', true],
      ['backtest-queue-turning-points', true], // 3000 vs 3380 and 300 vs 250 both within ×1.5
      ['backtest-coverage-80', true], // 3 of 4 inside their 80% interval: within 70–90%
    ]);
    const coverage = good.find((c) => c.id === 'backtest-coverage-80')!;
    expect(coverage.simulated.value).toBe(3 / 4); // the ADP point (3000 outside 3050–3150) is out
    expect(good.every((c) => c.group === 'backtest')).toBe(true);
    const bad = backtestChecks(record(6, 5, 6000), 'bt.json');
    expect(bad.filter((c) => !c.pass).map((c) => c.id)).toEqual(['backtest-adp-mape-1y', 'backtest-adp-vs-naive-1y', 'backtest-queue-turning-points']);
    expect(bad.find((c) => c.id === 'backtest-queue-turning-points')!.simulated.value).toBe(1 / 2);
  });
});

describe('outcomes an input was derived from', () => {
  test('the occupancy of a day whose places were derived from it is not compared', () => {
    const v = parseVocabulary(readFileSync('data/norway-history-series.csv', 'utf8'), 'v.csv');
    if (!v.ok) throw new Error(v.errors.join('\n'));
    const text =
      HEADER +
      'occupancy_day,2021-06-02,day,78,percent,outcome,s,H,\n' +
      'places_total_derived,2021-06-02,day,3745,places,input,s,M,\n' +
      'occupancy_day,2024-01-01,month,77,percent,outcome,s,H,\n';
    const h = parseHistory(text, 'h.csv', v.value);
    if (!h.ok) throw new Error(h.errors.join('\n'));
    const { inside, derived } = comparedObservations(h.value, '2021-01-01', 48);
    expect(inside.map((o) => o.date)).toEqual(['2024-01-01']);
    expect(derived.map((o) => o.date)).toEqual(['2021-06-02']);
  });
});
