/**
 * Daily activity inside: a needs assessment refers a person to programmes, which run on two
 * tracks side by side (programs.<name>.track): the programme track (school, treatment, courses,
 * one at a time in the order of the sentence plan) and the work track (a work placement). On each
 * track a person takes the first referred programme the place offers, waits where slots are
 * short, and completes with a probability; a programme that `continues` goes on with the next
 * course or placement when one ends (completed or not), while time allows. A transfer suspends an enrolment, which resumes with
 * the days it had left where the new place offers it (`resumeAfterTransfer`); a release, a move
 * to EM or a new place that does not offer it interrupts it, and the referral stays for a later
 * place.
 */
import { educationRank, PROGRAM_LABELS, PROGRAM_PRIORITY, PROGRAMS, programSlots } from './params.js';
import { Ev, Priority } from './events.js';
import { admitFromLine, type WaitingLine } from './lines.js';
import { programBit, type Person } from './person.js';
import { Slot } from './measurements.js';
import { caseRules } from './rules.js';
import { progressMade } from './progress.js';
import type { FacilityState, Model } from './state.js';
import { EDUCATION_LEVELS } from '../scenario/types.js';

const EDUCATION = PROGRAMS.indexOf('education');
const WORK = PROGRAMS.indexOf('work');
const PRIORITY_INDEX = PROGRAM_PRIORITY.map((name) => PROGRAMS.indexOf(name));
/** The programme track (index 0 of PROGRAM_TRACKS) and the work track (1). */
export const PROGRAMME_TRACK = 0;
export const WORK_TRACK = 1;

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
  refer(WORK, true, pr.work.referralShare);
  // Issue 15 part 3 (health): appended, so that the draws of the referrals above are unchanged.
  refer(PROGRAMS.indexOf('psychiatricCare'), p.mentalIllness, pr.psychiatricCare.referralShare);
  p.referrals = referrals;
}

// The state of a track, read and written through these so that both tracks share one code path.
function onTrack(p: Person, t: number): number {
  return t === PROGRAMME_TRACK ? p.program : p.work;
}

function waitingOnTrack(p: Person, t: number): boolean {
  return t === PROGRAMME_TRACK ? p.programWaiting : p.workWaiting;
}

function setTrack(p: Person, t: number, k: number, waiting: boolean): void {
  if (t === PROGRAMME_TRACK) {
    p.program = k;
    p.programWaiting = waiting;
  } else {
    p.work = k;
    p.workWaiting = waiting;
  }
}

function resumeOf(p: Person, t: number): number {
  return t === PROGRAMME_TRACK ? p.programResume : p.workResume;
}

function setResume(p: Person, t: number, k: number, days: number): void {
  if (t === PROGRAMME_TRACK) {
    p.programResume = k;
    p.programResumeDays = days;
  } else {
    p.workResume = k;
    p.workResumeDays = days;
  }
}

/** Enrolled (not waiting) in programme k. */
function enrolledIn(p: Person, k: number): boolean {
  return (p.program === k && !p.programWaiting) || (p.work === k && !p.workWaiting);
}

function inWorkOrEducation(p: Person): boolean {
  return enrolledIn(p, WORK) || enrolledIn(p, EDUCATION);
}

function changeWaiting(m: Model, f: FacilityState, k: number, delta: number): void {
  f.waiting[k] += delta;
  m.integrals.add(Slot.ProgramWaiting + k, delta, m.now);
}

/** Starts (or joins the waitlist of) the next referred programme offered where the person is, on each track that is free. */
export function tryNextProgram(m: Model, p: Person): void {
  tryTrack(m, p, PROGRAMME_TRACK);
  tryTrack(m, p, WORK_TRACK);
}

function tryTrack(m: Model, p: Person, t: number): void {
  if (onTrack(p, t) >= 0 || p.facility < 0) return;
  const f = m.facilities[p.facility];
  const resume = resumeOf(p, t);
  if (resume >= 0) {
    if (f.slots[resume] > 0) {
      m.flows.programResumed[resume]++;
      if (m.tracing) m.note(p, `${PROGRAM_LABELS[PROGRAMS[resume]]} goes on at ${f.name}`);
      start(m, p, f, t, resume);
      return;
    }
    // Not offered here: the enrolment is lost, the referral kept for a later place.
    setResume(p, t, -1, 0);
    m.flows.programInterrupted[resume]++;
    if (m.tracing) m.note(p, `${PROGRAM_LABELS[PROGRAMS[resume]]} interrupted: not offered at ${f.name}`);
  }
  if (p.referrals === 0) return;
  const remaining = p.plannedReleaseDay - m.now;
  const programs = caseRules(m, p).params.programs;
  // First the referrals not yet completed, in the plan's order; then a continuing programme's next course.
  for (let pass = 0; pass < 2; pass++) {
    for (const k of PRIORITY_INDEX) {
      const bit = programBit(k);
      if ((p.referrals & bit) === 0 || programs[k].track !== t || ((p.completed & bit) !== 0) === (pass === 0)) continue;
      if (remaining < programs[k].minRemainingDays) {
        p.referrals &= ~bit;
        continue;
      }
      if (f.slots[k] === 0) continue;
      start(m, p, f, t, k);
      return;
    }
  }
}

/** Enrols at once if a slot is free, else joins the facility's waitlist of the programme. */
function start(m: Model, p: Person, f: FacilityState, t: number, k: number): void {
  if (f.enrolled[k] < f.slots[k]) {
    enrol(m, p, t, k);
    return;
  }
  setTrack(p, t, k, true);
  if (t === PROGRAMME_TRACK) p.programWaitDay = m.now;
  else p.workWaitDay = m.now;
  changeWaiting(m, f, k, 1);
  f.waitlists[k].push(p.id);
}

