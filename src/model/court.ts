/**
 * The court: sentence lengths, the choice between prison, EM at home and a community sentence,
 * preventive detention, and recording a reconviction against the release it followed.
 */
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, formatDuration } from './params.js';
import { Sentence, Status, type Person } from './person.js';
import { assignLevel, leaveFacility, moveToServe, placeFreed } from './placement.js';
import { beginSentence } from './release.js';
import { tryNextProgram } from './programs.js';
import { followAfterRelease, releaseLogit, type ReleaseEffects } from './recidivism.js';
import { caseRules } from './rules.js';
import { drawSentenceDays } from './sentencing.js';
import type { Model } from './state.js';
import { queueToServe } from './queue.js';
import { settleExpulsion } from './people.js';

/** Court outcomes after remand, in the order of Remand['outcome']. */
const Outcome = { CustodialDirect: 0, CustodialLater: 1, Community: 2, None: 3 } as const;

/** Links a court decision on a reconvicted person to their last release, for the cohort statistics. */
function recordReconviction(m: Model, p: Person, prison: boolean): void {
  if (p.releaseRecord < 0 || Number.isNaN(p.offenceDay)) return;
  m.releases.recordReconviction(p.releaseRecord, p.offenceDay, prison);
}

export function decideAfterRemand(m: Model, p: Person): void {
  p.convictionDay = m.now;
  if (p.sentenceKind === Sentence.PreventiveDetention) {
    recordReconviction(m, p, true);
    sentencePreventiveDetention(m, p);
    return;
  }
  switch (p.remandOutcome) {
    case Outcome.CustodialDirect: {
      recordReconviction(m, p, true);
      // Those kept in custody to sentencing get at least the time already held.
      m.recount(p, () => {
        p.sentenceKind = Sentence.Prison;
        p.sentenceDays = drawSentenceDays(m, p, p.remandDays);
      });
      m.flows.remandToSentence++;
      settleExpulsion(m, p);
      if (m.tracing) m.note(p, `sentenced to ${formatDuration(p.sentenceDays)}, serving on from remand`);
      if (beginSentence(m, p)) return;
      p.assignedLevel = assignLevel(m, p);
      moveToServe(m, p);
      startActivityWhileWaiting(m, p);
      return;
    }
    case Outcome.CustodialLater: {
      recordReconviction(m, p, true);
      releaseFromRemand(m, p);
      p.sentenceKind = Sentence.Prison;
      p.sentenceDays = drawSentenceDays(m, p, p.remandDays);
      p.convictionDay = m.now;
      if (m.tracing) m.note(p, `released from remand; sentenced to ${formatDuration(p.sentenceDays)}, to serve later`);
      queueToServe(m, p);
      return;
    }
    case Outcome.Community:
      recordReconviction(m, p, false);
      releaseFromRemand(m, p);
      startCommunitySentence(m, p);
      return;
    case Outcome.None:
      releaseFromRemand(m, p);
      m.note(p, 'released from remand: acquitted, dropped, fined or suspended');
      backToCommunity(m, p);
      return;
  }
}

function releaseFromRemand(m: Model, p: Person): void {
  const wasInPlace = p.facility >= 0;
  if (wasInPlace) m.flows.releasesFromRemand++;
  leaveFacility(m, p);
  m.setStatus(p, Status.AtLiberty);
  if (wasInPlace) m.listeners.releasedFromPrison(p, m.now);
  if (wasInPlace) placeFreed(m, 'remand');
}

/** Back in the community with no correctional sentence to serve. */
export function backToCommunity(m: Model, p: Person): void {
  p.generation++;
  followAfterRelease(m, p, releaseLogit(m, p, noEffects()));
}

/** A person leaving with nothing changed by a stay: no programme, no release plan. */
export function noEffects(): ReleaseEffects {
  return {
    educationCompleted: false,
    treatmentCompleted: false,
    treatmentContinued: false,
    psychiatricCareContinued: false,
    cognitiveBehaviouralCompleted: false,
    housed: false,
    employed: false,
    familyContactKept: false,
    officersAboveReference: NaN,
    servedOnEm: false,
    incidents: 0,
  };
}

function sentencePreventiveDetention(m: Model, p: Person): void {
  const params = caseRules(m, p).params;
  const years = params.pdMinimumTerm.sample(p.rng.case) + params.pdTimeFrameExtra.sample(p.rng.case);
  m.recount(p, () => {
    p.sentenceDays = years * DAYS_PER_YEAR;
  });
  m.flows.remandToSentence++;
  if (m.tracing) m.note(p, `sentenced to preventive detention, first review after ${years.toFixed(1)} years`);
  beginSentence(m, p);
  p.assignedLevel = 'high';
  moveToServe(m, p);
  startActivityWhileWaiting(m, p);
}

/** Sentenced and still in a remand unit for want of a place: the activities the remand unit offers (few). */
function startActivityWhileWaiting(m: Model, p: Person): void {
  if (p.status === Status.AwaitingTransfer) tryNextProgram(m, p);
}

/** A case convicted at liberty: an unconditional prison sentence (maybe served at home on EM) or a community sentence. */
export function convictAtLiberty(m: Model, p: Person): void {
  if (p.rng.case.next() >= m.scenario.court.custodialShareAtLibertyByOffence[p.offence]) {
    recordReconviction(m, p, false);
    startCommunitySentence(m, p);
    return;
  }
  recordReconviction(m, p, true);
  p.sentenceKind = Sentence.Prison;
  p.sentenceDays = drawSentenceDays(m, p, 0);
  p.convictionDay = m.now;
  if (m.tracing) m.note(p, `convicted at liberty, sentenced to ${formatDuration(p.sentenceDays)}`);
  queueToServe(m, p);
}

export function startCommunitySentence(m: Model, p: Person): void {
  m.flows.communityStarts++;
  // The probation caseload is not a hard limit: a sentence is served anyway, and counted when over it.
  if (m.communityActive >= m.scenario.communitySentences.capacity) m.flows.communityOverCaseload++;
  m.communityActive++;
  m.setStatus(p, Status.Community);
  const days = caseRules(m, p).params.communityDuration.sample(p.rng.case);
  if (m.tracing) m.note(p, `community sentence over ${Math.round(days)} days`);
  m.sim.schedule(days, Ev.CommunitySentenceEnd, p.id, p.generation, Priority.Departure);
}

export function onCommunitySentenceEnd(m: Model, p: Person): void {
  m.communityActive--;
  m.setStatus(p, Status.AtLiberty);
  m.note(p, 'community sentence completed');
  backToCommunity(m, p);
}
