/**
 * What a policy buys: the marginal cost of a place, a replication's account in counts and NOK, and
 * a policy's paired purchase, on synthetic replication results whose answers can be worked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ReplicationResult } from '../../src/model/result.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import type { MarginalPlaceCost, Scenario } from '../../src/scenario/types.js';
import {
  costPerOffence,
  levelUnitCosts,
  marginalCostPerPersonYear,
  occupancyAdjustment,
  policyPurchase,
  replicationAccount,
  staffShareAt,
  staffShareIntegral,
} from '../../src/studies/costs.js';

function load(sets: string[] = []): Scenario {
  const r = loadScenario('norway-baseline', { sets });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

const M: MarginalPlaceCost = { referenceOccupancy: 0.85, nonStaffVariableShare: 0.5, staffVariableShareWithRoom: 0.1, roomUntilOccupancy: 0.8, fullStaffFromOccupancy: 0.9 };

/** A replication's result with the metrics the account reads; every level at the given occupancy. */
function result(replication: number, over: Record<string, number> = {}, occupancy = 0.85): ReplicationResult {
  const places = { remand: 750, high: 1650, low: 1100, halfway: 150 };
  const metrics: Record<string, number> = {
    sentenced_releases_per_year: 5000,
    reconviction_2y: 0.2,
    reconviction_any_2y: 0.24,
    population_total: occupancy * 3650,
    prison_operating_cost_per_year_nok: 3.6e9,
    cost_per_year_nok: 4.0e9,
  };
  for (const [level, n] of Object.entries(places)) {
    metrics[`population_${level}`] = occupancy * n;
    metrics[`occupancy_${level}`] = occupancy;
  }
  return { replication, seed: 1, events: 0, people: 0, metrics: { ...metrics, ...over }, monthly: {} as ReplicationResult['monthly'], cohorts: [] };
}

describe('the marginal cost of a place', () => {
  it('takes the staff share with room, then rises linearly to a whole place at the planning occupancy', () => {
    expect(staffShareAt(M, 0.5)).toBe(0.1);
    expect(staffShareAt(M, 0.85)).toBeCloseTo(0.55, 12);
    expect(staffShareAt(M, 0.95)).toBe(1);
  });

  it('integrates the staff share exactly (checked against a midpoint sum)', () => {
    for (const u of [0.3, 0.8, 0.83, 0.9, 0.97]) {
      const steps = 20000;
      let sum = 0;
      for (let i = 0; i < steps; i++) sum += staffShareAt(M, ((i + 0.5) / steps) * u);
      expect(staffShareIntegral(M, u)).toBeCloseTo((sum * u) / steps, 6);
    }
  });

  it('costs nothing extra at the reference occupancy, and its slope is the marginal cost', () => {
    const scenario = load();
    const [, high] = levelUnitCosts(scenario);
    expect(high.level).toBe('high');
    // The level's facilities together (the women's high-security places with the men's).
    const level = scenario.facilities.filter((f) => f.level === 'high');
    const places = level.reduce((n, f) => n + f.capacity, 0);
    expect(occupancyAdjustment(M, high, 0.85 * places, places)).toBe(0);
    const held = 0.87 * places;
    const slope = occupancyAdjustment(M, high, held + 0.5, places) - occupancyAdjustment(M, high, held - 0.5, places);
    expect(slope).toBeCloseTo(marginalCostPerPersonYear(M, high, 0.87), 0);
    // At high security: 0.5 × 222,000 non-staff + 0.73 × the staff cost of a place (its FTE per place × 750,000 a year).
    const staffPerPlace = level.reduce((n, f) => n + f.officersFte + f.otherStaffFte, 0) / places;
    expect(marginalCostPerPersonYear(M, high, 0.87)).toBeCloseTo(0.5 * 222000 + (0.1 + 0.9 * 0.7) * staffPerPlace * 750000, 3);
  });
});

