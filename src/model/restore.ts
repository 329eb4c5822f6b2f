/**
 * Starting from a census instead of an empty system, and taking a census of a running model.
 *
 * A person restored from a census is put where the census says, with the time already spent
 * there, and given the pending events the model would have for them: the rest of a remand stay,
 * of a wait to be called in, of a sentence (release dates and the steps of the sentence plan still
 * ahead), of a community sentence, or of the follow-up after release. What is left of a duration
 * is drawn conditional on the time already spent (`sampleAbove`); whether someone released will
 * ever reoffend is conditioned on their not having done so yet. What the census leaves out is
 * drawn from the scenario's distributions, from the person's own streams as for a new person.
 */
import { drawForeignCase, settleExpulsion } from './people.js';
import {
  CENSUS_PLACE_LEVEL,
  censusNumber,
  type CensusRecord,
  type CensusSentence,
  type CensusStatus,
} from '../scenario/census.js';
import type { Sampler } from '../engine/distributions.js';
import { PROGRAMS, type SecurityLevel } from '../scenario/types.js';
import { createPerson } from './arrival.js';
import { noEffects } from './court.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, SECURITY_LEVELS, pickIndex } from './params.js';
import { Line, Sentence, Status, programBit, statusOfLevel, type Person } from './person.js';
import { assessNeeds } from './programs.js';
import { assignLevel, enterFacility, joinTransferFromRemand, placeFreed, scheduleRelease, scheduleSentencePlan, startEm } from './placement.js';
import { approvedForFrontDoorEm, priorityClass, startKdiClock } from './queue.js';
import { ageYears, followSinceRelease, releaseLogit, updateRisk } from './recidivism.js';
import type { Model } from './state.js';

const SENTENCE_KIND: Record<CensusSentence, Sentence> = {
  prison: Sentence.Prison,
  em: Sentence.FrontDoorEm,
  'preventive-detention': Sentence.PreventiveDetention,
};

/**
 * Puts the census into an empty model at its current time (day 0). A facility holding more people
 * than its places keeps them: the extra places close as people leave, as after a capacity cut.
 */
export function startFromCensus(m: Model, census: readonly CensusRecord[]): void {
  const facilityOf = assignFacilities(m, census);
  const targets = m.facilities.map((f) => f.targetCapacity);
  const held = new Int32Array(m.facilities.length);
  for (const f of facilityOf) if (f >= 0) held[f]++;
  held.forEach((count, i) => {
    if (count > m.facilities[i].capacity) m.setCapacity(i, count);
  });
  // Those waiting longest for a place are first in the line, as they would have been.
  const order = census.map((_, i) => i);
  order.sort((a, b) => waitRank(census[b]) - waitRank(census[a]) || a - b);
  for (const i of order) restore(m, census[i], facilityOf[i]);
  targets.forEach((capacity, i) => m.setCapacity(i, capacity));
  for (const level of SECURITY_LEVELS) placeFreed(m, level);
}

/** Queue members already called in go first, longest wait first; the rest keep census order. */
function waitRank(r: CensusRecord): number {
  return r.status === 'queue' && r.waitingFor === 'place' ? r.elapsedDays : -1;
}

/** The facility of every record that holds a place: as named, else the level's facility with most room left. */
function assignFacilities(m: Model, census: readonly CensusRecord[]): number[] {
  const byName = new Map(m.facilities.map((f, i) => [f.name, i]));
  const room = m.facilities.map((f) => f.capacity);
  const named = census.map((r) => (r.facility !== undefined && CENSUS_PLACE_LEVEL[r.status] !== undefined ? (byName.get(r.facility) ?? -1) : -1));
  named.forEach((f) => {
    if (f >= 0) room[f]--;
  });
  return census.map((r, i) => {
    const level = CENSUS_PLACE_LEVEL[r.status];
    if (level === undefined) return -1;
    if (r.facility !== undefined) {
      if (named[i] < 0) throw new Error(`census facility ${r.facility} is not in the scenario`);
      return named[i];
    }
    let best = -1;
    // Where the level has women's places, a woman is placed in one and a man in one of the others.
    for (const f of m.placesFor[level][r.woman === true ? 1 : 0]) if (best < 0 || room[f] > room[best]) best = f;
    if (best < 0) throw new Error(`census status ${r.status} needs a ${level} facility`);
    room[best]--;
    return best;
  });
}

