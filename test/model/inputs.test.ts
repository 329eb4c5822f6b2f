/**
 * Inputs that change by year or date (inputs.ts, docs/model.md 5.3): sentence lengths and remand
 * demand by calendar year, EM devices by date; multipliers of 1 leave the run as it was.
 */
import { describe, expect, it } from 'vitest';
import { Replication } from '../../src/model/replication.js';
import type { Scenario } from '../../src/scenario/types.js';
import { small } from './helpers.js';

const OPTIONS = { seed: 7, replication: 0, years: 2, warmupYears: 1 }; // the run starts on 2024-01-01, measurement on 2025-01-01

function withInputs(change: (s: Scenario) => void): Scenario {
  const s = structuredClone(small());
  change(s);
  return s;
}

describe('inputs by year or date', () => {
  it('multipliers of 1 leave the run as it was', () => {
    const plain = new Replication(small(), OPTIONS).run();
    const ones = new Replication(
      withInputs((s) => {
        s.sentencing.lengthMultiplierByYear = [{ year: 2024, multiplier: 1 }];
        s.remand.byYear = [{ year: 2024, shareMultiplier: 1, durationMultiplier: 1 }];
      }),
      OPTIONS,
    ).run();
    expect(ones.metrics).toEqual(plain.metrics);
  });

  it('sentences of a year are multiplied from its first day, and only from then', () => {
    const rep = new Replication(withInputs((s) => (s.sentencing.lengthMultiplierByYear = [{ year: 2025, multiplier: 3 }])), OPTIONS);
    const plain = new Replication(small(), OPTIONS);
    plain.runUntil(rep.model.measureStartDay - 1);
    rep.runUntil(rep.model.measureStartDay - 1);
    expect(Array.from(rep.model.integrals.count)).toEqual(Array.from(plain.model.integrals.count));
    expect(rep.model.inputs.lengthFactor(rep.model.measureStartDay - 1)).toBe(1);
    expect(rep.model.inputs.lengthFactor(rep.model.measureStartDay + 1)).toBe(3);
    const r = rep.run().metrics;
    const p = plain.run().metrics;
    expect(r.population_high).toBeGreaterThan(1.2 * p.population_high);
  });

  it('no remand in a year whose share multiplier is 0; shorter stays with a duration multiplier', () => {
    // (Preventive-detention cases are remanded by their own process: none here.)
    const none = new Replication(
      withInputs((s) => {
        s.remand.byYear = [{ year: 2025, shareMultiplier: 0, durationMultiplier: 1 }];
        s.sentencing.preventiveDetention.newPerYear = 0;
      }),
      OPTIONS,
    ).run().metrics;
    expect(none.remand_admissions_per_year).toBe(0);
    const plain = new Replication(small(), OPTIONS).run().metrics;
    const short = new Replication(withInputs((s) => (s.remand.byYear = [{ year: 2024, shareMultiplier: 1, durationMultiplier: 0.5 }])), OPTIONS).run().metrics;
    expect(short.mean_remand_stay_days).toBeLessThan(0.7 * plain.mean_remand_stay_days);
    expect(short.mean_remand_stay_days).toBeGreaterThan(0.3 * plain.mean_remand_stay_days);
  });

  it('EM devices follow their dates, and a policy change of the capacity sets them at its own', () => {
    const rep = new Replication(
      withInputs((s) => {
        s.electronicMonitoring.capacity = 0;
        s.electronicMonitoring.capacityChanges = [{ date: '2025-03-01', capacity: 40 }];
        s.policyChanges = [{ date: '2025-09-01', appliesTo: 'all', patch: { electronicMonitoring: { capacity: 10 } } }];
      }),
      OPTIONS,
    );
    const m = rep.model;
    rep.runUntil(m.measureStartDay + 30);
    expect(m.emCapacity).toBe(0);
    expect(m.emActive).toBe(0);
    rep.runUntil(m.measureStartDay + 60);
    expect(m.emCapacity).toBe(40);
    rep.runUntil(m.measureStartDay + 250);
    expect(m.emCapacity).toBe(10);
    expect(rep.run().metrics.em_starts_per_year).toBeGreaterThan(0);
  });
});