describe('a replication in counts and NOK', () => {
  it('turns rates into counts and adds the occupancy correction to the budget', () => {
    const s = load();
    const at = replicationAccount(s, result(0));
    expect(at.reconvictions).toBeCloseTo(1000, 9);
    expect(at.reconvictionsAny).toBeCloseTo(1200, 9);
    expect(at.offences).toBeCloseTo(1200 * s.costs.perOffence.offencesPerReconviction, 9);
    expect(at.custodyCost).toBeCloseTo(3.6e9, 3); // at the reference occupancy the budget stands
    expect(at.correctionalCost).toBeCloseTo(4.0e9, 3);
    const fuller = replicationAccount(s, result(0, {}, 0.88));
    expect(fuller.correctionalCost).toBeGreaterThan(at.correctionalCost);
  });

  it('values an offence at its victims (weighted by the offence mix) and police and courts', () => {
    const s = load(['costs.perOffence.victimCostNok.violence=1000000', 'costs.perOffence.justiceSystemCostNok=50000']);
    const mix = s.population.offenceMix;
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    const expected = (mix.violence * 1000000 + (total - mix.violence) * 305000) / total + 50000;
    expect(costPerOffence(s)).toBeCloseTo(expected, 6);
  });
});

describe('what a policy buys', () => {
  const s = load();
  const base = [result(0), result(1, { reconviction_2y: 0.21 }), result(2, { reconviction_2y: 0.19 })];
  // The policy: 1 point lower 2-year reconviction in every replication, at 50 M NOK a year more.
  const policy = [2, 0, 1].map((r) => {
    const b = base[r];
    return result(r, { reconviction_2y: b.metrics.reconviction_2y - 0.01, reconviction_any_2y: 0.23, cost_per_year_nok: 4.05e9 });
  });
  const bought = policyPurchase({ scenario: s, results: base }, { scenario: s, results: policy });

  it('counts reconvictions avoided per year and per 1,000 released, paired by replication', () => {
    const q = bought.quantities;
    expect(bought.replications).toBe(3);
    expect(q.reconvictions_avoided_per_year.paired.mean).toBeCloseTo(50, 9);
    const [lo, hi] = q.reconvictions_avoided_per_year.paired.ci95!;
    expect(hi - lo).toBeLessThan(1e-9); // the same 1 point in every replication
    expect(q.reconvictions_avoided_per_1000_released.paired.mean).toBeCloseTo(10, 9);
    expect(q.offences_avoided_per_year.paired.mean).toBeCloseTo(50 * s.costs.perOffence.offencesPerReconviction, 9);
    expect(q.reconvictions_avoided_per_year.shareBetter).toBe(1);
  });

  it('prices the policy, its benefits, and the ratios', () => {
    const q = bought.quantities;
    expect(q.cost_change_per_year_nok.paired.mean).toBeCloseTo(5e7, 0);
    expect(q.cost_change_per_year_nok.shareBetter).toBe(0);
    const benefit = 50 * s.costs.perOffence.offencesPerReconviction * costPerOffence(s);
    expect(q.benefits_per_year_nok.paired.mean).toBeCloseTo(benefit, 3);
    expect(q.net_benefit_per_year_nok.paired.mean).toBeCloseTo(benefit - 5e7, 3);
    expect(bought.ratios.cost_per_reconviction_avoided_nok.ratio.estimate).toBeCloseTo(1e6, 3);
    expect(bought.ratios.benefit_cost_ratio.ratio.estimate).toBeCloseTo(benefit / 5e7, 9);
  });

  it('gives no benefit-cost ratio for a policy that saves money', () => {
    const cheaper = base.map((b) => result(b.replication, { ...b.metrics, cost_per_year_nok: 3.9e9 }));
    const p = policyPurchase({ scenario: s, results: base }, { scenario: s, results: cheaper });
    expect(p.ratios.benefit_cost_ratio.ratio.estimate).toBeNull();
    expect(p.ratios.benefit_cost_ratio.note).toMatch(/saves money/);
  });
});

describe('the costs section of a scenario', () => {
  const errors = (sets: string[]) => {
    const r = loadScenario('norway-baseline', { sets });
    return r.ok ? [] : r.errors;
  };

  it('says in one line which field is wrong and what was expected', () => {
    const [room] = errors(['costs.marginalPlace.roomUntilOccupancy=0.95']);
    expect(room).toContain('costs.marginalPlace.roomUntilOccupancy');
    expect(room).toContain('expected a number <= fullStaffFromOccupancy (0.9), found 0.95');
    expect(room).not.toContain('\n');
    const [victim] = errors(['costs.perOffence.victimCostNok.sexual=-1']);
    expect(victim).toContain('costs.perOffence.victimCostNok.sexual');
    expect(victim).toContain('expected a number >= 0');
    const [reference] = errors(['costs.marginalPlace.referenceOccupancy=0']);
    expect(reference).toContain('costs.marginalPlace.referenceOccupancy');
  });
});
