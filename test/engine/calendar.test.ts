import { describe, expect, it } from 'vitest';
import { EventCalendar } from '../../src/engine/calendar.js';
import { createStream } from '../../src/engine/random.js';

interface Ev { time: number; priority: number; seq: number; tag: number }

function compare(a: Ev, b: Ev): number {
  return a.time - b.time || a.priority - b.priority || a.seq - b.seq;
}

function popAll(cal: EventCalendar): Array<{ time: number; priority: number; kind: number; target: number; tag: number }> {
  const out = [];
  while (cal.pop()) out.push({ time: cal.time, priority: cal.priority, kind: cal.kind, target: cal.target, tag: cal.tag });
  return out;
}

describe('EventCalendar', () => {
  it('pops many random events in time order', () => {
    const rng = createStream(1, 0, 'calendar-order');
    const cal = new EventCalendar();
    const times: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = rng.next() * 1000;
      times.push(t);
      cal.schedule(t, 0, 0, 0, i);
    }
    expect(cal.size).toBe(20_000);
    const popped = popAll(cal).map((e) => e.time);
    expect(popped).toEqual([...times].sort((a, b) => a - b));
    expect(cal.size).toBe(0);
    expect(cal.pop()).toBe(false);
    expect(cal.peekTime()).toBe(Infinity);
  });

  it('breaks ties on time by priority, then by insertion order', () => {
    const cal = new EventCalendar();
    cal.schedule(5, 2, 1, 0, 0);
    cal.schedule(5, 1, 1, 0, 1);
    cal.schedule(5, 2, 1, 0, 2);
    cal.schedule(4, 9, 1, 0, 3);
    cal.schedule(5, -1, 1, 0, 4);
    cal.schedule(5, 1, 1, 0, 5);
    expect(popAll(cal).map((e) => e.tag)).toEqual([3, 4, 1, 5, 0, 2]);
  });

  it('returns the scheduled fields on pop', () => {
    const cal = new EventCalendar();
    cal.schedule(2.5, -3, 7, 123456, -42);
    expect(cal.peekTime()).toBe(2.5);
    expect(cal.pop()).toBe(true);
    expect([cal.time, cal.priority, cal.kind, cal.target, cal.tag]).toEqual([2.5, -3, 7, 123456, -42]);
  });

  it('cancel succeeds once, never after firing, and a cancelled event never pops', () => {
    const cal = new EventCalendar();
    const a = cal.schedule(1, 0, 0, 0, 1);
    const b = cal.schedule(2, 0, 0, 0, 2);
    const c = cal.schedule(3, 0, 0, 0, 3);
    expect(cal.cancel(b)).toBe(true);
    expect(cal.cancel(b)).toBe(false);
    expect(cal.size).toBe(2);
    expect(cal.pop()).toBe(true);
    expect(cal.tag).toBe(1);
    expect(cal.cancel(a)).toBe(false);
    expect(popAll(cal).map((e) => e.tag)).toEqual([3]);
    expect(cal.cancel(c)).toBe(false);
  });

  it('retag changes the tag of a pending event only, keeping its time and its place among ties', () => {
    const cal = new EventCalendar();
    const a = cal.schedule(1, 0, 0, 0, 1);
    const b = cal.schedule(1, 0, 0, 0, 2);
    cal.schedule(1, 0, 0, 0, 3);
    expect(cal.retag(b, 20)).toBe(true);
    expect(cal.pop()).toBe(true);
    expect(cal.retag(a, 10)).toBe(false); // already fired
    expect(cal.tag).toBe(1);
    expect(popAll(cal).map((e) => [e.time, e.tag])).toEqual([
      [1, 20],
      [1, 3],
    ]);
    for (const h of [-1, 1.5, NaN, b]) expect(cal.retag(h, 0)).toBe(false);
  });

  it('rejects handles that never existed', () => {
    const cal = new EventCalendar(4);
    cal.schedule(1, 0, 0, 0, 0);
    for (const h of [-1, 1.5, NaN, Infinity, 3, 2 ** 60, 2 ** 24 + 1]) expect(cal.cancel(h)).toBe(false);
    expect(cal.size).toBe(1);
  });

  it("a reused slot's old handle does not cancel the new event", () => {
    const cal = new EventCalendar(1);
    const old = cal.schedule(1, 0, 0, 0, 1);
    expect(cal.pop()).toBe(true);
    const fresh = cal.schedule(2, 0, 0, 0, 2);
    expect(fresh).not.toBe(old);
    expect(cal.cancel(old)).toBe(false);
    expect(cal.size).toBe(1);

    expect(cal.cancel(fresh)).toBe(true);
    const newer = cal.schedule(3, 0, 0, 0, 3);
    expect(cal.cancel(fresh)).toBe(false);
    expect(popAll(cal).map((e) => e.tag)).toEqual([3]);
    expect(cal.cancel(newer)).toBe(false);
    expect(Number.isSafeInteger(newer)).toBe(true);
  });

  it('grows past its initial capacity and keeps order', () => {
    const cal = new EventCalendar(2);
    for (let i = 0; i < 5000; i++) cal.schedule((i * 7919) % 5000, 0, 0, 0, i);
    expect(cal.size).toBe(5000);
    expect(popAll(cal).map((e) => e.time)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('clear empties the calendar and invalidates handles', () => {
    const cal = new EventCalendar(2);
    const handles = [1, 2, 3].map((t) => cal.schedule(t, 0, 0, 0, t));
    cal.clear();
    expect(cal.size).toBe(0);
    expect(cal.peekTime()).toBe(Infinity);
    cal.schedule(9, 0, 0, 0, 9);
    for (const h of handles) expect(cal.cancel(h)).toBe(false);
    expect(popAll(cal).map((e) => e.tag)).toEqual([9]);
  });

  it('throws on a NaN time', () => {
    expect(() => new EventCalendar().schedule(NaN, 0, 0, 0, 0)).toThrow(RangeError);
  });

  it('interleaved schedule, cancel and pop match a sorted reference, with exact size', () => {
    const rng = createStream(2, 0, 'calendar-interleaved');
    const cal = new EventCalendar(4);
    const pending = new Map<number, Ev>();
    let seq = 0;
    let now = 0;
    for (let step = 0; step < 30_000; step++) {
      const r = rng.next();
      if (r < 0.55) {
        // Coarse times and few priorities force plenty of ties.
        const ev: Ev = { time: now + Math.floor(rng.next() * 20), priority: Math.floor(rng.next() * 3), seq: seq++, tag: seq };
        pending.set(cal.schedule(ev.time, ev.priority, 0, 0, ev.tag), ev);
      } else if (r < 0.7 && pending.size > 0) {
        const handles = [...pending.keys()];
        const h = handles[Math.floor(rng.next() * handles.length)];
        expect(cal.cancel(h)).toBe(true);
        expect(cal.cancel(h)).toBe(false);
        pending.delete(h);
      } else if (pending.size > 0) {
        let bestHandle = -1;
        let best: Ev | undefined;
        for (const [h, ev] of pending) {
          if (best === undefined || compare(ev, best) < 0) {
            best = ev;
            bestHandle = h;
          }
        }
        expect(cal.peekTime()).toBe(best!.time);
        expect(cal.pop()).toBe(true);
        expect([cal.time, cal.priority, cal.tag]).toEqual([best!.time, best!.priority, best!.tag]);
        pending.delete(bestHandle);
        expect(cal.cancel(bestHandle)).toBe(false);
        now = cal.time;
      } else {
        expect(cal.pop()).toBe(false);
      }
      expect(cal.size).toBe(pending.size);
    }
    const rest = [...pending.values()].sort(compare).map((e) => e.tag);
    expect(popAll(cal).map((e) => e.tag)).toEqual(rest);
  });
});
