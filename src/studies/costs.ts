/**
 * What a policy buys (issue 15, part 4): counts instead of rates — reconvictions and offences a
 * year, prison-years — and what they cost, derived from the metrics a replication already reports
 * and the scenario's `costs:` section. Nothing here runs the model; docs/costs.md gives the method.
 *
 * Costs are yearly, at steady state, undiscounted. The correctional cost of a scenario is the
 * model's budget (`cost_per_year_nok`: places open with their staff, programme slots, EM devices,
 * community sentences) corrected for the number actually held: each level's unit cost holds at
 * the reference occupancy, and every person above or below it costs the marginal cost of a place
 * at that occupancy (`marginalCostPerPersonYear`). A policy's cost is the paired difference of
 * that figure from the baseline's; its benefit is the offences it avoids, valued at their victim
 * and police/court costs (the new sentences they would bring are simulated, so already in the
 * correctional cost).
 */
import type { ReplicationResult } from '../model/result.js';
import { OFFENCES, PROGRAMS, SECURITY_LEVELS, type MarginalPlaceCost, type Scenario, type SecurityLevel } from '../scenario/types.js';
import { summarise, type MetricSummary } from '../stats/intervals.js';
import { metricList, type MetricName } from '../stats/metric-names.js';
import { ratioOfMeans, type RatioEstimate } from '../stats/ratio.js';

const DAYS_PER_YEAR = 365.25;

// --- The marginal cost of a place ----------------------------------------------------------------

/**
 * The share of a place's staff cost that one more person adds at occupancy u: the share with room
 * up to `roomUntilOccupancy`, rising linearly to 1 at `fullStaffFromOccupancy`, 1 beyond.
 */
export function staffShareAt(m: MarginalPlaceCost, u: number): number {
  if (u <= m.roomUntilOccupancy) return m.staffVariableShareWithRoom;
  if (u >= m.fullStaffFromOccupancy) return 1;
  const span = m.fullStaffFromOccupancy - m.roomUntilOccupancy;
  return m.staffVariableShareWithRoom + ((1 - m.staffVariableShareWithRoom) * (u - m.roomUntilOccupancy)) / span;
}

/** ∫₀ᵘ staffShareAt(x) dx: the staff cost (in places' worth) of filling a unit from empty to occupancy u. */
export function staffShareIntegral(m: MarginalPlaceCost, u: number): number {
  const s0 = m.staffVariableShareWithRoom;
  const u0 = m.roomUntilOccupancy;
  const u1 = m.fullStaffFromOccupancy;
  if (u <= u0) return s0 * u;
  const atRoom = s0 * u0;
  const rising = (x: number) => (u1 > u0 ? s0 * (x - u0) + ((1 - s0) * ((x - u0) * (x - u0))) / (2 * (u1 - u0)) : 0);
  if (u <= u1) return atRoom + rising(u);
  return atRoom + rising(u1) + (u - u1);
}

/** A level's unit costs, from its facilities, NOK per place-year. */
export interface LevelUnitCost {
  level: SecurityLevel;
  places: number;
  /** Staff (officers and others) per place × the cost of an FTE. */
  staffPerPlaceYearNok: number;
  nonStaffPerPlaceYearNok: number;
}

export function levelUnitCosts(s: Scenario): LevelUnitCost[] {
  return SECURITY_LEVELS.map((level) => {
    const fs = s.facilities.filter((f) => f.level === level);
    const places = fs.reduce((a, f) => a + f.capacity, 0);
    const staff = fs.reduce((a, f) => a + f.officersFte + f.otherStaffFte, 0);
    const nonStaff = fs.reduce((a, f) => a + f.capacity * f.nonStaffCostPerPlaceYearNok, 0);
    return {
      level,
      places,
      staffPerPlaceYearNok: places > 0 ? (staff / places) * s.costs.staffCostPerFteYearNok : 0,
      nonStaffPerPlaceYearNok: places > 0 ? nonStaff / places : 0,
    };
  });
}

/** What one more person held for a year costs at occupancy u, NOK. */
export function marginalCostPerPersonYear(m: MarginalPlaceCost, unit: LevelUnitCost, u: number): number {
  return m.nonStaffVariableShare * unit.nonStaffPerPlaceYearNok + staffShareAt(m, u) * unit.staffPerPlaceYearNok;
}

