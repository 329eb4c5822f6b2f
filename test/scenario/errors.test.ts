import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/files.node.js';
import { validateScenario } from '../../src/scenario/resolve.js';
import { baselineWith, baselineYaml, tempScenarioDir } from './fixtures.js';

const files = tempScenarioDir();
afterAll(() => files.remove());

/** The errors of a scenario written to `name`; each case here should give exactly one. */
function errorsFor(name: string, text: string): string[] {
  const result = loadScenario(files.write(name, text));
  if (result.ok) throw new Error(`${name} loaded but should not have`);
  return result.errors;
}

describe('one clear message per problem, naming the file and the field', () => {
  it('a misspelt field (and not also "missing field" for the one it was meant to be)', () => {
    expect(errorsFor('norway-typo.yaml', baselineWith('newCasesPerYear:', 'newCasesPerYar:'))).toEqual([
      'norway-typo.yaml: population.newCasesPerYar: unknown field (did you mean newCasesPerYear?)',
    ]);
  });

  it('a misspelt field in a patch', () => {
    expect(errorsFor('patch-typo.yaml', 'extends: norway-baseline\nprograms:\n  educaton:\n    slots: 900\n')).toEqual([
      'patch-typo.yaml: programs.educaton: unknown field (did you mean education?)',
    ]);
  });

  it('a negative mortality rate or a share above 1 in the health sections (issue 15 part 3)', () => {
    expect(
      errorsFor('health.yaml', 'extends: norway-baseline\nhealth:\n  custodyMortality:\n    suicidesPer10000InmateYears: -1\n'),
    ).toEqual(['health.yaml: health.custodyMortality.suicidesPer10000InmateYears: expected a number >= 0, found -1']);
    expect(errorsFor('family.yaml', 'extends: norway-baseline\nfamilyContact:\n  atEntry: 1.2\n')).toEqual([
      'family.yaml: familyContact.atEntry: expected a number between 0 and 1, found 1.2',
    ]);
  });

  it('an unknown field with no near name', () => {
    expect(errorsFor('unknown.yaml', 'extends: norway-baseline\nweather: rainy\n')).toEqual(['unknown.yaml: weather: unknown field']);
  });

  it('a negative capacity', () => {
    expect(errorsFor('negative.yaml', baselineWith('capacity: 840 ', 'capacity: -5 '))).toEqual([
      'negative.yaml: facilities.2.capacity: expected a whole number >= 0, found -5',
    ]);
  });

  it('a fractional capacity', () => {
    expect(errorsFor('fraction.yaml', baselineWith('capacity: 840 ', 'capacity: 840.5 '))).toEqual([
      'fraction.yaml: facilities.2.capacity: expected a whole number >= 0, found 840.5',
    ]);
  });

  it('a share above 1', () => {
    expect(errorsFor('share.yaml', baselineWith('shareWomen: 0.065', 'shareWomen: 1.2'))).toEqual([
      'share.yaml: population.shareWomen: expected a number between 0 and 1, found 1.2',
    ]);
  });

  it('a negative mix share, and a mix that sums to zero', () => {
    expect(errorsFor('mix.yaml', 'extends: norway-baseline\nremand:\n  outcome:\n    custodialDirect: -0.2\n')).toEqual([
      'mix.yaml: remand.outcome.custodialDirect: expected a number >= 0, found -0.2',
    ]);
    const zeros = '{ custodialDirect: 0, custodialLater: 0, community: 0, noCorrectionalSentence: 0 }';
    expect(errorsFor('zero-mix.yaml', `extends: norway-baseline\nremand:\n  outcome: ${zeros}\n`)).toEqual([
      'zero-mix.yaml: remand.outcome: expected shares with a positive sum, found all zero',
    ]);
  });

  it('text where a number belongs', () => {
    expect(errorsFor('text.yaml', 'extends: norway-baseline\nrun:\n  years: ten\n')).toEqual([
      'text.yaml: run.years: expected a number > 0, found "ten"',
    ]);
  });

  it('a level or offence that does not exist', () => {
    expect(errorsFor('level.yaml', baselineWith('level: low', 'level: open'))).toEqual([
      'level.yaml: facilities.2.level: expected one of remand, high, low, halfway, found "open"',
    ]);
    expect(errorsFor('offence.yaml', 'extends: norway-baseline\nplacement:\n  highOnlyOffences: [sexal]\n')).toEqual([
      'offence.yaml: placement.highOnlyOffences.0: expected one of violence, sexual, drugs, property, traffic, other, found "sexal" (did you mean sexual?)',
    ]);
  });

  it('a missing field', () => {
    expect(errorsFor('missing.yaml', baselineWith('  seed: 1 ', '  # no seed '))).toEqual([
      'missing.yaml: run.seed: missing field (expected a whole number >= 0)',
    ]);
  });

  it('cross-field rules', () => {
    expect(errorsFor('backdoor.yaml', 'extends: norway-baseline\nelectronicMonitoring:\n  backDoor:\n    afterShareServed: 1\n')).toEqual([
      'backdoor.yaml: electronicMonitoring.backDoor.afterShareServed: expected a number >= 0 and < 1, found 1',
    ]);
    expect(errorsFor('parole.yaml', 'extends: norway-baseline\nparole:\n  afterShareServed: 0\n')).toEqual([
      'parole.yaml: parole.afterShareServed: expected a number > 0 and <= 1, found 0',
    ]);
    const noLow = [
      'extends: norway-baseline',
      'facilities:',
      '  - { name: Remand, level: remand, capacity: 10, officersFte: 9, otherStaffFte: 3, nonStaffCostPerPlaceYearNok: 1 }',
      '  - { name: High, level: high, capacity: 20, officersFte: 18, otherStaffFte: 7, nonStaffCostPerPlaceYearNok: 1 }',
      '  - { name: High, level: low, capacity: 0, officersFte: 0, otherStaffFte: 0, nonStaffCostPerPlaceYearNok: 1 }',
    ].join('\n');
    expect(errorsFor('facilities.yaml', noLow)).toEqual([
      'facilities.yaml: facilities.2.name: expected a name unique among facilities, found "High" (also facilities.1.name)',
      'facilities.yaml: facilities: expected at least one facility of level low with capacity > 0, found none',
    ]);
  });

  it('distributions', () => {
    const set = (field: string) => `extends: norway-baseline\nremand:\n  durationDays: ${field}\n`;
    expect(errorsFor('d1.yaml', set('{ type: lognormal, mean: 110, cv: -1 }'))).toEqual([
      'd1.yaml: remand.durationDays.cv: expected a number > 0, found -1',
    ]);
    expect(errorsFor('d2.yaml', set('{ type: lognormel, mean: 110, cv: 1 }'))).toEqual([
      'd2.yaml: remand.durationDays.type: expected one of fixed, uniform, exponential, gamma, lognormal, weibull, bernoulli, categorical, empirical, found "lognormel" (did you mean lognormal?)',
    ]);
    expect(errorsFor('d3.yaml', set('{ type: gamma, shape: 2, scael: 60 }'))).toEqual([
      'd3.yaml: remand.durationDays.scael: unknown field (did you mean scale?)',
    ]);
    expect(errorsFor('d4.yaml', set('110'))).toEqual([
      'd4.yaml: remand.durationDays: expected a distribution, e.g. {type: gamma, shape: 2, scale: 60}, found 110',
    ]);
    expect(errorsFor('d5.yaml', set('{ type: uniform, min: 10, max: 5 }'))).toEqual([
      'd5.yaml: remand.durationDays.max: expected a number >= min (10), found 5',
    ]);
    expect(errorsFor('d6.yaml', set('{ type: empirical, bins: [[0, 10, 1], [20, 15, 1]] }'))).toEqual([
      'd6.yaml: remand.durationDays.bins.1.1: expected an upper bound > the lower bound (20), found 15',
    ]);
    expect(errorsFor('d7.yaml', set('{ type: empirical, bins: [[0, 10, 1], [5, 15, 1]] }'))).toEqual([
      "d7.yaml: remand.durationDays.bins.1.0: expected a lower bound >= the previous bin's upper bound (10), found 5",
    ]);
    expect(errorsFor('d8.yaml', set('{ type: empirical, bins: [[0, 10]] }'))).toEqual([
      'd8.yaml: remand.durationDays.bins.0: expected a bin [lower, upper, weight], found [0,10]',
    ]);
    expect(errorsFor('d9.yaml', set('{ type: categorical, values: [1, 2], weights: [1] }'))).toEqual([
      'd9.yaml: remand.durationDays.weights: expected one weight per value (2), found 1',
    ]);
    expect(errorsFor('d10.yaml', set('{ type: fixed }'))).toEqual([
      'd10.yaml: remand.durationDays.value: missing field (expected a number >= 0)',
    ]);
  });

  it('a file that is not YAML', () => {
    const errors = errorsFor('broken.yaml', 'name: broken\nrun:\n  years: [10\n  seed: 1\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^broken\.yaml: not valid YAML \(line \d+, column \d+: .+\)$/);
    expect(errorsFor('dupe.yaml', 'name: a\nname: b\n')[0]).toMatch(/^dupe\.yaml: not valid YAML \(line 2, column 1: .*unique.*\)$/i);
  });

  it('a JSON file that is not JSON', () => {
    expect(errorsFor('broken.json', '{ "name": "x", }}')[0]).toMatch(/^broken\.json: not valid JSON \(line 1, column \d+: .+\)$/);
  });

  it('a file that is not a mapping, or empty', () => {
    expect(errorsFor('list.yaml', '- a\n- b\n')).toEqual([
      'list.yaml: expected a mapping of scenario fields at the top level, found ["a","b"]',
    ]);
    expect(errorsFor('empty.yaml', '# nothing here\n')).toEqual(['empty.yaml: the file is empty (expected a mapping of scenario fields)']);
  });

  it('a file that does not exist, listing the built-in scenarios', () => {
    const result = loadScenario('foo.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^scenario file not found: foo\.yaml \(built-in scenarios: norway-baseline, .*education-expansion/);
  });

  it('a built-in name with a typo', () => {
    const result = loadScenario('education-expanson');
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^scenario file not found: education-expanson \(did you mean education-expansion\? built-in scenarios: /),
    ]);
  });

  it('many problems at once, each on its own line', () => {
    let text = baselineWith('shareWomen: 0.065', 'shareWomen: 2');
    text = text.replace('capacity: 840 ', 'capacity: -1 ').replace('grantProbability: 0.85', 'grantProbability: yes');
    const errors = errorsFor('many.yaml', text);
    expect(errors).toEqual(
      expect.arrayContaining([
        'many.yaml: population.shareWomen: expected a number between 0 and 1, found 2',
        'many.yaml: facilities.2.capacity: expected a whole number >= 0, found -1',
        'many.yaml: parole.grantProbability: expected a number between 0 and 1, found "yes"',
      ]),
    );
    expect(errors).toHaveLength(3);
  });
});

describe('validateScenario', () => {
  it('names the field path without a file', () => {
    const loaded = loadScenario('norway-baseline');
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(validateScenario(loaded.scenario).ok).toBe(true);
    const broken = { ...loaded.scenario, run: { ...loaded.scenario.run, replications: 0 } };
    expect(validateScenario(broken)).toEqual({ ok: false, errors: ['run.replications: expected a whole number >= 1, found 0'] });
  });

  it('keeps the baseline file itself valid YAML with comments intact', () => {
    expect(baselineYaml()).toContain('name: norway-baseline');
  });
});
