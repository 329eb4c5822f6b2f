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
import { admitFromLine, lineKey, type Admission, type LineKey, type WaitingLine } from './lines.js';
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
      // Where the level has women's places, a freed place serves the line of its sex; both are tried.
      for (const woman of m.sexesAt.high) {
        admitFromSentenceLine(m, 'high', woman);
        admitAcrossLevels(m, woman);
      }
      return;
    case 'low':
      for (const woman of m.sexesAt.low) {
        admitFromTransferLine(m, 'low', woman);
        admitFromSentenceLine(m, 'low', woman);
      }
      return;
    case 'halfway':
      for (const woman of m.sexesAt.halfway) admitFromTransferLine(m, 'halfway', woman);
      return;
  }
}

function admitFromTransferLine(m: Model, level: 'low' | 'halfway', woman: boolean): void {
  admitFromLine(m, m.linesOf(woman).transfer[level], TRANSFER_LINE, lineKey(level, woman));
}

const TRANSFER_LINE: WaitingLine<LineKey<'low' | 'halfway'>> = {
  room: (m, key) => m.freeFacility(key.level, key.woman),
  waiting: (p, key) => p.inLine === (key.level === 'low' ? Line.StepDown : Line.Halfway) && p.facility >= 0,
  admit(m, p, f, key) {
    const level = key.level;
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
function sentenceLineMoves(m: Model, level: 'high' | 'low', woman: boolean): void {
  admitFromSentenceLine(m, level, woman);
  if (level === 'low') admitAcrossLevels(m, woman);
}

/** The admission rules of a replication. */
export const ADMISSION: Admission = {
  placeFreed,
  sentenceLineMoves,
};
