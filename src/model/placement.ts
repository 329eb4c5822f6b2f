/**
 * Placement and the sentence plan: the first level by risk and needs, the plan of a sentence
 * (release dates, step-down, halfway house, back-door EM), entering and leaving a place, and
 * telling that a place was freed (who takes it is admission.ts; the start of a sentence, release.ts).
 */
import type { SecurityLevel } from '../scenario/types.js';
import { Ev, Priority } from './events.js';
import { scheduleIncident, cancelIncident } from './incident-clock.js';
import { enterPlaceFamily, leavePlaceFamily } from './family.js';
import { cancelDeath, scheduleDeath } from './health.js';
import { Substream, type RandomStream } from '../engine/random.js';
import { DAYS_PER_YEAR, formatDuration } from './params.js';
import { Line, Sentence, Status, statusOfLevel, type Person } from './person.js';
import { leaveProgram, tryNextProgram } from './programs.js';
import { caseRules } from './rules.js';
import { halfwayApprovalProbability, stepDownDayOf } from './progress.js';
import { barredFromOpen } from './people.js';
import type { Model } from './state.js';

/** First placement by risk, needs and sentence: long sentences, high risk and some offences start high. */
export function assignLevel(m: Model, p: Person): 'high' | 'low' {
  const pl = caseRules(m, p).scenario.placement;
  if (p.sentenceKind === Sentence.PreventiveDetention) return 'high';
  if (p.highRisk || pl.highOnlyOffences.includes(p.offence)) return 'high';
  // An expulsion decision can keep a foreign national from open prison (issue 15 part 3).
  if (barredFromOpen(m, p)) return 'high';
  if (p.sentenceDays > pl.lowSecurityMaxSentenceDays) return 'high';
  return p.rng.case.next() < pl.lowSecurityShare ? 'low' : 'high';
}

/**
 * What a census tells of a plan already under way, for a person restored from one: a parole date
 * already past was refused (they are still inside), a step whose day is past was missed unless
 * the person is recorded waiting for it.
 */
export interface PlanUnderWay {
  /** Waiting for a halfway-house place; undefined when the census does not say. */
  halfwayWaiting: boolean | undefined;
}

/**
 * The release dates from the sentence start: the parole date if eligible (only the first of the
 * two dates is on the calendar; a refused parole schedules the full term), else the full term;
 * for preventive detention, the next review.
 */
export function scheduleRelease(m: Model, p: Person, underWay: PlanUnderWay | null): void {
  const now = m.now;
  const S = p.sentenceDays;
  const start = p.sentenceStartDay;
  const tag = p.generation;
  if (p.sentenceKind === Sentence.PreventiveDetention) {
    p.plannedReleaseDay = start + S;
    p.paroleEligible = false;
    m.sim.scheduleAt(Math.max(now, start + S), Ev.PreventiveDetentionReview, p.id, tag, Priority.Departure);
    return;
  }
  const pr = caseRules(m, p).scenario.parole;
  // Eligibility as the sentence was given; a valve's early release (valves.ts) brings both dates forward.
  p.paroleEligible = S >= pr.minSentenceDays && start + Math.max(pr.afterShareServed * S, pr.minServedDays) < start + S;
  const fullTerm = start + S - p.earlyReleaseDays;
  const paroleDay = start + Math.max(pr.afterShareServed * S, pr.minServedDays) - p.earlyReleaseDays;
  if (p.paroleEligible && (underWay === null || paroleDay > now)) {
    p.plannedReleaseDay = Math.max(paroleDay, now);
    m.sim.scheduleAt(p.plannedReleaseDay, Ev.ParoleDate, p.id, tag, Priority.Departure);
  } else {
    p.plannedReleaseDay = Math.max(fullTerm, now);
    m.sim.scheduleAt(p.plannedReleaseDay, Ev.SentenceEnd, p.id, tag, Priority.Departure);
  }
}

/**
 * Step-down, halfway house and back-door EM, from the sentence's start and the planned release.
 * Someone already waiting in the step-down or halfway line (when a policy change plans the
 * sentence again) keeps their place if the move is still due, and leaves the line if it no longer
 * is. For someone restored from a census, a step already past was missed unless they wait for it.
 */
