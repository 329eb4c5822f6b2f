/**
 * After release: a split-population (cure) model. A logistic model decides *whether* a person will
 * ever reoffend; a Weibull with shape < 1 (a decreasing hazard) decides *when*. The log-odds add
 * the effects of age, sex, priors, offence and substance use, and of what changed inside.
 */
import * as PMath from '../engine/portable-math.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, offenceIndex } from './params.js';
import type { Person } from './person.js';
import { youngLogit } from './people.js';
import type { Model } from './state.js';

/** Log-odds that stand for certainty (probability 1 − 1e−13) of reoffending: someone who already has. */
export const CERTAIN_LOGIT = 30;

/** Age (years) at which the intercept and the age slope are centred. */
const REFERENCE_AGE_YEARS = 30;

export function ageYears(m: Model, p: Person): number {
  return (m.now - p.birthDay) / DAYS_PER_YEAR;
}

/** The person's risk score: log-odds of ever reoffending from who they are, before anything happens inside. */
export function baseRiskLogit(m: Model, p: Person, age = ageYears(m, p)): number {
  const r = m.scenario.recidivism;
  let logit = r.interceptLogit;
  logit += r.ageLogitPerYear * (age - REFERENCE_AGE_YEARS);
  logit += youngLogit(m, age);
  if (p.woman) logit += m.params.lnOdds.women;
  logit += r.priorsLogitPerLn * PMath.log(1 + p.priors);
  logit += r.offenceLogit[p.offence];
  if (p.substanceUse) logit += r.substanceUseLogit;
  return logit;
}

/** High risk is judged on the risk score relative to the reference person, so recalibrating the intercept does not move it. */
export function updateRisk(m: Model, p: Person, age = ageYears(m, p)): void {
  p.riskLogit = baseRiskLogit(m, p, age);
  p.highRisk = p.riskLogit - m.scenario.recidivism.interceptLogit >= m.scenario.placement.highRiskLogit;
}

/** What the stay and the release plan changed, as the effects of the recidivism model. */
export interface ReleaseEffects {
  educationCompleted: boolean;
  treatmentCompleted: boolean;
  treatmentContinued: boolean;
  /** Psychiatric care arranged at release (issue 15 part 3). */
  psychiatricCareContinued: boolean;
  cognitiveBehaviouralCompleted: boolean;
  housed: boolean;
  employed: boolean;
  familyContactKept: boolean;
  /** Average officers per place above the usual staffing of the levels served in, or NaN if no time was spent in a facility. */
  officersAboveReference: number;
  servedOnEm: boolean;
  incidents: number;
}

export function releaseLogit(m: Model, p: Person, e: ReleaseEffects, age = ageYears(m, p)): number {
  const ln = m.params.lnOdds;
  let logit = baseRiskLogit(m, p, age);
  if (e.educationCompleted) logit += ln.educationCompleted;
  if (e.treatmentCompleted) logit += ln.treatmentCompleted;
  if (e.treatmentContinued) logit += ln.treatmentContinued;
  if (e.psychiatricCareContinued) logit += ln.psychiatricCareContinued;
  if (e.cognitiveBehaviouralCompleted) logit += ln.cognitiveBehaviouralCompleted;
  if (e.housed) logit += ln.housedAtRelease;
  if (e.employed) logit += ln.employedAtRelease;
  if (e.familyContactKept) logit += ln.familyContactKept;
  if (e.servedOnEm) logit += ln.servedOnEm;
  if (!Number.isNaN(e.officersAboveReference)) {
    // The effect is given per +0.25 officers per place, relative to each level's usual staffing.
    const steps = e.officersAboveReference / 0.25;
    logit += steps * ln.staffPerPlacePlus025;
  }
  logit += e.incidents * ln.perIncident;
  return logit;
}

