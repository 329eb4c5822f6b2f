/**
 * Step-down and release: moves to open prison, halfway house and EM near the end; parole at the
 * parole date (granted by conduct) or release at full term; preventive-detention reviews; and
 * release planning (housing, a job, continued treatment, family contact).
 */
import * as PMath from '../engine/portable-math.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, LEVEL_INDEX, PROGRAMS, offenceIndex } from './params.js';
import { Line, Sentence, Status, programBit, type Person, type PersonRecord } from './person.js';
import { continuedCare, recordDeathInCustody } from './health.js';
import { leaveFacility, placeFreed, scheduleRelease, scheduleSentencePlan, startEm, transfer } from './placement.js';
import { assessNeeds, endStayInside } from './programs.js';
import { progressCount } from './progress.js';
import { barredFromOpen, expelledAtRelease } from './people.js';
import { caseRules } from './rules.js';
import { ageYears, followAfterRelease, releaseLogit, updateRisk, type ReleaseEffects } from './recidivism.js';
import type { Model } from './state.js';

const bit = (name: (typeof PROGRAMS)[number]) => programBit(PROGRAMS.indexOf(name));
const EDUCATION = bit('education');
const VOCATIONAL = bit('vocational');
const WORK = bit('work');
const TREATMENT = bit('addictionTreatment');
const CBT = bit('cognitiveBehavioural');
/** Level code of a release record for people released from EM. */
const EM_LEVEL = 4;

function logistic(x: number): number {
  return 1 / (1 + PMath.exp(-x));
}

function logit(prob: number): number {
  return PMath.log(prob / (1 - prob));
}

/** Probability p with its odds multiplied by `oddsRatio` (handles p = 0 and p = 1). */
function withOdds(prob: number, oddsRatio: number): number {
  if (prob <= 0 || prob >= 1) return prob;
  return logistic(logit(prob) + PMath.log(oddsRatio));
}

/** Sentences of at most this many days count as short (3 months) in the entry statistics. */
const SHORT_SENTENCE_DAYS = DAYS_PER_YEAR / 4;

/**
 * The sentence starts counting (remand credited): schedule release dates and the steps of the
 * sentence plan. Returns true if the sentence is already served by the remand credit, in which
 * case the person has been released.
 */
export function beginSentence(m: Model, p: Person): boolean {
  const now = m.now;
  const S = p.sentenceDays;
  p.sentenceStartDay = now - p.remandDays;
  // Early release while a valve is on (valves.ts): a prison sentence in its range is released N days early.
  p.earlyReleaseDays = p.sentenceKind === Sentence.Prison ? m.valves.earlyReleaseDays(S) : 0;
  if (m.tracing && p.earlyReleaseDays > 0) m.note(p, `release brought forward ${p.earlyReleaseDays} days (early-release valve)`);
  if (p.sentenceKind !== Sentence.PreventiveDetention && p.sentenceStartDay + S - p.earlyReleaseDays <= now) {
    m.note(p, 'sentence already served on remand');
    releaseFromSentence(m, p, false);
    return true;
  }
  scheduleRelease(m, p, null);
  if (p.sentenceKind === Sentence.FrontDoorEm) return false;
  if (p.sentenceKind === Sentence.Prison) {
    m.flows.prisonEntries++;
    if (S <= SHORT_SENTENCE_DAYS) m.flows.prisonEntriesShort++;
    // Where the plan's draws start, so that a policy change for everyone can plan the sentence again with the same draws.
    p.planDraws = p.rng.conduct.position;
    scheduleSentencePlan(m, p, p.rng.conduct, null);
  }
  assessNeeds(m, p);
  return false;
}

export function onStepDownCheck(m: Model, p: Person): void {
  if (p.status !== Status.High || p.sentenceKind !== Sentence.Prison || p.inLine !== Line.None) return;
  if (caseRules(m, p).scenario.stepDown.excludeHighRisk && p.highRisk) return;
  if (barredFromOpen(m, p)) return; // an expulsion decision keeps them in high security (issue 15 part 3)
  if (m.now < p.stepDownNotBefore) {
    if (p.stepDownNotBefore < p.plannedReleaseDay) m.sim.scheduleAt(p.stepDownNotBefore, Ev.StepDownCheck, p.id, p.generation, Priority.Movement);
    return;
  }
  const f = m.freeFacility('low', p.woman);
  if (f >= 0) {
    m.flows.transfers++;
    transfer(m, p, Status.Low, f);
    m.note(p, 'stepped down to low security');
    return;
  }
  p.inLine = Line.StepDown;
  m.linesOf(p.woman).transfer.low.push(p.id);
}

