/**
 * Measurement: time integrals of counts (for average populations), flow counters, and release
 * records for the reconviction cohorts. Counts change only through `TimeIntegrals.add`, so an
 * average is the exact area under the count, not a daily sample.
 */
import { STATUS_COUNT } from './person.js';
import { PROGRAMS } from '../scenario/types.js';

const P = PROGRAMS.length;

/** Slots of the time integrals: one per status, then the extras below, then one per facility. */
export const Slot = {
  PreventiveDetention: STATUS_COUNT,
  Women: STATUS_COUNT + 1,
  Foreign: STATUS_COUNT + 2,
  EducationEnrolled: STATUS_COUNT + 3,
  SentencedStock: STATUS_COUNT + 4,
  SentencedLongStock: STATUS_COUNT + 5,
  /** People in the sentence queue whose conviction is more than 60 days ago (KDI's definition). */
  KdiQueue: STATUS_COUNT + 6,
  /** People above the ordinary places of their facility: double-celled (valves.ts). */
  DoubleCelled: STATUS_COUNT + 7,
  /** Temporary places open (valves.ts). */
  TempPlaces: STATUS_COUNT + 8,
  /** EM devices in force (for costs when they change by date or by a valve). */
  EmDevices: STATUS_COUNT + 9,
  /** Enrolled in each programme (PROGRAMS order): ProgramEnrolled + k. */
  ProgramEnrolled: STATUS_COUNT + 10,
  /** On each programme's waitlists: ProgramWaiting + k. */
  ProgramWaiting: STATUS_COUNT + 10 + P,
  /** People enrolled in work or in education (or both): counted once. */
  WorkOrEducation: STATUS_COUNT + 10 + 2 * P,
  /** Foreign nationals held on remand (pretrial), issue 15 part 3. */
  ForeignRemand: STATUS_COUNT + 11 + 2 * P,
  /** People holding a place who were young (under 21) when they took it, issue 15 part 3. */
  Young: STATUS_COUNT + 12 + 2 * P,
  FirstFacility: STATUS_COUNT + 13 + 2 * P,
} as const;

export class TimeIntegrals {
  readonly count: Float64Array;
  readonly area: Float64Array;
  private readonly last: Float64Array;

  constructor(readonly size: number) {
    this.count = new Float64Array(size);
    this.area = new Float64Array(size);
    this.last = new Float64Array(size);
  }

  add(slot: number, delta: number, now: number): void {
    this.area[slot] += this.count[slot] * (now - this.last[slot]);
    this.last[slot] = now;
    this.count[slot] += delta;
  }

  /** Brings every area up to `now`. */
  flush(now: number): void {
    for (let i = 0; i < this.size; i++) {
      this.area[i] += this.count[i] * (now - this.last[i]);
      this.last[i] = now;
    }
  }

  /** Starts measuring afresh at `now`, keeping the counts. */
  resetAreas(now: number): void {
    this.area.fill(0);
    this.last.fill(now);
  }
}

