/**
 * Waiting lines: first-in first-out lines of person ids, a line of priority classes, and the one
 * way every line admits (remand places for those in police cells, the sentence queue, step-down
 * and halfway houses, programme waitlists): while there is room, take the next id off, drop it if
 * that person no longer waits in this line (a stale entry: lines are never searched, people leave
 * them by changing state), and admit the first who still waits.
 */
import type { SecurityLevel } from '../scenario/types.js';
import type { Person } from './person.js';
import type { Model } from './state.js';

/** A first-in first-out line of person ids; stale entries are skipped by whoever pops. */
export class IdQueue {
  private items: number[] = [];
  private head = 0;

  push(id: number): void {
    this.items.push(id);
  }

  /** Next id without removing it, or -1. */
  peek(): number {
    return this.head < this.items.length ? this.items[this.head] : -1;
  }

  shift(): number {
    if (this.head >= this.items.length) return -1;
    const id = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return id;
  }

  get length(): number {
    return this.items.length - this.head;
  }
}

/** A line of priority classes (0 first), first come first served within a class. */
export class PriorityLine {
  private readonly classes: IdQueue[];

  constructor(classes: number) {
    this.classes = Array.from({ length: classes }, () => new IdQueue());
  }

  push(id: number, priorityClass: number): void {
    this.classes[priorityClass].push(id);
  }

  /** Next id of the most urgent class that has one, or -1. */
  shift(): number {
    for (const q of this.classes) if (q.length > 0) return q.shift();
    return -1;
  }

  get length(): number {
    let n = 0;
    for (const q of this.classes) n += q.length;
    return n;
  }
}

/**
 * How one kind of line admits. `key` says which line of the kind (a level, a facility's
 * programme): the rules are module constants, so admitting allocates nothing.
 */
export interface WaitingLine<K> {
  /** Where the next in line would go now (a facility, a programme), or -1 when there is no room. */
  room(m: Model, key: K): number;
  /** Whether the person still waits in this line; if not, their entry is stale and dropped. */
  waiting(p: Person, key: K): boolean;
  /** Takes the person off the line into `place` (what `room` gave). */
  admit(m: Model, p: Person, place: number, key: K): void;
}

/** Admits from a line while there is room, dropping stale entries. */
export function admitFromLine<K>(m: Model, line: IdQueue | PriorityLine, rules: WaitingLine<K>, key: K): void {
  while (line.length > 0) {
    const place = rules.room(m, key);
    if (place < 0) return;
    const p = m.people[line.shift()];
    if (p === null || p === undefined || !rules.waiting(p, key)) continue;
    rules.admit(m, p, place, key);
  }
}

/** A line of a level for one sex (state.ts, SexLines): the key its rules are called with. */
export interface LineKey<L extends SecurityLevel = SecurityLevel> {
  readonly level: L;
  readonly woman: boolean;
}

function keysOf<L extends SecurityLevel>(level: L): readonly [LineKey<L>, LineKey<L>] {
  return [Object.freeze({ level, woman: false }), Object.freeze({ level, woman: true })];
}

const LINE_KEYS = { remand: keysOf('remand'), high: keysOf('high'), low: keysOf('low'), halfway: keysOf('halfway') } as const;

/** The key of a level's line for one sex: module constants, so admitting allocates nothing. */
export function lineKey<L extends SecurityLevel>(level: L, woman: boolean): LineKey<L> {
  return LINE_KEYS[level][woman ? 1 : 0] as LineKey<L>;
}

/**
 * Admitting when places free up (admission.ts), as the model holds it: the modules that free a
 * place call through it, so they need not import those that fill the place.
 */
export interface Admission {
  /** A place at a level was freed: the next in line takes it. */
  placeFreed(m: Model, level: SecurityLevel): void;
  /** Someone (a woman or a man) joined a sentence line at the head of its class: the line moves if a place is free (with cross-level placement, a high place for the open line). */
  sentenceLineMoves(m: Model, level: 'high' | 'low', woman: boolean): void;
}

/** Until a replication sets the real rules: a model built without one cannot admit. */
export const NO_ADMISSION: Admission = {
  placeFreed: () => {
    throw new Error('no admission rules: a model admits only inside a Replication (admission.ts)');
  },
  sentenceLineMoves: () => {
    throw new Error('no admission rules: a model admits only inside a Replication (admission.ts)');
  },
};
