/**
 * The incident clock: each person holding a place has an exponential clock whose rate depends on
 * age, risk, level and the unit's staff ratio (dynamic security). The clock is restarted on every
 * change of place, which is exact for a memoryless clock. What an incident does is incidents.ts.
 */
import * as PMath from '../engine/portable-math.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR } from './params.js';
import type { Person } from './person.js';
import { ageYears } from './recidivism.js';
import type { Model } from './state.js';

/** Reference age (years) of the base rate. */
const BASE_AGE_YEARS = 30;

export function incidentRatePerDay(m: Model, p: Person): number {
  const inc = m.scenario.incidents;
  const f = m.facilities[p.facility];
  let rate = inc.basePer100InmateYears / 100 / DAYS_PER_YEAR;
  rate *= PMath.pow(inc.ageRateRatioPerYear, ageYears(m, p) - BASE_AGE_YEARS);
  if (p.highRisk) rate *= inc.highRiskRateRatio;
  if (p.mentalIllness) rate *= inc.mentalIllnessRateRatio;
  rate *= inc.levelRateRatio[f.level];
  if (f.officersPerPlace > 0) {
    rate *= PMath.pow(f.officersPerPlace / inc.referenceOfficersPerPlace[f.level], -inc.staffElasticity);
  }
  return rate;
}

export function scheduleIncident(m: Model, p: Person): void {
  cancelIncident(m, p);
  const rate = incidentRatePerDay(m, p);
  if (!(rate > 0)) return;
  const delay = -PMath.log(1 - p.rng.conduct.next()) / rate;
  p.incidentHandle = m.sim.schedule(delay, Ev.Incident, p.id, p.generation, Priority.Movement);
}

export function cancelIncident(m: Model, p: Person): void {
  if (p.incidentHandle >= 0) m.sim.cancel(p.incidentHandle);
  p.incidentHandle = -1;
}