export function scheduleSentencePlan(m: Model, p: Person, draws: RandomStream, underWay: PlanUnderWay | null): void {
  const { scenario, params } = caseRules(m, p);
  const sd = scenario.stepDown;
  const now = m.now;
  const tag = p.generation;
  const S = p.sentenceDays;
  const start = p.sentenceStartDay;
  const planned = p.plannedReleaseDay;
  // The leave rule, brought forward by the programmes completed so far (progress.ts).
  p.stepDownDay = stepDownDayOf(m, p);
  const stepDownDue = p.stepDownDay < planned;
  // A cross-level starter waits to move on to the open prison assigned, whatever the step-down rule says.
  const crossLevelWaiting = !Number.isNaN(p.crossLevelSince) && p.status === Status.High;
  if (p.inLine === Line.StepDown && !crossLevelWaiting && !(stepDownDue && p.stepDownDay <= now)) p.inLine = Line.None;
  if (stepDownDue && p.inLine !== Line.StepDown) m.sim.scheduleAt(Math.max(now, p.stepDownDay), Ev.StepDownCheck, p.id, tag, Priority.Movement);

  // Approval for a halfway house and for back-door EM is decided with the sentence plan, so that
  // only approved moves are put on the calendar.
  // Both draws are taken for every sentence long enough, approved or not, so that progress made
  // later can approve the person with the same draws (progress.ts).
  let halfwayDay = Infinity;
  p.halfwayApproved = false;
  p.halfwayDraw = 1;
  if (S >= sd.halfwayHouse.minSentenceDays) {
    p.halfwayDraw = draws.next();
    p.halfwayLastDays = params.halfwayLast.sample(draws);
    if (p.halfwayDraw < halfwayApprovalProbability(m, p)) {
      p.halfwayApproved = true;
      halfwayDay = planned - p.halfwayLastDays;
    }
  }
  if (underWay !== null && underWay.halfwayWaiting !== undefined) {
    if (underWay.halfwayWaiting) halfwayDay = now;
    else if (halfwayDay <= now) halfwayDay = Infinity;
  }
  const halfwayDue = halfwayDay < planned;
  if (p.inLine === Line.Halfway && !(halfwayDue && halfwayDay <= now)) leaveHalfwayLine(m, p);
  if (halfwayDue && p.inLine !== Line.Halfway) m.sim.scheduleAt(Math.max(now, halfwayDay), Ev.HalfwayCheck, p.id, tag, Priority.Movement);
  const em = scenario.electronicMonitoring.backDoor;
  if (!em.excludedOffences.includes(p.offence) && !barredFromOpen(m, p) && draws.next() < Math.max(em.approvalShare, m.valves.backDoorShare)) {
    const day = Math.max(start + em.afterShareServed * S, planned - em.lastDays);
    // A back-door EM day already past at a census was missed (no device was free, or not approved then).
    if (day < planned && (underWay === null || day > now)) m.sim.scheduleAt(Math.max(now, day), Ev.BackDoorEmCheck, p.id, tag, Priority.Movement);
  }
}

/** Out of the halfway line; someone sentenced in a remand unit goes back to wait for their level's place. */
function leaveHalfwayLine(m: Model, p: Person): void {
  p.inLine = Line.None;
  if (p.status !== Status.AwaitingTransfer) return;
  joinTransferFromRemand(m, p);
  m.admission.sentenceLineMoves(m, p.assignedLevel as 'high' | 'low', p.woman);
}

/**
 * A policy change for everyone reached a sentence being served: plan it again from its start
 * under the rules now in force, with the plan's own draws (so a plan whose rules did not change
 * comes out the same). The old plan's events are dropped with the old generation; the incident
 * clock and a programme under way go on. A parole already refused stands; a parole date now
 * past falls due at once.
 */
export function replanSentence(m: Model, p: Person, why: string): void {
  const start = p.sentenceStartDay;
  const S = p.sentenceDays;
  const refused = p.paroleEligible && p.plannedReleaseDay < m.now;
  p.generation++;
  m.sim.retag(p.incidentHandle, p.generation);
  if (p.deathHandle >= 0) m.sim.retag(p.deathHandle, p.generation);
  if (p.program >= 0 && !p.programWaiting) m.sim.retag(p.programHandle, p.generation);
  // (An early release that brings the full term before now releases at once.)
  if (refused) m.sim.scheduleAt(p.earlyReleaseDays > 0 ? Math.max(m.now, start + S - p.earlyReleaseDays) : start + S, Ev.SentenceEnd, p.id, p.generation, Priority.Departure);
  else scheduleRelease(m, p, null);
  if (p.sentenceKind === Sentence.Prison) scheduleSentencePlan(m, p, new Substream(p.planDraws), null);
  if (m.tracing) {
    const release = refused ? 'parole refused before, full term stands' : p.paroleEligible ? 'parole date' : 'full term';
    const when = p.plannedReleaseDay <= m.now ? 'now' : `in ${formatDuration(p.plannedReleaseDay - m.now)}`;
    m.note(p, `${why}: sentence plan made again; ${release} ${when}`);
  }
}

