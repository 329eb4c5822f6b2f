/**
 * The calendar's two levels (a heap for the near future, an unordered far list) and its lazy
 * cancellation must not be visible: whatever mix of near and far times, ties, cancellations and
 * retags, events pop exactly as one sorted list of (time, priority, insertion order) would give them.
 */
import { describe, expect, it } from 'vitest';
import { EventCalendar } from '../../src/engine/calendar.js';
import { createStream } from '../../src/engine/random.js';

interface Ref {
  time: number;
  priority: number;
  seq: number;
  tag: number;
}

function before(a: Ref, b: Ref): boolean {
  return a.time < b.time || (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)));
}

/** A reference calendar: a plain map, searched for its minimum. */
class Reference {
  readonly pending = new Map<number, Ref>();
  private seq = 0;

  add(handle: number, time: number, priority: number, tag: number): void {
    this.pending.set(handle, { time, priority, seq: this.seq++, tag });
  }

  first(): [number, Ref] | undefined {
    let best: [number, Ref] | undefined;
    for (const entry of this.pending) if (best === undefined || before(entry[1], best[1])) best = entry;
    return best;
  }
}

function popAll(cal: EventCalendar): number[] {
  const tags: number[] = [];
  while (cal.pop()) tags.push(cal.tag);
  return tags;
}

