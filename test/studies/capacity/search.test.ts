/**
 * The capacity search without the model: parsing targets, the statistics of one replication and
 * one candidate, the search on synthetic functions of places whose answer is known exactly, the
 * bootstrap of the answer, and how a level's places are spread over its facilities.
 */
import { describe, expect, test } from 'vitest';
import { apportion, levelPlaces, occupancyGuess, withLevelPlaces } from '../../../src/studies/capacity/places.js';
import { bootstrapAnswer, evaluateCandidate, yearByYear } from '../../../src/studies/capacity/evaluate.js';
import { levelOfSeries, meetsTarget, parseTarget, relativeMargin, replicationStatistic, replicationsNeeded, type CapacityTarget } from '../../../src/studies/capacity/targets.js';
import { searchCapacity, type Probe } from '../../../src/studies/capacity/search.js';
import { loadScenario } from '../../../src/scenario/files.node.js';

function target(text: string): CapacityTarget {
  const parsed = parseTarget(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function refusal(text: string): string {
  const parsed = parseTarget(text);
  if (parsed.ok) throw new Error(`'${text}' was accepted`);
  return parsed.error;
}

/** A replication with only the named monthly series and metrics. */
function replication(monthly: Record<string, number[]>, metrics: Record<string, number> = {}) {
  return { monthly: monthly as never, metrics };
}

describe('parseTarget', () => {
  test('SERIES.STAT OP VALUE, for every operator and statistic', () => {
    expect(target('occupancy_high.p95<=0.9')).toEqual({
      text: 'occupancy_high.p95<=0.9',
      series: 'occupancy_high',
      source: 'monthly',
      stat: 'p95',
      quantile: 0.95,
      operator: '<=',
      value: 0.9,
    });
    expect(target(' sentence_queue.p90 < 100 ')).toMatchObject({ series: 'sentence_queue', stat: 'p90', quantile: 0.9, operator: '<', value: 100 });
    expect(target('population_low.mean>=800')).toMatchObject({ stat: 'mean', operator: '>=', value: 800 });
    expect(target('occupancy_low.max>0.5')).toMatchObject({ stat: 'max', operator: '>', value: 0.5 });
    expect(target('sentence_queue.p97.5<=1e2')).toMatchObject({ stat: 'p97.5', quantile: 0.975, value: 100 });
    expect(target('occupancy_high.MEAN<=0.9').text).toBe('occupancy_high.mean<=0.9');
    expect(target('occupancy_high.mean<=1').quantile).toBeUndefined();
  });

  test('a scalar metric needs no statistic (or mean): it is one value per replication', () => {
    expect(target('police_cell_overflow_days_per_year<=500')).toMatchObject({
      text: 'police_cell_overflow_days_per_year.mean<=500',
      source: 'metric',
      stat: 'mean',
    });
    expect(target('queue_wait_days_mean.mean<=30').source).toBe('metric');
    expect(refusal('police_cell_overflow_days_per_year.p95<=500')).toMatch(/is a scalar metric, one value per replication.*write police_cell_overflow_days_per_year<=500/);
  });

  test.each([
    ['occupancy_high.p95', /--target must be SERIES\.STAT<=VALUE \(or <, >=, >\), e\.g\. .*; got 'occupancy_high\.p95'/],
    ['occupancy_high.p95=0.9', /must be SERIES\.STAT<=VALUE/],
    ['occupancy_high.p95==0.9', /must be SERIES\.STAT<=VALUE/],
    ['<=0.9', /must be SERIES\.STAT<=VALUE/],
    ['occupancy_high.p95<=', /must be SERIES\.STAT<=VALUE/],
    ['occupancy_high.p95<=ninety', /the value must be a number; got 'ninety'/],
    ['occupancy_high.p95<=0x10', /the value must be a number/],
    ['occupancy_high<=0.9', /name the statistic over the months, e\.g\. occupancy_high\.mean, occupancy_high\.p95 or occupancy_high\.max/],
  ])('%s is refused', (text, pattern) => {
    expect(refusal(text)).toMatch(pattern);
  });

  test('an unknown series or statistic is refused with the nearest name', () => {
    expect(refusal('occupancy_hihg.p95<=0.9')).toBe("--target occupancy_hihg.p95<=0.9: unknown series or metric 'occupancy_hihg' (did you mean occupancy_high?)");
    expect(refusal('sentence_que.p95<=100')).toMatch(/did you mean sentence_queue\?/);
    expect(refusal('occupancy_high.p9x<=0.9')).toMatch(/unknown statistic 'p9x' \(did you mean p90\?.*p1 to p99/);
    expect(refusal('occupancy_high.meen<=0.9')).toMatch(/unknown statistic 'meen' \(did you mean mean\?/);
    expect(refusal('occupancy_high.p100<=0.9')).toMatch(/unknown statistic 'p100'/);
    expect(refusal('occupancy_high.p0<=0.9')).toMatch(/unknown statistic 'p0'/);
  });
});

describe('the level a target names', () => {
  test('occupancy, population and police cells name a level; the queue does not', () => {
    expect(levelOfSeries('occupancy_high')).toBe('high');
    expect(levelOfSeries('population_low')).toBe('low');
    expect(levelOfSeries('occupancy_halfway')).toBe('halfway');
    expect(levelOfSeries('police_cell_overflow_days_per_year')).toBe('remand');
    expect(levelOfSeries('police_cell_population')).toBe('remand');
    expect(levelOfSeries('sentence_queue')).toBeUndefined();
    expect(levelOfSeries('population_total')).toBeUndefined();
  });
});

describe('the statistic of one replication', () => {
  // Months 1..24: the statistics are easy to work out by hand.
  const months = Array.from({ length: 24 }, (_, i) => i + 1);
  const r = replication({ sentence_queue: months }, { police_cell_overflow_days_per_year: 321 });

  test('mean, max and percentiles over the months (type 7, as R and NumPy)', () => {
    expect(replicationStatistic(target('sentence_queue.mean<=1'), r)).toBe(12.5);
    expect(replicationStatistic(target('sentence_queue.max<=1'), r)).toBe(24);
    // h = 23 × 0.95 = 21.85: 22 + 0.85 × (23 − 22)
    expect(replicationStatistic(target('sentence_queue.p95<=1'), r)).toBeCloseTo(22.85, 12);
    expect(replicationStatistic(target('police_cell_overflow_days_per_year<=1'), r)).toBe(321);
  });

  test('over a range of months, for the year-by-year check; NaN when nothing is measurable', () => {
    expect(replicationStatistic(target('sentence_queue.mean<=1'), r, [12, 24])).toBe(18.5);
    expect(replicationStatistic(target('sentence_queue.max<=1'), r, [0, 12])).toBe(12);
    expect(replicationStatistic(target('police_cell_overflow_days_per_year<=1'), r, [0, 12])).toBeNaN();
    expect(replicationStatistic(target('sentence_queue.mean<=1'), replication({ sentence_queue: [NaN, NaN] }))).toBeNaN();
  });

  test('meeting a target, and the margin to it: negative meets, positive misses, comparable across targets', () => {
    const le = target('occupancy_high.p95<=0.9');
    const lt = target('occupancy_high.p95<0.9');
    const ge = target('population_low.mean>=800');
    expect([meetsTarget(le, 0.9), meetsTarget(lt, 0.9), meetsTarget(le, 0.91), meetsTarget(le, NaN)]).toEqual([true, false, false, false]);
    expect([meetsTarget(ge, 800), meetsTarget(ge, 799)]).toEqual([true, false]);
    expect(relativeMargin(le, 0.9)).toBe(0);
    expect(relativeMargin(le, 0.99)).toBeCloseTo(Math.log(1.1), 12);
    expect(relativeMargin(le, 0.45)).toBeCloseTo(-Math.log(2), 12);
    expect(relativeMargin(ge, 400)).toBeCloseTo(Math.log(2), 12);
    expect(relativeMargin(le, NaN)).toBeGreaterThan(0);
    // A queue of 0 against a target of 100 meets it by a wide, but finite, margin.
    expect(relativeMargin(target('sentence_queue.p95<=100'), 0)).toBe(-7);
  });
});

describe('one candidate', () => {
  test('the share meeting every target, the verdict at P, and the value the ⌈P·n⌉-th replication reaches', () => {
    const occupancy = target('occupancy_high.mean<=0.9');
    const queue = target('sentence_queue.max<=100');
    // Ten replications: occupancy 0.81, 0.82, …, 0.89, then 0.95, so all but the last meet it; the
    // queue misses in replication 0 only.
    const occupancies = [0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88, 0.89, 0.95];
    const results = occupancies.map((o, i) => replication({ occupancy_high: [o], sentence_queue: [i === 0 ? 150 : 50] }));
    const e = evaluateCandidate(500, [occupancy, queue], results, 0.8);
    expect(e.met).toEqual([false, true, true, true, true, true, true, true, true, false]);
    expect(e.shareMeeting).toBe(0.8);
    expect(e.meets).toBe(true);
    expect(e.margin).toBeLessThanOrEqual(0);
    expect(e.targets[0].shareMeeting).toBe(0.9);
    expect(e.targets[0].decisive).toBeCloseTo(0.88, 12); // the 8th smallest of ten
    expect(e.targets[0].statistic.mean).toBeCloseTo(0.86, 12);
    expect(e.targets[1].decisive).toBe(50);
    expect(evaluateCandidate(500, [occupancy, queue], results, 0.9).meets).toBe(false);
    expect(evaluateCandidate(500, [occupancy, queue], results, 0.9).margin).toBeGreaterThan(0);
  });

  test('⌈P·n⌉ replications are needed, without floating error', () => {
    expect(replicationsNeeded(0.9, 100)).toBe(90);
    expect(replicationsNeeded(0.9, 10)).toBe(9);
    expect(replicationsNeeded(0.95, 10)).toBe(10);
    expect(replicationsNeeded(1, 7)).toBe(7);
    expect(replicationsNeeded(0.01, 7)).toBe(1);
  });
});

/**
 * A synthetic problem with a known answer: candidates meet the target from `threshold` places on,
 * with a margin that is a smooth (or no) function of places, and every call recorded.
 */
function synthetic(threshold: number, margin: (places: number) => number = () => NaN) {
  const calls: number[] = [];
  const evaluate = async (places: number): Promise<Probe> => {
    calls.push(places);
    return { meets: places >= threshold, margin: margin(places) };
  };
  return { calls, evaluate };
}

describe('searchCapacity', () => {
  test.each([
    [1889, 1650],
    [1889, 2500],
    [1650, 1650],
    [1651, 1650],
    [1649, 1650],
    [3, 1650],
    [6599, 1650],
  ])('finds the exact threshold %i from %i by bracketing and bisection, no candidate twice', async (threshold, start) => {
    const { calls, evaluate } = synthetic(threshold);
    const out = await searchCapacity({ start, min: 1, max: 6600, resolution: 1, evaluate });
    expect(out).toMatchObject({ status: 'found', answer: threshold, below: threshold - 1 });
    expect(new Set(calls).size).toBe(calls.length);
    expect(out.order).toEqual(calls);
    // Bracketing doubles the step (at most ~6 steps over this range), bisection halves the bracket.
    expect(calls.length).toBeLessThanOrEqual(6 + Math.ceil(Math.log2(6600)) + 1);
  });

  test('with margins to go by (occupancy ∝ 1/places), it needs a handful of candidates', async () => {
    for (const threshold of [1700, 1889, 2400]) {
      const occupancyMargin = (places: number) => Math.log(threshold / places);
      const guided = synthetic(threshold, occupancyMargin);
      const guess = (places: number, probe: Probe) => Math.round(places * Math.exp(probe.margin) * 1.02);
      const out = await searchCapacity({ start: 1650, min: 1, max: 6600, resolution: 1, evaluate: guided.evaluate, guess });
      expect(out.answer).toBe(threshold);
      expect(guided.calls.length).toBeLessThanOrEqual(6);
      const blind = synthetic(threshold);
      await searchCapacity({ start: 1650, min: 1, max: 6600, resolution: 1, evaluate: blind.evaluate });
      expect(guided.calls.length).toBeLessThan(blind.calls.length);
    }
  });

  test('a queue-like margin (exponential in places) is followed as well', async () => {
    const threshold = 1679;
    const { calls, evaluate } = synthetic(threshold, (places) => Math.max(-7, Math.min(7, -(places - threshold + 0.5) / 60)));
    const out = await searchCapacity({ start: 1650, min: 1, max: 6600, resolution: 1, evaluate });
    expect(out.answer).toBe(threshold);
    expect(calls.length).toBeLessThanOrEqual(7);
  });

  test('a margin that misleads does not stop it: bisection takes over', async () => {
    // The margin says the opposite of the truth half of the time.
    const { calls, evaluate } = synthetic(2222, (places) => Math.sin(places / 7));
    const out = await searchCapacity({ start: 1650, min: 1, max: 6600, resolution: 1, evaluate });
    expect(out.answer).toBe(2222);
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls.length).toBeLessThanOrEqual(2 * (6 + Math.ceil(Math.log2(6600))));
  });

  test('a coarser resolution stops earlier, with the bracket at most that wide', async () => {
    const { calls, evaluate } = synthetic(1889);
    const out = await searchCapacity({ start: 1650, min: 1, max: 6600, resolution: 10, evaluate });
    expect(out.status).toBe('found');
    expect(out.answer! - out.below!).toBeLessThanOrEqual(10);
    expect(out.answer).toBeGreaterThanOrEqual(1889);
    expect(out.below).toBeLessThan(1889);
    const fine = synthetic(1889);
    await searchCapacity({ start: 1650, min: 1, max: 6600, resolution: 1, evaluate: fine.evaluate });
    expect(calls.length).toBeLessThan(fine.calls.length);
  });

  test('the ends of the range: met already at min, missed still at max', async () => {
    const low = synthetic(1);
    expect(await searchCapacity({ start: 100, min: 5, max: 1000, resolution: 1, evaluate: low.evaluate })).toMatchObject({
      status: 'holds-at-min',
      answer: 5,
      below: null,
    });
    expect(low.calls.at(-1)).toBe(5);
    const high = synthetic(5000);
    expect(await searchCapacity({ start: 100, min: 5, max: 1000, resolution: 1, evaluate: high.evaluate })).toMatchObject({
      status: 'fails-at-max',
      answer: null,
      below: 1000,
    });
    // A start outside the range is brought into it.
    const outside = synthetic(700);
    const out = await searchCapacity({ start: 5000, min: 5, max: 1000, resolution: 1, evaluate: outside.evaluate });
    expect(outside.calls[0]).toBe(1000);
    expect(out.answer).toBe(700);
  });

  test('stops when a candidate cannot be run, with the bracket so far', async () => {
    let n = 0;
    const out = await searchCapacity({
      start: 1650,
      min: 1,
      max: 6600,
      resolution: 1,
      evaluate: async (places) => (++n > 3 ? undefined : { meets: places >= 1889, margin: NaN }),
    });
    expect(out.status).toBe('stopped');
    expect(out.order).toHaveLength(3);
    expect(out.answer === null || out.answer >= 1889).toBe(true);
  });
});

describe('bootstrapAnswer', () => {
  // Replication r meets the target from 100 + r places on (r = 0..9): with P = 0.9 the answer is
  // 108 places, where 9 of 10 meet it.
  const candidates = [100, 104, 107, 108, 109, 120].map((places) => ({
    places,
    met: Array.from({ length: 10 }, (_, r) => places >= 100 + r),
  }));

  test('resampling the replications moves the answer among the candidates; the same seed gives the same interval', () => {
    const b = bootstrapAnswer(candidates, 0.9, 108, { resamples: 500, seed: 3 });
    expect(b.resamples).toBe(500);
    expect(b.ci95[0]).toBeGreaterThanOrEqual(104);
    expect(b.ci95[0]).toBeLessThanOrEqual(108);
    expect(b.ci95[1]).toBeGreaterThanOrEqual(108);
    expect(b.median).toBe(108);
    expect(b.shareAtAnswer).toBeGreaterThan(0.2);
    expect(bootstrapAnswer(candidates, 0.9, 108, { resamples: 500, seed: 3 })).toEqual(b);
  });

  test('no spread when every replication has the same threshold; null above the candidates', () => {
    const same = [100, 101].map((places) => ({ places, met: Array.from({ length: 10 }, () => places >= 101) }));
    expect(bootstrapAnswer(same, 0.9, 101).ci95).toEqual([101, 101]);
    const none = [100, 101].map((places) => ({ places, met: Array.from({ length: 10 }, () => false) }));
    expect(bootstrapAnswer(none, 0.9, null).ci95).toEqual([null, null]);
  });
});

describe('yearByYear', () => {
  test('the first year in which the target stops holding with the probability', () => {
    const t = target('sentence_queue.mean<=100');
    // A queue growing by 40 a year from 30: the yearly means are 30, 70, 110 (+ the replication's offset).
    const results = Array.from({ length: 10 }, (_, r) =>
      replication({ sentence_queue: Array.from({ length: 36 }, (_, m) => 30 + 40 * Math.floor(m / 12) + (r === 0 ? 35 : 0)) }),
    );
    const years = yearByYear([t], results, 0.9)!;
    expect(years.map((y) => y.months)).toEqual([[0, 12], [12, 24], [24, 36]]);
    expect(years.map((y) => y.shareMeeting)).toEqual([1, 0.9, 0]);
    expect(years.map((y) => y.meets)).toEqual([true, true, false]);
    expect(yearByYear([target('police_cell_overflow_days_per_year<=1')], results, 0.9)).toBeUndefined();
  });
});

describe('the places of a level', () => {
  const loaded = loadScenario('norway-baseline');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const baseline = loaded.scenario;

  test('apportion: whole numbers in proportion, summing exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(1862, [1650])).toEqual([1862]);
    expect(apportion(7, [0, 0])).toEqual([4, 3]);
    const split = apportion(1001, [750, 1650, 300]);
    expect(split.reduce((a, b) => a + b, 0)).toBe(1001);
  });

  test('withLevelPlaces scales the level’s facilities, keeps staff per place and leaves the rest alone', () => {
    const high = baseline.facilities.findIndex((f) => f.level === 'high');
    const bigger = withLevelPlaces(baseline, 'high', 1862);
    expect(levelPlaces(bigger, 'high')).toBe(1862);
    const before = baseline.facilities[high];
    const after = bigger.facilities[high];
    expect(after.officersFte / after.capacity).toBeCloseTo(before.officersFte / before.capacity, 12);
    expect(after.otherStaffFte / after.capacity).toBeCloseTo(before.otherStaffFte / before.capacity, 12);
    expect(after.nonStaffCostPerPlaceYearNok).toBe(before.nonStaffCostPerPlaceYearNok);
    // Every high facility (the women's too) is scaled; the other levels are left alone.
    bigger.facilities.forEach((f, i) => {
      if (f.level !== 'high') expect(f).toEqual(baseline.facilities[i]);
    });
    // The scenario given is not changed.
    expect(baseline.facilities[high].capacity).toBe(before.capacity);
  });

  test('several facilities at a level share the places in proportion; dated changes scale with them', () => {
    const two = structuredClone(baseline);
    // Two facilities at the level, no women's places (those would take their share too).
    two.facilities = two.facilities.filter((f) => !f.women);
    const low = two.facilities.findIndex((f) => f.level === 'low');
    const places = two.facilities[low].capacity;
    two.facilities.push({ ...two.facilities[low], name: 'Another open prison', capacity: 100, officersFte: 60, otherStaffFte: 20 });
    (two.facilities[low] as unknown as { capacityChanges: unknown }).capacityChanges = [{ date: '2027-01-01', capacity: 1200 }];
    const scaled = withLevelPlaces(two, 'low', 2400);
    const [a, b] = [scaled.facilities[low], scaled.facilities[scaled.facilities.length - 1]];
    expect(a.capacity + b.capacity).toBe(2400);
    expect(a.capacity / b.capacity).toBeCloseTo(places / 100, 1);
    expect(b.officersFte / b.capacity).toBeCloseTo(0.6, 12);
    expect((a as unknown as { capacityChanges: unknown }).capacityChanges).toEqual([{ date: '2027-01-01', capacity: Math.round((1200 * a.capacity) / places) }]);
  });

  test('occupancyGuess: places × decisive occupancy ÷ target, a little over; only for the level’s occupancy', () => {
    const t = target('occupancy_high.p95<=0.9');
    const first = { targets: [{ decisive: 0.99 }] } as never;
    expect(occupancyGuess([t], 'high', 1650, first)).toBe(Math.round(1650 * 1.1 * 1.02));
    expect(occupancyGuess([t], 'low', 1650, first)).toBeUndefined();
    expect(occupancyGuess([target('sentence_queue.p95<=100')], 'high', 1650, first)).toBeUndefined();
  });
});
