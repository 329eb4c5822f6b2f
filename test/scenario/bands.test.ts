/** Scenario bands: a band is the scenario with newCasesByYear replaced by the band's table, and nothing else. */
import { describe, expect, it } from 'vitest';
import { bandNames, bandProblem, bandSetArgument, withBand } from '../../src/scenario/bands.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import { scenarioHash } from '../../src/scenario/hash.js';

function load(ref: string, sets: string[] = []) {
  const result = loadScenario(ref, { sets });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}

describe('scenario bands', () => {
  const projection = load('norway-projection');

  it('are named in the order the file gives them', () => {
    expect(bandNames(projection.scenario)).toEqual(['low', 'middle', 'high']);
    expect(bandNames(load('norway-baseline').scenario)).toEqual([]);
  });

  it('withBand replaces newCasesByYear only, leaving the scenario it was given as it was', () => {
    const before = JSON.stringify(projection.scenario);
    const high = withBand(projection.scenario, 'high');
    expect(JSON.stringify(projection.scenario)).toBe(before);
    expect(high.population.newCasesByYear).toEqual(projection.scenario.population.projections!.high);
    expect({ ...high, population: { ...high.population, newCasesByYear: undefined } }).toEqual({
      ...projection.scenario,
      population: { ...projection.scenario.population, newCasesByYear: undefined },
    });
  });

  it('a band resolves to the same scenario, and hash, as a plain run with its --set', () => {
    const low = withBand(projection.scenario, 'low');
    expect(scenarioHash(low)).toBe(load('norway-projection', [bandSetArgument(projection.scenario, 'low')]).sha256);
    expect(scenarioHash(low)).not.toBe(projection.sha256);
    // The middle band is what the scenario runs without --band.
    expect(scenarioHash(withBand(projection.scenario, 'middle'))).toBe(projection.sha256);
  });

  it('bandProblem: none for known bands; one line naming what exists otherwise', () => {
    expect(bandProblem(projection.scenario, 'norway-projection', ['high', 'low'])).toBeUndefined();
    expect(bandProblem(projection.scenario, 'norway-projection', ['midle', 'top'])).toBe(
      "--band: unknown bands 'midle', 'top' (did you mean middle? norway-projection's bands: low, middle, high)",
    );
    expect(bandProblem(load('norway-baseline').scenario, 'norway-baseline', ['low'])).toMatch(/^--band: norway-baseline has no population\.projections/);
  });
});
