/**
 * A person and the states a person can be in. Every person is in exactly one state at every
 * moment; the model's invariant checks count people per state against the flows.
 */
import type { RandomStream, Substream } from '../engine/random.js';
import type { EducationLevel, HousingStatus, Offence, ProgramName, SecurityLevel } from '../scenario/types.js';

/**
 * A person's own random streams, one per group of processes, seeded when the person first
 * enters. Every draw about a person comes from these, so a policy that changes what happens to
 * one person (or how many numbers one process draws) does not shift the draws of anyone else,
 * nor of the person's other processes: common random numbers at the level of each life.
 */
export interface PersonStreams {
  /** Attributes, remand, court, sentencing, the queue, placement. */
  case: RandomStream;
  programs: RandomStream;
  /** Incidents, step-down, halfway house, back-door EM, parole. A Substream, so that a sentence plan's draws can be replayed. */
  conduct: Substream;
  /** Release planning. */
  release: RandomStream;
  /** Whether and when to reoffend, mortality. */
  recidivism: RandomStream;
}

export const Status = {
  /** In the community: before a case is decided, after release, or after a case with no correctional sentence. */
  AtLiberty: 0,
  /** Remanded, but held in a police cell because no remand place is free. */
  PoliceCell: 1,
  /** In a remand unit, pretrial. */
  Remand: 2,
  /** Sentenced, still held in a remand unit until a place at the assigned level is free. */
  AwaitingTransfer: 3,
  /** Convicted at liberty and waiting to be called in to serve (the sentence queue). */
  Queue: 4,
  High: 5,
  Low: 6,
  Halfway: 7,
  /** Serving at home with electronic monitoring (whole sentence, or its last part). */
  Em: 8,
  /** Serving a community sentence. */
  Community: 9,
  /** Gone from the model: died, or stayed out long enough to be followed no more. */
  Left: 10,
} as const;
export type Status = (typeof Status)[keyof typeof Status];
export const STATUS_COUNT = 11;
export const STATUS_NAMES: readonly string[] = [
  'at liberty', 'police cell', 'remand', 'awaiting transfer', 'sentence queue', 'high security',
  'low security', 'halfway house', 'electronic monitoring', 'community sentence', 'left',
];

/** The prison level a custodial status occupies a place in, or null outside the walls. */
export function levelOfStatus(status: Status): SecurityLevel | null {
  switch (status) {
    case Status.Remand:
    case Status.AwaitingTransfer:
      return 'remand';
    case Status.High:
      return 'high';
    case Status.Low:
      return 'low';
    case Status.Halfway:
      return 'halfway';
    case Status.AtLiberty:
    case Status.PoliceCell:
    case Status.Queue:
    case Status.Em:
    case Status.Community:
    case Status.Left:
      return null;
  }
}

export function statusOfLevel(level: SecurityLevel): Status {
  switch (level) {
    case 'remand':
      return Status.Remand;
    case 'high':
      return Status.High;
    case 'low':
      return Status.Low;
    case 'halfway':
      return Status.Halfway;
  }
}

/** How a custodial sentence is being served, decided at sentencing. */
export const Sentence = { None: 0, Prison: 1, FrontDoorEm: 2, PreventiveDetention: 3 } as const;
export type Sentence = (typeof Sentence)[keyof typeof Sentence];

export interface Person {
  readonly id: number;
  readonly rng: PersonStreams;
  status: Status;
  /** Bumped whenever a custody episode ends (or a sentence plan is made again), so that its pending events are skipped when popped. */
  generation: number;
  /** The policy regime in force when the current case started: its rules decide the case (rules.ts). */
  caseRegime: number;
  /** Facility index while holding a place, else -1. */
  facility: number;

  // Attributes, drawn at first entry and updated as the person lives through the system.
  readonly birthDay: number;
  readonly woman: boolean;
  readonly foreign: boolean;
  priors: number;
  offence: Offence;
  education: EducationLevel;
  employedBefore: boolean;
  housingBefore: HousingStatus;
  readonly substanceUse: boolean;
  readonly mentalIllness: boolean;
  /** Log-odds of reoffending at entry, from the recidivism model without what happens inside. */
  riskLogit: number;
  highRisk: boolean;