function restore(m: Model, r: CensusRecord, facility: number): void {
  const now = m.now;
  const e = r.elapsedDays;
  if (r.status === 'released' && !(e < m.scenario.exits.followUpYears * DAYS_PER_YEAR)) return; // no longer followed
  const p = createPerson(m, r.sentence === 'preventive-detention');
  applyAttributes(m, p, r, facility);
  if (r.sentenceDays !== undefined) p.sentenceDays = r.sentenceDays;
  if (r.sentence !== undefined) p.sentenceKind = SENTENCE_KIND[r.sentence];
  p.remandDays = r.remandDays ?? 0;
  p.incidents = r.incidents ?? 0;
  for (const name of r.programsCompleted ?? []) p.completed |= programBit(PROGRAMS.indexOf(name));
  // A census does not hold expulsion decisions: they are drawn for the current case as at its
  // start (issue 15 part 3); someone the census has in open prison, a halfway house or on EM was
  // evidently not barred from it.
  drawForeignCase(m, p);
  if (r.sentenceDays !== undefined && r.status !== 'remand' && r.status !== 'police-cell') settleExpulsion(m, p);
  if (r.status === 'low' || r.status === 'halfway' || r.status === 'em' || r.sentence === 'em') p.barredFromOpen = false;
  switch (r.status) {
    case 'police-cell':
    case 'remand':
      return restoreRemand(m, p, r.status, e, facility);
    case 'awaiting-transfer':
      return restoreAwaitingTransfer(m, p, r, facility);
    case 'queue':
      return restoreQueue(m, p, r);
    case 'high':
    case 'low':
    case 'halfway':
      return restoreServing(m, p, r, facility);
    case 'em':
      return restoreEm(m, p, r);
    case 'community':
      m.communityActive++;
      m.setStatus(p, Status.Community);
      m.sim.scheduleAt(now + remaining(m.params.communityDuration, e, p), Ev.CommunitySentenceEnd, p.id, p.generation, Priority.Departure);
      return;
    case 'released': {
      const logit = r.reoffenceLogit ?? releaseLogit(m, p, effectsOf(p, r), ageYears(m, p) - e / DAYS_PER_YEAR);
      followSinceRelease(m, p, logit, now - e);
      return;
    }
    case 'awaiting-case':
      p.offenceDay = now - e;
      // Followed at least until the case comes (the release before it is not in the census).
      p.exitDay = now + m.scenario.exits.followUpYears * DAYS_PER_YEAR;
      m.sim.scheduleAt(now + remaining(m.params.convictionLag, e, p), Ev.NewCase, p.id, p.generation, Priority.Arrival);
      return;
  }
}

/** What is left of a duration already `elapsed` long, drawn from the person's case stream. */
function remaining(sampler: Sampler, elapsed: number, p: Person): number {
  return Math.max(0, sampler.sampleAbove(elapsed, p.rng.case) - elapsed);
}

/**
 * The census's attributes over those drawn for a new person. The age drawn for a new person is the
 * age at entry; someone restored has lived the time since, so it is moved back by the days elapsed.
 */
function applyAttributes(m: Model, p: Person, r: CensusRecord, facility: number): void {
  const mutable = p as { -readonly [K in keyof Person]: Person[K] };
  mutable.birthDay = r.ageYears !== undefined ? m.now - r.ageYears * DAYS_PER_YEAR : p.birthDay - r.elapsedDays - (r.remandDays ?? 0);
  if (r.woman !== undefined) mutable.woman = r.woman;
  // A record that does not say, holding a place at a level with women's places: the place says
  // (assignFacilities gave it a men's place unless it named a women's one).
  else if (facility >= 0 && m.separated[m.facilities[facility].level]) mutable.woman = m.facilities[facility].women;
  if (r.foreign !== undefined) mutable.foreign = r.foreign;
  if (r.priors !== undefined) p.priors = r.priors;
  if (r.offence !== undefined) p.offence = r.offence;
  if (r.education !== undefined) p.education = r.education;
  if (r.employedBefore !== undefined) p.employedBefore = r.employedBefore;
  if (r.housingBefore !== undefined) p.housingBefore = r.housingBefore;
  if (r.substanceUse !== undefined) mutable.substanceUse = r.substanceUse;
  if (r.mentalIllness !== undefined) mutable.mentalIllness = r.mentalIllness;
  // Risk is assessed when a case starts (and at release), at the age then.
  updateRisk(m, p, ageYears(m, p) - r.elapsedDays / DAYS_PER_YEAR);
  if (r.highRisk !== undefined) p.highRisk = r.highRisk;
}

/** For someone released without a recorded reoffence logit: what the census says of the release. */
function effectsOf(p: Person, r: CensusRecord) {
  const completed = (name: (typeof PROGRAMS)[number]) => (p.completed & programBit(PROGRAMS.indexOf(name))) !== 0;
  return {
    ...noEffects(),
    educationCompleted: completed('education'),
    treatmentCompleted: completed('addictionTreatment'),
    cognitiveBehaviouralCompleted: completed('cognitiveBehavioural'),
    housed: r.housingBefore === 'stable',
    employed: r.employedBefore === true,
    incidents: p.incidents,
  };
}

