/**
 * Incidents (violence and serious rule breaking) when they happen: the clock that times them is
 * incident-clock.ts; an incident delays step-down and may move the person up to high security.
 */
import { scheduleIncident } from './incident-clock.js';
import { LEVEL_INDEX } from './params.js';
import { Status, type Person } from './person.js';
import { scheduleStepDown, transfer } from './placement.js';
import { caseRules } from './rules.js';
import type { Model } from './state.js';

/** An incident delays step-down and may move the person from an open unit up to high security. */
export function onIncident(m: Model, p: Person): void {
  p.incidentHandle = -1;
  p.incidents++;
  const level = m.facilities[p.facility].level;
  m.flows.incidentsByLevel[LEVEL_INDEX[level]]++;
  p.stepDownNotBefore = m.now + caseRules(m, p).scenario.stepDown.incidentDelayDays;
  m.note(p, 'incident');
  m.listeners.incident(p, m.now);
  if ((level === 'low' || level === 'halfway') && p.rng.conduct.next() < m.scenario.incidents.moveUpProbability) {
    const f = m.freeFacility('high', p.woman);
    if (f >= 0) {
      m.flows.transfers++;
      transfer(m, p, Status.High, f);
      m.note(p, 'moved up to high security after an incident');
      scheduleStepDown(m, p);
      return;
    }
  }
  scheduleIncident(m, p);
}
