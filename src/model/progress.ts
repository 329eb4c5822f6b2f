/**
 * Progress during a sentence: completed programmes (stepDown.progress.programmes) bring the
 * step-down day (the leave-eligibility day) forward, raise the odds of a halfway-house approval,
 * and raise the odds of parole (release.ts reads the same count). Incidents work the other way
 * (incidents.ts: a clean record is needed before step-down or a halfway house, and a move up).
 */
import * as PMath from '../engine/portable-math.js';
import { DAYS_PER_YEAR } from './params.js';
import { Ev, Priority } from './events.js';
import { Sentence, Status, type Person } from './person.js';
import { caseRules } from './rules.js';
import type { Model } from './state.js';
import { barredFromOpen } from './people.js';

/** Number of set bits of a small non-negative integer. */
function bitCount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** Programmes completed in this episode that count as progress. */
export function progressCount(m: Model, p: Person): number {
  return bitCount(p.completed & caseRules(m, p).params.progressMask);
}

/** Probability `prob` with its odds multiplied by `oddsRatio` (0 and 1 stay as they are). */
export function withOdds(prob: number, oddsRatio: number): number {
  if (prob <= 0 || prob >= 1 || oddsRatio === 1) return prob;
  const odds = (prob / (1 - prob)) * oddsRatio;
  return odds / (1 + odds);
}

/**
 * The day from which step-down may be tried: the leave rule (a share of the sentence and a
 * minimum served, longer for long sentences), brought forward by `advanceDaysPerProgramme` per
 * completed programme, but never before the earliest rule (`earliestShareServed`,
 * `earliestMinServedDays`) and never later than the leave rule itself.
 */
export function stepDownDayOf(m: Model, p: Person): number {
  const sd = caseRules(m, p).scenario.stepDown;
  const S = p.sentenceDays;
  const start = p.sentenceStartDay;
  const long = S > sd.longSentenceYears * DAYS_PER_YEAR;
  const minServed = long ? sd.longMinServedYears * DAYS_PER_YEAR : sd.highToLowMinServedDays;
  const rule = start + Math.max(sd.highToLowAfterShareServed * S, minServed);
  const n = progressCount(m, p);
  if (n === 0 || sd.progress.advanceDaysPerProgramme === 0) return rule;
  const earliest = start + Math.max(sd.progress.earliestShareServed * S, sd.progress.earliestMinServedDays);
  return Math.max(rule - n * sd.progress.advanceDaysPerProgramme, Math.min(rule, earliest));
}

/** Odds of a halfway-house approval for the progress made so far. */
export function halfwayApprovalProbability(m: Model, p: Person): number {
  // An expulsion decision can keep a foreign national from halfway houses (issue 15 part 3).
  if (barredFromOpen(m, p)) return 0;
  const hh = caseRules(m, p).scenario.stepDown.halfwayHouse;
  return withOdds(hh.approvalShare, PMath.pow(hh.completedProgrammeOddsRatio, progressCount(m, p)));
}

/**
 * A programme that counts as progress was just completed: step-down comes forward (a check is put
 * on the calendar for the new day; the old one finds the person moved on), and a person not yet
 * approved for a halfway house may now be, with the sentence plan's own draw.
 */
export function progressMade(m: Model, p: Person): void {
  if (p.sentenceKind !== Sentence.Prison) return;
  const planned = p.plannedReleaseDay;
  const day = stepDownDayOf(m, p);
  if (day < p.stepDownDay) {
    p.stepDownDay = day;
    if (p.status === Status.High && day < planned) {
      if (m.tracing) m.note(p, 'progress: step-down brought forward');
      m.sim.scheduleAt(Math.max(m.now, day), Ev.StepDownCheck, p.id, p.generation, Priority.Movement);
    }
  }
  if (!p.halfwayApproved && p.sentenceDays >= caseRules(m, p).scenario.stepDown.halfwayHouse.minSentenceDays) {
    if (p.halfwayDraw < halfwayApprovalProbability(m, p)) {
      p.halfwayApproved = true;
      const halfwayDay = planned - p.halfwayLastDays;
      if (halfwayDay < planned && p.status !== Status.Halfway) {
        if (m.tracing) m.note(p, 'progress: approved for a halfway house');
        m.sim.scheduleAt(Math.max(m.now, halfwayDay), Ev.HalfwayCheck, p.id, p.generation, Priority.Movement);
      }
    }
  }
}
