/**
 * Life inside: a needs assessment refers a person to programmes; they take them one at a time in
 * the order of the sentence plan, wait where slots are short, and complete with a probability.
 * A transfer or a release interrupts a programme; the referral stays for the next place.
 */
import { educationRank, PROGRAM_LABELS, PROGRAM_PRIORITY, PROGRAMS, programSlots } from './params.js';
import { Ev, Priority } from './events.js';
import { admitFromLine, type WaitingLine } from './lines.js';
import { programBit, type Person } from './person.js';
import { Slot } from './measurements.js';
import { caseRules } from './rules.js';
import type { Model } from './state.js';
import { EDUCATION_LEVELS } from '../scenario/types.js';

const EDUCATION = PROGRAMS.indexOf('education');
const PRIORITY_INDEX = PROGRAM_PRIORITY.map((name) => PROGRAMS.indexOf(name));

/** Decides which programmes the sentence plan refers the person to. */
export function assessNeeds(m: Model, p: Person): void {
  const pr = caseRules(m, p).scenario.programs;
  const u = p.rng.programs;
  let referrals = 0;
  const refer = (index: number, needed: boolean, share: number) => {
    if (needed && u.next() < share) referrals |= programBit(index);
  };
  refer(PROGRAMS.indexOf('addictionTreatment'), p.substanceUse, pr.addictionTreatment.referralShare);
  refer(EDUCATION, educationRank(p.education) < educationRank(pr.education.belowLevel), pr.education.referralShare);
  const cbtNeed = pr.cognitiveBehavioural.offences.includes(p.offence) || (pr.cognitiveBehavioural.alsoHighRisk && p.highRisk);
  refer(PROGRAMS.indexOf('cognitiveBehavioural'), cbtNeed, pr.cognitiveBehavioural.referralShare);
  refer(PROGRAMS.indexOf('vocational'), !pr.vocational.onlyIfNotEmployedBefore || !p.employedBefore, pr.vocational.referralShare);
  refer(PROGRAMS.indexOf('work'), true, pr.work.referralShare);
  p.referrals = referrals;
}

/** Starts (or joins the waitlist of) the next referred programme offered where the person is. */
export function tryNextProgram(m: Model, p: Person): void {
  if (p.program >= 0 || p.facility < 0 || p.referrals === 0) return;
  const f = m.facilities[p.facility];
  const remaining = p.plannedReleaseDay - m.now;
  const referral = caseRules(m, p).params.programs;
  for (const k of PRIORITY_INDEX) {
    if ((p.referrals & programBit(k)) === 0) continue;
    if (remaining < referral[k].minRemainingDays) {
      p.referrals &= ~programBit(k);
      continue;
    }
    if (f.slots[k] === 0) continue;
    p.program = k;
    if (f.enrolled[k] < f.slots[k]) {
      enrol(m, p, k);
    } else {
      p.programWaiting = true;
      f.waiting[k]++;
      f.waitlists[k].push(p.id);
    }
    return;
  }
}

function enrol(m: Model, p: Person, k: number): void {
  const f = m.facilities[p.facility];
  f.enrolled[k]++;
  p.programWaiting = false;
  p.programStartDay = m.now;
  if (k === EDUCATION) m.integrals.add(Slot.EducationEnrolled, 1, m.now);
  const days = m.params.programs[k].duration.sample(p.rng.programs);
  p.programHandle = m.sim.schedule(days, Ev.ProgramEnd, p.id, p.generation, Priority.Movement);
  if (m.tracing) m.note(p, `enrolled in ${PROGRAM_LABELS[PROGRAMS[k]]}`);
}

function freeSlot(m: Model, facility: number, k: number): void {
  const f = m.facilities[facility];
  f.enrolled[k]--;
  if (k === EDUCATION) m.integrals.add(Slot.EducationEnrolled, -1, m.now);
  if (f.slots[k] > f.targetSlots[k]) f.slots[k]--; // a slot being cut closes as it empties
  admitFromWaitlist(m, facility, k);
}

function admitFromWaitlist(m: Model, facility: number, k: number): void {
  admitFromLine(m, m.facilities[facility].waitlists[k], WAITLIST, facility * PROGRAMS.length + k);
}

/** A programme's waitlist at a facility; its key is facility × PROGRAMS.length + programme, its place the programme. */
const WAITLIST: WaitingLine<number> = {
  room(m, key) {
    const f = m.facilities[Math.floor(key / PROGRAMS.length)];
    const k = key % PROGRAMS.length;
    return f.enrolled[k] < f.slots[k] ? k : -1;
  },
  waiting: (p, key) => p.facility === Math.floor(key / PROGRAMS.length) && p.program === key % PROGRAMS.length && p.programWaiting,
  admit(m, p, k) {
    m.facilities[p.facility].waiting[k]--;
    enrol(m, p, k);
  },
};

export function onProgramEnd(m: Model, p: Person): void {
  const k = p.program;
  const completed = p.rng.programs.next() < m.params.programs[k].completionProbability;
  p.referrals &= ~programBit(k);
  p.program = -1;
  p.programHandle = -1;
  if (completed) {
    p.completed |= programBit(k);
    m.flows.programCompleted[k]++;
    if (k === EDUCATION) {
      const rank = educationRank(p.education);
      if (rank < EDUCATION_LEVELS.length - 1) p.education = EDUCATION_LEVELS[rank + 1];
    }
    if (m.tracing) m.note(p, `completed ${PROGRAM_LABELS[PROGRAMS[k]]}`);
  } else {
    if (m.tracing) m.note(p, `dropped out of ${PROGRAM_LABELS[PROGRAMS[k]]}`);
  }
  m.listeners.programmeEnded(p, m.now, k, completed);
  freeSlot(m, p.facility, k);
  tryNextProgram(m, p);
}

/** Leaving the place: an enrolment is interrupted, a wait is given up. */
export function leaveProgram(m: Model, p: Person): void {
  const k = p.program;
  if (k < 0) return;
  p.program = -1;
  if (p.programWaiting) {
    p.programWaiting = false;
    m.facilities[p.facility].waiting[k]--;
    return;
  }
  m.sim.cancel(p.programHandle);
  p.programHandle = -1;
  m.flows.programInterrupted[k]++;
  if (m.tracing) m.note(p, `${PROGRAM_LABELS[PROGRAMS[k]]} interrupted`);
  freeSlot(m, p.facility, k);
}

/**
 * The programme slots of the rules in force (after a policy change), split over the facilities as
 * at the start. New slots are taken from the waitlists at once, and people whose referred
 * programmes had no slots where they are try again; a cut closes slots as they empty.
 */
export function setProgramSlots(m: Model): void {
  const slotsByProgram = programSlots(m.scenario);
  m.facilities.forEach((f, i) => {
    for (let k = 0; k < PROGRAMS.length; k++) {
      f.targetSlots[k] = slotsByProgram[k][i];
      f.slots[k] = Math.max(slotsByProgram[k][i], f.enrolled[k]);
      admitFromWaitlist(m, i, k);
    }
  });
  for (const p of m.people) if (p !== null && p.facility >= 0) tryNextProgram(m, p);
}