  // The current case and sentence.
  sentenceKind: Sentence;
  /** Days of the sentence as given (for preventive detention, the time to the next review). */
  sentenceDays: number;
  /** When the sentence counts as started: remand credited, so start of serving minus remand days. */
  sentenceStartDay: number;
  /** Planned release: the parole date if eligible, otherwise the full term. */
  plannedReleaseDay: number;
  paroleEligible: boolean;
  remandStartDay: number;
  remandDays: number;
  /** The court decision at the end of remand, drawn at entry (see remand.outcome). */
  remandOutcome: number;
  /** Day of the court's decision in the current case, NaN while it is pending. */
  convictionDay: number;
  /** 0 = most urgent; the sentence-queue priority class. */
  queueClass: number;
  assignedLevel: SecurityLevel;
  /** Day of the reoffence behind the current case, or NaN for a first case. */
  offenceDay: number;

  // What happens inside, for this custody episode.
  episodeStartDay: number;
  custodyDays: number;
  lastLevelChangeDay: number;
  /** (Officers per place above the level's usual staffing) × days, to average the staffing experienced. */
  staffRatioDays: number;
  /** Days held in a facility this episode. */
  facilityDays: number;
  incidents: number;
  /** Earliest day for step-down after incidents. */
  stepDownNotBefore: number;
  enteredLowSecurity: boolean;
  wasOnEm: boolean;
  /** Programmes completed (bit per PROGRAMS index) and referrals still to do. */
  completed: number;
  referrals: number;
  /** Programmes enrolled in at some time this episode (bit per PROGRAMS index). */
  enrolledEver: number;
  /**
   * The two activity tracks, which run side by side (programs.<name>.track): the programme track
   * (school, treatment, courses: one at a time) and the work track (a work placement). Per
   * track: the programme enrolled in or waiting for (or -1), whether waiting, when the
   * enrolment started, when it ends, and when the wait began.
   */
  program: number;
  programWaiting: boolean;
  programStartDay: number;
  programEndDay: number;
  programWaitDay: number;
  work: number;
  workWaiting: boolean;
  workStartDay: number;
  workEndDay: number;
  workWaitDay: number;
  /** An enrolment suspended by a transfer (programme index, or -1) and the days it had left, per track. */
  programResume: number;
  programResumeDays: number;
  workResume: number;
  workResumeDays: number;
  /** The sentence plan's halfway-house draws (approval, days before release), kept so that progress can approve later. */
  halfwayDraw: number;
  halfwayLastDays: number;
  halfwayApproved: boolean;
  /** Which waiting line the person stands in (Line), so stale entries can be skipped. */
  inLine: number;
  /** Day from which a step-down to low security may be tried. */
  stepDownDay: number;
  /**
   * Day this person, assigned low security, started serving in high security for want of an open
   * place (cross-level placement), while they wait to move to open; NaN otherwise.
   */
  crossLevelSince: number;
  /** Counted in KDI's sentence queue: still waiting at liberty more than 60 days after conviction. */
  kdiQueued: boolean;
  /** Position of the conduct stream where the sentence plan drew its approvals, to plan it again alike. */
  planDraws: number;
  /** Days a valve brings the release of the current prison sentence forward (valves.ts), 0 without one. */
  earlyReleaseDays: number;

  // Pending events that a change of place must cancel.
  programHandle: number;
  workHandle: number;
  incidentHandle: number;

  // After release.
  /** Index of the release record (cohort) still open for reconviction, or -1. */
  releaseRecord: number;
  lastReleaseDay: number;
  /** Log-odds of ever reoffending drawn against at the last release (what the stay changed included). */
  releaseLogit: number;
  /** Level held before moving to EM for the last part of the sentence, for release planning. */
  levelBeforeEm: SecurityLevel | null;
  /** Day the person leaves the model unless a new case comes first. */
  exitDay: number;
}

/** Waiting lines a person can stand in while holding (or lacking) a place. */
export const Line = { None: 0, PoliceCell: 1, Sentence: 2, StepDown: 3, Halfway: 4 } as const;

export function programBit(index: number): number {
  return 1 << index;
}

export type { ProgramName };