/** Flow counters, reset when measurement starts. */
export class Flows {
  remandAdmissions = 0;
  sentenceAdmissionsFromLiberty = 0;
  remandToSentence = 0;
  releasesFromRemand = 0;
  sentencedReleases = 0;
  paroleGrants = 0;
  paroleGrantsFromPrison = 0;
  transfers = 0;
  emStarts = 0;
  communityStarts = 0;
  communityOverCaseload = 0;
  remandStays = 0;
  remandStayDays = 0;
  policeCellDays = 0;
  policeCellOverLimit = 0;
  servedDays = 0;
  queueWaits = 0;
  queueWaitDays = 0;
  queueWaitsOver60 = 0;
  queueWaitsPositive = 0;
  /** Starts of serving by people assigned low security, in open or (cross-level) in high security. */
  lowAssignedStarts = 0;
  /** Of those, starts in high security for want of an open place. */
  crossLevelStarts = 0;
  /** Cross-level starters moved on to open, and their days in high security before the move. */
  crossLevelMovesToLow = 0;
  crossLevelWaitDays = 0;
  prisonEntries = 0;
  prisonEntriesShort = 0;
  releasedEducationCompleted = 0;
  releasedEducationEnrolled = 0;
  releasedTreatmentCompleted = 0;
  releasedHoused = 0;
  releasedEmployed = 0;
  incidentsByLevel = [0, 0, 0, 0];
  offencesWhileWaiting = 0;
  /** Prison sentences released early by a valve, and the days given. */
  earlyReleases = 0;
  earlyReleaseDays = 0;
  // Issue 15 part 3 (health): sentenced releases with family contact kept, in need of care
  // (substance use or serious mental illness), with care arranged; deaths in custody.
  releasedFamilyContact = 0;
  releasedInNeedOfCare = 0;
  releasedWithContinuedCare = 0;
  deathsInCustody = 0;
  suicidesInCustody = 0;
  suicidesOnRemand = 0;
  /** The people it holds (issue 15 part 3): foreign nationals expelled at release, and the women's sentence starts and waits. */
  expulsions = 0;
  womenQueueWaits = 0;
  womenQueueWaitDays = 0;
  programCompleted: number[];
  programInterrupted: number[];
  /** New enrolments (resumptions after a transfer not counted), and the days they waited on a waitlist first, per programme. */
  programEnrolments: number[];
  programWaitDays: number[];
  /** Enrolments suspended by a transfer and resumed at the new place, per programme. */
  programResumed: number[];

  constructor(programCount: number) {
    this.programCompleted = new Array<number>(programCount).fill(0);
    this.programInterrupted = new Array<number>(programCount).fill(0);
    this.programEnrolments = new Array<number>(programCount).fill(0);
    this.programWaitDays = new Array<number>(programCount).fill(0);
    this.programResumed = new Array<number>(programCount).fill(0);
  }
}

/** Codes of the subgroups a release record is tagged with. */
export interface ReleaseTags {
  ageBand: number; // 0: under 25, 1: 25-39, 2: 40+
  priorsBand: number; // 0: none, 1: 1-4, 2: 5+
  educationCompleted: boolean;
  housed: boolean;
  employed: boolean;
  offence: number;
  level: number; // level released from (LEVEL_INDEX), 4 for EM
}

/** Release records, struct-of-arrays: one row per sentenced release from prison. */
export class ReleaseRecords {
  day: number[] = [];
  /** Day of the first reoffence that led to a new prison sentence, Infinity if none yet. */
  prisonOffenceDay: number[] = [];
  /** The same for any new correctional sentence. */
  anyOffenceDay: number[] = [];
  tags: number[] = [];

  get length(): number {
    return this.day.length;
  }

  add(day: number, t: ReleaseTags): number {
    this.day.push(day);
    this.prisonOffenceDay.push(Infinity);
    this.anyOffenceDay.push(Infinity);
    this.tags.push(
      t.ageBand |
        (t.priorsBand << 2) |
        ((t.educationCompleted ? 1 : 0) << 4) |
        ((t.housed ? 1 : 0) << 5) |
        ((t.employed ? 1 : 0) << 6) |
        (t.offence << 7) |
        (t.level << 10),
    );
    return this.day.length - 1;
  }

  recordReconviction(index: number, offenceDay: number, prison: boolean): void {
    if (offenceDay < this.anyOffenceDay[index]) this.anyOffenceDay[index] = offenceDay;
    if (prison && offenceDay < this.prisonOffenceDay[index]) this.prisonOffenceDay[index] = offenceDay;
  }
}

export function unpackTags(packed: number): ReleaseTags {
  return {
    ageBand: packed & 3,
    priorsBand: (packed >> 2) & 3,
    educationCompleted: ((packed >> 4) & 1) === 1,
    housed: ((packed >> 5) & 1) === 1,
    employed: ((packed >> 6) & 1) === 1,
    offence: (packed >> 7) & 7,
    level: (packed >> 10) & 7,
  };
}

/** The level a release record was released from, without unpacking the rest. */
export function releaseLevel(packed: number): number {
  return (packed >> 10) & 7;
}
