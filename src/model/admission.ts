/**
 * Who takes a freed place: remand places go to those in police cells; high-security places to
 * the sentence line, then (with cross-level placement) to those waiting for an open place;
 * low-security places to those stepping down (and cross-level starters moving on to open) before
 * new admissions from the sentence line; halfway places to those approved for them. The processes reach this through
 * the model (`m.admission`, set by replication.ts), because admitting someone calls back into
 * sentencing and release, which free places in turn: so no module that frees a place imports
 * the ones that fill it, and the model's imports stay a tree.
 */
import type { SecurityLevel } from '../scenario/types.js';
import { admitFromLine, type Admission, type WaitingLine } from './lines.js';
import { Line, Status, statusOfLevel } from './person.js';
import { transfer } from './placement.js';
import { admitAcrossLevels, admitFromSentenceLine } from './queue.js';
import { admitFromPoliceCells } from './remand.js';
import type { Model } from './state.js';

function placeFreed(m: Model, level: SecurityLevel): void {
  switch (level) {
    case 'remand':
      admitFromPoliceCells(m);
      return;
    case 'high':
      admitFromSentenceLine(m, 'high');
      admitAcrossLevels(m);
      return;
    case 'low':
      admitFromTransferLine(m, 'low');
      admitFromSentenceLine(m, 'low');
      return;
    case 'halfway':
      admitFromTransferLine(m, 'halfway');
      return;
  }
}

function admitFromTransferLine(m: Model, level: 'low' | 'halfway'): void {
  admitFromLine(m, m.transferLine[level], TRANSFER_LINE, level);
}

const TRANSFER_LINE: WaitingLine<'low' | 'halfway'> = {
  room: (m, level) => m.freeFacility(level),
  waiting: (p, level) => p.inLine === (level === 'low' ? Line.StepDown : Line.Halfway) && p.facility >= 0,
  admit(m, p, f, level) {
    m.flows.transfers++;
    const crossLevel = level === 'low' && p.status === Status.High && !Number.isNaN(p.crossLevelSince);
    if (crossLevel) {
      m.flows.crossLevelMovesToLow++;
      m.flows.crossLevelWaitDays += m.now - p.crossLevelSince;
      p.crossLevelSince = NaN;
    }
    transfer(m, p, statusOfLevel(level), f);
    m.note(p, level === 'low' ? (crossLevel ? 'moved on to the open prison assigned' : 'stepped down to low security') : 'moved to a halfway house');
  },
};

/** Someone joined a sentence line at the head of its class: it moves if a place is free (for the open line, a high place may do). */
function sentenceLineMoves(m: Model, level: 'high' | 'low'): void {
  admitFromSentenceLine(m, level);
  if (level === 'low') admitAcrossLevels(m);
}

/** The admission rules of a replication. */
export const ADMISSION: Admission = {
  placeFreed,
  sentenceLineMoves,
};
