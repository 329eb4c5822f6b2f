/**
 * population.projections: admission projections by band name for `--band`. Each band is a table
 * like newCasesByYear, checked the same way, with one line per problem naming the field.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/files.node.js';
import { tempScenarioDir } from './fixtures.js';

const files = tempScenarioDir();
afterAll(() => files.remove());

function errorsFor(name: string, projections: string): string[] {
  const result = loadScenario(files.write(name, `extends: norway-baseline\npopulation:\n  projections: ${projections}\n`));
  if (result.ok) throw new Error(`${name} loaded but should not have`);
  return result.errors;
}

describe('population.projections', () => {
  it('loads bands in the order written, each a table of { year, perYear }', () => {
    const result = loadScenario(files.write('ok.yaml', 'extends: norway-baseline\npopulation:\n  projections:\n    low: [{ year: 2025, perYear: 4000 }]\n    high-2: [{ year: 2025, perYear: 5000 }, { year: 2030, perYear: 6000 }]\n'));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.scenario.population.projections).toEqual({
      low: [{ year: 2025, perYear: 4000 }],
      'high-2': [{ year: 2025, perYear: 5000 }, { year: 2030, perYear: 6000 }],
    });
    expect(result.scenario.population.newCasesByYear).toBeUndefined();
  });

  it.each([
    ['years.yaml', '{ low: [{ year: 2026, perYear: 1 }, { year: 2025, perYear: 2 }] }', 'population.projections.low.1.year: expected years in increasing order, found 2025 after 2026'],
    ['negative.yaml', '{ low: [{ year: 2025, perYear: -10 }] }', 'population.projections.low.0.perYear: expected a number >= 0, found -10'],
    ['fraction.yaml', '{ low: [{ year: 2025.5, perYear: 10 }] }', 'population.projections.low.0.year: expected a whole number between 1900 and 2300, found 2025.5'],
    ['empty-table.yaml', '{ low: [] }', 'population.projections.low: expected at least one { year, perYear }, found an empty list'],
    ['not-table.yaml', '{ low: 4900 }', 'population.projections.low: expected a list of { year, perYear }, found 4900'],
    ['typo.yaml', '{ low: [{ year: 2025, perYaer: 10 }] }', 'population.projections.low.0.perYaer: unknown field (did you mean perYear?)'],
    ['name.yaml', '{ Low: [{ year: 2025, perYear: 10 }] }', 'population.projections.Low: expected a band name of lower-case letters, digits, - and _ (at most 40, starting with a letter), found "Low"'],
    ['no-bands.yaml', '{}', 'population.projections: expected at least one band, e.g. { low: [...], middle: [...], high: [...] }, found an empty mapping'],
    ['not-mapping.yaml', '[low, high]', 'population.projections: expected a mapping of band names to tables, e.g. { low: [{ year: 2025, perYear: 4900 }], high: [...] }, found ["low","high"]'],
  ])('%s: one line naming the field', (name, projections, message) => {
    expect(errorsFor(name, projections)).toEqual([`${name}: ${message}`]);
  });

  it('--set can replace a band or add one', () => {
    const result = loadScenario('norway-projection', {
      sets: ['population.projections.low=[{year: 2025, perYear: 100}]', 'population.projections.flat=[{year: 2025, perYear: 4900}]'],
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(Object.keys(result.scenario.population.projections ?? {})).toEqual(['low', 'middle', 'high', 'flat']);
    expect(result.scenario.population.projections?.low).toEqual([{ year: 2025, perYear: 100 }]);
    const bad = loadScenario('norway-projection', { sets: ['population.projections.high.0.perYear=-1'] });
    expect(!bad.ok && bad.errors).toEqual(['--set population.projections.high.0.perYear: expected a number >= 0, found -1']);
  });
});

describe('the built-in norway-projection', () => {
  it('has low, middle and high bands over 2025-2035, ordered low <= middle <= high every year; without --band it runs the middle one', () => {
    const result = loadScenario('norway-projection');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const { projections, newCasesByYear } = result.scenario.population;
    expect(Object.keys(projections ?? {})).toEqual(['low', 'middle', 'high']);
    const { low, middle, high } = projections!;
    for (const table of [low, middle, high]) expect(table.map((r) => r.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
    low.forEach((row, i) => {
      expect(row.perYear).toBeLessThanOrEqual(middle[i].perYear);
      expect(middle[i].perYear).toBeLessThanOrEqual(high[i].perYear);
    });
    expect(newCasesByYear).toEqual(middle);
  });
});
