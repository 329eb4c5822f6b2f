/**
 * Remand: accommodated at once, in a police cell if no remand place is free; at the end of the
 * drawn duration the court decides, with the remand time credited to any sentence.
 */
import { decideAfterRemand } from './court.js';
import { Ev, Priority } from './events.js';
import { admitFromLine, lineKey, type LineKey, type WaitingLine } from './lines.js';
import { Line, Sentence, Status, type Person } from './person.js';
import { enterFacility, joinTransferFromRemand } from './placement.js';
import { pickIndex } from './params.js';
import type { Model } from './state.js';

export function enterRemand(m: Model, p: Person): void {
  m.flows.remandAdmissions++;
  m.listeners.admitted(p, m.now);
  p.remandStartDay = m.now;
  p.remandOutcome =
    p.sentenceKind === Sentence.PreventiveDetention ? 0 : pickIndex(m.params.remandOutcomeCum, p.rng.case.next());
  const f = m.freeFacility('remand', p.woman);
  if (f >= 0) {
    enterFacility(m, p, Status.Remand, f);
    m.note(p, 'remanded in custody');
  } else {
    m.setStatus(p, Status.PoliceCell);
    p.inLine = Line.PoliceCell;
    m.linesOf(p.woman).policeCell.push(p.id);
    m.note(p, 'remanded, held in a police cell: no remand place free');
  }
  const days = m.params.remandDuration.sample(p.rng.case);
  m.sim.schedule(m.inputs.hasRemand ? days * m.inputs.remandDurationFactor(m.now) : days, Ev.RemandEnd, p.id, p.generation, Priority.Movement);
}

export function onRemandEnd(m: Model, p: Person): void {
  p.remandDays = m.now - p.remandStartDay;
  m.flows.remandStays++;
  m.flows.remandStayDays += p.remandDays;
  decideAfterRemand(m, p);
}

/**
 * A remand place is free: the longest-waiting person in a police cell takes it. Someone sentenced
 * while still in a cell waits there for their transfer, now in the remand unit.
 */
export function admitFromPoliceCells(m: Model): void {
  for (const woman of m.sexesAt.remand) admitFromLine(m, m.linesOf(woman).policeCell, POLICE_CELLS, lineKey('remand', woman));
}

const POLICE_CELLS: WaitingLine<LineKey<'remand'>> = {
  room: (m, key) => m.freeFacility('remand', key.woman),
  waiting: (p) => p.status === Status.PoliceCell && p.inLine === Line.PoliceCell,
  admit(m, p, f) {
    if (Number.isNaN(p.convictionDay)) {
      enterFacility(m, p, Status.Remand, f);
      m.note(p, 'moved from a police cell to a remand place');
    } else {
      enterFacility(m, p, Status.AwaitingTransfer, f);
      joinTransferFromRemand(m, p);
      // Sentenced while in the cell: the line moves if a place (or, cross-level, a high place) is free now.
      m.admission.sentenceLineMoves(m, p.assignedLevel as 'high' | 'low', p.woman);
    }
  },
};
