/**
 * A person and the states a person can be in. Every person is in exactly one state at every
 * moment; the model's invariant checks count people per state against the flows.
 *
 * How a person's fields are stored (keep to this when adding one; it is what keeps a replication
 * fast and its memory small):
 * - A number that can be fractional, NaN, ±Infinity or beyond ±2^30 (days, dates, draws,
 *   log-odds, event handles): in the person's record of doubles, never as a plain field. Add it to
 *   `Person`, give it the next `F_name` constant (NUMBERS follows), a get/set pair in
 *   `PersonRecord`, and set its start value in the constructor if that is not 0 (records are
 *   zeroed when reused). As a plain field V8 would keep it in a heap box of its own per person,
 *   and a field that starts as a small integer and later holds a fraction changes the object's
 *   hidden class (slow, uneven code from one process to the next).
 * - A small integer (indices, counts, bit sets below 2^30), a boolean, a string or a reference:
 *   a plain field of `PersonRecord`, initialised in the class body (always the same type), so
 *   every person has one shape.
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
  /** Issue 15 part 3 (health): far-from-home placements, deaths in custody. Derived from the other seeds, so adding it shifts no other draw. */
  health: RandomStream;
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

  // --- Issue 15 part 3 (health: family contact, care, deaths in custody): plain fields, a block of their own. ---
  /** Probability that family contact is still kept, integrated over the places held this stay (family.ts). */
  familyContactP: number;
  /** Day from which the current place's family-contact segment runs. */
  familySince: number;
  /** The current placement is far from home (drawn at each placement). */
  farFromHome: boolean;
  /** Day the current stay in a place began (remand or from liberty), for the first weeks' death hazard. */
  custodyStartDay: number;
  /** Pending death in custody (health.ts), or -1. */
  deathHandle: number;
  // --- end of the issue 15 part 3 block ---
  // --- The people it holds (issue 15 part 3, branch people): flags, drawn per case (arrival.ts, startCase).
  /** A foreign national whose prison sentence (if long enough) brings an expulsion decision. */
  expulsionOrdered: boolean;
  /** With that decision, kept out of open prison, EM and halfway houses. */
  barredFromOpen: boolean;
  /** With that decision, expelled at release (leaves the model). */
  expelledAtRelease: boolean;
  /** Counted among the young in the stock when the place was taken (so that leaving takes out what entering put in). */
  countedYoung: boolean;
  // --- end of the people block.
}

const F_birthDay = 0;
const F_riskLogit = 1;
const F_sentenceDays = 2;
const F_sentenceStartDay = 3;
const F_plannedReleaseDay = 4;
const F_remandStartDay = 5;
const F_remandDays = 6;
const F_convictionDay = 7;
const F_offenceDay = 8;
const F_episodeStartDay = 9;
const F_custodyDays = 10;
const F_lastLevelChangeDay = 11;
const F_staffRatioDays = 12;
const F_facilityDays = 13;
const F_stepDownNotBefore = 14;
const F_programStartDay = 15;
const F_stepDownDay = 16;
const F_programHandle = 17;
const F_incidentHandle = 18;
const F_lastReleaseDay = 19;
const F_releaseLogit = 20;
const F_exitDay = 21;
const F_programEndDay = 22;
const F_programWaitDay = 23;
const F_workStartDay = 24;
const F_workEndDay = 25;
const F_workWaitDay = 26;
const F_programResumeDays = 27;
const F_workResumeDays = 28;
const F_halfwayDraw = 29;
const F_halfwayLastDays = 30;
const F_crossLevelSince = 31;
const F_earlyReleaseDays = 32;
const F_workHandle = 33;
const F_familyContactP = 34;
const F_familySince = 35;
const F_custodyStartDay = 36;
const F_deathHandle = 37;

/** Doubles of one person record (see PersonNumbers): one per F_ constant above. */
const NUMBERS = 38;
/** Records per block of PersonNumbers. */
const BLOCK = 1024;

/**
 * Where people's fractional-number fields live: one record of NUMBERS doubles a person, in blocks of
 * 1024 records, handed out from a free list and given back when the person leaves the model.
 * As plain object fields, V8 keeps each of these numbers in a heap box of its own, so reading a
 * person's days and dates chased one pointer per field into memory scattered over the heap; here
 * a person's numbers are a few adjacent cache lines, and the live records stay few and packed.
 */
