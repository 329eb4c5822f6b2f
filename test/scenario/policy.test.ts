/**
 * Dated policy changes in a scenario file: what they may change, how their mistakes are reported
 * (at the path inside the change), and that the scenario's hash covers them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/files.node.js';
import { tempScenarioDir } from './fixtures.js';

const files = tempScenarioDir();
afterAll(() => files.remove());

function load(name: string, text: string) {
  return loadScenario(files.write(name, text));
}

function errorsFor(name: string, text: string): string[] {
  const result = load(name, text);
  if (result.ok) throw new Error(`${name} loaded but should not have`);
  return result.errors;
}

/** A patch on the baseline with the given policyChanges (YAML flow text, one change per entry). */
const withChanges = (...changes: string[]) => `extends: norway-baseline\npolicyChanges:\n${changes.map((c) => `  - ${c}\n`).join('')}`;

describe('policy changes in a scenario', () => {
  it('load, in order, and the hash tells scenarios apart by their changes', () => {
    const a = load('a.yaml', withChanges('{ date: 2027-01-01, appliesTo: all, patch: { parole: { afterShareServed: 0.5 } } }'));
    const b = load('a2.yaml', withChanges('{ date: 2027-01-01, appliesTo: new-cases, patch: { parole: { afterShareServed: 0.5 } } }'));
    const none = load('a3.yaml', 'extends: norway-baseline\n');
    if (!a.ok || !b.ok || !none.ok) throw new Error('did not load');
    expect(a.scenario.policyChanges).toEqual([{ date: '2027-01-01', appliesTo: 'all', patch: { parole: { afterShareServed: 0.5 } } }]);
    expect(a.scenario.parole).toEqual(none.scenario.parole); // the rules before the change stay the scenario's own
    expect(new Set([a.sha256, b.sha256, none.sha256]).size).toBe(3);
  });

  it('report a bad value at its path inside the change', () => {
    expect(errorsFor('share.yaml', withChanges('{ date: 2027-01-01, appliesTo: all, patch: { parole: { afterShareServed: 1.5 } } }'))).toEqual([
      'share.yaml: policyChanges.0.patch.parole.afterShareServed: expected a number > 0 and <= 1, found 1.5',
    ]);
  });

  it('report a misspelt field inside a patch, with a suggestion', () => {
    expect(errorsFor('typo.yaml', withChanges('{ date: 2027-01-01, appliesTo: all, patch: { parol: { afterShareServed: 0.5 } } }'))).toEqual([
      'typo.yaml: policyChanges.0.patch.parol: unknown field (did you mean parole?)',
    ]);
  });

  it('validate each change on top of the ones before it', () => {
    // The baseline's halfway stay is uniform; a gamma's shape is valid only after a change makes it a gamma.
    const gamma = '{ date: 2027-01-01, appliesTo: new-cases, patch: { stepDown: { halfwayHouse: { lastDays: { type: gamma, shape: 2, scale: 90 } } } } }';
    const shape = '{ date: 2028-01-01, appliesTo: all, patch: { stepDown: { halfwayHouse: { lastDays: { shape: 3 } } } } }';
    const both = load('both.yaml', withChanges(gamma, shape));
    if (!both.ok) throw new Error(both.errors.join('\n'));
    expect(errorsFor('second.yaml', withChanges(shape))).toEqual([
      'second.yaml: policyChanges.0.patch.stepDown.halfwayHouse.lastDays.shape: unknown field',
    ]);
  });

  it('refuse what cannot change during a run, saying what to use instead', () => {
    const errors = errorsFor(
      'fixed.yaml',
      withChanges('{ date: 2027-01-01, appliesTo: all, patch: { population: { newCasesPerYear: 6000 }, facilities: [], run: { years: 3 } } }'),
    );
    expect(errors).toEqual([
      'fixed.yaml: policyChanges.0.patch.run: cannot change at a date (the run settings hold for the whole run)',
      'fixed.yaml: policyChanges.0.patch.population: cannot change at a date (who enters is fixed; use population.newCasesByYear for admissions that change by year)',
      'fixed.yaml: policyChanges.0.patch.facilities: cannot change at a date (use facilities.<i>.capacityChanges to open or close places at a date; staffing is fixed through a run)',
    ]);
  });

  it('want dates in order, a known reach and a mapping to merge', () => {
    expect(
      errorsFor(
        'order.yaml',
        withChanges('{ date: 2028-01-01, appliesTo: all, patch: {} }', '{ date: 2027-06-01, appliesTo: all, patch: {} }'),
      ),
    ).toEqual(['order.yaml: policyChanges.1.date: expected a date on or after 2028-01-01 (the change before it), found 2027-06-01']);
    expect(errorsFor('reach.yaml', withChanges('{ date: 2027-01-01, appliesTo: everyone, patch: {} }'))).toEqual([
      'reach.yaml: policyChanges.0.appliesTo: expected one of new-cases, all, found "everyone"',
    ]);
    expect(errorsFor('patch.yaml', withChanges('{ date: 2027-01-01, appliesTo: all, patch: 0.5 }'))).toEqual([
      'patch.yaml: policyChanges.0.patch: expected a mapping of the fields to change, e.g. { parole: { afterShareServed: 0.5 } }, found 0.5',
    ]);
    expect(errorsFor('date.yaml', withChanges('{ date: 2027-13-01, appliesTo: all, patch: {} }'))).toEqual([
      'date.yaml: policyChanges.0.date: expected a date YYYY-MM-DD, found "2027-13-01"',
    ]);
  });

  it('can be overridden with --set like any field', () => {
    const path = files.write('set.yaml', withChanges('{ date: 2027-01-01, appliesTo: all, patch: { parole: { afterShareServed: 0.5 } } }'));
    const result = loadScenario(path, { sets: ['policyChanges.0.patch.parole.afterShareServed=0.55', 'policyChanges.0.appliesTo=new-cases'] });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.scenario.policyChanges?.[0]).toMatchObject({ appliesTo: 'new-cases', patch: { parole: { afterShareServed: 0.55 } } });
  });
});
