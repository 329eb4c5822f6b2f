/**
 * Whole-replication sanity of the ReplicationResult: every metric present and finite where it can
 * be measured, shares in [0, 1], monthly series of the right length that agree with the metrics,
 * cohort counts that make sense, and flow counters that agree with what happened person by person.
 */
import { describe, expect, it } from 'vitest';
import { Replication } from '../../src/model/replication.js';
import { METRICS, SERIES, type ReplicationResult } from '../../src/model/result.js';
import { DAYS_PER_YEAR } from '../../src/model/params.js';
import { load, small } from './helpers.js';

/** Cohort measures that need more follow-up than a 1 + 2-year run has (2 or 5 years, plus a year for the court). */
const NEEDS_LONG_FOLLOW_UP = new Set([
  'reconviction_2y',
  'reconviction_5y',
  'reconviction_any_2y',
  'reconviction_2y_year1_share',
  'reconviction_5y_high_to_low_ratio',
]);

/** Means over events the baseline does not have: open prisons are never full there, so no cross-level starter moves on. */
const NO_EVENTS_IN_BASELINE = new Set(['cross_level_wait_days_mean']);

describe('ReplicationResult on the full baseline (1 warm-up + 2 measured years)', () => {
  const YEARS = 2;
  const scenario = load();
  const capacity = (level: string) => scenario.facilities.filter((f) => f.level === level).reduce((a, f) => a + f.capacity, 0);
  const rep = new Replication(scenario, { seed: 2, replication: 3, years: YEARS, warmupYears: 1 });
  const result: ReplicationResult = rep.run();
  const r = result.metrics;

  it('names every metric of METRICS, in its order, and nothing else', () => {
    expect(Object.keys(r)).toEqual(METRICS.map((x) => x.name));
    expect(new Set(METRICS.map((x) => x.name)).size).toBe(METRICS.length);
  });

  it('gives finite values wherever the run is long enough to measure them', () => {
    for (const { name } of METRICS) {
      if (NEEDS_LONG_FOLLOW_UP.has(name)) expect(r[name], name).toBeNaN();
      else if (NO_EVENTS_IN_BASELINE.has(name)) expect(Number.isFinite(r[name]), `${name} = ${r[name]}`).toBe(r.cross_level_moves_to_low_per_year > 0);
      else expect(Number.isFinite(r[name]), `${name} = ${r[name]}`).toBe(true);
    }
  });

  it('keeps shares within [0, 1] and counts, rates and costs non-negative', () => {
    for (const { name, unit } of METRICS) {
      if (Number.isNaN(r[name])) continue;
      expect(r[name], name).toBeGreaterThanOrEqual(0);
      if (unit === 'share') expect(r[name], name).toBeLessThanOrEqual(1);
    }
  });

  it('adds the levels up to the total and keeps averages within capacity', () => {
    expect(r.population_total).toBeCloseTo(r.population_remand + r.population_high + r.population_low + r.population_halfway, 9);
    for (const level of ['remand', 'high', 'low', 'halfway']) {
      expect(r[`population_${level}`], level).toBeLessThanOrEqual(capacity(level));
      expect(r[`occupancy_${level}`], level).toBeCloseTo(r[`population_${level}`] / capacity(level), 9);
    }
    expect(r.population_em).toBeLessThanOrEqual(scenario.electronicMonitoring.capacity);
    expect(r.remand_share * r.population_total).toBeLessThanOrEqual(r.population_remand + 1e-9);
    expect(r.occupancy_total).toBeCloseTo(r.population_total / scenario.facilities.reduce((a, f) => a + f.capacity, 0), 9);
    expect(r.parole_grants_per_year).toBeLessThanOrEqual(r.sentenced_releases_per_year);
    expect(r.remand_admissions_per_year).toBeLessThanOrEqual(r.admissions_per_year);
    // A working system: thousands of admissions a year, a prison population in the thousands
    // (still filling from the empty start after 1-3 years).
    expect(r.admissions_per_year).toBeGreaterThan(2000);
    expect(r.population_total).toBeGreaterThan(1000);
  });

  it('reports 12 monthly values per measured year for every series', () => {
    expect(Object.keys(result.monthly).sort()).toEqual([...SERIES].sort());
    for (const name of SERIES) {
      expect(result.monthly[name], name).toHaveLength(12 * YEARS);
      for (const v of result.monthly[name]) expect(Number.isFinite(v), `${name}: ${v}`).toBe(true);
    }
  });

  it('has monthly averages whose mean is the metric, and monthly flows that sum to the yearly ones', () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    for (const name of [
      'population_total',
      'population_remand',
      'population_high',
      'population_low',
      'population_halfway',
      'population_em',
      'population_community_sentence',
      'sentence_queue',
      'police_cell_population',
    ] as const) {
      expect(mean(result.monthly[name]), name).toBeCloseTo(r[name], 6);
    }
    expect(sum(result.monthly.admissions)).toBeCloseTo(r.admissions_per_year * YEARS, 6);
    expect(sum(result.monthly.releases)).toBeCloseTo(r.releases_per_year * YEARS, 6);
  });

  it('has cohort curves that start with "all" and are monotone', () => {
    expect(result.cohorts[0].subgroup).toBe('all');
    for (const c of result.cohorts) {
      for (let k = 0; k < c.atRisk.length; k++) {
        expect(c.reconvicted[k], c.subgroup).toBeLessThanOrEqual(c.reconvictedAny[k]);
        expect(c.reconvictedAny[k], c.subgroup).toBeLessThanOrEqual(c.atRisk[k]);
        if (k > 0) expect(c.atRisk[k], c.subgroup).toBeLessThanOrEqual(c.atRisk[k - 1]);
      }
    }
    const all = result.cohorts[0];
    expect(all.atRisk[0]).toBeGreaterThan(1000);
    // Those followed for both horizons: the share reconvicted by 1 year is at least that by 3 months.
    expect(all.reconvicted[3] / all.atRisk[3]).toBeGreaterThanOrEqual(all.reconvicted[0] / all.atRisk[0] - 0.02);
    expect(r.reconviction_1y).toBeGreaterThan(0);
    expect(result.people).toBe(rep.model.people.length);
  });
});