export class PersonNumbers {
  private readonly blocks: Float64Array[] = [];
  private readonly free: number[] = [];
  private next = 0;

  /** A record (block, offset) for a new person, zeroed. */
  take(): number {
    if (this.free.length > 0) return this.free.pop()!;
    const r = this.next++;
    if ((r & (BLOCK - 1)) === 0) this.blocks.push(new Float64Array(BLOCK * NUMBERS));
    return r;
  }

  block(record: number): Float64Array {
    return this.blocks[Math.floor(record / BLOCK)];
  }

  /** Gives a record back (its person left the model); it is zeroed when taken again. */
  give(record: number): void {
    this.blocks[Math.floor(record / BLOCK)].fill(0, (record % BLOCK) * NUMBERS, (record % BLOCK + 1) * NUMBERS);
    this.free.push(record);
  }

  /** Records in use. */
  get inUse(): number {
    return this.next - this.free.length;
  }
}

/** The fields of a person that change over a life and are not fractional numbers, and the streams; see createPerson. */
export interface PersonInit {
  id: number;
  rng: PersonStreams;
  caseRegime: number;
  birthDay: number;
  woman: boolean;
  foreign: boolean;
  priors: number;
  offence: Offence;
  education: EducationLevel;
  employedBefore: boolean;
  housingBefore: HousingStatus;
  substanceUse: boolean;
  mentalIllness: boolean;
  sentenceKind: Sentence;
  now: number;
}

/**
 * A person as the model makes them: the object's own fields for what is small integers, flags,
 * strings and references, and a record in PersonNumbers (read and written through accessors, so
 * `p.custodyDays += days` is as before) for the fractional numbers: days, dates, log-odds, handles.
 */
export class PersonRecord implements Person {
  readonly id: number;
  readonly rng: PersonStreams;
  status: Status = 0;
  generation = 0;
  caseRegime: number;
  facility = -1;
  readonly woman: boolean;
  readonly foreign: boolean;
  priors: number;
  offence: Offence;
  education: EducationLevel;
  employedBefore: boolean;
  housingBefore: HousingStatus;
  readonly substanceUse: boolean;
  readonly mentalIllness: boolean;
  highRisk = false;
  sentenceKind: Sentence;
  paroleEligible = false;
  remandOutcome = 0;
  queueClass = 0;
  assignedLevel: SecurityLevel = 'high';
  incidents = 0;
  enteredLowSecurity = false;
  wasOnEm = false;
  completed = 0;
  referrals = 0;
  program = -1;
  programWaiting = false;
  inLine = 0;
  planDraws = 0;
  releaseRecord = -1;
  levelBeforeEm: SecurityLevel | null = null;
  // Small integers and flags of the activity tracks (issue 15) and KDI's queue (issue 14); their
  // days, draws and handles are in the record (F_programEndDay … F_workHandle).
  enrolledEver = 0;
  work = -1;
  workWaiting = false;
  programResume = -1;
  workResume = -1;
  halfwayApproved = false;
  kdiQueued = false;
  // Issue 15 part 3 (health): the flag; its probability, days and handle are in the record
  // (F_familyContactP … F_deathHandle).
  farFromHome = false;
  // --- The people it holds (issue 15 part 3, branch people).
  expulsionOrdered = false;
  barredFromOpen = false;
  expelledAtRelease = false;
  countedYoung = false;
  // --- end of the people block.
  /** This person's record in PersonNumbers, its block and the offset of its first double. */
  readonly record: number;
  private readonly f: Float64Array;
  private readonly o: number;

