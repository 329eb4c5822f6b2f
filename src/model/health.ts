/**
 * Health inside (issue 15 part 3): deaths in custody and continuity of care at release.
 *
 * Deaths: everyone holding a place (remand, high, low, halfway) has a death clock with two causes,
 * suicide and other deaths (illness, overdose). The suicide hazard is higher on pretrial remand, in
 * the first weeks of a stay, with a serious mental illness and with a substance-use disorder; the
 * other hazard rises with age and is higher with a substance-use disorder and on remand. Like the
 * incident clock it is restarted at every change of place (the first-weeks step is exact: the
 * cumulative hazard is inverted piecewise). A death ends the stay: the place is freed and the
 * person leaves the model. The Gompertz mortality of section 2.11 runs only at liberty after a
 * return, so the two never overlap.
 */
import * as PMath from '../engine/portable-math.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, PROGRAMS } from './params.js';
import { Status, programBit, type Person } from './person.js';
import { ageYears } from './recidivism.js';
import type { Model } from './state.js';

const PSYCHIATRIC = programBit(PROGRAMS.indexOf('psychiatricCare'));
const TREATMENT = programBit(PROGRAMS.indexOf('addictionTreatment'));

/** Reference age (years) of the other-death rate. */
const BASE_AGE_YEARS = 40;

/** Hazards per day now: suicide after the first weeks, suicide within them, other deaths. */
export function deathRatesPerDay(m: Model, p: Person): { suicide: number; suicideFirstWeeks: number; other: number } {
  const c = m.scenario.health.custodyMortality;
  const remand = p.status === Status.Remand;
  let suicide = c.suicidesPer10000InmateYears / 10000 / DAYS_PER_YEAR;
  if (remand) suicide *= c.remandSuicideRateRatio;
  if (p.mentalIllness) suicide *= c.mentalIllnessSuicideRateRatio;
  if (p.substanceUse) suicide *= c.substanceUseSuicideRateRatio;
  let other = c.otherDeathsPer10000InmateYears / 10000 / DAYS_PER_YEAR;
  other *= PMath.pow(c.otherAgeRateRatioPerYear, ageYears(m, p) - BASE_AGE_YEARS);
  if (remand) other *= c.remandOtherRateRatio;
  if (p.substanceUse) other *= c.substanceUseOtherRateRatio;
  return { suicide, suicideFirstWeeks: suicide * c.firstWeeksSuicideRateRatio, other };
}

/**
 * Days until death from a unit exponential `e`, with hazard `early` for the first `earlyDays` and
 * `late` after (the inverse of the piecewise-linear cumulative hazard); Infinity if it never comes.
 */
export function timeToDeath(e: number, early: number, late: number, earlyDays: number): number {
  const w = Math.max(0, earlyDays);
  if (early * w >= e) return e / early;
  const rest = e - early * w;
  return late > 0 ? w + rest / late : Infinity;
}

export function scheduleDeath(m: Model, p: Person): void {
  cancelDeath(m, p);
  const r = deathRatesPerDay(m, p);
  const late = r.suicide + r.other;
  const early = r.suicideFirstWeeks + r.other;
  if (!(late > 0) && !(early > 0)) return;
  const earlyDays = p.custodyStartDay + m.scenario.health.custodyMortality.firstWeeksDays - m.now;
  const e = -PMath.log(1 - p.rng.health.next());
  const delay = timeToDeath(e, early, late, earlyDays);
  if (delay + m.now >= m.endDay) return;
  p.deathHandle = m.sim.schedule(delay, Ev.DeathInCustody, p.id, p.generation, Priority.Departure);
}

export function cancelDeath(m: Model, p: Person): void {
  if (p.deathHandle >= 0) m.sim.cancel(p.deathHandle);
  p.deathHandle = -1;
}

/**
 * A death in custody is counted: suicide or another cause, in proportion to their hazards at this
 * moment. The caller (release.ts) ends the stay with nothing planned and frees the place.
 */
export function recordDeathInCustody(m: Model, p: Person): void {
  p.deathHandle = -1;
  const r = deathRatesPerDay(m, p);
  const firstWeeks = m.now - p.custodyStartDay < m.scenario.health.custodyMortality.firstWeeksDays;
  const suicideRate = firstWeeks ? r.suicideFirstWeeks : r.suicide;
  const suicide = p.rng.health.next() * (suicideRate + r.other) < suicideRate;
  m.flows.deathsInCustody++;
  if (suicide) m.flows.suicidesInCustody++;
  if (suicide && p.status === Status.Remand) m.flows.suicidesOnRemand++;
  m.note(p, suicide ? 'died in custody (suicide)' : 'died in custody');
}

/** Continued care at release (drawn from the release stream): substance-use treatment, psychiatric care. */
export function continuedCare(m: Model, p: Person, u: { next(): number }): { treatment: boolean; psychiatric: boolean } {
  const c = m.scenario.health.continuedCare;
  let treatment = false;
  let psychiatric = false;
  if (p.substanceUse) {
    treatment = u.next() < ((p.completed & TREATMENT) !== 0 ? c.afterTreatmentInside : c.withoutTreatmentInside);
  }
  if (p.mentalIllness) {
    const treated = ((p.enrolledEver | p.completed) & PSYCHIATRIC) !== 0;
    psychiatric = u.next() < (treated ? c.afterPsychiatricCareInside : c.withoutPsychiatricCareInside);
  }
  return { treatment, psychiatric };
}
