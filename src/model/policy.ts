/**
 * Putting dated rules in force (the rules themselves, and which decides what, are data: rules.ts):
 * a change dated before the run's first day is simply the rules from the start; a change during
 * the run records the cost segment, plans again the sentences it reaches, and brings the system
 * (programme slots, the next preventive-detention case, incident clocks) to the new rules.
 */
import { scheduleNextPreventiveDetention } from './arrival.js';
import { scheduleIncident } from './incident-clock.js';
import { Sentence, Status, type Person } from './person.js';
import { replanSentence } from './placement.js';
import { setProgramSlots } from './programs.js';
import { sameIncidentRules, sameProgramSlots } from './rules.js';
import type { Model } from './state.js';

/** Serving a sentence whose plan is on the calendar (not preventive detention, whose reviews follow the rules when they come). */
export function servingPlannedSentence(p: Person): boolean {
  if (p.sentenceKind !== Sentence.Prison && p.sentenceKind !== Sentence.FrontDoorEm) return false;
  switch (p.status) {
    case Status.High:
    case Status.Low:
    case Status.Halfway:
    case Status.Em:
    case Status.AwaitingTransfer:
      return true;
    case Status.PoliceCell:
      return !Number.isNaN(p.convictionDay); // sentenced while still in a police cell
    default:
      return false;
  }
}

/** Makes the rules after change `k` (0-based) the rules in force. */
function putInForce(m: Model, k: number): void {
  m.policy.switchTo(k + 1);
  m.scenario = m.policy.rules.scenario;
  m.params = m.policy.rules.params;
}

/** A change dated before the run's first day: its rules are the rules from the start (nobody is there yet). */
export function applyPolicyChangeBeforeStart(m: Model, k: number): void {
  const devices = m.scenario.electronicMonitoring.capacity;
  putInForce(m, k);
  setProgramSlots(m);
  if (m.scenario.electronicMonitoring.capacity !== devices) m.valves.setDevices(m, m.scenario.electronicMonitoring.capacity);
}

/**
 * Puts the rules of change `k` (0-based) in force during the run: record the cost segment, plan again the
 * sentences of people reached by a change of the sentence-plan rules, and bring the system
 * (programme slots, the next preventive-detention case, incident clocks) to the new rules.
 */
export function applyPolicyChange(m: Model, k: number): void {
  const policy = m.policy;
  const old = policy.rules.scenario;
  if (m.now > m.measureStartDay) {
    m.integrals.flush(m.now);
    policy.measuredSwitches.push({ day: m.now, scenario: old, area: Float64Array.from(m.integrals.area) });
  }
  putInForce(m, k);
  const now = m.scenario;

  const planChanged = policy.planChangedByCase();
  if (planChanged.some(Boolean)) {
    for (const p of m.people) if (p !== null && planChanged[p.caseRegime] && servingPlannedSentence(p)) replanSentence(m, p, `policy change of ${policy.changes[k].date} applies to those serving`);
  }
  if (!sameProgramSlots(now, old)) setProgramSlots(m);
  // The devices: a change of the capacity sets them at its date, as a dated device change does at its own (valves add theirs on top).
  if (now.electronicMonitoring.capacity !== old.electronicMonitoring.capacity) m.valves.setDevices(m, now.electronicMonitoring.capacity);
  if (now.sentencing.preventiveDetention.newPerYear !== old.sentencing.preventiveDetention.newPerYear) {
    // Poisson arrivals are memoryless: the next one is drawn again at the new rate.
    m.sim.cancel(m.preventiveDetentionArrival);
    scheduleNextPreventiveDetention(m);
  }
  if (!sameIncidentRules(now, old)) {
    // Incident clocks are exponential, so restarting them at the new rates is exact.
    for (const p of m.people) if (p !== null && p.facility >= 0) scheduleIncident(m, p);
  }
}