describe('EventCalendar levels', () => {
  it('a mix of near and far times, ties, cancellations and retags pops as one sorted list', () => {
    const rng = createStream(3, 0, 'calendar-levels');
    const cal = new EventCalendar(8);
    const ref = new Reference();
    let now = 0;
    let tag = 0;
    for (let step = 0; step < 40_000; step++) {
      const r = rng.next();
      if (r < 0.5) {
        // Integer times force ties within and across the levels; a few events at `now` itself.
        const u = rng.next();
        const delay = u < 0.1 ? 0 : u < 0.7 ? Math.floor(rng.next() * 20) : Math.floor(rng.next() * 5000);
        const priority = Math.floor(rng.next() * 4) - 1;
        const t = ++tag;
        ref.add(cal.schedule(now + delay, priority, 7, -t, t), now + delay, priority, t);
      } else if (r < 0.65 && ref.pending.size > 0) {
        const handles = [...ref.pending.keys()];
        const h = handles[Math.floor(rng.next() * handles.length)];
        expect(cal.cancel(h)).toBe(true);
        expect(cal.cancel(h)).toBe(false);
        expect(cal.retag(h, 1)).toBe(false);
        ref.pending.delete(h);
      } else if (r < 0.7 && ref.pending.size > 0) {
        const handles = [...ref.pending.keys()];
        const h = handles[Math.floor(rng.next() * handles.length)];
        const t = ++tag;
        expect(cal.retag(h, t)).toBe(true);
        ref.pending.get(h)!.tag = t;
      } else {
        const first = ref.first();
        if (first === undefined) {
          expect(cal.peekTime()).toBe(Infinity);
          expect(cal.pop()).toBe(false);
        } else {
          const [handle, ev] = first;
          expect(cal.peekTime()).toBe(ev.time);
          expect(cal.pop()).toBe(true);
          expect([cal.time, cal.priority, cal.tag, cal.kind]).toEqual([ev.time, ev.priority, ev.tag, 7]);
          ref.pending.delete(handle);
          expect(cal.cancel(handle)).toBe(false);
          now = cal.time;
        }
      }
      expect(cal.size).toBe(ref.pending.size);
    }
    const rest = [...ref.pending.values()].sort((a, b) => (before(a, b) ? -1 : 1)).map((e) => e.tag);
    expect(popAll(cal)).toEqual(rest);
    expect(cal.size).toBe(0);
  });

  it('events at one time keep priority and insertion order when some are scheduled before a refill and some after', () => {
    const cal = new EventCalendar();
    // Far from the start (nothing has popped), then a pop moves them into the heap.
    for (let i = 0; i < 100; i++) cal.schedule(1000 + (i % 10), 1, 0, 0, i);
    cal.schedule(5, 0, 0, 0, -1);
    expect(cal.pop()).toBe(true);
    expect(cal.tag).toBe(-1);
    // Same times again, now scheduled after the refill: wherever they land, priority 0 comes
    // before 1 and, within a priority, insertion order holds.
    for (let i = 0; i < 100; i++) cal.schedule(1000 + (i % 10), i % 2, 0, 0, 100 + i);
    const popped: Array<[number, number]> = [];
    while (cal.pop()) popped.push([cal.time, cal.tag]);
    // At time 1000 + d the old events have priority 1 and the new ones priority d % 2: at even d
    // the new come first; at odd d all have priority 1 and the old, scheduled earlier, come first.
    const expected: Array<[number, number]> = [];
    for (let d = 0; d < 10; d++) {
      const old = Array.from({ length: 10 }, (_, j): [number, number] => [1000 + d, d + 10 * j]);
      const fresh = Array.from({ length: 10 }, (_, j): [number, number] => [1000 + d, 100 + d + 10 * j]);
      expected.push(...(d % 2 === 0 ? [...fresh, ...old] : [...old, ...fresh]));
    }
    expect(popped).toEqual(expected);
  });

  it('a calendar whose far events are all cancelled is empty', () => {
    const cal = new EventCalendar(4);
    const handles = Array.from({ length: 50 }, (_, i) => cal.schedule(10_000 + i, 0, 0, 0, i));
    for (const h of handles) expect(cal.cancel(h)).toBe(true);
    expect(cal.size).toBe(0);
    expect(cal.peekTime()).toBe(Infinity);
    expect(cal.pop()).toBe(false);
    // And it works on: the slots of the dropped events are reused, old handles stay dead.
    const h = cal.schedule(3, 0, 1, 2, 3);
    expect(handles.includes(h)).toBe(false);
    for (const old of handles) expect(cal.cancel(old)).toBe(false);
    expect(cal.pop()).toBe(true);
    expect([cal.time, cal.kind, cal.target, cal.tag]).toEqual([3, 1, 2, 3]);
  });

  it('skips cancelled events at the head of the heap and in the far list, keeping the rest in order', () => {
    const cal = new EventCalendar(2);
    const near = [1, 2, 3, 4].map((t) => cal.schedule(t, 0, 0, 0, t));
    const far = [5000, 6000, 7000].map((t) => cal.schedule(t, 0, 0, 0, t));
    expect(cal.pop()).toBe(true); // refills: the near ones come into the heap
    expect(cal.tag).toBe(1);
    expect(cal.cancel(near[1])).toBe(true);
    expect(cal.cancel(near[2])).toBe(true);
    expect(cal.cancel(far[1])).toBe(true);
    expect(cal.size).toBe(3);
    expect(cal.peekTime()).toBe(4);
    expect(popAll(cal)).toEqual([4, 5000, 7000]);
  });

  it('grows while cancelled events still hold their slots, and clear() empties both levels', () => {
    const cal = new EventCalendar(1);
    const handles: number[] = [];
    for (let i = 0; i < 1000; i++) handles.push(cal.schedule(i % 2 === 0 ? i : 100_000 + i, 0, 0, 0, i));
    for (let i = 0; i < 1000; i += 3) cal.cancel(handles[i]);
    for (let i = 0; i < 1000; i++) cal.schedule(50 + i, 0, 0, 0, 1000 + i);
    const expectedSize = 2000 - Math.ceil(1000 / 3);
    expect(cal.size).toBe(expectedSize);
    // Pop a few (a refill), then clear.
    for (let i = 0; i < 10; i++) expect(cal.pop()).toBe(true);
    const pending = handles.filter((_, i) => i % 3 !== 0);
    cal.clear();
    expect(cal.size).toBe(0);
    expect(cal.pop()).toBe(false);
    for (const h of pending) expect(cal.cancel(h)).toBe(false);
    cal.schedule(1, 0, 0, 0, 42);
    expect(popAll(cal)).toEqual([42]);
  });
  it('compacts a far list that is mostly cancelled entries without changing the order of the rest', () => {
    // Tens of thousands of far events, most cancelled (like incident clocks restarted by moves):
    // the far list is compacted more than once, with pops (refills) and new events in between.
    const rng = createStream(5, 0, 'calendar-compact');
    const cal = new EventCalendar(16);
    const ref = new Reference();
    const far: number[] = [];
    let tag = 0;
    let now = 0;
    const add = (time: number) => {
      const priority = Math.floor(rng.next() * 3);
      const t = ++tag;
      const h = cal.schedule(time, priority, 1, t, t);
      ref.add(h, time, priority, t);
      return h;
    };
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 8000; i++) far.push(add(now + 500 + Math.floor(rng.next() * 50_000)));
      for (let i = 0; i < 300; i++) add(now + Math.floor(rng.next() * 50));
      // Cancel about nine in ten of the far events still pending.
      for (let k = far.length - 1; k >= 0; k--) {
        if (rng.next() < 0.9 && ref.pending.has(far[k])) {
          expect(cal.cancel(far[k])).toBe(true);
          ref.pending.delete(far[k]);
          far[k] = far[far.length - 1];
          far.pop();
        }
      }
      for (let i = 0; i < 400; i++) {
        const first = ref.first()!;
        expect(cal.pop()).toBe(true);
        expect([cal.time, cal.priority, cal.tag]).toEqual([first[1].time, first[1].priority, first[1].tag]);
        ref.pending.delete(first[0]);
        now = cal.time;
      }
      expect(cal.size).toBe(ref.pending.size);
    }
    const rest = [...ref.pending.values()].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).map((e) => e.tag);
    expect(popAll(cal)).toEqual(rest);
    for (const h of far) expect(cal.cancel(h)).toBe(false);
  });
});
