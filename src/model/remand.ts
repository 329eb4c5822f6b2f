/**
 * Remand: accommodated at once, in a police cell if no remand place is free; at the end of the
 * drawn duration the court decides, with the remand time credited to any sentence.
 */
import { decideAfterRemand } from './court.js';
import { Ev, Priority } from './events.js';
import { Line, Sentence, Status, type Person } from './person.js';
import { enterFacility } from './placement.js';
import type { Model } from './state.js';

export function enterRemand(m: Model, p: Person): void {
  m.flows.remandAdmissions++;
  m.flows.monthAdmissions++;
  p.remandStartDay = m.now;
  p.remandOutcome =
    p.sentenceKind === Sentence.PreventiveDetention ? 0 : pickOutcome(m);
  const f = m.freeFacility('remand');
  if (f >= 0) {
    enterFacility(m, p, Status.Remand, f);
    m.note(p, 'remanded in custody');
  } else {
    m.setStatus(p, Status.PoliceCell);
    p.inLine = Line.PoliceCell;
    m.policeCellLine.push(p.id);
    m.note(p, 'remanded, held in a police cell: no remand place free');
  }
  m.sim.schedule(m.params.remandDuration.sample(m.rng.remand), Ev.RemandEnd, p.id, p.generation, Priority.Movement);
}

function pickOutcome(m: Model): number {
  const u = m.rng.court.next();
  const cum = m.params.remandOutcomeCum;
  for (let i = 0; i < cum.length; i++) if (u < cum[i]) return i;
  return cum.length - 1;
}

export function onRemandEnd(m: Model, p: Person): void {
  p.remandDays = m.now - p.remandStartDay;
  m.flows.remandStays++;
  m.flows.remandStayDays += p.remandDays;
  if (p.status === Status.PoliceCell) countPoliceCellStay(m, m.now - p.lastLevelChangeDay);
  decideAfterRemand(m, p);
}

function countPoliceCellStay(m: Model, days: number): void {
  m.flows.policeCellDays += days;
  if (days > m.params.policeCellMaxDays) m.flows.policeCellOverLimit++;
}

/** A remand place is free: the longest-waiting person in a police cell takes it. */
export function admitFromPoliceCells(m: Model): void {
  while (m.policeCellLine.length > 0) {
    const f = m.freeFacility('remand');
    if (f < 0) return;
    const p = m.people[m.policeCellLine.shift()];
    if (p === null || p === undefined || p.status !== Status.PoliceCell || p.inLine !== Line.PoliceCell) continue;
    countPoliceCellStay(m, m.now - p.lastLevelChangeDay);
    enterFacility(m, p, Status.Remand, f);
    m.note(p, 'moved from a police cell to a remand place');
  }
}