export function onHalfwayCheck(m: Model, p: Person): void {
  const s = p.status;
  if (s !== Status.High && s !== Status.Low && s !== Status.AwaitingTransfer) return;
  if (p.facility < 0 || p.inLine === Line.Halfway) return;
  // A halfway house needs a clean record too: an incident in the window puts the move off.
  if (m.now < p.stepDownNotBefore) {
    if (p.stepDownNotBefore < p.plannedReleaseDay) m.sim.scheduleAt(p.stepDownNotBefore, Ev.HalfwayCheck, p.id, p.generation, Priority.Movement);
    return;
  }
  const f = m.freeFacility('halfway', p.woman);
  if (f >= 0) {
    m.flows.transfers++;
    transfer(m, p, Status.Halfway, f);
    m.note(p, 'moved to a halfway house');
    return;
  }
  p.inLine = Line.Halfway;
  m.linesOf(p.woman).transfer.halfway.push(p.id);
}

export function onBackDoorEmCheck(m: Model, p: Person): void {
  const s = p.status;
  if (s !== Status.High && s !== Status.Low && s !== Status.Halfway && s !== Status.AwaitingTransfer) return;
  if (m.emActive >= m.emCapacity) return;
  const level = m.levelOf(p);
  m.flows.transfers++;
  p.levelBeforeEm = level;
  leaveFacility(m, p);
  endStayInside(m, p);
  startEm(m, p);
  m.note(p, 'moved to electronic monitoring for the last part of the sentence');
  if (level !== null) placeFreed(m, level);
}

export function onParoleDate(m: Model, p: Person): void {
  const pr = caseRules(m, p).scenario.parole;
  // Parole reads the same record as step-down: incidents against, completed programmes for.
  const odds = PMath.pow(pr.incidentOddsRatio, p.incidents) * PMath.pow(pr.completedProgrammeOddsRatio, progressCount(m, p));
  const grant = withOdds(pr.grantProbability, odds);
  if (p.rng.conduct.next() < grant) {
    m.flows.paroleGrants++;
    if (p.sentenceKind !== Sentence.FrontDoorEm) m.flows.paroleGrantsFromPrison++;
    m.note(p, 'parole granted');
    releaseFromSentence(m, p, true);
  } else {
    m.note(p, 'parole refused; serving to full term');
    // An early release (valves.ts) larger than the time from the parole date to the full term ends the sentence at once.
    m.sim.scheduleAt(Math.max(m.now, p.sentenceStartDay + p.sentenceDays - p.earlyReleaseDays), Ev.SentenceEnd, p.id, p.generation, Priority.Departure);
  }
}

export function onSentenceEnd(m: Model, p: Person): void {
  m.note(p, 'full term reached');
  releaseFromSentence(m, p, false);
}

export function onPreventiveDetentionReview(m: Model, p: Person): void {
  const pd = caseRules(m, p).scenario.sentencing.preventiveDetention;
  const odds = p.highRisk ? pd.highRiskReviewOddsRatio : 1;
  if (p.rng.conduct.next() < withOdds(pd.reviewReleaseProbability, odds)) {
    m.note(p, 'preventive detention ends at review');
    releaseFromSentence(m, p, true);
    return;
  }
  if (m.tracing) m.note(p, `preventive detention extended by ${pd.extensionYears} years`);
  p.plannedReleaseDay = m.now + pd.extensionYears * DAYS_PER_YEAR;
  m.sim.scheduleAt(p.plannedReleaseDay, Ev.PreventiveDetentionReview, p.id, p.generation, Priority.Departure);
}

/** Release at the end of a sentence (parole or full term): release planning, cohort record, follow-up. */
export function releaseFromSentence(m: Model, p: Person, onParole: boolean): void {
  const level = m.levelOf(p);
  const fromEm = p.status === Status.Em;
  leaveFacility(m, p);
  endStayInside(m, p);
  if (fromEm) m.emActive--;
  const releaseLevel = fromEm ? EM_LEVEL : level !== null ? LEVEL_INDEX[level] : LEVEL_INDEX.remand;
  const prisonSentence = p.sentenceKind !== Sentence.FrontDoorEm;
  if (expelledAtRelease(m, p)) {
    expel(m, p, prisonSentence);
    if (level !== null) placeFreed(m, level);
    return;
  }
  m.setStatus(p, Status.AtLiberty);
  // Release planning for someone finishing on EM is done as from the level they left for EM;
  // front-door EM, never inside, plans as from a halfway house (the most open setting).
  const planningLevel = fromEm ? (p.levelBeforeEm ?? 'halfway') : level;
  const effects = planRelease(m, p, planningLevel);
  if (prisonSentence) {
    m.flows.sentencedReleases++;
    if (p.earlyReleaseDays > 0) {
      m.flows.earlyReleases++;
      m.flows.earlyReleaseDays += p.earlyReleaseDays;
    }
    m.listeners.releasedFromPrison(p, m.now);
    m.flows.servedDays += p.custodyDays - p.remandDays;
    if (effects.educationCompleted) m.flows.releasedEducationCompleted++;
    if (p.enrolledEver & EDUCATION) m.flows.releasedEducationEnrolled++;
    if (effects.treatmentCompleted) m.flows.releasedTreatmentCompleted++;
    if (effects.housed) m.flows.releasedHoused++;
    if (effects.familyContactKept) m.flows.releasedFamilyContact++;
    if (p.substanceUse || p.mentalIllness) m.flows.releasedInNeedOfCare++;
    if (effects.treatmentContinued || effects.psychiatricCareContinued) m.flows.releasedWithContinuedCare++;
    if (effects.employed) m.flows.releasedEmployed++;
    const age = ageYears(m, p);
    p.releaseRecord = m.releases.add(m.now, {
      ageBand: age < 25 ? 0 : age < 40 ? 1 : 2,
      priorsBand: p.priors === 0 ? 0 : p.priors < 5 ? 1 : 2,
      educationCompleted: effects.educationCompleted,
      housed: effects.housed,
      employed: effects.employed,
      offence: offenceIndex(p.offence),
      level: releaseLevel,
    });
  }
  if (m.tracing) m.note(
    p,
    `released ${effects.housed ? 'with' : 'without'} housing, ${effects.employed ? 'with' : 'without'} a job` +
      (onParole ? ' (on parole)' : ''),
  );
  m.listeners.releasedFromSentence(p, m.now, onParole, effects);
  p.levelBeforeEm = null;
  // What the person is like when they come back: housing and work as at release.
  p.housingBefore = effects.housed ? 'stable' : 'homeless';
  p.employedBefore = effects.employed;
  p.generation++;
  followAfterRelease(m, p, releaseLogit(m, p, effects));
  updateRisk(m, p);
  if (level !== null) placeFreed(m, level);
}