describe('monthly series length', () => {
  it.each([1, 3])('is 12 x %i months', (years) => {
    const result = new Replication(small(), { seed: 1, replication: 0, years, warmupYears: 1 }).run();
    for (const name of SERIES) expect(result.monthly[name], name).toHaveLength(12 * years);
  });

  it('is right without a warm-up too', () => {
    const result = new Replication(small(), { seed: 1, replication: 0, years: 2, warmupYears: 0 }).run();
    for (const name of SERIES) expect(result.monthly[name], name).toHaveLength(24);
  });
});

describe('flow counters agree with what happened to each person', () => {
  it('counts remand admissions, parole grants, community and EM starts in the measured window', () => {
    const YEARS = 3;
    const rep = new Replication(small(), { seed: 9, replication: 0, years: YEARS, warmupYears: 2 });
    const m = rep.model;
    const seen = { remand: 0, parole: 0, community: 0, em: 0, fullTerm: 0, pdRelease: 0, atLibertyToPrison: 0 };
    m.listen({
      note(_p, day, what) {
        if (day < m.measureStartDay) return;
        if (what === 'remanded in custody' || what.startsWith('remanded, held in a police cell')) seen.remand++;
        else if (what === 'parole granted') seen.parole++;
        else if (what.startsWith('community sentence over')) seen.community++;
        else if (what === 'serving at home with electronic monitoring' || what === 'moved to electronic monitoring for the last part of the sentence') seen.em++;
        else if (what === 'full term reached') seen.fullTerm++;
        else if (what === 'preventive detention ends at review') seen.pdRelease++;
      },
    });
    const r = rep.run().metrics;
    const perYear = (n: number) => n / YEARS;
    expect(seen.remand).toBeGreaterThan(100);
    expect(r.remand_admissions_per_year).toBeCloseTo(perYear(seen.remand), 9);
    expect(r.parole_grants_per_year).toBeCloseTo(perYear(seen.parole), 9);
    expect(r.community_sentence_starts_per_year).toBeCloseTo(perYear(seen.community), 9);
    expect(r.em_starts_per_year).toBeCloseTo(perYear(seen.em), 9);
    // Sentenced releases (prison sentences, incl. their last part on EM and preventive detention)
    // are parole, full term or a review; front-door EM sentences end at full term but are no
    // sentenced release, so the notes are an upper bound.
    expect(r.sentenced_releases_per_year).toBeLessThanOrEqual(perYear(seen.parole + seen.fullTerm + seen.pdRelease) + 1e-9);
    expect(r.sentenced_releases_per_year).toBeGreaterThan(0);
    expect(m.endDay - m.measureStartDay).toBeCloseTo(YEARS * DAYS_PER_YEAR, 9);
  });
});
