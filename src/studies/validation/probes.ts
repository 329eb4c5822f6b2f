/**
 * Instruments for the validation suite: one replication run with listeners attached (the model's
 * own, src/model/observe.ts) that record what the ordinary metrics do not, without changing the
 * run (they draw no random numbers and change no state).
 *
 * - Level flows, for Little's law and for the balance of flows: the model tells every change of
 *   status and place, so a listener sees each entry into and exit from a level, and the length of
 *   each stay.
 * - Conservation: after the run, everyone created is found in exactly one status, every status
 *   count matches the people in it, and every facility's occupancy matches the people holding it.
 * - The release cohort, for effect recovery: a listener records at each release from a sentence
 *   the covariates of the reoffence logit and whether a reoffence followed.
 */
import { DAYS_PER_YEAR, PROGRAMS, SECURITY_LEVELS } from '../../model/params.js';
import type { ModelListener } from '../../model/observe.js';
import { programBit, Status, STATUS_COUNT, STATUS_NAMES, type Person } from '../../model/person.js';
import type { ReleaseEffects } from '../../model/recidivism.js';
import { Replication } from '../../model/replication.js';
import type { ReplicationOptions, ReplicationResult } from '../../model/result.js';
import type { Scenario, SecurityLevel } from '../../scenario/types.js';
import { OFFENCES } from '../../scenario/types.js';

/** Entries, exits and stays of one level within the measured window. */
export interface LevelFlows {
  /** People holding a place of the level when measurement started. */
  stockAtStart: number;
  /** The model's own count of places taken at the end of the run. */
  stockAtEnd: number;
  /** Entries into the level (from outside it) during measurement. */
  entries: number;
  /** Exits from the level during measurement, and the full lengths of those stays, days. */
  exits: number;
  stayDays: number;
}

export interface ProbeResult {
  result: ReplicationResult;
  /** Measured days (for rates). */
  days: number;
  levels: Record<SecurityLevel, LevelFlows>;
  /** People created in the replication. */
  peopleCreated: number;
  /** Sum over statuses of the model's status counts at the end. */
  statusCountTotal: number;
  /** One line per status whose count differs from the people found in it (empty when all agree). */
  statusMismatches: string[];
  /** Sum over facilities of the model's occupied counts, and the people found holding a place. */
  placesOccupied: number;
  peopleHoldingPlaces: number;
  /** One line per facility whose occupancy differs from the people in it or exceeds its capacity. */
  placeMismatches: string[];
  /** One line per level whose stock at the start of measurement (model) differs from the stock counted by the probe. */
  startMismatches: string[];
  /** The model's count of people on electronic monitoring, and its EM counter. */
  emCount: number;
  emActive: number;
}

/** Runs one replication with the level-flow listener, then checks what it holds at the end. */
export function probeReplication(scenario: Scenario, options: ReplicationOptions): ProbeResult {
  const rep = new Replication(scenario, options);
  const m = rep.model;
  const start = m.measureStartDay;
  const empty = (): LevelFlows => ({ stockAtStart: 0, stockAtEnd: 0, entries: 0, exits: 0, stayDays: 0 });
  const levels = Object.fromEntries(SECURITY_LEVELS.map((l) => [l, empty()])) as Record<SecurityLevel, LevelFlows>;
  const held = Object.fromEntries(SECURITY_LEVELS.map((l) => [l, 0])) as Record<SecurityLevel, number>;
  const enteredDay = new Map<number, number>();
  const startMismatches: string[] = [];
  let measuring = false;
  const modelStock = (level: SecurityLevel) => m.levelFacilities[level].reduce((sum, i) => sum + m.facilities[i].occupied, 0);
  /** Opens the measured window; `from` and `to`: the levels of a change of place the model has just made and the probe not yet counted. */
  const openWindow = (from: SecurityLevel | null = null, to: SecurityLevel | null = null) => {
    measuring = true;
    for (const l of SECURITY_LEVELS) {
      levels[l].stockAtStart = held[l];
      const before = modelStock(l) - (l === to ? 1 : 0) + (l === from ? 1 : 0);
      if (before !== held[l]) startMismatches.push(`${l}: model holds ${before}, probe counted ${held[l]}`);
    }
  };
  m.listen({
    statusChanged(p: Person, _from: Status, fromFacility: number, now: number): void {
      const from = fromFacility >= 0 ? m.facilities[fromFacility].level : null;
      const to = p.facility >= 0 ? m.facilities[p.facility].level : null;
      // The window opens at the first change at or after its start, as the model stood before that change.
      if (!measuring && now >= start) openWindow(from === to ? null : from, from === to ? null : to);
      if (from === to) return;
      if (from !== null) {
        held[from]--;
        if (measuring) {
          levels[from].exits++;
          levels[from].stayDays += now - (enteredDay.get(p.id) ?? now);
        }
        enteredDay.delete(p.id);
      }
      if (to !== null) {
        held[to]++;
        enteredDay.set(p.id, now);
        if (measuring) levels[to].entries++;
      }
    },
  });
  const result = rep.run();
  if (!measuring) openWindow();
  for (const l of SECURITY_LEVELS) levels[l].stockAtEnd = modelStock(l);

  // Conservation at the end: people, statuses and places.
  const counts = m.countsByStatus();
  const found = new Array<number>(STATUS_COUNT).fill(0);
  const inFacility = new Array<number>(m.facilities.length).fill(0);
  let peopleHoldingPlaces = 0;
  for (const p of m.people) {
    if (p === null) {
      found[Status.Left]++; // people leaving the model are let go; nothing else clears a slot
      continue;
    }
    found[p.status]++;
    if (p.facility >= 0) {
      inFacility[p.facility]++;
      peopleHoldingPlaces++;
    }
  }
  const statusMismatches: string[] = [];
  for (let s = 0; s < STATUS_COUNT; s++) {
    if (counts[s] !== found[s]) statusMismatches.push(`${STATUS_NAMES[s]}: counted ${counts[s]}, found ${found[s]}`);
  }
  const placeMismatches: string[] = [];
  m.facilities.forEach((f, i) => {
    if (f.occupied !== inFacility[i]) placeMismatches.push(`${f.name}: occupied ${f.occupied}, people in it ${inFacility[i]}`);
    if (f.occupied > f.capacity) placeMismatches.push(`${f.name}: occupied ${f.occupied} of ${f.capacity} places`);
  });
  return {
    result,
    days: m.endDay - m.measureStartDay,
    levels,
    peopleCreated: m.people.length,
    statusCountTotal: counts.reduce((a, b) => a + b, 0),
    statusMismatches,
    placesOccupied: m.facilities.reduce((sum, f) => sum + f.occupied, 0),
    peopleHoldingPlaces,
    placeMismatches,
    startMismatches,
    emCount: counts[Status.Em],
    emActive: m.emActive,
  };
}

