/**
 * Starting from a census: everyone restored where the census says, the model's invariants from
 * the first moment on, the plain model untouched, and — the point of it all — a start from the
 * synthetic census of a steady state behaving like the long warm-up it replaces.
 */
import { describe, expect, it } from 'vitest';
import { syntheticCensus } from '../../src/experiments/census.js';
import { stateFor } from '../../src/experiments/plan.js';
import { takeCensus } from '../../src/model/restore.js';
import { DAYS_PER_YEAR } from '../../src/model/params.js';
import { Status } from '../../src/model/person.js';
import { Replication, runReplication } from '../../src/model/replication.js';
import type { ReplicationResult } from '../../src/model/result.js';
import { censusCsv, parseCensusCsv, type CensusRecord } from '../../src/scenario/census.js';
import { checkInvariants, runChecked, small } from './helpers.js';

const WARMUP_YEARS = 30;
const scenario = small();

/** The census of replication `replication` of the small scenario after the warm-up, and the replication itself, paused there. */
function snapshot(replication: number): { census: CensusRecord[]; rep: Replication } {
  const rep = new Replication(scenario, { seed: 4, replication, years: 1, warmupYears: WARMUP_YEARS });
  rep.runUntil(WARMUP_YEARS * DAYS_PER_YEAR);
  return { census: takeCensus(rep.model), rep };
}

const STATUS_OF: Record<string, number> = {
  'police-cell': Status.PoliceCell,
  remand: Status.Remand,
  'awaiting-transfer': Status.AwaitingTransfer,
  queue: Status.Queue,
  high: Status.High,
  low: Status.Low,
  halfway: Status.Halfway,
  em: Status.Em,
  community: Status.Community,
};

describe('restoring a census', () => {
  const { census, rep } = snapshot(0);

  it('puts everyone where the census says, with the model consistent from the first moment', () => {
    const restored = new Replication(scenario, { seed: 4, replication: 7, years: 1, warmupYears: 0 }, census);
    const counts = checkInvariants(restored.model, 'right after the restore');
    const original = rep.model.countsByStatus();
    for (const [name, status] of Object.entries(STATUS_OF)) {
      expect(counts[status], name).toBe(original[status]);
    }
    // At liberty: the released still followed, and those with a new case on the way.
    expect(counts[Status.AtLiberty]).toBe(original[Status.AtLiberty]);
    expect(restored.model.measureStartDay).toBe(0);
  });

  it('keeps every invariant through a year run from it', () => {
    const restored = new Replication(scenario, { seed: 4, replication: 8, years: 1, warmupYears: 0 }, census);
    expect(runChecked(restored, 30)).toBeGreaterThanOrEqual(12);
  });

  it('is deterministic: the same census, seed and replication give the same results', () => {
    const a = runReplication(scenario, { seed: 4, replication: 3, years: 1, warmupYears: 0 }, census);
    const b = runReplication(scenario, { seed: 4, replication: 3, years: 1, warmupYears: 0 }, census);
    expect(a).toEqual(b);
  });

  it('reads back from its CSV text as exactly the same records', () => {
    // So a synthetic state and the same state written by `corrsim census` give the same runs.
    expect(parseCensusCsv(censusCsv(census), 'census.csv')).toEqual({ ok: true, records: census });
  });
});

describe('a census and a policy change for everyone serving', () => {
  it('plans the restored sentences again at the date, consistently', () => {
    const { census } = snapshot(2);
    const early = small(['policyChanges=[{date: 2025-07-01, appliesTo: all, patch: {parole: {afterShareServed: 0.5}}}]']);
    const plain = runReplication(scenario, { seed: 4, replication: 11, years: 1, warmupYears: 0 }, census);
    const restored = new Replication(early, { seed: 4, replication: 11, years: 1, warmupYears: 0 }, census);
    runChecked(restored, 15);
    const changed = restored.result();
    // Half a year of earlier parole for everyone, restored people included: fewer held.
    expect(changed.metrics.population_total).toBeLessThan(plain.metrics.population_total);
    // The months before the date (day 181; month 6 ends on day 182.6) are as without the change (common random numbers).
    expect(changed.monthly.population_total.slice(0, 5)).toEqual(plain.monthly.population_total.slice(0, 5));
    expect(changed.monthly.population_total[5]).not.toBe(plain.monthly.population_total[5]);
  });
});