/**
 * The cost of holding `held` people in `places` places beyond (or, negative, short of) the unit
 * cost's reference occupancy: the marginal cost integrated from the reference occupancy to the actual one.
 */
export function occupancyAdjustment(m: MarginalPlaceCost, unit: LevelUnitCost, held: number, places: number): number {
  if (!(places > 0)) return 0;
  const u = held / places;
  const u0 = m.referenceOccupancy;
  const nonStaff = m.nonStaffVariableShare * unit.nonStaffPerPlaceYearNok * (u - u0);
  const staff = unit.staffPerPlaceYearNok * (staffShareIntegral(m, u) - staffShareIntegral(m, u0));
  return places * (nonStaff + staff);
}

// --- One replication's account -------------------------------------------------------------------

/** A replication's figures in counts and NOK a year. */
export interface ReplicationAccount {
  releases: number;
  /** Released people reconvicted to prison within 2 years, per year of releases. */
  reconvictions: number;
  /** The same with any new correctional sentence. */
  reconvictionsAny: number;
  /** New offences: reconvictionsAny × offencesPerReconviction. */
  offences: number;
  /** Prison-years a year (the average number held: remand, high, low, halfway house). */
  prisonYears: number;
  /** Prisons at marginal prices: the budget of places and staff, corrected for the number held. */
  custodyCost: number;
  /** Programme slots (the scenario's rules before any dated change). */
  programmeCost: number;
  /** Everything the correctional service spends: custody at marginal prices, programmes, EM, community sentences. */
  correctionalCost: number;
  /** Victim and police/court costs of the new offences. */
  offenceCost: number;
}

/** The metrics the account reads, checked against the model's table when this module loads. */
const [
  SENTENCED_RELEASES, RECONVICTION_2Y, RECONVICTION_ANY_2Y, POPULATION_TOTAL, PRISON_OPERATING_COST, COST_PER_YEAR,
  POPULATION_REMAND, OCCUPANCY_REMAND, POPULATION_HIGH, OCCUPANCY_HIGH, POPULATION_LOW, OCCUPANCY_LOW, POPULATION_HALFWAY, OCCUPANCY_HALFWAY,
] = metricList(
  'sentenced_releases_per_year', 'reconviction_2y', 'reconviction_any_2y', 'population_total', 'prison_operating_cost_per_year_nok', 'cost_per_year_nok',
  'population_remand', 'occupancy_remand', 'population_high', 'occupancy_high', 'population_low', 'occupancy_low', 'population_halfway', 'occupancy_halfway',
);

const LEVEL_METRICS: Record<SecurityLevel, { population: MetricName; occupancy: MetricName }> = {
  remand: { population: POPULATION_REMAND, occupancy: OCCUPANCY_REMAND },
  high: { population: POPULATION_HIGH, occupancy: OCCUPANCY_HIGH },
  low: { population: POPULATION_LOW, occupancy: OCCUPANCY_LOW },
  halfway: { population: POPULATION_HALFWAY, occupancy: OCCUPANCY_HALFWAY },
};

/** Mean cost of a new offence: victims (weighted by the mix new offences are drawn from) and police/courts. */
export function costPerOffence(s: Scenario): number {
  const mix = s.population.offenceMix;
  const total = OFFENCES.reduce((a, o) => a + mix[o], 0);
  const victims = total > 0 ? OFFENCES.reduce((a, o) => a + mix[o] * s.costs.perOffence.victimCostNok[o], 0) / total : 0;
  return victims + s.costs.perOffence.justiceSystemCostNok;
}

export function programmeCost(s: Scenario): number {
  return PROGRAMS.reduce((a, name) => a + s.programs[name].slots * s.programs[name].costPerSlotYearNok, 0);
}