function restoreRemand(m: Model, p: Person, status: CensusStatus, elapsed: number, facility: number): void {
  const now = m.now;
  p.remandStartDay = now - elapsed;
  p.remandOutcome = p.sentenceKind === Sentence.PreventiveDetention ? 0 : pickIndex(m.params.remandOutcomeCum, p.rng.case.next());
  if (status === 'remand') enterFacility(m, p, Status.Remand, facility);
  else {
    m.setStatus(p, Status.PoliceCell);
    p.inLine = Line.PoliceCell;
    m.linesOf(p.woman).policeCell.push(p.id);
  }
  // Custody before the census counts as custody (release planning weighs the time served).
  p.custodyDays = elapsed;
  m.sim.scheduleAt(now + remaining(m.params.remandDuration, elapsed, p), Ev.RemandEnd, p.id, p.generation, Priority.Movement);
}

/** Sentence dates and plan from a sentence start `elapsedDays` ago, for someone serving or about to. */
function restoreSentence(m: Model, p: Person, r: CensusRecord): void {
  if (p.sentenceKind === Sentence.None) p.sentenceKind = Sentence.Prison;
  p.sentenceStartDay = m.now - r.elapsedDays;
  p.convictionDay = p.sentenceStartDay + p.remandDays;
  const underWay = { halfwayWaiting: r.waitingFor === undefined ? undefined : r.waitingFor === 'halfway' };
  scheduleRelease(m, p, underWay);
  if (p.sentenceKind === Sentence.Prison) {
    p.planDraws = p.rng.conduct.position;
    scheduleSentencePlan(m, p, p.rng.conduct, underWay);
  }
  if (p.sentenceKind !== Sentence.FrontDoorEm) {
    assessNeeds(m, p);
    // A programme completed is not taken again, unless it continues course after course (education, work).
    for (let k = 0; k < PROGRAMS.length; k++) if (!m.params.programs[k].continues) p.referrals &= ~(p.completed & programBit(k));
  }
}

function restoreAwaitingTransfer(m: Model, p: Person, r: CensusRecord, facility: number): void {
  restoreSentence(m, p, r);
  p.assignedLevel = p.sentenceKind === Sentence.PreventiveDetention ? 'high' : (r.assignedLevel ?? assignLevel(m, p));
  enterFacility(m, p, Status.AwaitingTransfer, facility);
  p.custodyDays = r.elapsedDays;
  joinTransferFromRemand(m, p);
}

function restoreQueue(m: Model, p: Person, r: CensusRecord): void {
  const now = m.now;
  if (p.sentenceKind === Sentence.None) p.sentenceKind = approvedForFrontDoorEm(m, p) ? Sentence.FrontDoorEm : Sentence.Prison;
  p.convictionDay = now - r.elapsedDays;
  m.setStatus(p, Status.Queue);
  startKdiClock(m, p);
  if (r.waitingFor === 'place') {
    if (p.sentenceKind === Sentence.FrontDoorEm) p.sentenceKind = Sentence.Prison; // called in to prison: no device was free
    const level = r.assignedLevel ?? assignLevel(m, p);
    p.assignedLevel = level;
    p.queueClass = priorityClass(m, p);
    p.inLine = Line.Sentence;
    m.linesOf(p.woman).sentence[level].push(p.id, p.queueClass);
    return;
  }
  m.sim.scheduleAt(now + remaining(m.params.summonsLead, r.elapsedDays, p), Ev.SummonsDue, p.id, p.generation, Priority.Arrival);
}

function restoreServing(m: Model, p: Person, r: CensusRecord, facility: number): void {
  restoreSentence(m, p, r);
  const level = m.facilities[facility].level as SecurityLevel;
  p.assignedLevel = level === 'low' ? 'low' : 'high';
  enterFacility(m, p, statusOfLevel(level), facility);
  if (level !== 'high') p.enteredLowSecurity = true;
  p.custodyDays = r.elapsedDays;
  p.facilityDays = r.elapsedDays;
  p.staffRatioDays = r.elapsedDays * m.facilities[facility].officersAboveReference;
}

function restoreEm(m: Model, p: Person, r: CensusRecord): void {
  if (r.sentence === undefined) p.sentenceKind = Sentence.FrontDoorEm;
  restoreSentence(m, p, r);
  if (p.sentenceKind !== Sentence.FrontDoorEm) {
    p.levelBeforeEm = r.levelBeforeEm ?? 'low';
    p.custodyDays = r.elapsedDays;
  }
  startEm(m, p);
}