  constructor(store: PersonNumbers, init: PersonInit) {
    this.id = init.id;
    this.rng = init.rng;
    this.caseRegime = init.caseRegime;
    this.woman = init.woman;
    this.foreign = init.foreign;
    this.priors = init.priors;
    this.offence = init.offence;
    this.education = init.education;
    this.employedBefore = init.employedBefore;
    this.housingBefore = init.housingBefore;
    this.substanceUse = init.substanceUse;
    this.mentalIllness = init.mentalIllness;
    this.sentenceKind = init.sentenceKind;
    this.record = store.take();
    this.f = store.block(this.record);
    this.o = (this.record % BLOCK) * NUMBERS;
    const f = this.f;
    const o = this.o;
    const now = init.now;
    f[o + F_birthDay] = init.birthDay;
    f[o + F_remandStartDay] = NaN;
    f[o + F_convictionDay] = NaN;
    f[o + F_offenceDay] = NaN;
    f[o + F_episodeStartDay] = now;
    f[o + F_lastLevelChangeDay] = now;
    f[o + F_stepDownDay] = Infinity;
    f[o + F_programHandle] = -1;
    f[o + F_incidentHandle] = -1;
    f[o + F_lastReleaseDay] = NaN;
    f[o + F_releaseLogit] = NaN;
    f[o + F_exitDay] = Infinity;
    f[o + F_halfwayDraw] = 1;
    f[o + F_crossLevelSince] = NaN;
    f[o + F_workHandle] = -1;
    f[o + F_custodyStartDay] = NaN;
    f[o + F_deathHandle] = -1;
  }

