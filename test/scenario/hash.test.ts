import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, loadScenario, scenarioHash } from '../../src/scenario/load.js';
import { tempScenarioDir } from './fixtures.js';

const files = tempScenarioDir();
afterAll(() => files.remove());

function load(ref: string, sets: string[] = []) {
  const result = loadScenario(ref, { sets });
  if (!result.ok) throw new Error(`${ref} did not load:\n${result.errors.join('\n')}`);
  return result;
}

/** The same data with the keys of every object in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('the scenario hash', () => {
  const baseline = load('norway-baseline');

  it('is the SHA-256 of the canonical JSON of the resolved scenario', () => {
    expect(baseline.sha256).toBe(scenarioHash(baseline.scenario));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('does not depend on key order or on the file format', () => {
    const reordered = files.write('reordered.json', JSON.stringify(reverseKeys(baseline.scenario), null, 2));
    expect(load(reordered).sha256).toBe(baseline.sha256);
    expect(scenarioHash(reverseKeys(baseline.scenario) as typeof baseline.scenario)).toBe(baseline.sha256);
  });

  it('is the same for the same scenario reached another way', () => {
    const patch = files.write('same.yaml', 'extends: norway-baseline\nname: norway-baseline\ndescription: ' +
      JSON.stringify(baseline.scenario.description) + '\nprograms:\n  education:\n    slots: 700\n');
    expect(load(patch).sha256).toBe(baseline.sha256);
  });

  it('changes when any value changes', () => {
    expect(load('norway-baseline', ['programs.education.slots=701']).sha256).not.toBe(baseline.sha256);
    expect(load('norway-baseline', ['recidivism.effects.perIncident=1.16']).sha256).not.toBe(baseline.sha256);
    expect(load('norway-baseline', ['facilities.3.name=Halfway']).sha256).not.toBe(baseline.sha256);
    expect(load('education-expansion').sha256).not.toBe(baseline.sha256);
  });
});