function enrol(m: Model, p: Person, t: number, k: number): void {
  const f = m.facilities[p.facility];
  const before = inWorkOrEducation(p);
  f.enrolled[k]++;
  p.enrolledEver |= programBit(k);
  setTrack(p, t, k, false);
  m.integrals.add(Slot.ProgramEnrolled + k, 1, m.now);
  if (k === EDUCATION) m.integrals.add(Slot.EducationEnrolled, 1, m.now);
  if (!before && inWorkOrEducation(p)) m.integrals.add(Slot.WorkOrEducation, 1, m.now);
  // A suspended enrolment goes on with the days it had left; a new one draws its duration.
  const resumed = resumeOf(p, t) === k;
  const days = resumed ? (t === PROGRAMME_TRACK ? p.programResumeDays : p.workResumeDays) : m.params.programs[k].duration.sample(p.rng.programs);
  if (resumed) setResume(p, t, -1, 0);
  else m.flows.programEnrolments[k]++;
  if (t === PROGRAMME_TRACK) {
    p.programStartDay = m.now;
    p.programEndDay = m.now + days;
    p.programHandle = m.sim.schedule(days, Ev.ProgramEnd, p.id, p.generation, Priority.Movement);
  } else {
    p.workStartDay = m.now;
    p.workEndDay = m.now + days;
    p.workHandle = m.sim.schedule(days, Ev.WorkEnd, p.id, p.generation, Priority.Movement);
  }
  if (m.tracing && !resumed) m.note(p, `enrolled in ${PROGRAM_LABELS[PROGRAMS[k]]}`);
}

/** Ends an enrolment's hold on its slot (the caller has set the track's new state) and lets the next in line in. */
function freeSlot(m: Model, p: Person, facility: number, k: number, wasInWorkOrEducation: boolean): void {
  const f = m.facilities[facility];
  f.enrolled[k]--;
  m.integrals.add(Slot.ProgramEnrolled + k, -1, m.now);
  if (k === EDUCATION) m.integrals.add(Slot.EducationEnrolled, -1, m.now);
  if (wasInWorkOrEducation && !inWorkOrEducation(p)) m.integrals.add(Slot.WorkOrEducation, -1, m.now);
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
  waiting(p, key) {
    const k = key % PROGRAMS.length;
    return p.facility === Math.floor(key / PROGRAMS.length) && ((p.program === k && p.programWaiting) || (p.work === k && p.workWaiting));
  },
  admit(m, p, k) {
    changeWaiting(m, m.facilities[p.facility], k, -1);
    const t = p.program === k ? PROGRAMME_TRACK : WORK_TRACK;
    if (resumeOf(p, t) !== k) m.flows.programWaitDays[k] += m.now - (t === PROGRAMME_TRACK ? p.programWaitDay : p.workWaitDay);
    enrol(m, p, t, k);
  },
};

/** The end of the enrolment on track `t` (ProgramEnd: the programme track; WorkEnd: the work track). */
export function onProgramEnd(m: Model, p: Person, t: number): void {
  const k = onTrack(p, t);
  if (k < 0 || waitingOnTrack(p, t)) return; // defensive: the event is cancelled whenever the enrolment ends otherwise
  const spec = m.params.programs[k];
  const completed = p.rng.programs.next() < spec.completionProbability;
  if (!spec.continues) p.referrals &= ~programBit(k);
  const before = inWorkOrEducation(p);
  setTrack(p, t, -1, false);
  if (t === PROGRAMME_TRACK) p.programHandle = -1;
  else p.workHandle = -1;
  const newlyCompleted = completed && (p.completed & programBit(k)) === 0;
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
  freeSlot(m, p, p.facility, k, before);
  if (newlyCompleted && (m.params.progressMask & programBit(k)) !== 0) progressMade(m, p);
  tryTrack(m, p, t);
}

/**
 * Leaving the place: a wait is given up; an enrolment is suspended with the days it had left
 * (`resumeAfterTransfer`: the next place takes it up, see tryTrack) or else interrupted.
 */
export function leaveProgram(m: Model, p: Person): void {
  leaveTrack(m, p, PROGRAMME_TRACK);
  leaveTrack(m, p, WORK_TRACK);
}

function leaveTrack(m: Model, p: Person, t: number): void {
  const k = onTrack(p, t);
  if (k < 0) return;
  const facility = p.facility;
  if (waitingOnTrack(p, t)) {
    setTrack(p, t, -1, false);
    changeWaiting(m, m.facilities[facility], k, -1);
    return;
  }
  const before = inWorkOrEducation(p);
  setTrack(p, t, -1, false);
  if (t === PROGRAMME_TRACK) {
    m.sim.cancel(p.programHandle);
    p.programHandle = -1;
  } else {
    m.sim.cancel(p.workHandle);
    p.workHandle = -1;
  }
  if (m.params.programs[k].resumeAfterTransfer) {
    setResume(p, t, k, Math.max(0, (t === PROGRAMME_TRACK ? p.programEndDay : p.workEndDay) - m.now));
  } else {
    m.flows.programInterrupted[k]++;
    if (m.tracing) m.note(p, `${PROGRAM_LABELS[PROGRAMS[k]]} interrupted`);
  }
  freeSlot(m, p, facility, k, before);
}

/** The stay inside is over (release, EM at home): a suspended enrolment will not resume and counts as interrupted. */
export function endStayInside(m: Model, p: Person): void {
  for (let t = PROGRAMME_TRACK; t <= WORK_TRACK; t++) {
    const k = resumeOf(p, t);
    if (k < 0) continue;
    setResume(p, t, -1, 0);
    m.flows.programInterrupted[k]++;
    if (m.tracing) m.note(p, `${PROGRAM_LABELS[PROGRAMS[k]]} interrupted`);
  }
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