  get birthDay(): number {
    return this.f[this.o + F_birthDay];
  }
  /** Only a census start sets it again (restore.ts). */
  set birthDay(v: number) {
    this.f[this.o + F_birthDay] = v;
  }
  get riskLogit(): number {
    return this.f[this.o + F_riskLogit];
  }
  set riskLogit(v: number) {
    this.f[this.o + F_riskLogit] = v;
  }
  get sentenceDays(): number {
    return this.f[this.o + F_sentenceDays];
  }
  set sentenceDays(v: number) {
    this.f[this.o + F_sentenceDays] = v;
  }
  get sentenceStartDay(): number {
    return this.f[this.o + F_sentenceStartDay];
  }
  set sentenceStartDay(v: number) {
    this.f[this.o + F_sentenceStartDay] = v;
  }
  get plannedReleaseDay(): number {
    return this.f[this.o + F_plannedReleaseDay];
  }
  set plannedReleaseDay(v: number) {
    this.f[this.o + F_plannedReleaseDay] = v;
  }
  get remandStartDay(): number {
    return this.f[this.o + F_remandStartDay];
  }
  set remandStartDay(v: number) {
    this.f[this.o + F_remandStartDay] = v;
  }
  get remandDays(): number {
    return this.f[this.o + F_remandDays];
  }
  set remandDays(v: number) {
    this.f[this.o + F_remandDays] = v;
  }
  get convictionDay(): number {
    return this.f[this.o + F_convictionDay];
  }
  set convictionDay(v: number) {
    this.f[this.o + F_convictionDay] = v;
  }
  get offenceDay(): number {
    return this.f[this.o + F_offenceDay];
  }
  set offenceDay(v: number) {
    this.f[this.o + F_offenceDay] = v;
  }
  get episodeStartDay(): number {
    return this.f[this.o + F_episodeStartDay];
  }
  set episodeStartDay(v: number) {
    this.f[this.o + F_episodeStartDay] = v;
  }
  get custodyDays(): number {
    return this.f[this.o + F_custodyDays];
  }
  set custodyDays(v: number) {
    this.f[this.o + F_custodyDays] = v;
  }
  get lastLevelChangeDay(): number {
    return this.f[this.o + F_lastLevelChangeDay];
  }
  set lastLevelChangeDay(v: number) {
    this.f[this.o + F_lastLevelChangeDay] = v;
  }
  get staffRatioDays(): number {
    return this.f[this.o + F_staffRatioDays];
  }
  set staffRatioDays(v: number) {
    this.f[this.o + F_staffRatioDays] = v;
  }
  get facilityDays(): number {
    return this.f[this.o + F_facilityDays];
  }
  set facilityDays(v: number) {
    this.f[this.o + F_facilityDays] = v;
  }
  get stepDownNotBefore(): number {
    return this.f[this.o + F_stepDownNotBefore];
  }
  set stepDownNotBefore(v: number) {
    this.f[this.o + F_stepDownNotBefore] = v;
  }
  get programStartDay(): number {
    return this.f[this.o + F_programStartDay];
  }
  set programStartDay(v: number) {
    this.f[this.o + F_programStartDay] = v;
  }
  get stepDownDay(): number {
    return this.f[this.o + F_stepDownDay];
  }
  set stepDownDay(v: number) {
    this.f[this.o + F_stepDownDay] = v;
  }
  get programHandle(): number {
    return this.f[this.o + F_programHandle];
  }
  set programHandle(v: number) {
    this.f[this.o + F_programHandle] = v;
  }
  get incidentHandle(): number {
    return this.f[this.o + F_incidentHandle];
  }
  set incidentHandle(v: number) {
    this.f[this.o + F_incidentHandle] = v;
  }
  get lastReleaseDay(): number {
    return this.f[this.o + F_lastReleaseDay];
  }
  set lastReleaseDay(v: number) {
    this.f[this.o + F_lastReleaseDay] = v;
  }
  get releaseLogit(): number {
    return this.f[this.o + F_releaseLogit];
  }
  set releaseLogit(v: number) {
    this.f[this.o + F_releaseLogit] = v;
  }
  get exitDay(): number {
    return this.f[this.o + F_exitDay];
  }
  set exitDay(v: number) {
    this.f[this.o + F_exitDay] = v;
  }
  get programEndDay(): number {
    return this.f[this.o + F_programEndDay];
  }
  set programEndDay(v: number) {
    this.f[this.o + F_programEndDay] = v;
  }
  get programWaitDay(): number {
    return this.f[this.o + F_programWaitDay];
  }
  set programWaitDay(v: number) {
    this.f[this.o + F_programWaitDay] = v;
  }
  get workStartDay(): number {
    return this.f[this.o + F_workStartDay];
  }
  set workStartDay(v: number) {
    this.f[this.o + F_workStartDay] = v;
  }
  get workEndDay(): number {
    return this.f[this.o + F_workEndDay];
  }
  set workEndDay(v: number) {
    this.f[this.o + F_workEndDay] = v;
  }
  get workWaitDay(): number {
    return this.f[this.o + F_workWaitDay];
  }
  set workWaitDay(v: number) {
    this.f[this.o + F_workWaitDay] = v;
  }
  get programResumeDays(): number {
    return this.f[this.o + F_programResumeDays];
  }
  set programResumeDays(v: number) {
    this.f[this.o + F_programResumeDays] = v;
  }
  get workResumeDays(): number {
    return this.f[this.o + F_workResumeDays];
  }
  set workResumeDays(v: number) {
    this.f[this.o + F_workResumeDays] = v;
  }
  get halfwayDraw(): number {
    return this.f[this.o + F_halfwayDraw];
  }
  set halfwayDraw(v: number) {
    this.f[this.o + F_halfwayDraw] = v;
  }
  get halfwayLastDays(): number {
    return this.f[this.o + F_halfwayLastDays];
  }
  set halfwayLastDays(v: number) {
    this.f[this.o + F_halfwayLastDays] = v;
  }
  get crossLevelSince(): number {
    return this.f[this.o + F_crossLevelSince];
  }
  set crossLevelSince(v: number) {
    this.f[this.o + F_crossLevelSince] = v;
  }
  get earlyReleaseDays(): number {
    return this.f[this.o + F_earlyReleaseDays];
  }
  set earlyReleaseDays(v: number) {
    this.f[this.o + F_earlyReleaseDays] = v;
  }
  get workHandle(): number {
    return this.f[this.o + F_workHandle];
  }
  set workHandle(v: number) {
    this.f[this.o + F_workHandle] = v;
  }
  get familyContactP(): number {
    return this.f[this.o + F_familyContactP];
  }
  set familyContactP(v: number) {
    this.f[this.o + F_familyContactP] = v;
  }
  get familySince(): number {
    return this.f[this.o + F_familySince];
  }
  set familySince(v: number) {
    this.f[this.o + F_familySince] = v;
  }
  get custodyStartDay(): number {
    return this.f[this.o + F_custodyStartDay];
  }
  set custodyStartDay(v: number) {
    this.f[this.o + F_custodyStartDay] = v;
  }
  get deathHandle(): number {
    return this.f[this.o + F_deathHandle];
  }
  set deathHandle(v: number) {
    this.f[this.o + F_deathHandle] = v;
  }
}

/** Waiting lines a person can stand in while holding (or lacking) a place. */
export const Line = { None: 0, PoliceCell: 1, Sentence: 2, StepDown: 3, Halfway: 4 } as const;

export function programBit(index: number): number {
  return 1 << index;
}

export type { ProgramName };
