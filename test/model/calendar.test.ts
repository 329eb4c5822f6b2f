/**
 * Calendar time: admissions from a table of yearly figures or a trend, and capacity that changes
 * at dates (a cut closes places as they empty; capacity is never exceeded).
 */
import { describe, expect, it } from 'vitest';
import { newCaseRate } from '../../src/model/arrival.js';
import { dateOfDay, dayOfDate, DAYS_PER_YEAR } from '../../src/model/params.js';
import { Replication } from '../../src/model/replication.js';
import { checkInvariants, small } from './helpers.js';

describe('dates', () => {
  it('convert between calendar dates and simulation days around the start date', () => {
    expect(dayOfDate('2025-01-01', '2025-01-01', 100)).toBe(100);
    expect(dayOfDate('2026-01-01', '2025-01-01', 100)).toBe(465);
    expect(dateOfDay(465, '2025-01-01', 100)).toBe('2026-01-01');
    expect(dateOfDay(100 - 31, '2025-01-01', 100)).toBe('2024-12-01');
  });
});

describe('new cases by calendar year', () => {
  const options = { seed: 1, replication: 0, years: 4, warmupYears: 2 };

  it('follow the table from 1 January of each listed year, the base rate before it', () => {
    const s = small(['run.startDate=2025-01-01', 'population.newCasesByYear=[{year: 2026, perYear: 600}, {year: 2028, perYear: 900}]']);
    const rep = new Replication(s, options);
    const m = rep.model;
    const rate = newCaseRate(m);
    const day = (date: string) => dayOfDate(date, '2025-01-01', m.measureStartDay);
    expect(rate.rateAt(day('2025-06-01')) * DAYS_PER_YEAR).toBeCloseTo(s.population.newCasesPerYear, 9);
    expect(rate.rateAt(day('2026-06-01')) * DAYS_PER_YEAR).toBeCloseTo(600, 9);
    expect(rate.rateAt(day('2027-12-31')) * DAYS_PER_YEAR).toBeCloseTo(600, 9);
    expect(rate.rateAt(day('2028-01-01')) * DAYS_PER_YEAR).toBeCloseTo(900, 9);
  });

  it('grow with the trend by whole years from the start date, not during warm-up', () => {
    const s = small(['run.startDate=2025-01-01', 'population.trendPercentPerYear=10']);
    const m = new Replication(s, options).model;
    const rate = newCaseRate(m);
    const base = s.population.newCasesPerYear;
    expect(rate.rateAt(1) * DAYS_PER_YEAR).toBeCloseTo(base, 9);
    expect(rate.rateAt(dayOfDate('2027-03-01', '2025-01-01', m.measureStartDay)) * DAYS_PER_YEAR).toBeCloseTo(base * 1.21, 9);
  });

  it('and a table that doubles admissions roughly doubles the people arriving', () => {
    const count = (sets: string[]) => {
      const rep = new Replication(small(['run.startDate=2025-01-01', ...sets]), { seed: 2, replication: 0, years: 1, warmupYears: 0 });
      rep.run();
      return rep.model.people.length;
    };
    const base = count([]);
    const doubled = count(['population.newCasesByYear=[{year: 2025, perYear: 960}]']);
    // ~480 vs ~960 new cases (Poisson, SD ~ 22 and 31) plus returns: the ratio is near 2.
    expect(doubled / base).toBeGreaterThan(1.7);
    expect(doubled / base).toBeLessThan(2.3);
  });
});

describe('capacity changes at dates', () => {
  it('a cut closes places as they empty, never exceeding capacity, and an increase is used at once', () => {
    const s = small([
      'run.startDate=2025-01-01',
      'facilities.1.capacityChanges=[{date: 2026-01-01, capacity: 20}, {date: 2027-01-01, capacity: 240}]',
    ]);
    const rep = new Replication(s, { seed: 3, replication: 0, years: 3, warmupYears: 1 });
    const m = rep.model;
    const day = (date: string) => dayOfDate(date, '2025-01-01', m.measureStartDay);
    rep.runUntil(day('2025-12-31'));
    const before = m.facilities[1].occupied;
    expect(before).toBeGreaterThan(20);
    rep.runUntil(day('2026-01-01') + 1e-6);
    expect(m.facilities[1].capacity).toBe(m.facilities[1].occupied); // closing as they empty
    for (let d = day('2026-01-02'); d < day('2027-01-01'); d += 15) {
      rep.runUntil(d);
      checkInvariants(m);
      expect(m.facilities[1].occupied).toBeLessThanOrEqual(m.facilities[1].capacity);
    }
    expect(m.facilities[1].capacity).toBe(20);
    rep.runUntil(day('2027-01-01') + 1e-6);
    expect(m.facilities[1].capacity).toBe(240);
    expect(m.facilities[1].occupied).toBeGreaterThan(20); // the queue moved in at once
    const r = rep.result().metrics;
    // Occupancy divides person-days by the place-days actually open.
    expect(r.occupancy_high).toBeGreaterThan(0);
    expect(r.occupancy_high).toBeLessThanOrEqual(1);
  });

  it('a change dated before the run starts applies from the first day', () => {
    const s = small(['run.startDate=2025-01-01', 'facilities.2.capacityChanges=[{date: 2000-01-01, capacity: 7}]']);
    const rep = new Replication(s, { seed: 3, replication: 0, years: 1, warmupYears: 1 });
    expect(rep.model.facilities[2].capacity).toBe(7);
  });

  it('rejects a date that does not exist, naming the field', async () => {
    const { loadScenario } = await import('../../src/scenario/files.node.js');
    const r = loadScenario('norway-baseline', { sets: ['facilities.1.capacityChanges=[{date: 2026-02-30, capacity: 60}]'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/facilities\.1\.capacityChanges\.0\.date: expected a date YYYY-MM-DD, found "2026-02-30"/);
  });
});
