/**
 * Reproducibility and common random numbers: the same (scenario, seed, replication) gives the same
 * result, another seed or replication another one, and a policy change in one process leaves the
 * draws of the others where they were.
 */
import { describe, expect, it } from 'vitest';
import { Replication, runReplication } from '../../src/model/replication.js';
import type { ReplicationOptions } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { small } from './helpers.js';

const OPTIONS: ReplicationOptions = { seed: 5, replication: 0, years: 3, warmupYears: 2 };

describe('determinism', () => {
  const scenario = small();

  it('gives deep-equal results for the same seed and replication', () => {
    const a = runReplication(scenario, OPTIONS);
    const b = runReplication(scenario, OPTIONS);
    expect(b).toEqual(a);
    expect(a.events).toBeGreaterThan(10_000);
  });

  it('gives other results for another seed, or another replication of the same seed', () => {
    const a = runReplication(scenario, OPTIONS);
    const seed = runReplication(scenario, { ...OPTIONS, seed: 6 });
    const replication = runReplication(scenario, { ...OPTIONS, replication: 1 });
    expect(seed.metrics.population_total).not.toBe(a.metrics.population_total);
    expect(seed.people).not.toBe(a.people);
    expect(replication.metrics.population_total).not.toBe(a.metrics.population_total);
    expect(replication.metrics.population_total).not.toBe(seed.metrics.population_total);
  });

  it('does not depend on how the run is stepped (checkpoints leave the result unchanged)', () => {
    const straight = runReplication(scenario, OPTIONS);
    const stepped = new Replication(scenario, OPTIONS);
    for (let day = 0.5; day < stepped.model.endDay; day += 17.3) stepped.runUntil(day);
    expect(stepped.run()).toEqual(straight);
  });

  it('does not depend on whether an observer listens (tracing changes no draw)', () => {
    const plain = runReplication(scenario, OPTIONS);
    const traced = new Replication(scenario, OPTIONS);
    let notes = 0;
    traced.model.listen({ note: () => void notes++ });
    expect(traced.run()).toEqual(plain);
    expect(notes).toBeGreaterThan(10_000);
  });

  it('does not share state between replications built from the same scenario object', () => {
    const first = runReplication(scenario, OPTIONS);
    runReplication(scenario, { ...OPTIONS, seed: 99 });
    expect(runReplication(scenario, OPTIONS)).toEqual(first);
  });
});

/** The new cases (first entries; people coming back are not new) of a run, in order of arrival. */
function newCases(s: Scenario, years = 2): Array<{ day: number; birthDay: number; woman: boolean; offence: string; priors: number }> {
  const rep = new Replication(s, { seed: 7, replication: 0, years, warmupYears: 1 });
  const cases: Array<{ day: number; birthDay: number; woman: boolean; offence: string; priors: number }> = [];
  rep.model.listen({
    note(p, day, what) {
      if (what.startsWith('new case')) cases.push({ day, birthDay: p.birthDay, woman: p.woman, offence: p.offence, priors: p.priors });
    },
  });
  rep.run();
  return cases;
}

describe('common random numbers', () => {
  // Education slots act only through the programmes (and from there on recidivism): a change to
  // them must not move the arrival process.
  const base = newCases(small());
  const noEducation = newCases(small(['programs.education.slots=0']));
  const moreEducation = newCases(small(['programs.education.slots=500']));

  it('keeps the new-case arrival times when only the education slots change', () => {
    expect(base.length).toBeGreaterThan(1000);
    for (const other of [noEducation, moreEducation]) {
      expect(other.map((c) => c.day)).toEqual(base.map((c) => c.day));
    }
  });

  it('keeps the people of the first 100 new cases', () => {
    for (const other of [noEducation, moreEducation]) {
      expect(other.slice(0, 100)).toEqual(base.slice(0, 100));
    }
  });

  it('keeps the number created in the first year', () => {
    const firstYear = (cases: typeof base) => cases.filter((c) => c.day < 365.25).length;
    expect(firstYear(noEducation)).toBe(firstYear(base));
    expect(firstYear(moreEducation)).toBe(firstYear(base));
  });

  // BUG (CRN, arrival.ts/recidivism.ts): the 'attributes' stream that draws a new case's age,
  // sex, priors and offence also draws the new offence of every returning person (onNewCase in
  // recidivism.ts), and the 'remand' stream that decides whether a new case is remanded also does
  // so for returning people (startCase). A policy that changes who comes back (education slots)
  // therefore changes who the later *new* cases are: the paired comparison of two policies is
  // made on different first-time populations. Here the 613th new case (day ~448) already differs.
  it('keeps the people of all new cases, not only the early ones', () => {
    expect(noEducation).toEqual(base);
  });
});
