/**
 * The state of one replication: the clock, random streams, people, facilities and waiting lines,
 * and the one function through which a person changes state (`setStatus`), which keeps every
 * count, place and integral consistent.
 */
import { Simulator } from '../engine/simulator.js';
import { StreamFactory, type RandomStream } from '../engine/random.js';
import type { Scenario, SecurityLevel } from '../scenario/types.js';
import { Line, PersonNumbers, Status, Sentence, levelOfStatus, type Person, STATUS_COUNT } from './person.js';
import { DAYS_PER_YEAR, LEVEL_INDEX, PROGRAMS, SECURITY_LEVELS, nominalPlaces, programSlots, type Params } from './params.js';
import { Policy } from './rules.js';
import { Flows, ReleaseRecords, Slot, TimeIntegrals } from './measurements.js';
import { IdQueue, NO_ADMISSION, PriorityLine, type Admission } from './lines.js';
import { Listeners, type ModelListener } from './observe.js';
import { YearlyInputs } from './inputs.js';
import { Valves } from './valves.js';

export interface FacilityState {
  name: string;
  level: SecurityLevel;
  /** Places usable now: never below those occupied (a cut closes places as they empty); ordinaryOpen + doubleOpen. */
  capacity: number;
  /** Capacity the facility is heading for after a cut: its ordinary places (the table's and temporary ones) and its double-cell places. */
  targetCapacity: number;
  /** Places as the scenario gives them at the date (capacity, capacityChanges). */
  placesTarget: number;
  /** Temporary places a valve opens (valves.ts), ordinary places on top of placesTarget. */
  tempPlaces: number;
  /** Share of the ordinary places a valve allows as double cells (valves.ts), 0 without one. */
  doubleShare: number;
  /** Ordinary places open now (what occupancy and costs count); above placesTarget + tempPlaces only while a cut waits for people to leave. */
  ordinaryOpen: number;
  /** Double-cell places open now, used only when the ordinary places are full. */
  doubleOpen: number;
  /** People above the ordinary places open (double-celled), max(0, occupied - ordinaryOpen). */
  doubleCelled: number;
  occupied: number;
  officersPerPlace: number;
  /** Officers per place above (or below) the usual staffing of the level. */
  officersAboveReference: number;
  /** Per programme (PROGRAMS order): slots usable now (never below those enrolled: a cut closes slots as they empty), the slots it is heading for, enrolled, and the waitlist. */
  slots: Int32Array;
  targetSlots: Int32Array;
  enrolled: Int32Array;
  waiting: Int32Array;
  waitlists: IdQueue[];
  /** A women's facility (Facility.women): at a level that has one, women are held only there and men never. */
  women: boolean;
}

/**
 * Waiting lines of one level for one sex (index 0 men, 1 women): at a level without women's
 * places both are the same lines, so women and men wait together as before.
 */
export interface SexLines {
  readonly policeCell: IdQueue;
  readonly sentence: Record<'high' | 'low', PriorityLine>;
  readonly transfer: Record<'low' | 'halfway', IdQueue>;
}

/** Age below which a person counts as young in the stock when the scenario does not say (18-21: the young adults of the queue priority). */
export const YOUNG_AGE_YEARS = 21;

/** Number of sentence-queue priority classes (0 most urgent). */
export const QUEUE_CLASSES = 4;

/** The system-level streams; everything about a person is drawn from the person's own streams (PersonStreams). */
export interface RandomStreams {
  /** Times of new cases. */
  arrivals: RandomStream;
  /** Times of new preventive-detention cases. */
  preventiveDetention: RandomStream;
  /** Seeds of each new person's own streams, in order of first entry. */
  people: RandomStream;
}

function createStreams(seed: number, replication: number): RandomStreams {
  const f = new StreamFactory(seed, replication);
  return {
    arrivals: f.stream('arrivals'),
    preventiveDetention: f.stream('preventive-detention'),
    people: f.stream('people'),
  };
}

