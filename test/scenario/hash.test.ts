import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, portableSha256Hex, scenarioHash, sha256Hex } from '../../src/scenario/hash.js';
import { loadScenario } from '../../src/scenario/files.node.js';
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
      JSON.stringify(baseline.scenario.description) + '\nprograms:\n  education:\n    slots: 800\n');
    expect(load(patch).sha256).toBe(baseline.sha256);
  });

  it('changes when any value changes', () => {
    expect(load('norway-baseline', ['programs.education.slots=801']).sha256).not.toBe(baseline.sha256);
    expect(load('norway-baseline', ['recidivism.effects.perIncident=1.16']).sha256).not.toBe(baseline.sha256);
    expect(load('norway-baseline', ['facilities.3.name=Halfway']).sha256).not.toBe(baseline.sha256);
    expect(load('education-expansion').sha256).not.toBe(baseline.sha256);
  });
});

describe('the portable SHA-256', () => {
  const node = (...texts: string[]) => {
    const hash = createHash('sha256');
    for (const t of texts) hash.update(t);
    return hash.digest('hex');
  };

  it('gives the standard digests, in plain JavaScript and natively', () => {
    for (const hash of [portableSha256Hex, sha256Hex]) {
      expect(hash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(hash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    }
  });

  it('in plain JavaScript is what node:crypto gives for UTF-8 text of any length, whole or in parts', () => {
    const texts = ['a', 'Skjærgård – “open” prisons ’', 'x'.repeat(55), 'y'.repeat(64), 'z'.repeat(1000) + 'æøå🙂'];
    for (const t of texts) expect(portableSha256Hex(t)).toBe(node(t));
    expect(portableSha256Hex(...texts)).toBe(node(...texts));
    expect(sha256Hex(...texts)).toBe(node(...texts));
  });
});
