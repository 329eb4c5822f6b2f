/**
 * Cross-level placement (placement.crossLevel) and KDI's count of the sentence queue, on the
 * scaled-down baseline: open-prison candidates use free high-security places when the rules allow
 * and never when they forbid, nobody assigned high security takes an open place except by
 * step-down, a cross-level starter moves to open at the first free open place ahead of new
 * admissions, and the KDI queue is the time-integral of those waiting more than 60 days.
 */
import { describe, expect, it } from 'vitest';
import { Replication } from '../../src/model/replication.js';
import { DAYS_PER_YEAR } from '../../src/model/params.js';
import { Line, Status, type Person } from '../../src/model/person.js';
import type { Model } from '../../src/model/state.js';
import { alive, runChecked, small } from './helpers.js';

/** The women's high-security and open places (facilities 5 and 6), short or ample like the men's. */
function women(high: number, open: number): string[] {
  return [`facilities.5.capacity=${high}`, `facilities.5.officersFte=${Math.round(high * 0.9)}`, `facilities.6.capacity=${open}`, `facilities.6.officersFte=${Math.round(open * 0.45)}`];
}

/** Open prison far too small, high security ample: open candidates cannot all find an open place. */
const OPEN_SHORT = ['facilities.1.capacity=400', 'facilities.1.officersFte=360', 'facilities.2.capacity=15', 'facilities.2.officersFte=7', ...women(20, 1)];
/** Open prison far too small and high security tight: both levels are often full at once. */
const BOTH_SHORT = ['facilities.1.capacity=95', 'facilities.1.officersFte=86', 'facilities.2.capacity=15', 'facilities.2.officersFte=7', ...women(5, 1)];
/** High security far too small, open ample. */
const HIGH_SHORT = ['facilities.1.capacity=40', 'facilities.1.officersFte=36', 'facilities.2.capacity=400', 'facilities.2.officersFte=180', ...women(2, 40)];

const run = (sets: string[], seed = 1) => new Replication(small(sets), { seed, replication: 0, years: 3, warmupYears: 2 });

/** Cross-level starters waiting in high security (to move to open). */
const crossLevelWaiting = (m: Model): Person[] =>
  alive(m).filter((p) => p.status === Status.High && !Number.isNaN(p.crossLevelSince) && p.inLine === Line.StepDown);

describe('cross-level placement', () => {
  it('puts open-prison candidates in free high-security places when open is full, within capacity', () => {
    const rep = run([...OPEN_SHORT, 'placement.crossLevel=true']);
    let maxWaiting = 0;
    runChecked(rep, 10, (m) => {
      maxWaiting = Math.max(maxWaiting, crossLevelWaiting(m).length);
      // Nobody assigned open waits at liberty or in a remand unit while a high place (for their sex) is free.
      expect(alive(m).filter((p) => p.inLine === Line.Sentence && p.assignedLevel === 'low' && m.hasFreePlace('high', p.woman))).toEqual([]);
    });
    const r = rep.result().metrics;
    expect(maxWaiting).toBeGreaterThan(0);
    expect(r.cross_level_starts_per_year).toBeGreaterThan(0);
    expect(r.cross_level_start_share).toBeGreaterThan(0.3);
    expect(r.cross_level_start_share).toBeLessThanOrEqual(1);
    expect(r.cross_level_moves_to_low_per_year).toBeGreaterThan(0);
    expect(r.cross_level_wait_days_mean).toBeGreaterThan(0);
    // The open prison is used to the full; the high places ease the wait.
    expect(r.occupancy_low).toBeGreaterThan(0.97);
  });

  it('never uses another level when switched off: open candidates wait for open while high places are free', () => {
    const rep = run([...OPEN_SHORT, 'placement.crossLevel=false']);
    let waitedWithHighFree = 0;
    runChecked(rep, 10, (m) => {
      expect(crossLevelWaiting(m)).toEqual([]);
      if (alive(m).some((p) => p.inLine === Line.Sentence && p.assignedLevel === 'low' && m.hasFreePlace('high', p.woman))) waitedWithHighFree++;
    });
    const r = rep.result().metrics;
    expect(waitedWithHighFree).toBeGreaterThan(0);
    expect(r.cross_level_starts_per_year).toBe(0);
    expect(r.cross_level_start_share).toBe(0);
    // The wait is longer than with the high places in use.
    const on = run([...OPEN_SHORT, 'placement.crossLevel=true']).run().metrics;
    expect(r.sentence_queue).toBeGreaterThan(on.sentence_queue);
  });

  it('never puts someone assigned high security in an open place, except by step-down', () => {
    const rep = run([...HIGH_SHORT, 'placement.crossLevel=true']);
    let highWaitingWithOpenFree = 0;
    runChecked(rep, 10, (m) => {
      for (const p of alive(m)) {
        if (p.status !== Status.Low || p.assignedLevel !== 'high') continue;
        // In open though assigned high: only after the step-down day, and never high risk or preventive detention.
        expect(m.now, `person ${p.id} in open before the step-down day`).toBeGreaterThanOrEqual(p.stepDownDay - 1e-9);
        expect(p.highRisk).toBe(false);
      }
      if (alive(m).some((p) => p.inLine === Line.Sentence && p.assignedLevel === 'high' && m.hasFreePlace('low', p.woman))) highWaitingWithOpenFree++;
    });
    // High candidates did wait while open places were free: the rule, not a lack of occasion, kept them out.
    expect(highWaitingWithOpenFree).toBeGreaterThan(0);
    expect(rep.result().metrics.cross_level_starts_per_year).toBe(0);
  });

  it('moves a cross-level starter to open at the first free open place, before any new admission to open', () => {
    const rep = run([...BOTH_SHORT, 'placement.crossLevel=true'], 2);
    const m = rep.model;
    let moves = 0;
    let newAdmissions = 0;
    let bothWaited = 0;
    m.listen({
      statusChanged(p, from) {
        if (p.status !== Status.Low) return;
        if (from === Status.High && Number.isNaN(p.crossLevelSince) && p.assignedLevel === 'low') moves++;
        if (from === Status.Queue || from === Status.AwaitingTransfer) {
          newAdmissions++;
          // A new admission to open while a cross-level starter (of the same sex: their places differ) still waits would be a loss of priority.
          expect(crossLevelWaiting(m).filter((q) => q.woman === p.woman)).toEqual([]);
        }
      },
    });
    runChecked(rep, 30, () => {
      if (crossLevelWaiting(m).length > 0 && alive(m).some((p) => p.inLine === Line.Sentence && p.assignedLevel === 'low')) bothWaited++;
    });
    // Open candidates waited for open while cross-level starters waited to move there: the order mattered.
    expect(bothWaited).toBeGreaterThan(0);
    expect(moves).toBeGreaterThan(0);
    expect(newAdmissions).toBeGreaterThan(0);
    expect(rep.result().metrics.cross_level_moves_to_low_per_year).toBeGreaterThan(0);
  });
});