export class Model {
  readonly sim = new Simulator();
  /** The rules in force: the scenario's own, or those after its latest policy change (rules.ts; policy.ts puts them in force). */
  params: Params;
  scenario: Scenario;
  readonly policy: Policy;
  readonly rng: RandomStreams;
  readonly people: (Person | null)[] = [];
  /** The fractional-number fields of the people in the model (person.ts), one record each, given back when they leave. */
  readonly personNumbers = new PersonNumbers();
  readonly facilities: FacilityState[];
  /** Facility indices per level, in scenario order. */
  readonly levelFacilities: Record<SecurityLevel, number[]>;
  readonly levelCapacity: Record<SecurityLevel, number>;
  readonly integrals: TimeIntegrals;
  flows = new Flows(PROGRAMS.length);
  readonly releases = new ReleaseRecords();
  /** Men's (or, at a level without women's places, everyone's) police-cell line; women's: womenLines. */
  readonly policeCellLine = new IdQueue();
  /** Sentence queue per assigned level (high, low), by priority class: men's, or everyone's where a level has no women's places. */
  readonly sentenceLine: Record<'high' | 'low', PriorityLine>;
  /** People waiting to step down to low security or to move to a halfway house (men's, or everyone's, as above). */
  readonly transferLine: Record<'low' | 'halfway', IdQueue>;
  /** The lines women stand in: their own at a level with women's places, else the same as everyone's. */
  readonly womenLines: SexLines;
  /** The lines men stand in (the fields above). */
  readonly menLines: SexLines;
  /** Whether a level has women's places (then its facilities are for one sex each). */
  readonly separated: Record<SecurityLevel, boolean>;
  /** Facility indices per level usable by men [0] and by women [1], in scenario order. */
  readonly placesFor: Record<SecurityLevel, readonly [number[], number[]]>;
  /** The sexes whose lines a freed place at a level serves: [false] where shared, [false, true] where separated. */
  readonly sexesAt: Record<SecurityLevel, readonly boolean[]>;
  /** Handle of the pending preventive-detention arrival, so that a change of its rate can draw it again. */
  preventiveDetentionArrival = -1;
  emActive = 0;
  /** Monitoring devices in force (the scenario's, its dated changes, policy changes) and those valves add: valves.ts keeps it. */
  emCapacity: number;
  /** Double-cell places open over all facilities: while 0, placement looks only at ordinary places (nothing to do). */
  doubleCellPlaces = 0;
  communityActive = 0;
  measureStartDay = 0;
  endDay = 0;
  /** The valves of the scenario and what they do while on (valves.ts). */
  readonly valves: Valves;
  /** Time-varying inputs by calendar year (inputs.ts); the replication sets them once it knows the run's clock. */
  inputs: YearlyInputs;
  /** Who takes a freed place (admission.ts, set by the replication). */
  admission: Admission = NO_ADMISSION;
  /** Who watches the run (observe.ts): the monthly recorder, and a trace or a probe when there is one. */
  readonly listeners = new Listeners();
  /** True while someone listens for story lines; guards the building of their text so untraced runs pay nothing. */
  tracing = false;