/** Time to death (or emigration) from a Gompertz hazard that rises with age, days. */
export function daysToDeath(m: Model, p: Person): number {
  const x = m.scenario.exits;
  const ratio = x.mortalityRateRatioPerYear;
  const hazardNow = x.mortalityPerYearAt40 * PMath.pow(ratio, ageYears(m, p) - 40);
  const e = -PMath.log(1 - p.rng.recidivism.next());
  if (hazardNow <= 0) return Infinity;
  if (ratio === 1) return (e / hazardNow) * DAYS_PER_YEAR;
  const lnR = PMath.log(ratio);
  return (PMath.log(1 + (e * lnR) / hazardNow) / lnR) * DAYS_PER_YEAR;
}

/**
 * The person is back in the community. Decide whether and when they reoffend, or when they leave
 * the model; only the earlier of the two is scheduled.
 */
export function followAfterRelease(m: Model, p: Person, logit: number): void {
  followSinceRelease(m, p, logit, m.now);
}

/**
 * Follow-up of someone released on `releaseDay` (today, or before a census) who has not reoffended
 * since: the chance of being one who will ever reoffend is updated by the time gone without (Bayes,
 * on the split-population model), and the time of the reoffence is drawn beyond it. With a release
 * today this is the plain model, draw for draw.
 */
export function followSinceRelease(m: Model, p: Person, logit: number, releaseDay: number): void {
  const r = m.scenario.recidivism;
  const now = m.now;
  const elapsed = now - releaseDay;
  p.lastReleaseDay = releaseDay;
  p.releaseLogit = logit;
  const followUpDays = m.scenario.exits.followUpYears * DAYS_PER_YEAR;
  p.exitDay = Math.min(releaseDay + followUpDays, now + daysToDeath(m, p));
  const prior = 1 / (1 + PMath.exp(-logit));
  let chance = prior;
  if (elapsed > 0) {
    const stillToCome = prior * m.params.timeToReoffence.survival(elapsed);
    chance = stillToCome / (1 - prior + stillToCome);
  }
  const susceptible = p.rng.recidivism.next() < chance;
  const timeToReoffence = m.params.timeToReoffence;
  let reoffenceDay = Infinity;
  if (susceptible) {
    reoffenceDay = releaseDay + (elapsed > 0 ? timeToReoffence.sampleAbove(elapsed, p.rng.recidivism) : timeToReoffence.sample(p.rng.recidivism));
  }
  if (r.prosecutedShare > 0 && reoffenceDay < p.exitDay) {
    m.sim.scheduleAt(reoffenceDay, Ev.Reoffence, p.id, p.generation, Priority.Arrival);
  } else {
    m.sim.scheduleAt(p.exitDay, Ev.Exit, p.id, p.generation, Priority.Departure);
  }
}

/** A reoffence: prosecuted, it becomes a new case after the conviction lag; otherwise the person offends again later. */
export function onReoffence(m: Model, p: Person): void {
  const r = m.scenario.recidivism;
  if (p.rng.recidivism.next() < r.prosecutedShare) {
    p.offenceDay = m.now;
    m.note(p, 'reoffended');
    m.listeners.reoffended(p, m.now);
    m.sim.schedule(m.params.convictionLag.sample(p.rng.case), Ev.NewCase, p.id, p.generation, Priority.Arrival);
    return;
  }
  // They will reoffend again, for certain: a census taken now must say so (see takeCensus).
  p.releaseLogit = CERTAIN_LOGIT;
  // The clock keeps running from release: the next reoffence is drawn given none before now.
  const next = p.lastReleaseDay + m.params.timeToReoffence.sampleAbove(m.now - p.lastReleaseDay, p.rng.recidivism);
  if (next < p.exitDay) m.sim.scheduleAt(next, Ev.Reoffence, p.id, p.generation, Priority.Arrival);
  else m.sim.scheduleAt(p.exitDay, Ev.Exit, p.id, p.generation, Priority.Departure);
}

export { offenceIndex };