/**
 * A foreign national whose expulsion decision is carried out at release (issue 15 part 3): sent
 * out of Norway, they leave the model for good. Counted as a release from prison (time served,
 * monthly releases) but not in the reconviction cohorts: they cannot reoffend in Norway, and
 * the reconviction figures follow those released into Norway.
 */
function expel(m: Model, p: Person, prisonSentence: boolean): void {
  m.setStatus(p, Status.Left);
  m.flows.expulsions++;
  if (prisonSentence) {
    m.flows.sentencedReleases++;
    m.flows.servedDays += p.custodyDays - p.remandDays;
    m.listeners.releasedFromPrison(p, m.now);
  }
  m.note(p, 'released and expelled from Norway');
  p.generation++;
  p.releaseRecord = -1;
  m.people[p.id] = null; // never re-enters; let the memory go
  m.personNumbers.give((p as PersonRecord).record);
}

/** Release planning with the labour and welfare office and the municipality. */
function planRelease(m: Model, p: Person, level: string | null): ReleaseEffects {
  const r = caseRules(m, p).scenario.release;
  const u = p.rng.release;
  const served = p.custodyDays / DAYS_PER_YEAR;
  let housing = withOdds(r.housing.byHousingBefore[p.housingBefore], PMath.pow(r.housing.oddsRatioPerYearServed, served));
  if (level === 'halfway') housing = withOdds(housing, r.housing.halfwayOddsRatio);
  housing = Math.max(housing, r.housing.guaranteeProbability);
  const housed = u.next() < housing;

  const e = r.employment;
  let job = p.employedBefore ? e.byEmployedBefore.employed : e.byEmployedBefore.notEmployed;
  if (p.completed & VOCATIONAL) job = withOdds(job, e.vocationalOddsRatio);
  if (p.completed & EDUCATION) job = withOdds(job, e.educationOddsRatio);
  if (p.completed & WORK) job = withOdds(job, e.workOddsRatio);
  job = withOdds(job, e.employmentProgramOddsRatio);
  const employed = u.next() < job;

  const treatmentCompleted = (p.completed & TREATMENT) !== 0;
  // Issue 15 part 3: care arranged at release for substance use and serious mental illness (health.ts);
  // family contact as the stay's contact process left it (family.ts).
  const care = continuedCare(m, p, u);
  return {
    educationCompleted: (p.completed & EDUCATION) !== 0,
    treatmentCompleted,
    treatmentContinued: care.treatment,
    psychiatricCareContinued: care.psychiatric,
    cognitiveBehaviouralCompleted: (p.completed & CBT) !== 0,
    housed,
    employed,
    familyContactKept: u.next() < p.familyContactP,
    officersAboveReference: p.facilityDays > 0 ? p.staffRatioDays / p.facilityDays : NaN,
    servedOnEm: p.wasOnEm,
    incidents: p.incidents,
  };
}

/**
 * A death in custody (issue 15 part 3, health.ts): counted, the stay ended with nothing planned
 * (no release record, no follow-up), the person out of the model and the place freed.
 */
export function onDeathInCustody(m: Model, p: Person): void {
  recordDeathInCustody(m, p);
  const level = m.levelOf(p);
  leaveFacility(m, p);
  endStayInside(m, p);
  p.inLine = Line.None;
  p.crossLevelSince = NaN;
  p.generation++;
  m.setStatus(p, Status.Left);
  m.people[p.id] = null;
  m.personNumbers.give((p as PersonRecord).record);
  if (level !== null) placeFreed(m, level);
}