describe('a census with only what a prison register holds', () => {
  // Status, time served and sentence: every other attribute is drawn from the scenario.
  const records: CensusRecord[] = [
    ...Array.from({ length: 150 }, (_, i): CensusRecord => ({ status: 'high', elapsedDays: 10 + i * 7, sentenceDays: 400 + i * 30 })),
    ...Array.from({ length: 90 }, (_, i): CensusRecord => ({ status: 'low', elapsedDays: 5 + i * 3, sentenceDays: 300 + i * 5 })),
    ...Array.from({ length: 60 }, (_, i): CensusRecord => ({ status: 'remand', elapsedDays: i })),
    ...Array.from({ length: 40 }, (_, i): CensusRecord => ({ status: 'queue', elapsedDays: i * 2, sentenceDays: 60 })),
  ];

  it('imputes the rest, places everyone and runs consistently', () => {
    const restored = new Replication(scenario, { seed: 5, replication: 0, years: 1, warmupYears: 0 }, records);
    const counts = checkInvariants(restored.model, 'right after the restore');
    expect(counts[Status.High] + counts[Status.Low]).toBeGreaterThanOrEqual(240); // some from the queue may have gone in
    expect(counts[Status.Remand]).toBe(60);
    runChecked(restored, 60);
  });

  it('holds people above the places it has, and closes the extra places as they leave', () => {
    const crowded: CensusRecord[] = Array.from({ length: 200 }, (_, i) => ({ status: 'high', facility: scenario.facilities[1].name, elapsedDays: i, sentenceDays: 200 + i }));
    const places = scenario.facilities[1].capacity;
    expect(crowded.length).toBeGreaterThan(places);
    const restored = new Replication(scenario, { seed: 5, replication: 1, years: 1, warmupYears: 0 }, crowded);
    const high = restored.model.facilities[1];
    expect(high.occupied).toBe(200);
    expect(high.capacity).toBe(200);
    expect(high.targetCapacity).toBe(places);
    runChecked(restored, 30, (m) => expect(m.facilities[1].capacity).toBe(Math.max(places, m.facilities[1].occupied)));
    expect(high.capacity).toBe(places);
  });
});

describe('the released: reoffending conditioned on the time gone without', () => {
  it('reoffends within the next year as the split-population model says, given none so far', () => {
    // A census of n people released `elapsed` days ago with log-odds L of ever reoffending: the share
    // with a new offence in the next year is π(S(e) − S(e + 365)) / (1 − π + π S(e)), where S is the
    // survival of the time to reoffence. Binomial sd ≤ 0.5/√n; 4.5 sd.
    const n = 6000;
    const elapsed = 400;
    const logit = 0.5;
    const s = small(['recidivism.prosecutedShare=1', 'exits.mortalityPerYearAt40=0']);
    const records: CensusRecord[] = Array.from({ length: n }, () => ({ status: 'released', elapsedDays: elapsed, reoffenceLogit: logit, ageYears: 35 }));
    const rep = new Replication(s, { seed: 6, replication: 0, years: 2, warmupYears: 0 }, records);
    const m = rep.model;
    rep.runUntil(DAYS_PER_YEAR);
    // Everyone who reoffended in the year has had (or has pending) a new case: their offence day is set.
    let reoffended = 0;
    for (let id = 0; id < n; id++) {
      const p = m.people[id];
      if (p !== null && !Number.isNaN(p.offenceDay) && p.offenceDay < DAYS_PER_YEAR) reoffended++;
    }
    const timeToReoffence = m.params.timeToReoffence;
    const prior = 1 / (1 + Math.exp(-logit));
    const survival = timeToReoffence.survival(elapsed);
    const expected = (prior * (survival - timeToReoffence.survival(elapsed + DAYS_PER_YEAR))) / (1 - prior + prior * survival);
    expect(Math.abs(reoffended / n - expected)).toBeLessThan(4.5 * 0.5 / Math.sqrt(n));
  });
});