describe("KDI's sentence queue", () => {
  it('is the time-average of those waiting at liberty more than 60 days after conviction', () => {
    // A constructed case: every call-in comes exactly 100 days after conviction, and places and
    // devices are ample, so each wait is [c, c + 100] and counts for KDI over [c + 60, c + 100].
    const sets = [
      'sentenceQueue.summonsLeadTimeDays={ type: fixed, value: 100 }',
      'facilities.0.capacity=400',
      'facilities.1.capacity=800',
      'facilities.2.capacity=800',
      'facilities.3.capacity=200',
      'electronicMonitoring.capacity=1000',
    ];
    const rep = new Replication(small(sets), { seed: 4, replication: 0, years: 2, warmupYears: 1 });
    const m = rep.model;
    const convictions: number[] = [];
    m.listen({
      statusChanged(p) {
        if (p.status === Status.Queue) convictions.push(p.convictionDay);
      },
    });
    let waitedToCallIn = true;
    m.listen({
      statusChanged(p, from, _f, day) {
        if (from === Status.Queue && Math.abs(day - p.convictionDay - 100) > 1e-6) waitedToCallIn = false;
      },
    });
    runChecked(rep, 10);
    const result = rep.result();
    expect(waitedToCallIn).toBe(true);
    const a = m.measureStartDay;
    const b = m.endDay;
    const overlap = (from: number, to: number) => Math.max(0, Math.min(to, b) - Math.max(from, a));
    const kdi = convictions.reduce((s, c) => s + overlap(c + 60, c + 100), 0) / (b - a);
    const all = convictions.reduce((s, c) => s + overlap(c, c + 100), 0) / (b - a);
    expect(convictions.length).toBeGreaterThan(500);
    expect(result.metrics.sentence_queue_kdi).toBeCloseTo(kdi, 9);
    expect(result.metrics.sentence_queue).toBeCloseTo(all, 9);
    // About 40 of every 100 days waited count for KDI.
    expect(result.metrics.sentence_queue_kdi / result.metrics.sentence_queue).toBeGreaterThan(0.37);
    expect(result.metrics.sentence_queue_kdi / result.metrics.sentence_queue).toBeLessThan(0.43);
    // The monthly series is the same integral month by month.
    const monthly = result.monthly.sentence_queue_kdi;
    expect(monthly).toHaveLength(24);
    expect(monthly.reduce((s, x) => s + x, 0) / monthly.length).toBeCloseTo(result.metrics.sentence_queue_kdi, 9);
    expect((b - a) / DAYS_PER_YEAR).toBeCloseTo(2, 9);
  });

  it('counts nobody when every call-in comes within 60 days and places are ample', () => {
    const rep = new Replication(
      small(['sentenceQueue.summonsLeadTimeDays={ type: uniform, min: 0, max: 59 }', 'facilities.1.capacity=800', 'facilities.2.capacity=800', 'electronicMonitoring.capacity=1000']),
      { seed: 5, replication: 0, years: 2, warmupYears: 1 },
    );
    runChecked(rep, 30);
    const r = rep.result().metrics;
    expect(r.sentence_queue).toBeGreaterThan(0);
    expect(r.sentence_queue_kdi).toBe(0);
  });
});