export function replicationAccount(s: Scenario, r: ReplicationResult): ReplicationAccount {
  const v = (name: string) => r.metrics[name] ?? NaN;
  const m = s.costs.marginalPlace;
  let adjustment = 0;
  for (const unit of levelUnitCosts(s)) {
    const held = v(LEVEL_METRICS[unit.level].population);
    const occupancy = v(LEVEL_METRICS[unit.level].occupancy);
    // Places open on average (capacity can change at dates); the nominal places when nobody was held.
    const places = occupancy > 0 ? held / occupancy : unit.places;
    if (Number.isFinite(held)) adjustment += occupancyAdjustment(m, unit, held, places);
  }
  const releases = v(SENTENCED_RELEASES);
  const reconvictionsAny = releases * v(RECONVICTION_ANY_2Y);
  const offences = reconvictionsAny * s.costs.perOffence.offencesPerReconviction;
  return {
    releases,
    reconvictions: releases * v(RECONVICTION_2Y),
    reconvictionsAny,
    offences,
    prisonYears: v(POPULATION_TOTAL),
    custodyCost: v(PRISON_OPERATING_COST) + adjustment,
    programmeCost: programmeCost(s),
    correctionalCost: v(COST_PER_YEAR) + adjustment,
    offenceCost: offences * costPerOffence(s),
  };
}

// --- A policy against the baseline ---------------------------------------------------------------

/** One quantity of what a policy buys, replication by replication. */
export interface BoughtQuantity {
  description: string;
  unit: string;
  /** Means across the paired replications of the figure under each scenario (null for quantities defined only as a pair). */
  baselineMean: number | null;
  policyMean: number | null;
  /** The paired quantity (as its name says: "avoided" is baseline − policy, a "change" is policy − baseline): mean, sd, 95% CI, percentiles, n. */
  paired: MetricSummary;
  /** Which way of the paired quantity is better for the policy (null: neither). */
  betterWhen: 'higher' | 'lower' | null;
  /** Share of replications in which the policy did better (for the net benefit: the chance that benefits exceed costs). */
  shareBetter: number | null;
}

export interface BoughtRatio {
  description: string;
  unit: string;
  /** Ratio of the means of two paired quantities, with Fieller's 95% interval (null: unbounded). */
  ratio: RatioEstimate;
  /** Why there is no estimate, or how to read its sign. */
  note: string;
}

export interface PolicyPurchase {
  /** Replications both scenarios finished. */
  replications: number;
  quantities: Record<string, BoughtQuantity>;
  ratios: Record<string, BoughtRatio>;
}

/** The unit costs of a scenario and the marginal cost of a place at the occupancy it ran at. */
export interface PlaceCost {
  level: SecurityLevel;
  places: number;
  unitCostPerPlaceYearNok: number;
  unitCostPerPlaceDayNok: number;
  staffPerPlaceYearNok: number;
  nonStaffPerPlaceYearNok: number;
  /** Mean occupancy across replications. */
  occupancy: number | null;
  /** What one person more costs at that occupancy, NOK per person-year and per day. */
  marginalCostPerPersonYearNok: number | null;
  marginalCostPerPersonDayNok: number | null;
}

export interface CostAccount {
  /** The baseline's places by level: unit costs and the marginal cost at its occupancy. */
  placeCosts: PlaceCost[];
  /** What a new offence costs outside corrections under the baseline (victims + police/courts), NOK. */
  costPerOffenceNok: number;
  /** EM per person-year, NOK (the scenario's cost per device). */
  emCostPerPlaceDayNok: number;
  programmeCostPerYearNok: number;
}

export function placeCosts(s: Scenario, results: readonly ReplicationResult[]): PlaceCost[] {
  const m = s.costs.marginalPlace;
  return levelUnitCosts(s).map((unit) => {
    const occ = results.map((r) => r.metrics[LEVEL_METRICS[unit.level].occupancy]).filter(Number.isFinite);
    const occupancy = occ.length > 0 ? occ.reduce((a, b) => a + b, 0) / occ.length : null;
    const unitCost = unit.staffPerPlaceYearNok + unit.nonStaffPerPlaceYearNok;
    const marginal = occupancy === null ? null : marginalCostPerPersonYear(m, unit, occupancy);
    return {
      level: unit.level,
      places: unit.places,
      unitCostPerPlaceYearNok: unitCost,
      unitCostPerPlaceDayNok: unitCost / DAYS_PER_YEAR,
      staffPerPlaceYearNok: unit.staffPerPlaceYearNok,
      nonStaffPerPlaceYearNok: unit.nonStaffPerPlaceYearNok,
      occupancy,
      marginalCostPerPersonYearNok: marginal,
      marginalCostPerPersonDayNok: marginal === null ? null : marginal / DAYS_PER_YEAR,
    };
  });
}

