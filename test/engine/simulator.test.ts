import { describe, expect, it } from 'vitest';
import { type EventHandler, Simulator } from '../../src/engine/simulator.js';

class Recorder implements EventHandler {
  readonly seen: Array<[kind: number, target: number, tag: number, time: number]> = [];
  handle(kind: number, target: number, tag: number, time: number): void {
    this.seen.push([kind, target, tag, time]);
  }
}

describe('Simulator', () => {
  it('runUntil processes exactly the events with time <= until and leaves now = until', () => {
    const sim = new Simulator();
    for (const t of [1, 2, 5, 5, 7, 10]) sim.scheduleAt(t, 0, t, 0);
    const rec = new Recorder();
    expect(sim.runUntil(5, rec)).toBe(4);
    expect(rec.seen.map((e) => e[3])).toEqual([1, 2, 5, 5]);
    expect(sim.now).toBe(5);
    expect(sim.runUntil(8.5, rec)).toBe(1);
    expect(sim.now).toBe(8.5);
    expect(sim.eventsProcessed).toBe(5);
    expect(sim.calendar.size).toBe(1);
    expect(sim.runUntil(9, rec)).toBe(0);
    expect(sim.now).toBe(9);
  });

  it('processes events scheduled during handling at the same time in the same run', () => {
    const sim = new Simulator();
    const times: number[] = [];
    const handler: EventHandler = {
      handle(kind, _target, tag, time) {
        times.push(time);
        expect(sim.now).toBe(time);
        if (kind === 0 && tag < 3) sim.schedule(0, 0, 0, tag + 1);
        if (kind === 0 && tag === 0) sim.schedule(0.5, 1, 0);
      },
    };
    sim.schedule(2, 0, 0, 0);
    expect(sim.runUntil(2, handler)).toBe(4);
    expect(times).toEqual([2, 2, 2, 2]);
    expect(sim.calendar.size).toBe(1);
    expect(sim.runUntil(Infinity, handler)).toBe(1);
    expect(sim.now).toBe(2.5);
  });

  it('passes kind, target, tag and time, honouring priority within a time', () => {
    const sim = new Simulator();
    sim.schedule(3, 1, 10, 100, 5);
    sim.schedule(3, 2, 20, 200, -5);
    sim.schedule(1, 3, 30);
    const rec = new Recorder();
    while (sim.step(rec));
    expect(rec.seen).toEqual([[3, 30, 0, 1], [2, 20, 200, 3], [1, 10, 100, 3]]);
    expect(sim.step(rec)).toBe(false);
    expect(sim.now).toBe(3);
  });

  it('cancels through its calendar', () => {
    const sim = new Simulator();
    const h = sim.schedule(1, 0, 0);
    expect(sim.cancel(h)).toBe(true);
    expect(sim.cancel(h)).toBe(false);
    expect(sim.runUntil(10, new Recorder())).toBe(0);
  });

  it('throws on negative or NaN delays, past times and going backwards', () => {
    const sim = new Simulator();
    sim.runUntil(5, new Recorder());
    expect(() => sim.schedule(-1, 0, 0)).toThrow(RangeError);
    expect(() => sim.schedule(NaN, 0, 0)).toThrow(RangeError);
    expect(() => sim.scheduleAt(4.9, 0, 0)).toThrow(RangeError);
    expect(() => sim.runUntil(4, new Recorder())).toThrow(RangeError);
    expect(sim.calendar.size).toBe(0);
    expect(() => sim.schedule(0, 0, 0)).not.toThrow();
  });
});