describe('a start from the synthetic census against a long warm-up', () => {
  const N = 12;
  const FIRST_YEAR = ['population_total', 'population_remand', 'population_high', 'population_low', 'sentence_queue', 'population_em'] as const;

  it('gives the same first-year population within its interval', () => {
    // Warm-up start: N replications of 30 years from an empty system, then the measured year.
    const warm: ReplicationResult[] = [];
    for (let r = 0; r < N; r++) warm.push(runReplication(scenario, { seed: 9, replication: r, years: 1, warmupYears: WARMUP_YEARS }));
    // Census start: the synthetic census of the steady state (as `--census synthetic` draws it), replication r from its state r mod 10.
    const census = syntheticCensus(scenario, 9, WARMUP_YEARS);
    const fromCensus: ReplicationResult[] = [];
    for (let r = 0; r < N; r++) fromCensus.push(runReplication(scenario, { seed: 9, replication: r, years: 1, warmupYears: 0 }, stateFor(census.states, r)));
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = (xs: readonly number[]) => xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1);
    for (const metric of FIRST_YEAR) {
      const w = warm.map((x) => x.metrics[metric]);
      const c = fromCensus.map((x) => x.metrics[metric]);
      const what = `${metric}: from the census ${mean(c).toFixed(1)} ± ${Math.sqrt(variance(c)).toFixed(1)}, after the warm-up ${mean(w).toFixed(1)} ± ${Math.sqrt(variance(w)).toFixed(1)}`;
      // The census start's mean inside the warm-up start's 95% interval of one year (mean ± 1.96 sd)…
      expect(Math.abs(mean(c) - mean(w)), what).toBeLessThan(1.96 * Math.sqrt(variance(w)));
      // …and the two means equal within 4 standard errors of their difference (two samples of 12).
      expect(Math.abs(mean(c) - mean(w)), what).toBeLessThan(4 * Math.sqrt(variance(c) / N + variance(w) / N));
      // The census start keeps the year-to-year spread too (no state collapsed to one value).
      expect(Math.sqrt(variance(c)), what).toBeGreaterThan(0.3 * Math.sqrt(variance(w)));
    }
  });

  it('continues a replication without bias: restored and original agree year one, paired', () => {
    // Replication r is paused after the warm-up and restored from its census with new random
    // numbers: any bias of the restore shows as a mean paired difference away from 0. The
    // tolerance is 4 standard errors of the mean difference plus 1% for what the restore approximates.
    const diffs: Record<string, number[]> = {};
    for (let r = 0; r < N; r++) {
      const { census, rep } = snapshot(100 + r);
      const original = rep.run();
      const restored = runReplication(scenario, { seed: 4, replication: 500 + r, years: 1, warmupYears: 0 }, census);
      for (const metric of FIRST_YEAR) (diffs[metric] ??= []).push(restored.metrics[metric] - original.metrics[metric]);
      (diffs.scale ??= []).push(original.metrics.population_total);
    }
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const metric of FIRST_YEAR) {
      const d = diffs[metric];
      const m = mean(d);
      const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1));
      const tolerance = (4 * sd) / Math.sqrt(d.length) + 0.01 * mean(diffs.scale);
      expect(Math.abs(m), `${metric}: mean paired difference ${m.toFixed(2)} (sd ${sd.toFixed(2)})`).toBeLessThan(tolerance);
    }
  });
});