export function costAccount(s: Scenario, results: readonly ReplicationResult[]): CostAccount {
  return {
    placeCosts: placeCosts(s, results),
    costPerOffenceNok: costPerOffence(s),
    emCostPerPlaceDayNok: s.electronicMonitoring.costPerPlaceYearNok / DAYS_PER_YEAR,
    programmeCostPerYearNok: programmeCost(s),
  };
}

interface Pair {
  base: ReplicationAccount;
  policy: ReplicationAccount;
}

/** The definitions of what a policy buys: name, meaning, unit, and the value per pair (and per side where one exists). */
const QUANTITIES: ReadonlyArray<{
  name: string;
  description: string;
  unit: string;
  betterWhen: 'higher' | 'lower' | null;
  side?: (a: ReplicationAccount) => number;
  paired: (p: Pair) => number;
}> = [
  {
    name: 'reconvictions_avoided_per_year',
    description: 'released people not reconvicted to prison within 2 years, per year of releases (baseline − policy)',
    unit: 'people/year',
    betterWhen: 'higher',
    side: (a) => a.reconvictions,
    paired: (p) => p.base.reconvictions - p.policy.reconvictions,
  },
  {
    name: 'reconvictions_avoided_per_1000_released',
    description: 'the same per 1,000 people released (the 2-year rate difference × 1,000)',
    unit: 'per 1,000 released',
    betterWhen: 'higher',
    paired: (p) => 1000 * (p.base.reconvictions / p.base.releases - p.policy.reconvictions / p.policy.releases),
  },
  {
    name: 'offences_avoided_per_year',
    description: 'new offences avoided (any new correctional sentence within 2 years × offences per reconviction), per year',
    unit: 'offences/year',
    betterWhen: 'higher',
    side: (a) => a.offences,
    paired: (p) => p.base.offences - p.policy.offences,
  },
  {
    name: 'offences_avoided_per_1000_released',
    description: 'the same per 1,000 people released',
    unit: 'per 1,000 released',
    betterWhen: 'higher',
    paired: (p) => 1000 * (p.base.offences / p.base.releases - p.policy.offences / p.policy.releases),
  },
  {
    name: 'releases_change_per_year',
    description: 'sentenced releases a year (policy − baseline)',
    unit: 'people/year',
    betterWhen: null,
    side: (a) => a.releases,
    paired: (p) => p.policy.releases - p.base.releases,
  },
  {
    name: 'prison_years_change_per_year',
    description: 'prison-years a year: the average number held (policy − baseline)',
    unit: 'prison-years/year',
    betterWhen: null,
    side: (a) => a.prisonYears,
    paired: (p) => p.policy.prisonYears - p.base.prisonYears,
  },
  {
    name: 'custody_cost_change_per_year_nok',
    description: 'prisons at marginal prices: places and staff, corrected for the number held (policy − baseline)',
    unit: 'NOK/year',
    betterWhen: 'lower',
    side: (a) => a.custodyCost,
    paired: (p) => p.policy.custodyCost - p.base.custodyCost,
  },
  {
    name: 'programme_cost_change_per_year_nok',
    description: 'programme slots (policy − baseline)',
    unit: 'NOK/year',
    betterWhen: 'lower',
    side: (a) => a.programmeCost,
    paired: (p) => p.policy.programmeCost - p.base.programmeCost,
  },
  {
    name: 'cost_change_per_year_nok',
    description: 'the policy’s cost: correctional spending at marginal prices — custody, programmes, EM, community sentences (policy − baseline)',
    unit: 'NOK/year',
    betterWhen: 'lower',
    side: (a) => a.correctionalCost,
    paired: (p) => p.policy.correctionalCost - p.base.correctionalCost,
  },
  {
    name: 'benefits_per_year_nok',
    description: 'victim and police/court costs of the offences avoided (baseline − policy)',
    unit: 'NOK/year',
    betterWhen: 'higher',
    side: (a) => a.offenceCost,
    paired: (p) => p.base.offenceCost - p.policy.offenceCost,
  },
  {
    name: 'net_benefit_per_year_nok',
    description: 'benefits − cost; its share above 0 is the chance that benefits exceed costs',
    unit: 'NOK/year',
    betterWhen: 'higher',
    paired: (p) => p.base.offenceCost - p.policy.offenceCost - (p.policy.correctionalCost - p.base.correctionalCost),
  },
];

