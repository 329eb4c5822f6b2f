/**
 * One replication: builds the model on the engine, dispatches events to the processes, and turns
 * the measurements into a compact ReplicationResult.
 */
import type { EventHandler } from '../engine/simulator.js';
import type { PiecewiseConstantRate } from '../engine/distributions.js';
import type { CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';
import { ADMISSION } from './admission.js';
import { startFromCensus } from './restore.js';
import { newCaseRate, onCaseArrival, onNewCase, onPreventiveDetentionArrival, scheduleNextCase, scheduleNextPreventiveDetention } from './arrival.js';
import { onCommunitySentenceEnd } from './court.js';
import { Ev, Priority } from './events.js';
import { onIncident } from './incidents.js';
import { DAYS_PER_YEAR, dayOfDate, PROGRAMS } from './params.js';
import { placeFreed } from './placement.js';
import { applyPolicyChange, applyPolicyChangeBeforeStart } from './policy.js';
import { Flows } from './measurements.js';
import { Status, type Person, type PersonRecord } from './person.js';
import { onProgramEnd, PROGRAMME_TRACK, WORK_TRACK } from './programs.js';
import { onQueuedByKdi, onSummonsDue } from './queue.js';
import { onReoffence } from './recidivism.js';
import {
  onBackDoorEmCheck,
  onHalfwayCheck,
  onParoleDate,
  onPreventiveDetentionReview,
  onSentenceEnd,
  onStepDownCheck,
  onDeathInCustody,
} from './release.js';
import { onRemandEnd } from './remand.js';
import { computeCohorts, computeMetrics, MonthlyRecorder } from './measure.js';
import type { ReplicationOptions, ReplicationResult } from './result.js';
import { Model } from './state.js';
import { YearlyInputs } from './inputs.js';
import { onValveCheck, onValveSwitch, scheduleValves } from './valves.js';

export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;
/** Capacity changes per facility that an event tag can address. */
const CHANGES_PER_FACILITY = 1024;

function onExit(m: Model, p: Person): void {
  m.setStatus(p, Status.Left);
  m.note(p, 'follow-up ends (no new case for the follow-up period, or died)');
  m.people[p.id] = null; // nothing refers to them any more; let the memory go
  m.personNumbers.give((p as PersonRecord).record);
}

export class Replication implements EventHandler {
  readonly model: Model;
  private readonly rate: PiecewiseConstantRate;
  private readonly monthly: MonthlyRecorder;

  /** A run from a census starts measuring at once: the census is the state on the start date. */
  constructor(
    scenario: Scenario,
    readonly options: ReplicationOptions,
    census?: readonly CensusRecord[],
  ) {
    const m = new Model(scenario, options.seed, options.replication, options.fixedEffects === true);
    m.admission = ADMISSION;
    this.model = m;
    m.measureStartDay = census === undefined ? options.warmupYears * DAYS_PER_YEAR : 0;
    m.endDay = m.measureStartDay + options.years * DAYS_PER_YEAR;
    m.inputs = new YearlyInputs(scenario, m.measureStartDay, m.endDay);
    this.schedulePolicyChanges();
    this.rate = newCaseRate(m);
    this.monthly = new MonthlyRecorder(m);
    scheduleNextCase(m, this.rate);
    scheduleNextPreventiveDetention(m);
    m.sim.scheduleAt(m.measureStartDay, Ev.MeasureStart, -1, 0, Priority.Bookkeeping);
    this.scheduleCapacityChanges();
    this.scheduleDeviceChanges();
    if (census !== undefined) startFromCensus(m, census);
    scheduleValves(m);
  }

  handle(kind: number, target: number, tag: number): void {
    const m = this.model;
    if (target < 0) {
      switch (kind) {
        case Ev.CaseArrival:
          onCaseArrival(m, this.rate);
          return;
        case Ev.PreventiveDetentionArrival:
          onPreventiveDetentionArrival(m);
          return;
        case Ev.MonthTick:
          this.monthly.tick();
          return;
        case Ev.MeasureStart:
          this.startMeasuring();
          return;
        case Ev.CapacityChange:
          this.changeCapacity(Math.floor(tag / CHANGES_PER_FACILITY), tag % CHANGES_PER_FACILITY);
          return;
        case Ev.PolicyChange:
          applyPolicyChange(m, tag);
          return;
        case Ev.ValveSwitch:
          onValveSwitch(m, tag);
          return;
        case Ev.ValveCheck:
          onValveCheck(m, tag);
          return;
        case Ev.EmCapacityChange:
          m.valves.setDevices(m, m.scenario.electronicMonitoring.capacityChanges![tag].capacity);
          return;
      }
      throw new Error(`unknown model event ${kind}`);
    }
    const p = m.people[target];
    if (p === null || p === undefined) return;
    // An enrolment's end is cancelled whenever the enrolment ends otherwise, so it is not tied to the generation.
    if (kind === Ev.ProgramEnd) return onProgramEnd(m, p, PROGRAMME_TRACK);
    if (kind === Ev.WorkEnd) return onProgramEnd(m, p, WORK_TRACK);
    if (p.generation !== tag) return; // an ended episode's event
    switch (kind) {
      case Ev.RemandEnd:
        return onRemandEnd(m, p);
      case Ev.SummonsDue:
        return onSummonsDue(m, p);
      case Ev.QueuedByKdi:
        return onQueuedByKdi(m, p);
      case Ev.Incident:
        return onIncident(m, p);
      case Ev.StepDownCheck:
        return onStepDownCheck(m, p);
      case Ev.HalfwayCheck:
        return onHalfwayCheck(m, p);
      case Ev.BackDoorEmCheck:
        return onBackDoorEmCheck(m, p);
      case Ev.ParoleDate:
        return onParoleDate(m, p);
      case Ev.SentenceEnd:
        return onSentenceEnd(m, p);
      case Ev.PreventiveDetentionReview:
        return onPreventiveDetentionReview(m, p);
      case Ev.CommunitySentenceEnd:
        return onCommunitySentenceEnd(m, p);
      case Ev.Reoffence:
        return onReoffence(m, p);
      case Ev.NewCase:
        return onNewCase(m, p);
      case Ev.Exit:
        return onExit(m, p);
      case Ev.DeathInCustody:
        return onDeathInCustody(m, p);
    }
    throw new Error(`unknown person event ${kind}`);
  }

  /** Dated capacity changes: those before the run's first day apply at once, the rest as events. */
  private scheduleCapacityChanges(): void {
    const m = this.model;
    m.scenario.facilities.forEach((f, i) => {
      (f.capacityChanges ?? []).forEach((change, k) => {
        if (k >= CHANGES_PER_FACILITY) throw new Error(`more than ${CHANGES_PER_FACILITY} capacity changes for ${f.name}`);
        const day = dayOfDate(change.date, m.scenario.run.startDate, m.measureStartDay);
        if (day <= 0) m.setCapacity(i, change.capacity);
        else if (day < m.endDay) m.sim.scheduleAt(day, Ev.CapacityChange, -1, i * CHANGES_PER_FACILITY + k, Priority.Bookkeeping);
      });
    });
  }

  /** Dated EM device changes (electronicMonitoring.capacityChanges): those before the run's first day apply at once, the rest as events. */
  private scheduleDeviceChanges(): void {
    const m = this.model;
    (m.scenario.electronicMonitoring.capacityChanges ?? []).forEach((change, k) => {
      const day = dayOfDate(change.date, m.scenario.run.startDate, m.measureStartDay);
      if (day <= 0) m.valves.setDevices(m, change.capacity);
      else if (day < m.endDay) m.sim.scheduleAt(day, Ev.EmCapacityChange, -1, k, Priority.Bookkeeping);
    });
  }

  /** Dated policy changes: those before the run's first day are the rules from the start, the rest are events. */
  private schedulePolicyChanges(): void {
    const m = this.model;
    m.policy.changes.forEach((change, k) => {
      const day = dayOfDate(change.date, m.scenario.run.startDate, m.measureStartDay);
      if (day <= 0) applyPolicyChangeBeforeStart(m, k);
      else if (day < m.endDay) m.sim.scheduleAt(day, Ev.PolicyChange, -1, k, Priority.Bookkeeping);
    });
  }

  private changeCapacity(facility: number, change: number): void {
    const m = this.model;
    const capacity = m.scenario.facilities[facility].capacityChanges![change].capacity;
    if (m.setCapacity(facility, capacity) > 0) placeFreed(m, m.facilities[facility].level);
  }

  private startMeasuring(): void {
    const m = this.model;
    m.flows = new Flows(PROGRAMS.length);
    m.integrals.flush(m.now);
    m.integrals.resetAreas(m.now);
    this.monthly.start();
  }

  /**
   * The monthly series so far (month ends already passed), for a page that draws a run while it
   * goes; reading them changes nothing.
   */
  monthlySoFar(): ReplicationResult['monthly'] {
    return this.monthly.series();
  }

  /** Advances the replication to `day` (for tests that inspect the state on the way, and for a page that shows the months as they come). */
  runUntil(day: number): void {
    this.model.sim.runUntil(Math.min(day, this.model.endDay), this);
  }

  run(): ReplicationResult {
    this.runUntil(this.model.endDay);
    return this.result();
  }

  result(): ReplicationResult {
    const m = this.model;
    m.integrals.flush(m.now);
    return {
      replication: this.options.replication,
      seed: this.options.seed,
      events: m.sim.eventsProcessed,
      people: m.people.length,
      metrics: computeMetrics(m),
      monthly: this.monthly.series(),
      cohorts: computeCohorts(m),
    };
  }
}

/** Runs one replication: deterministic in (scenario, seed, replication). */
export function runReplication(scenario: Scenario, options: ReplicationOptions, census?: readonly CensusRecord[]): ReplicationResult {
  return new Replication(scenario, options, census).run();
}
