/**
 * The people it holds (issue 15 part 3): what differs for foreign nationals (remanded more often,
 * an expulsion decision with a prison sentence, kept from open prison, EM and halfway houses,
 * expelled at release) and for the young (their own reoffending profile). Women's places are
 * the model's (state.ts: a level with a women's facility is split by sex, with lines of its own).
 */
import type { Person } from './person.js';
import { Sentence } from './person.js';
import { caseRules } from './rules.js';
import type { Model } from './state.js';

/**
 * At the start of each case of a foreign national: whether a prison sentence in it brings an
 * expulsion decision, whether that decision keeps the person from open prison, EM and halfway
 * houses, and whether it is carried out at release. Three draws from the case stream for a
 * foreign national under a scenario with `foreignNationals`, none otherwise.
 */
export function drawForeignCase(m: Model, p: Person): void {
  const fn = caseRules(m, p).scenario.foreignNationals;
  if (!p.foreign || fn === undefined) {
    p.expulsionOrdered = false;
    p.barredFromOpen = false;
    p.expelledAtRelease = false;
    return;
  }
  const u = p.rng.case;
  p.expulsionOrdered = u.next() < fn.expulsionShare;
  p.barredFromOpen = u.next() < fn.barredShare;
  p.expelledAtRelease = u.next() < fn.expelledAtReleaseShare;
}

/** The remand share of a case, with a foreign national's odds of being remanded. */
export function remandShareOf(m: Model, p: Person, share: number): number {
  const fn = caseRules(m, p).scenario.foreignNationals;
  if (!p.foreign || fn === undefined || fn.remandOddsRatio === 1 || share <= 0 || share >= 1) return share;
  const odds = (share / (1 - share)) * fn.remandOddsRatio;
  return odds / (1 + odds);
}

/**
 * At sentencing (court.ts, queue.ts; a census restore): the decision applies only to a sentence
 * of at least `expulsionMinSentenceDays`. Settled once, so that a sentence lengthened later by
 * offences while waiting (queue.ts) does not bar someone already placed in open prison.
 */
export function settleExpulsion(m: Model, p: Person): void {
  if (!p.expulsionOrdered) return;
  const fn = caseRules(m, p).scenario.foreignNationals;
  if (fn === undefined || p.sentenceDays < fn.expulsionMinSentenceDays) p.expulsionOrdered = false;
}

/** Whether the current sentence carries an expulsion decision (an ordinary prison sentence, long enough when given). */
export function hasExpulsionDecision(_m: Model, p: Person): boolean {
  return p.expulsionOrdered && p.sentenceKind !== Sentence.PreventiveDetention;
}

/** Kept out of open prison, EM and halfway houses by an expulsion decision. */
export function barredFromOpen(m: Model, p: Person): boolean {
  return p.barredFromOpen && hasExpulsionDecision(m, p);
}

/** Sent out of Norway at the release from this sentence. */
export function expelledAtRelease(m: Model, p: Person): boolean {
  return p.expelledAtRelease && hasExpulsionDecision(m, p);
}

/** Log-odds of reoffending added for the young (recidivism.young), on top of the age slope. */
export function youngLogit(m: Model, ageYears: number): number {
  const y = m.scenario.recidivism.young;
  return y !== undefined && ageYears < y.ageYears ? y.logit : 0;
}