  constructor(scenario: Scenario, seed: number, replication: number, fixedEffects = false) {
    this.scenario = scenario;
    this.policy = new Policy(scenario, seed, replication, fixedEffects);
    this.params = this.policy.rules.params;
    this.rng = createStreams(seed, replication);
    this.emCapacity = scenario.electronicMonitoring.capacity;
    this.valves = new Valves(scenario);
    this.inputs = new YearlyInputs(scenario, 0, 0);
    const slotsByProgram = programSlots(scenario);
    this.facilities = scenario.facilities.map((f, i) => ({
      name: f.name,
      level: f.level,
      capacity: f.capacity,
      targetCapacity: f.capacity,
      placesTarget: f.capacity,
      tempPlaces: 0,
      doubleShare: 0,
      ordinaryOpen: f.capacity,
      doubleOpen: 0,
      doubleCelled: 0,
      occupied: 0,
      officersPerPlace: nominalPlaces(f) > 0 ? f.officersFte / nominalPlaces(f) : 0,
      officersAboveReference: (nominalPlaces(f) > 0 ? f.officersFte / nominalPlaces(f) : 0) - scenario.incidents.referenceOfficersPerPlace[f.level],
      slots: Int32Array.from(PROGRAMS.map((_, k) => slotsByProgram[k][i])),
      targetSlots: Int32Array.from(PROGRAMS.map((_, k) => slotsByProgram[k][i])),
      enrolled: new Int32Array(PROGRAMS.length),
      waiting: new Int32Array(PROGRAMS.length),
      waitlists: PROGRAMS.map(() => new IdQueue()),
      women: f.women === true,
    }));
    this.levelFacilities = { remand: [], high: [], low: [], halfway: [] };
    this.levelCapacity = { remand: 0, high: 0, low: 0, halfway: 0 };
    this.facilities.forEach((f, i) => {
      this.levelFacilities[f.level].push(i);
      this.levelCapacity[f.level] += f.capacity;
    });
    this.integrals = new TimeIntegrals(Slot.FirstFacility + 2 * this.facilities.length);
    this.facilities.forEach((f, i) => this.integrals.add(this.capacitySlot(i), f.capacity, 0));
    this.integrals.add(Slot.EmDevices, this.emCapacity, 0);
    this.sentenceLine = { high: new PriorityLine(QUEUE_CLASSES), low: new PriorityLine(QUEUE_CLASSES) };
    this.transferLine = { low: new IdQueue(), halfway: new IdQueue() };
    // Women's places (issue 15 part 3): a level with a women's facility is split by sex.
    const separated = (level: SecurityLevel) => this.facilities.some((f) => f.level === level && f.women);
    this.separated = { remand: separated('remand'), high: separated('high'), low: separated('low'), halfway: separated('halfway') };
    const placesFor = (level: SecurityLevel): readonly [number[], number[]] => {
      const all = this.levelFacilities[level];
      if (!this.separated[level]) return [all, all];
      return [all.filter((i) => !this.facilities[i].women), all.filter((i) => this.facilities[i].women)];
    };
    this.placesFor = { remand: placesFor('remand'), high: placesFor('high'), low: placesFor('low'), halfway: placesFor('halfway') };
    const sexes = (level: SecurityLevel) => (this.separated[level] ? [false, true] : [false]);
    this.sexesAt = { remand: sexes('remand'), high: sexes('high'), low: sexes('low'), halfway: sexes('halfway') };
    this.menLines = { policeCell: this.policeCellLine, sentence: this.sentenceLine, transfer: this.transferLine };
    const sep = this.separated;
    this.womenLines = {
      policeCell: sep.remand ? new IdQueue() : this.policeCellLine,
      sentence: {
        high: sep.high ? new PriorityLine(QUEUE_CLASSES) : this.sentenceLine.high,
        low: sep.low ? new PriorityLine(QUEUE_CLASSES) : this.sentenceLine.low,
      },
      transfer: {
        low: sep.low ? new IdQueue() : this.transferLine.low,
        halfway: sep.halfway ? new IdQueue() : this.transferLine.halfway,
      },
    };
  }

  /** The lines a person stands in (their sex's, where a level has women's places). */
  linesOf(woman: boolean): SexLines {
    return woman ? this.womenLines : this.menLines;
  }

  get now(): number {
    return this.sim.now;
  }

  /** A line of the person's story (see `tracing`: text that must be built is built only when it is true). */
  note(person: Person, what: string): void {
    if (this.tracing) this.listeners.note(person, this.sim.now, what);
  }

  /** Adds a listener to the run (observe.ts); it draws nothing and changes nothing. */
  listen(listener: ModelListener): void {
    this.listeners.add(listener);
    this.tracing = this.listeners.tellsStories;
  }

  /**
   * The facility of a level with the most free places (first in scenario order on ties), or -1 if
   * all are full. Ordinary places first: a double-cell place (valves.ts) is used only when every
   * ordinary place of the level is taken.
   */
  freeFacility(level: SecurityLevel, woman: boolean): number {
    const places = this.placesFor[level][woman ? 1 : 0];
    let best = -1;
    let bestFree = 0;
    for (const i of places) {
      const free = this.facilities[i].ordinaryOpen - this.facilities[i].occupied;
      if (free > bestFree) {
        best = i;
        bestFree = free;
      }
    }
    if (best >= 0 || this.doubleCellPlaces === 0) return best;
    for (const i of places) {
      const free = this.facilities[i].capacity - this.facilities[i].occupied;
      if (free > bestFree) {
        best = i;
        bestFree = free;
      }
    }
    return best;
  }

  /** Whether a place of the level is free for a man (or, with `woman`, for a woman). */
  hasFreePlace(level: SecurityLevel, woman = false): boolean {
    return this.freeFacility(level, woman) >= 0;
  }

