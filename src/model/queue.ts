/**
 * Waiting to serve (soningskø): a person convicted at liberty is called in after an administrative
 * lead time, and then waits at liberty until a place at the assigned level is free, served by
 * priority class (the young and long sentences first, then violence, then the rest), first come
 * first served within a class. Someone assigned open prison who finds no open place may start in
 * high security instead (cross-level placement, when the scenario allows it), and moves to open at
 * the first free open place. KDI counts a sentence as queued once 60 days have passed since the
 * judgment without the sentence starting; that count is kept beside the queue itself.
 */
import * as PMath from '../engine/portable-math.js';
import { Ev, Priority } from './events.js';
import { admitFromLine, lineKey, type LineKey, type WaitingLine } from './lines.js';
import { barredFromOpen, settleExpulsion } from './people.js';
import { DAYS_PER_YEAR } from './params.js';
import { Slot } from './measurements.js';
import { Line, Sentence, Status, statusOfLevel, type Person } from './person.js';
import { ageYears } from './recidivism.js';
import { assignLevel, enterFacility, startEm, transferFromRemandUnit } from './placement.js';
import { beginSentence } from './release.js';
import { caseRules } from './rules.js';
import { drawSentenceDays } from './sentencing.js';
import type { Model } from './state.js';

/** Days beyond which a sentence counts as queued in KDI's statistics. */
export const QUEUED_AFTER_DAYS = 60;

export function queueToServe(m: Model, p: Person): void {
  const { params } = caseRules(m, p);
  settleExpulsion(m, p);
  if (approvedForFrontDoorEm(m, p)) p.sentenceKind = Sentence.FrontDoorEm;
  m.setStatus(p, Status.Queue);
  startKdiClock(m, p);
  m.sim.schedule(params.summonsLead.sample(p.rng.case), Ev.SummonsDue, p.id, p.generation, Priority.Arrival);
}

/**
 * Someone has just entered the sentence queue (convicted on `p.convictionDay`): they count in
 * KDI's queue from 60 days after conviction, if they still wait then. Leaving the queue state
 * (state.ts, setStatus) takes them out of the count.
 */
export function startKdiClock(m: Model, p: Person): void {
  const due = p.convictionDay + QUEUED_AFTER_DAYS;
  if (due <= m.now) countInKdiQueue(m, p);
  else m.sim.scheduleAt(due, Ev.QueuedByKdi, p.id, p.generation, Priority.Bookkeeping);
}

/** 60 days since conviction have passed: counted in KDI's queue if still waiting at liberty. */
export function onQueuedByKdi(m: Model, p: Person): void {
  if (p.status !== Status.Queue || p.kdiQueued || m.now < p.convictionDay + QUEUED_AFTER_DAYS) return;
  countInKdiQueue(m, p);
}

function countInKdiQueue(m: Model, p: Person): void {
  p.kdiQueued = true;
  m.integrals.add(Slot.KdiQueue, 1, m.now);
}

/** Whether a sentence to serve is to be served at home on EM (short enough, offence allowed, approved): one draw if eligible. */
export function approvedForFrontDoorEm(m: Model, p: Person): boolean {
  const em = caseRules(m, p).scenario.electronicMonitoring.frontDoor;
  return (
    p.sentenceDays <= em.maxSentenceDays &&
    !em.excludedOffences.includes(p.offence) &&
    !barredFromOpen(m, p) &&
    p.rng.case.next() < Math.max(em.approvalShare, m.valves.frontDoorShare)
  );
}

export function priorityClass(m: Model, p: Person): number {
  const q = m.scenario.sentenceQueue;
  if (ageYears(m, p) < q.youngAgeYears) return 0;
  if (p.sentenceDays >= q.longSentenceDays) return 1;
  if (p.offence === 'violence') return 2;
  return 3;
}

/** The call-in date has come: start on EM if approved and a device is free, else take a place or wait for one. */
export function onSummonsDue(m: Model, p: Person): void {
  if (p.sentenceKind === Sentence.FrontDoorEm) {
    if (m.emActive < m.emCapacity) {
      offendWhileWaiting(m, p, m.now - p.convictionDay);
      if (beginSentence(m, p)) return;
      startEm(m, p);
      m.note(p, 'serving at home with electronic monitoring');
      return;
    }
    p.sentenceKind = Sentence.Prison; // no device free: serve in prison instead
  }
  const level = assignLevel(m, p);
  p.assignedLevel = level;
  p.queueClass = priorityClass(m, p);
  p.inLine = Line.Sentence;
  m.linesOf(p.woman).sentence[level].push(p.id, p.queueClass);
  // If a place is free, the line moves now (the person may go straight in, or someone ahead does).
  admitFromSentenceLine(m, level, p.woman);
  if (level === 'low') admitAcrossLevels(m, p.woman);
  if (m.tracing && p.status === Status.Queue) m.note(p, `called in; waiting for a ${level}-security place`);
}