// --- The release cohort ----------------------------------------------------------------------------

/** Names of the covariates of a release row, in column order (after the intercept). */
export const RELEASE_COVARIATES: readonly string[] = [
  'educationCompleted',
  'ageMinus30',
  'woman',
  'lnOnePlusPriors',
  ...OFFENCES.slice(1).map((o) => `offence_${o}`),
  'substanceUse',
  'treatmentCompleted',
  'cognitiveBehaviouralCompleted',
  'housed',
  'employed',
  'servedOnEm',
  'staffStepsAboveReference',
  'incidents',
];

export interface ReleaseCohort {
  /** One row per release (intercept first, then RELEASE_COVARIATES). */
  rows: number[][];
  /** 1 if the person reoffended (and was prosecuted) after this release, before the run ended. */
  reoffended: number[];
  /** ln of the odds ratio of education completion the replication ran with. */
  lnOddsEducation: number;
  /** Days each release was followed at least. */
  followUpDays: number;
}

const EDUCATION = programBit(PROGRAMS.indexOf('education'));
const TREATMENT = programBit(PROGRAMS.indexOf('addictionTreatment'));
const CBT = programBit(PROGRAMS.indexOf('cognitiveBehavioural'));

/**
 * Releases from a sentence and their outcome. Only releases at least `followUpDays` before the
 * end of the run are kept, so every kept release is followed that long. The covariates are what
 * the model's reoffence logit uses (recidivism.ts, releaseLogit), read from the person at the
 * moment of release, and housing and a job from what release planning brought.
 */
class ReleaseListener implements ModelListener {
  readonly rows: number[][] = [];
  readonly days: number[] = [];
  /** Per row, 1 once a reoffence followed the release. */
  readonly outcome: number[] = [];
  /** Person id → index of their latest release row still waiting for a reoffence. */
  private readonly open = new Map<number, number>();

  releasedFromSentence(p: Person, day: number, _onParole: boolean, effects: ReleaseEffects): void {
    const { housed, employed } = effects;
    const staff = p.facilityDays > 0 ? p.staffRatioDays / p.facilityDays / 0.25 : 0;
    const row = [
      1,
      (p.completed & EDUCATION) !== 0 ? 1 : 0,
      (day - p.birthDay) / DAYS_PER_YEAR - 30,
      p.woman ? 1 : 0,
      Math.log(1 + p.priors),
      ...OFFENCES.slice(1).map((o) => (p.offence === o ? 1 : 0)),
      p.substanceUse ? 1 : 0,
      (p.completed & TREATMENT) !== 0 ? 1 : 0,
      (p.completed & CBT) !== 0 ? 1 : 0,
      housed ? 1 : 0,
      employed ? 1 : 0,
      p.wasOnEm ? 1 : 0,
      staff,
      p.incidents,
    ];
    this.open.set(p.id, this.rows.length);
    this.rows.push(row);
    this.days.push(day);
    this.outcome.push(0);
  }

  reoffended(p: Person): void {
    const index = this.open.get(p.id);
    if (index !== undefined) {
      this.outcome[index] = 1;
      this.open.delete(p.id);
    }
  }
}

/** Runs one replication with the release listener and returns the releases followed for `followUpDays`. */
export function observeReleases(scenario: Scenario, options: ReplicationOptions, followUpDays: number): ReleaseCohort {
  const rep = new Replication(scenario, options);
  const observer = new ReleaseListener();
  rep.model.listen(observer);
  rep.run();
  const last = rep.model.endDay - followUpDays;
  const keep = observer.days.map((d, i) => (d <= last ? i : -1)).filter((i) => i >= 0);
  return {
    rows: keep.map((i) => observer.rows[i]),
    reoffended: keep.map((i) => observer.outcome[i]),
    lnOddsEducation: rep.model.params.lnOdds.educationCompleted,
    followUpDays,
  };
}
