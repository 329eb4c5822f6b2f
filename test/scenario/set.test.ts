import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/files.node.js';

function load(sets: string[], ref = 'norway-baseline') {
  const result = loadScenario(ref, { sets });
  if (!result.ok) throw new Error(`did not load:\n${result.errors.join('\n')}`);
  return result;
}

function errorsOf(sets: string[]): string[] {
  const result = loadScenario('norway-baseline', { sets });
  if (result.ok) throw new Error('loaded but should not have');
  return result.errors;
}

describe('--set PATH=VALUE', () => {
  const baseline = load([]).scenario;

  it('sets a number at a nested path, leaving its neighbours alone', () => {
    const { scenario, overrides } = load(['programs.education.slots=400']);
    expect(scenario.programs.education.slots).toBe(400);
    expect(scenario.programs.education.referralShare).toBe(baseline.programs.education.referralShare);
    expect(overrides).toEqual([{ path: 'programs.education.slots', value: 400 }]);
  });

  it('sets inside a list by index', () => {
    const { scenario } = load(['facilities.1.capacity=1800']);
    expect(scenario.facilities[1].capacity).toBe(1800);
    expect(scenario.facilities[1].name).toBe(baseline.facilities[1].name);
    expect(scenario.facilities[2]).toEqual(baseline.facilities[2]);
  });

  it('parses the value as YAML: shares, booleans, lists and whole distributions', () => {
    const { scenario } = load([
      'placement.lowSecurityShare=0.5',
      'stepDown.excludeHighRisk=false',
      'placement.highOnlyOffences=[sexual, violence]',
      'remand.durationDays={type: fixed, value: 3}',
      'description=A test, with = signs',
    ]);
    expect(scenario.placement.lowSecurityShare).toBe(0.5);
    expect(scenario.stepDown.excludeHighRisk).toBe(false);
    expect(scenario.placement.highOnlyOffences).toEqual(['sexual', 'violence']);
    expect(scenario.remand.durationDays).toEqual({ type: 'fixed', value: 3 });
    expect(scenario.description).toBe('A test, with = signs');
  });

  it('applies after extends, in order, and changes the hash', () => {
    const plain = load([], 'education-expansion');
    const set = load(['programs.education.slots=100', 'programs.education.slots=200'], 'education-expansion');
    expect(plain.scenario.programs.education.slots).toBe(1600);
    expect(set.scenario.programs.education.slots).toBe(200);
    expect(set.sha256).not.toBe(plain.sha256);
    // The patch reported is the file's, not the override's.
    expect(set.patch).toEqual(plain.patch);
  });

  it('rejects a path that does not exist, suggesting the nearest', () => {
    expect(errorsOf(['programs.educaton.slots=3'])).toEqual([
      '--set programs.educaton.slots: no such field in the scenario (did you mean programs.education.slots?)',
    ]);
    expect(errorsOf(['weather=rainy'])).toEqual(['--set weather: no such field in the scenario']);
    expect(errorsOf(['facilities.9.capacity=1'])).toEqual([
      '--set facilities.9.capacity: no such field in the scenario (facilities is a list numbered 0 to 6)',
    ]);
    expect(errorsOf(['programs.education.slots.extra=1'])).toEqual([
      '--set programs.education.slots.extra: no such field in the scenario',
    ]);
  });

  it('rejects a malformed argument', () => {
    expect(errorsOf(['programs.education.slots'])).toEqual([
      '--set programs.education.slots: expected PATH=VALUE, e.g. programs.education.slots=400, found no "="',
    ]);
    expect(errorsOf(['=3'])[0]).toBe('--set =3: expected a dotted field path before "=", e.g. programs.education.slots, found ""');
    expect(errorsOf(['run.years=[1'])[0]).toMatch(/^--set run\.years: the value is not valid YAML \(line 1, column \d+: .+\)$/);
  });

  it('validates the value it sets, naming the --set', () => {
    expect(errorsOf(['facilities.2.capacity=-5'])).toEqual(['--set facilities.2.capacity: expected a whole number >= 0, found -5']);
    expect(errorsOf(['placement.lowSecurityShare=1.5'])).toEqual([
      '--set placement.lowSecurityShare: expected a number between 0 and 1, found 1.5',
    ]);
    expect(errorsOf(['remand.durationDays={type: fixed}'])).toEqual([
      '--set remand.durationDays: remand.durationDays.value: missing field (expected a number >= 0)',
    ]);
  });

  it('reports every bad --set at once', () => {
    expect(errorsOf(['nope', 'run.yeers=3'])).toEqual([
      '--set nope: expected PATH=VALUE, e.g. programs.education.slots=400, found no "="',
      '--set run.yeers: no such field in the scenario (did you mean run.years?)',
    ]);
  });
});