/** The wait for a prison place, from conviction at liberty to admission. */
function recordWait(m: Model, p: Person): void {
  const wait = m.now - p.convictionDay;
  m.flows.queueWaits++;
  m.flows.queueWaitDays += wait;
  if (p.woman) {
    m.flows.womenQueueWaits++;
    m.flows.womenQueueWaitDays += wait;
  }
  if (wait > 0) m.flows.queueWaitsPositive++;
  if (wait > QUEUED_AFTER_DAYS) m.flows.queueWaitsOver60++;
  offendWhileWaiting(m, p, wait);
}

/** Optional: new offences committed while waiting at liberty lengthen the sentence. */
function offendWhileWaiting(m: Model, p: Person, waitDays: number): void {
  const rate = m.scenario.sentenceQueue.offendingWhileWaitingPerYear;
  if (rate <= 0) return;
  let t = -PMath.log(1 - p.rng.case.next()) / rate;
  while (t * DAYS_PER_YEAR < waitDays) {
    m.flows.offencesWhileWaiting++;
    p.priors++;
    p.sentenceDays = Math.min(p.sentenceDays + drawSentenceDays(m, p, 0), caseRules(m, p).params.maxSentenceDays);
    m.note(p, 'offended while waiting to serve; sentence lengthened');
    t += -PMath.log(1 - p.rng.case.next()) / rate;
  }
}

/** Starts serving from liberty in `facility` (of the assigned level, or high security for a cross-level start). */
export function admitFromLiberty(m: Model, p: Person, facility: number): void {
  recordWait(m, p);
  m.flows.sentenceAdmissionsFromLiberty++;
  p.crossLevelSince = NaN;
  m.listeners.admitted(p, m.now);
  if (beginSentence(m, p)) return;
  if (p.assignedLevel === 'low') m.flows.lowAssignedStarts++;
  if (m.tracing) m.note(p, `started serving in ${m.facilities[facility].name}`);
  enterFacility(m, p, statusOfLevel(m.facilities[facility].level), facility);
}

/** Places are free at a level: admit from its sentence line (of one sex, where the level has women's places), those held in remand units first (class 0). */
export function admitFromSentenceLine(m: Model, level: 'high' | 'low', woman: boolean): void {
  admitFromLine(m, m.linesOf(woman).sentence[level], SENTENCE_LINE, lineKey(level, woman));
}

/**
 * Cross-level placement (`placement.crossLevel`): while a high-security place is free once the
 * high-security line has been served (so nobody assigned high waits behind them), people waiting
 * for an open place start in high security, in the open line's order, and join the step-down line
 * to move to open at the first free open place, ahead of new admissions to open. Only the open
 * line crosses: nobody assigned high security starts in an open place.
 */
export function admitAcrossLevels(m: Model, woman: boolean): void {
  if (!m.scenario.placement.crossLevel) return;
  admitFromSentenceLine(m, 'high', woman);
  admitFromLine(m, m.linesOf(woman).sentence.low, CROSS_LEVEL_LINE, lineKey('low', woman));
}

const SENTENCE_LINE: WaitingLine<LineKey<'high' | 'low'>> = {
  room: (m, key) => m.freeFacility(key.level, key.woman),
  waiting: (p, key) =>
    p.inLine === Line.Sentence && p.assignedLevel === key.level && (p.status === Status.Queue || p.status === Status.AwaitingTransfer),
  admit(m, p, f) {
    if (p.status === Status.AwaitingTransfer) transferFromRemandUnit(m, p, f);
    else admitFromLiberty(m, p, f);
  },
};

/** The open line served into high-security places (cross-level placement). */
const CROSS_LEVEL_LINE: WaitingLine<LineKey<'low'>> = {
  room: (m, key) => m.freeFacility('high', key.woman),
  waiting: SENTENCE_LINE.waiting,
  admit(m, p, f) {
    if (p.status === Status.AwaitingTransfer) transferFromRemandUnit(m, p, f);
    else admitFromLiberty(m, p, f);
    if (p.status !== Status.High) return; // the sentence was already served on remand
    if (p.sentenceDays > caseRules(m, p).scenario.placement.lowSecurityMaxSentenceDays) {
      // Offences while waiting lengthened the sentence past what open prison takes: it is served in high security.
      p.assignedLevel = 'high';
      return;
    }
    m.flows.crossLevelStarts++;
    p.crossLevelSince = m.now;
    p.inLine = Line.StepDown;
    m.linesOf(p.woman).transfer.low.push(p.id);
    m.note(p, 'no open place free: started in high security, to move to open at the first free place');
  },
};
