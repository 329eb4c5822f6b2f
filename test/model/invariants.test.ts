/**
 * The state invariants of helpers.ts (one state per person, counts, places, capacities, programme
 * slots, lines, sentence terms) checked at many moments of a run, on the baseline scaled down, on
 * variants that stress every waiting line, and on the full baseline for two simulated years.
 */
import { describe, expect, it } from 'vitest';
import { Replication } from '../../src/model/replication.js';
import { Status } from '../../src/model/person.js';
import { checkInvariants, load, runChecked, small } from './helpers.js';

describe('state invariants during a run', () => {
  it.each([1, 2, 3])('hold every 30 days on the scaled-down baseline (seed %i)', (seed) => {
    const rep = new Replication(small(), { seed, replication: 0, years: 3, warmupYears: 2 });
    const checks = runChecked(rep, 30);
    expect(checks).toBeGreaterThanOrEqual(60);
    // The run did something worth checking: people in every main state at the end.
    const counts = checkInvariants(rep.model, 'end');
    for (const s of [Status.Remand, Status.High, Status.Low, Status.Em, Status.Community, Status.Queue]) {
      expect(counts[s], `people with status ${s} at the end`).toBeGreaterThan(0);
    }
    expect(rep.model.integrals.count[Status.Left]).toBeGreaterThan(0);
  });

  // Each variant makes one kind of waiting common, so that the code paths of full places are
  // exercised; checks every 10 days so that short-lived states are caught too.
  const stressed: Record<string, string[]> = {
    'remand full (police cells)': ['facilities.0.capacity=5'],
    'high, low and halfway full (sentence and transfer lines)': [
      'facilities.1.capacity=20',
      'facilities.2.capacity=10',
      'facilities.3.capacity=2',
    ],
    'open full, high ample (cross-level placement into high)': ['facilities.1.capacity=300', 'facilities.2.capacity=8'],
    'high, low and halfway full without cross-level placement': [
      'placement.crossLevel=false',
      'facilities.1.capacity=20',
      'facilities.2.capacity=10',
      'facilities.3.capacity=2',
    ],
    'EM devices scarce': ['electronicMonitoring.capacity=2'],
    'programme slots scarce (waitlists)': [
      'programs.education.slots=2',
      'programs.work.slots=3',
      'programs.addictionTreatment.slots=1',
      'programs.vocational.slots=1',
      'programs.cognitiveBehavioural.slots=1',
    ],
    'programmes offered in remand units': [
      'programs.education.levels=[remand, high, low, halfway]',
      'programs.work.levels=[remand, high, low, halfway]',
    ],
    'offending while waiting in a long queue': [
      'sentenceQueue.offendingWhileWaitingPerYear=3',
      'facilities.1.capacity=40',
      'facilities.2.capacity=20',
    ],
    'frequent incidents, always moved up': ['incidents.basePer100InmateYears=400', 'incidents.moveUpProbability=1'],
    'everything scarce at once': [
      'facilities.0.capacity=8',
      'facilities.1.capacity=20',
      'facilities.2.capacity=10',
      'facilities.3.capacity=2',
      'electronicMonitoring.capacity=3',
      'programs.education.slots=2',
      'sentenceQueue.offendingWhileWaitingPerYear=2',
      'sentencing.preventiveDetention.newPerYear=5',
    ],
  };
  it.each(Object.entries(stressed))('hold every 10 days with %s', (_name, sets) => {
    for (const seed of [11, 12]) {
      const rep = new Replication(small(sets), { seed, replication: 0, years: 3, warmupYears: 2 });
      runChecked(rep, 10);
    }
  });

  it('hold every 30 days on the full baseline over two simulated years', () => {
    const rep = new Replication(load(), { seed: 1, replication: 0, years: 1, warmupYears: 1 });
    runChecked(rep, 30);
    const m = rep.model;
    expect(m.people.length).toBeGreaterThan(9000); // ~4,800 new cases a year, plus a few returning
    expect(m.integrals.count[Status.High] + m.integrals.count[Status.Low]).toBeGreaterThan(500); // the prisons are still filling from an empty start
  });
});
