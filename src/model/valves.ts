/**
 * The valves of a system under pressure (scenario `valves:`, docs/model.md section 5.2): early
 * release of N days for sentences in a range, more EM (approvals and devices), double-celling up
 * to a share of a level's places, and temporary or rented places. Each is switched on and off by
 * its trigger: a date window (an event at each end), or a rule read at a fixed check interval
 * (an event of its own every `checkEveryDays`; on above `above`, off again below `below`), so a
 * valve costs nothing between its events and a scenario without valves schedules none.
 *
 * What a valve does while on is read by the processes through a few fields: the early-release
 * days of a sentence being planned (`earlyReleaseDays`), the EM approval shares (`frontDoorShare`,
 * `backDoorShare`, 0 when no valve raises them) and devices (`Model.emCapacity`), and the places
 * of each facility (`Model.setValvePlaces`).
 */
import type { Scenario, SecurityLevel, Valve, ValveTrigger } from '../scenario/types.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, dayOfDate } from './params.js';
import { Slot } from './measurements.js';
import { Sentence, Status } from './person.js';
import { placeFreed, replanSentence } from './placement.js';
import { servingPlannedSentence } from './policy.js';
import type { Model } from './state.js';

/** The default check interval of a rule trigger: a month. */
export const VALVE_CHECK_DAYS = DAYS_PER_YEAR / 12;

/** What the valves did over the measured period, for the metrics (metrics.ts). */
export interface ValveSummary {
  /** Days on, summed over the valves. */
  onDays: number;
  switchesOn: number;
  switchesOff: number;
}

export class Valves {
  readonly list: readonly Valve[];
  readonly on: boolean[];
  /** Day each valve was last switched on. */
  private readonly onSince: number[];
  private measuredOnDays = 0;
  private switchesOn = 0;
  private switchesOff = 0;
  /** Devices as the scenario, its dated device changes and its policy changes give them (valves add theirs on top). */
  private devices: number;
  /** Early-release valves on now: sentences planned now in a range are released this many days early. */
  private early: Array<{ days: number; min: number; max: number }> = [];
  /** Whether the devices change other than by policy changes (dated changes, valves): costs then read them from their time integral. */
  readonly devicesVary: boolean;
  /** EM approval shares raised by a valve (0: none on, the rules' share stands). */
  frontDoorShare = 0;
  backDoorShare = 0;

  constructor(scenario: Scenario) {
    this.list = scenario.valves ?? [];
    this.on = this.list.map(() => false);
    this.onSince = this.list.map(() => NaN);
    this.devices = scenario.electronicMonitoring.capacity;
    this.devicesVary =
      (scenario.electronicMonitoring.capacityChanges ?? []).length > 0 || this.list.some((v) => v.type === 'emBoost' && (v.extraDevices ?? 0) > 0);
  }

  /** The devices in force change: kept in the model and in their time integral. */
  private putDevices(m: Model): void {
    const devices = this.devices + this.extraDevices();
    if (devices !== m.emCapacity) {
      m.integrals.add(Slot.EmDevices, devices - m.emCapacity, m.now);
      m.emCapacity = devices;
    }
  }

  /** The days a prison sentence of `sentenceDays` planned now is released early (the largest of the valves on whose range holds it). */
  earlyReleaseDays(sentenceDays: number): number {
    let days = 0;
    for (let i = 0; i < this.early.length; i++) {
      const e = this.early[i];
      if (sentenceDays >= e.min && sentenceDays <= e.max && e.days > days) days = e.days;
    }
    return days;
  }

  /** Sets the devices in force before valves (a dated change or a policy change of the capacity). */
  setDevices(m: Model, devices: number): void {
    this.devices = devices;
    this.putDevices(m);
  }

  private extraDevices(): number {
    let extra = 0;
    this.list.forEach((v, i) => {
      if (this.on[i] && v.type === 'emBoost') extra += v.extraDevices ?? 0;
    });
    return extra;
  }

  /** What the valves did in the measured period up to `now`. */
  summary(m: Model): ValveSummary {
    let onDays = this.measuredOnDays;
    this.on.forEach((on, i) => {
      if (on) onDays += measuredOverlap(m, this.onSince[i], m.now);
    });
    return { onDays, switchesOn: this.switchesOn, switchesOff: this.switchesOff };
  }

  /** Switches valve `i` on or off, and brings early release, EM and places to the valves now on. */
  switchValve(m: Model, i: number, on: boolean, why: () => string): void {
    if (this.on[i] === on) return;
    const v = this.list[i];
    const measured = m.now >= m.measureStartDay;
    this.on[i] = on;
    if (on) {
      this.onSince[i] = m.now;
      if (measured) this.switchesOn++;
    } else {
      this.measuredOnDays += measuredOverlap(m, this.onSince[i], m.now);
      if (measured) this.switchesOff++;
    }
    if (m.tracing) m.listeners.valveSwitched(v.name, on, m.now, why());
    this.early = [];
    this.frontDoorShare = 0;
    this.backDoorShare = 0;
    this.list.forEach((w, k) => {
      if (!this.on[k]) return;
      if (w.type === 'earlyRelease') this.early.push({ days: w.days, min: w.minSentenceDays, max: w.maxSentenceDays });
      if (w.type === 'emBoost') {
        this.frontDoorShare = Math.max(this.frontDoorShare, w.frontDoorApprovalShare ?? 0);
        this.backDoorShare = Math.max(this.backDoorShare, w.backDoorApprovalShare ?? 0);
      }
    });
    this.putDevices(m);
    if (v.type === 'doubleCell' || v.type === 'tempPlaces') this.applyPlaces(m);
    if (v.type === 'earlyRelease' && on) this.releaseServingEarly(m, v.name);
  }