/** Where each status of the model goes in a census. */
function censusStatus(p: Person): CensusStatus | null {
  switch (p.status) {
    case Status.PoliceCell:
      return Number.isNaN(p.convictionDay) ? 'police-cell' : 'awaiting-transfer';
    case Status.Remand:
      return 'remand';
    case Status.AwaitingTransfer:
      return 'awaiting-transfer';
    case Status.Queue:
      return 'queue';
    case Status.High:
      return 'high';
    case Status.Low:
      return 'low';
    case Status.Halfway:
      return 'halfway';
    case Status.Em:
      return 'em';
    case Status.Community:
      return 'community';
    case Status.AtLiberty:
      // A reoffence after the last release, its case still to come.
      return p.offenceDay > p.lastReleaseDay || (Number.isNaN(p.lastReleaseDay) && !Number.isNaN(p.offenceDay)) ? 'awaiting-case' : 'released';
    case Status.Left:
      return null;
  }
}

const SENTENCE_NAME: Partial<Record<Sentence, CensusSentence>> = {
  [Sentence.Prison]: 'prison',
  [Sentence.FrontDoorEm]: 'em',
  [Sentence.PreventiveDetention]: 'preventive-detention',
};

/** Fields held as numbers, kept to the digits a census file holds so that a census written and read back is the same. */
const NUMBER_FIELDS = ['elapsedDays', 'sentenceDays', 'remandDays', 'reoffenceLogit', 'ageYears'] as const;

/** Everyone in the model now (those who left excepted), as census records: a synthetic census. */
export function takeCensus(m: Model): CensusRecord[] {
  const now = m.now;
  const records: CensusRecord[] = [];
  for (const p of m.people) {
    if (p === null) continue;
    const status = censusStatus(p);
    if (status === null) continue;
    const r: CensusRecord = { status, elapsedDays: 0 };
    const sentenced = status === 'awaiting-transfer' || status === 'high' || status === 'low' || status === 'halfway' || status === 'em';
    switch (status) {
      case 'police-cell':
      case 'remand':
        r.elapsedDays = now - p.remandStartDay;
        break;
      case 'queue':
        r.elapsedDays = now - p.convictionDay;
        r.waitingFor = p.inLine === Line.Sentence ? 'place' : 'none';
        if (p.inLine === Line.Sentence) r.assignedLevel = p.assignedLevel as 'high' | 'low';
        break;
      case 'community':
        r.elapsedDays = now - p.lastLevelChangeDay;
        break;
      case 'released':
        r.elapsedDays = now - p.lastReleaseDay;
        r.reoffenceLogit = p.releaseLogit;
        break;
      case 'awaiting-case':
        r.elapsedDays = now - p.offenceDay;
        break;
      default:
        r.elapsedDays = now - p.sentenceStartDay;
    }
    if (p.facility >= 0) r.facility = m.facilities[p.facility].name;
    if (sentenced || status === 'queue' || (status === 'remand' && p.sentenceKind === Sentence.PreventiveDetention)) {
      const name = SENTENCE_NAME[p.sentenceKind];
      if (name !== undefined) r.sentence = name;
    }
    if (sentenced || status === 'queue') {
      // Preventive detention: the time from the sentence start to the next review (extended at each review).
      r.sentenceDays = p.sentenceKind === Sentence.PreventiveDetention ? p.plannedReleaseDay - p.sentenceStartDay : p.sentenceDays;
      if (p.remandDays > 0) r.remandDays = p.remandDays;
    }
    if (status === 'awaiting-transfer') r.assignedLevel = p.assignedLevel as 'high' | 'low';
    if (status === 'high' || status === 'low' || status === 'halfway') {
      r.waitingFor = p.inLine === Line.StepDown ? 'low' : p.inLine === Line.Halfway ? 'halfway' : 'none';
    }
    if (sentenced) {
      r.incidents = p.incidents;
      const done = PROGRAMS.filter((_, k) => (p.completed & programBit(k)) !== 0);
      if (done.length > 0) r.programsCompleted = [...done];
    }
    if (status === 'em' && p.levelBeforeEm !== null && p.levelBeforeEm !== 'remand') r.levelBeforeEm = p.levelBeforeEm;
    r.ageYears = (now - p.birthDay) / DAYS_PER_YEAR;
    r.woman = p.woman;
    r.foreign = p.foreign;
    r.priors = p.priors;
    r.offence = p.offence;
    r.education = p.education;
    r.employedBefore = p.employedBefore;
    r.housingBefore = p.housingBefore;
    r.substanceUse = p.substanceUse;
    r.mentalIllness = p.mentalIllness;
    r.highRisk = p.highRisk;
    for (const key of NUMBER_FIELDS) {
      const x = r[key];
      if (x !== undefined) r[key] = censusNumber(x);
    }
    records.push(r);
  }
  return records;
}