/** Takes a place: status, incident clock, and the next programme of the sentence plan. */
export function enterFacility(m: Model, p: Person, status: Status, facility: number): void {
  // Issue 15 part 3: a stay in a place starts (from liberty or a police cell) for the first weeks' hazard.
  if (p.facility < 0) p.custodyStartDay = m.now;
  m.setStatus(p, status, facility);
  enterPlaceFamily(m, p, m.facilities[facility].level);
  scheduleDeath(m, p);
  if (status === Status.Low) p.enteredLowSecurity = true;
  scheduleIncident(m, p);
  if (p.sentenceKind !== Sentence.None) tryNextProgram(m, p);
}

/** Gives up the current place's programme and incident clock; the caller changes the status. */
export function leaveFacility(m: Model, p: Person): void {
  if (p.facility < 0) return;
  leaveProgram(m, p);
  cancelIncident(m, p);
  leavePlaceFamily(m, p, m.facilities[p.facility].level);
  cancelDeath(m, p);
}

/** Moves a person holding a place to a place at another level (or another status at the same place). */
export function transfer(m: Model, p: Person, status: Status, facility: number): void {
  const from = m.levelOf(p);
  // A cross-level start is over once the person moves (the caller that starts one marks it after the move).
  p.crossLevelSince = NaN;
  leaveFacility(m, p);
  enterFacility(m, p, status, facility);
  if (from !== null) placeFreed(m, from);
}

/**
 * After sentencing on remand: move to the assigned level if a place is free, else wait in the
 * remand unit (or, for someone sentenced while still in a police cell, in the police cell).
 */
export function moveToServe(m: Model, p: Person): void {
  const f = m.freeFacility(p.assignedLevel, p.woman);
  if (f >= 0) {
    transferFromRemandUnit(m, p, f);
    return;
  }
  if (p.status === Status.PoliceCell) {
    // Still in a police cell: stays in the cell's line; a remand place, when free, is where they wait.
    if (m.tracing) m.note(p, 'sentenced while in a police cell; waiting there for a place');
    return;
  }
  m.setStatus(p, Status.AwaitingTransfer, p.facility);
  scheduleDeath(m, p); // no longer on pretrial remand: the clock restarts at the sentenced rate
  joinTransferFromRemand(m, p);
  // No place at the assigned level: with cross-level placement, a high place may do for now.
  m.admission.sentenceLineMoves(m, p.assignedLevel as 'high' | 'low', p.woman);
}

/** A sentenced person held in a remand unit joins the head class of the sentence line of their level. */
export function joinTransferFromRemand(m: Model, p: Person): void {
  const level = p.assignedLevel as 'high' | 'low';
  p.queueClass = 0;
  p.inLine = Line.Sentence;
  m.linesOf(p.woman).sentence[level].push(p.id, 0);
  if (m.tracing) m.note(p, `waiting in the remand unit for a ${level}-security place`);
}

/** From a remand unit to serve in `facility` (of the assigned level, or high security for a cross-level start). */
export function transferFromRemandUnit(m: Model, p: Person, facility: number): void {
  if (p.assignedLevel === 'low') m.flows.lowAssignedStarts++;
  if (m.tracing) m.note(p, `moved to ${m.facilities[facility].name} to serve`);
  transfer(m, p, statusOfLevel(m.facilities[facility].level), facility);
  // A step-down that fell due while waiting in the remand unit is tried now.
  if (p.status === Status.High && m.now >= p.stepDownDay) scheduleStepDown(m, p);
}

/** Tries step-down now if its day has come and conduct allows, else schedules the try (after a move up, or a late placement). */
export function scheduleStepDown(m: Model, p: Person): void {
  if (p.sentenceKind !== Sentence.Prison) return;
  const day = Math.max(m.now, p.stepDownDay, p.stepDownNotBefore);
  if (day < p.plannedReleaseDay) m.sim.scheduleAt(day, Ev.StepDownCheck, p.id, p.generation, Priority.Movement);
}

export function startEm(m: Model, p: Person): void {
  m.flows.emStarts++;
  m.emActive++;
  p.wasOnEm = true;
  m.setStatus(p, Status.Em);
}

/**
 * A place at a level has been freed: the next in line takes it (admission.ts says who). Reached
 * through the model, because admitting someone calls back into sentencing and release, which
 * free places in turn: this way the modules that free places need not import those that fill them.
 */
export function placeFreed(m: Model, level: SecurityLevel): void {
  m.admission.placeFreed(m, level);
}