  /**
   * Moves a person to a new status (and place, for custodial levels). Keeps counts, integrals,
   * facility occupancy, custody time and staff exposure consistent. Does not fill the place
   * left behind: callers call `placeFreed` after the whole move is done.
   */
  setStatus(p: Person, status: Status, facility = -1): void {
    const now = this.sim.now;
    const old = p.status;
    const oldFacility = p.facility;
    const oldLevel = levelOfStatus(old);
    if (oldLevel !== null || old === Status.PoliceCell) {
      const days = now - p.lastLevelChangeDay;
      p.custodyDays += days;
      if (p.facility >= 0) {
        p.staffRatioDays += days * this.facilities[p.facility].officersAboveReference;
        p.facilityDays += days;
      }
    }
    if (old === Status.Queue && p.kdiQueued) {
      p.kdiQueued = false;
      this.integrals.add(Slot.KdiQueue, -1, now);
    }
    if (old === Status.PoliceCell) {
      const days = now - p.lastLevelChangeDay;
      this.flows.policeCellDays += days;
      if (days > this.params.policeCellMaxDays) this.flows.policeCellOverLimit++;
    }
    if (p.facility >= 0) {
      const f = this.facilities[p.facility];
      f.occupied--;
      this.integrals.add(Slot.FirstFacility + p.facility, -1, now);
      this.countStock(p, -1, now);
      // A place of a facility being cut closes as it empties (not when the person keeps it, moving to another status in the same facility).
      if (f.capacity > f.targetCapacity && facility !== p.facility) this.closeEmptiedPlace(p.facility);
      if (f.doubleOpen > 0 || f.doubleCelled > 0) this.countDoubleCelled(f, now);
    }
    this.integrals.add(old, -1, now);
    this.integrals.add(status, 1, now);
    p.status = status;
    p.facility = facility;
    p.inLine = Line.None;
    p.lastLevelChangeDay = now;
    if (facility >= 0) {
      const f = this.facilities[facility];
      if (f.occupied >= f.capacity) throw new Error(`capacity of ${f.name} exceeded`);
      if (this.separated[f.level] && f.women !== p.woman) throw new Error(`${p.woman ? 'a woman' : 'a man'} placed in ${f.name}, a facility for ${f.women ? 'women' : 'men'}`);
      f.occupied++;
      this.integrals.add(Slot.FirstFacility + facility, 1, now);
      this.countStock(p, 1, now);
      if (f.doubleOpen > 0 || f.doubleCelled > 0) this.countDoubleCelled(f, now);
    }
    if (this.listeners.hearsStatus) this.listeners.statusChanged(p, old, oldFacility, now);
  }

  /** Time-integral slot of a facility's capacity (its occupancy is at Slot.FirstFacility + index). */
  capacitySlot(facility: number): number {
    return Slot.FirstFacility + this.facilities.length + facility;
  }

  /** Opens (or closes) ordinary places: they count as places in occupancy and costs. */
  private changeOrdinary(facility: number, delta: number): void {
    if (delta === 0) return; // an empty change would split the integral's area (and its rounding)
    const f = this.facilities[facility];
    f.ordinaryOpen += delta;
    f.capacity += delta;
    this.levelCapacity[f.level] += delta;
    this.integrals.add(this.capacitySlot(facility), delta, this.sim.now);
  }

  /** Opens (or closes) double-cell places: usable, but not counted as places. */
  private changeDouble(facility: number, delta: number): void {
    if (delta === 0) return;
    const f = this.facilities[facility];
    f.doubleOpen += delta;
    f.capacity += delta;
    this.levelCapacity[f.level] += delta;
    this.doubleCellPlaces += delta;
  }

  /** A person left a facility heading for fewer places: a double-cell place closes first, else an ordinary one. */
  private closeEmptiedPlace(facility: number): void {
    const f = this.facilities[facility];
    if (f.doubleOpen > Math.floor(f.doubleShare * (f.placesTarget + f.tempPlaces))) this.changeDouble(facility, -1);
    else this.changeOrdinary(facility, -1);
  }

  /** Keeps the count of double-celled people (Slot.DoubleCelled) at max(0, occupied - ordinary places open). */
  private countDoubleCelled(f: FacilityState, now: number): void {
    const over = Math.max(0, f.occupied - f.ordinaryOpen);
    if (over !== f.doubleCelled) {
      this.integrals.add(Slot.DoubleCelled, over - f.doubleCelled, now);
      f.doubleCelled = over;
    }
  }