  /** Temporary places and double-cell shares of the valves on, facility by facility; new places are filled at once. */
  private applyPlaces(m: Model): void {
    const temp = m.facilities.map(() => 0);
    const double = m.facilities.map(() => 0);
    this.list.forEach((v, k) => {
      if (!this.on[k]) return;
      if (v.type === 'tempPlaces') {
        const at = v.facility !== undefined ? m.facilities.findIndex((f) => f.name === v.facility) : m.levelFacilities[v.level][0];
        temp[at] += v.places;
      } else if (v.type === 'doubleCell') {
        for (const f of m.levelFacilities[v.level]) double[f] = Math.min(1, double[f] + v.share);
      }
    });
    const opened = new Set<SecurityLevel>();
    m.facilities.forEach((f, i) => {
      if (f.tempPlaces !== temp[i] || f.doubleShare !== double[i]) {
        if (m.setValvePlaces(i, temp[i], double[i]) > 0) opened.add(f.level);
      }
    });
    for (const level of opened) placeFreed(m, level);
  }

  /** Early release switched on: those serving a prison sentence in its range have their release day brought forward now. */
  private releaseServingEarly(m: Model, name: string): void {
    const why = `valve ${name}: release brought forward`;
    for (const p of m.people) {
      if (p === null || p.sentenceKind !== Sentence.Prison || !servingPlannedSentence(p)) continue;
      const days = this.earlyReleaseDays(p.sentenceDays);
      if (days <= p.earlyReleaseDays) continue;
      p.earlyReleaseDays = days;
      replanSentence(m, p, why);
    }
  }
}

/** Days of [from, to] inside the measured period. */
function measuredOverlap(m: Model, from: number, to: number): number {
  return Math.max(0, Math.min(to, m.endDay) - Math.max(from, m.measureStartDay));
}

/** The day of a date, on the run's clock. */
function dayOf(m: Model, date: string): number {
  return dayOfDate(date, m.scenario.run.startDate, m.measureStartDay);
}

/** Puts each valve's first events on the calendar: the ends of a date window, or the first check of a rule. */
export function scheduleValves(m: Model): void {
  m.valves.list.forEach((v, i) => {
    const t = v.trigger;
    if (t.from !== undefined) {
      const from = Math.max(0, dayOf(m, t.from));
      const until = t.until === undefined ? Infinity : dayOf(m, t.until);
      if (until <= from || from >= m.endDay) return;
      m.sim.scheduleAt(from, Ev.ValveSwitch, -1, 2 * i + 1, Priority.Bookkeeping);
      if (until < m.endDay) m.sim.scheduleAt(until, Ev.ValveSwitch, -1, 2 * i, Priority.Bookkeeping);
      return;
    }
    m.sim.scheduleAt(0, Ev.ValveCheck, -1, i, Priority.Bookkeeping);
  });
}

/** A date window opened (tag odd) or closed (tag even). */
export function onValveSwitch(m: Model, tag: number): void {
  const i = tag >> 1;
  const on = (tag & 1) === 1;
  const t = m.valves.list[i].trigger;
  m.valves.switchValve(m, i, on, () => (on ? `from ${t.from}` : `until ${t.until}`));
}

/** A rule's check: on above `above`, off below `below`; the next check follows after the interval. */
export function onValveCheck(m: Model, i: number): void {
  const v = m.valves.list[i];
  const t = v.trigger;
  const value = valveMetric(m, v);
  const above = t.above ?? Infinity;
  const below = t.below ?? -Infinity;
  const what = () => `${t.metric}${t.level === undefined ? '' : ` of ${t.level}`} ${formatValue(value)}`;
  const on = ruleSwitch(m.valves.on[i], value, t);
  if (on !== m.valves.on[i]) m.valves.switchValve(m, i, on, () => `${what()} ${on ? `above ${above}` : `below ${below}`}`);
  const next = m.now + (t.checkEveryDays ?? VALVE_CHECK_DAYS);
  if (next < m.endDay) m.sim.scheduleAt(next, Ev.ValveCheck, -1, i, Priority.Bookkeeping);
}

/** Whether a rule's valve is on after a check that reads `value`: on above `above`, off below `below`, else as it was (hysteresis). */
export function ruleSwitch(on: boolean, value: number, t: Pick<ValveTrigger, 'above' | 'below'>): boolean {
  if (!on) return value > (t.above ?? Infinity);
  return !(value < (t.below ?? -Infinity));
}

function formatValue(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}

/** The value a rule reads now: people waiting to serve, those waiting over 60 days since conviction, or held over ordinary places. */
export function valveMetric(m: Model, v: Valve): number {
  const t = v.trigger;
  switch (t.metric) {
    case 'queue':
      return m.integrals.count[Status.Queue];
    case 'queue_kdi':
      return m.integrals.count[Slot.KdiQueue];
    case 'occupancy': {
      let held = 0;
      let places = 0;
      m.facilities.forEach((f) => {
        if (t.level !== undefined && f.level !== t.level) return;
        held += f.occupied;
        places += f.ordinaryOpen;
      });
      return places > 0 ? held / places : 0;
    }
    default:
      return NaN;
  }
}