function meanOf(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
}

/** What a policy buys against the baseline, from the paired replications (by replication index). */
export function policyPurchase(
  baseline: { scenario: Scenario; results: readonly ReplicationResult[] },
  policy: { scenario: Scenario; results: readonly ReplicationResult[] },
): PolicyPurchase {
  const byRep = new Map(baseline.results.map((r) => [r.replication, r]));
  const pairs: Pair[] = policy.results
    .filter((r) => byRep.has(r.replication))
    .map((r) => ({ base: replicationAccount(baseline.scenario, byRep.get(r.replication)!), policy: replicationAccount(policy.scenario, r) }));
  const quantities: Record<string, BoughtQuantity> = {};
  const series: Record<string, number[]> = {};
  for (const q of QUANTITIES) {
    const values = pairs.map(q.paired);
    series[q.name] = values;
    const finite = values.filter(Number.isFinite);
    quantities[q.name] = {
      description: q.description,
      unit: q.unit,
      baselineMean: q.side ? meanOf(pairs.map((p) => q.side!(p.base))) : null,
      policyMean: q.side ? meanOf(pairs.map((p) => q.side!(p.policy))) : null,
      paired: summarise(values),
      betterWhen: q.betterWhen,
      shareBetter: q.betterWhen === null || finite.length === 0 ? null : finite.filter((x) => (q.betterWhen === 'higher' ? x > 0 : x < 0)).length / finite.length,
    };
  }
  const cost = series.cost_change_per_year_nok;
  const avoided = series.reconvictions_avoided_per_year;
  const benefits = series.benefits_per_year_nok;
  const perReconviction = ratioOfMeans(cost, avoided);
  const meanCost = quantities.cost_change_per_year_nok.paired.mean;
  const meanAvoided = quantities.reconvictions_avoided_per_year.paired.mean;
  const bcr = meanCost !== null && meanCost > 0 ? ratioOfMeans(benefits, cost) : { estimate: null, ci95: null, n: cost.length };
  return {
    replications: pairs.length,
    quantities,
    ratios: {
      cost_per_reconviction_avoided_nok: {
        description: 'cost change per reconviction avoided: mean cost change ÷ mean reconvictions avoided, both per year',
        unit: 'NOK',
        ratio: perReconviction,
        note: costPerReconvictionNote(meanCost, meanAvoided, perReconviction),
      },
      benefit_cost_ratio: {
        description: 'benefits ÷ cost (WSIPP’s ratio; defined when the policy costs money)',
        unit: 'ratio',
        ratio: bcr,
        note:
          meanCost === null
            ? 'not measured'
            : meanCost <= 0
              ? 'the policy saves money (cost change ≤ 0): a ratio to its cost has no meaning; read the net benefit'
              : bcr.ci95 === null
                ? 'the interval is unbounded: the cost’s own interval includes 0'
                : '',
      },
    },
  };
}

function costPerReconvictionNote(cost: number | null, avoided: number | null, r: RatioEstimate): string {
  if (cost === null || avoided === null) return 'not measured';
  if (avoided === 0) return 'no reconviction avoided on average';
  const sign =
    avoided > 0
      ? cost <= 0
        ? 'saves money and avoids reconvictions (negative: NOK saved per reconviction avoided)'
        : 'costs money and avoids reconvictions'
      : cost <= 0
        ? 'saves money but adds reconvictions (positive: NOK saved per reconviction added)'
        : 'costs money and adds reconvictions';
  return r.ci95 === null ? `${sign}; the interval is unbounded: the reconvictions avoided include 0` : sign;
}