  /**
   * Brings a facility's open places towards its targets: ordinary places (the scenario's and the
   * temporary ones) and double-cell places (a share of the ordinary ones). An increase is usable
   * at once (the caller fills it); a cut closes the free places now and the rest as people leave.
   * Returns the places added (negative when closed).
   */
  private retarget(facility: number): number {
    const f = this.facilities[facility];
    const before = f.capacity;
    const ordinaryTarget = f.placesTarget + f.tempPlaces;
    const doubleTarget = Math.floor(f.doubleShare * ordinaryTarget);
    f.targetCapacity = ordinaryTarget + doubleTarget;
    if (doubleTarget < f.doubleOpen) this.changeDouble(facility, -Math.min(f.doubleOpen - doubleTarget, f.capacity - f.occupied));
    if (ordinaryTarget > f.ordinaryOpen) this.changeOrdinary(facility, ordinaryTarget - f.ordinaryOpen);
    else if (ordinaryTarget < f.ordinaryOpen) this.changeOrdinary(facility, -Math.min(f.ordinaryOpen - ordinaryTarget, f.capacity - f.occupied));
    if (doubleTarget > f.doubleOpen) this.changeDouble(facility, doubleTarget - f.doubleOpen);
    if (f.doubleOpen > 0 || f.doubleCelled > 0) this.countDoubleCelled(f, this.sim.now);
    return f.capacity - before;
  }

  /**
   * Sets a facility's places (the scenario's capacity at a date) from now on. An increase is usable
   * at once (the caller fills it); a cut below the places occupied closes the rest as people leave.
   * Returns the places added.
   */
  setCapacity(facility: number, capacity: number): number {
    this.facilities[facility].placesTarget = capacity;
    return this.retarget(facility);
  }

  /** Sets what valves add to a facility (valves.ts): temporary places and the double-cell share. Returns the places added. */
  setValvePlaces(facility: number, tempPlaces: number, doubleShare: number): number {
    const f = this.facilities[facility];
    if (tempPlaces !== f.tempPlaces) this.integrals.add(Slot.TempPlaces, tempPlaces - f.tempPlaces, this.sim.now);
    f.tempPlaces = tempPlaces;
    f.doubleShare = doubleShare;
    return this.retarget(facility);
  }

  /** Stock composition (women, foreign, preventive detention, sentence length) of those holding a place. */
  private countStock(p: Person, delta: number, now: number): void {
    if (p.woman) this.integrals.add(Slot.Women, delta, now);
    if (p.foreign) {
      this.integrals.add(Slot.Foreign, delta, now);
      if (p.status === Status.Remand) this.integrals.add(Slot.ForeignRemand, delta, now);
    }
    // The young (issue 15 part 3): under recidivism.young.ageYears (else 21) when the place was taken.
    if (delta > 0) p.countedYoung = (now - p.birthDay) / DAYS_PER_YEAR < (this.scenario.recidivism.young?.ageYears ?? YOUNG_AGE_YEARS);
    if (p.countedYoung) this.integrals.add(Slot.Young, delta, now);
    if (p.sentenceKind === Sentence.PreventiveDetention) this.integrals.add(Slot.PreventiveDetention, delta, now);
    else if (p.sentenceKind === Sentence.Prison) {
      this.integrals.add(Slot.SentencedStock, delta, now);
      if (p.sentenceDays >= 365) this.integrals.add(Slot.SentencedLongStock, delta, now);
    }
  }

  /**
   * Sentencing changes how a person already holding a place is counted in the stock; take them
   * out of the stock before the change and put them back after it.
   */
  recount(p: Person, change: () => void): void {
    if (p.facility >= 0) this.countStock(p, -1, this.sim.now);
    change();
    if (p.facility >= 0) this.countStock(p, 1, this.sim.now);
  }

  countsByStatus(): number[] {
    return Array.from(this.integrals.count.subarray(0, STATUS_COUNT));
  }

  levelOf(p: Person): SecurityLevel | null {
    return p.facility >= 0 ? this.facilities[p.facility].level : null;
  }

  static levelIndex(level: SecurityLevel): number {
    return LEVEL_INDEX[level];
  }
}

export { SECURITY_LEVELS };
