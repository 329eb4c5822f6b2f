import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBuiltinScenarios, loadScenario, packageRoot } from '../../src/scenario/files.node.js';
import type { Scenario } from '../../src/scenario/types.js';

function load(ref: string): Extract<ReturnType<typeof loadScenario>, { ok: true }> {
  const result = loadScenario(ref);
  if (!result.ok) throw new Error(`${ref} did not load:\n${result.errors.join('\n')}`);
  return result;
}

/** The dotted paths (down to leaves; arrays are leaves) at which two scenarios differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => differences(a[key], b[key], path === '' ? key : `${path}.${key}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

describe('the Norway baseline', () => {
  it('loads and validates, with its figures intact', () => {
    const result = load('norway-baseline');
    const s: Scenario = result.scenario;
    expect(result.name).toBe('norway-baseline');
    expect(result.chain).toEqual([result.source]);
    expect(result.source.endsWith('scenarios/norway-baseline.yaml')).toBe(true);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.facilities.map((f) => [f.level, f.capacity, f.women === true])).toEqual([
      ['remand', 710, false],
      ['high', 1750, false],
      ['low', 840, false],
      ['halfway', 150, false],
      ['remand', 40, true],
      ['high', 75, true],
      ['low', 70, true],
    ]);
    expect(s.programs.education.slots).toBe(800);
    expect(s.remand.durationDays).toEqual({ type: 'lognormal', mean: 110, cv: 1.3 });
    expect(s.sentencing.lengthDays.type).toBe('empirical');
  });

  it('is found by name, by file name and by path', () => {
    const byName = load('norway-baseline');
    expect(load(`${packageRoot()}/scenarios/norway-baseline.yaml`).sha256).toBe(byName.sha256);
    const relativePath = relative(process.cwd(), join(packageRoot(), 'scenarios', 'norway-baseline.yaml'));
    expect(load(relativePath).sha256).toBe(byName.sha256);
  });
});

describe('built-in scenarios', () => {
  const builtins = listBuiltinScenarios();

  it('are listed with a one-line description, the baseline first', () => {
    expect(builtins[0].name).toBe('norway-baseline');
    expect(builtins.map((b) => b.name)).toEqual(
      expect.arrayContaining([
        'education-expansion',
        'housing-guarantee',
        'staff-cuts',
        'more-open-places',
        'us-style-sentencing',
        'em-expansion',
        'early-parole-2027',
      ]),
    );
    for (const { description } of builtins) {
      expect(description.length).toBeGreaterThan(20);
      expect(description).not.toContain('\n');
    }
  });

  it.each(builtins.map((b) => b.name))('%s loads, named after its file', (name) => {
    const result = load(name);
    expect(result.name).toBe(name);
    expect(result.scenario.description).toBe(builtins.find((b) => b.name === name)?.description);
  });

  it('policy patches change only what they say, to the values they say', () => {
    const baseline = load('norway-baseline').scenario;
    // Differences from the baseline must be among the patch's own fields (a subset, since the
    // baseline is recalibrated from time to time and may come to agree with a patch).
    const changed = (s: Scenario) => differences(baseline, s).filter((p) => p !== 'name' && p !== 'description');
    const expectChangesWithin = (s: Scenario, allowed: string[]) => {
      expect(changed(s).filter((p) => !allowed.includes(p))).toEqual([]);
    };

    const education = load('education-expansion').scenario;
    expect(education.programs.education).toMatchObject({ slots: 1600, referralShare: 0.8, minRemainingDays: 14 });
    expectChangesWithin(education, ['programs.education.slots', 'programs.education.referralShare', 'programs.education.minRemainingDays']);

    const housing = load('housing-guarantee').scenario;
    expect(housing.release.housing.guaranteeProbability).toBe(0.9);
    expectChangesWithin(housing, ['release.housing.guaranteeProbability']);

    expectChangesWithin(load('staff-cuts').scenario, ['facilities']);

    const open = load('more-open-places').scenario;
    const base = load('norway-baseline').scenario;
    const places = (s: typeof base, level: string) => s.facilities.filter((f) => f.level === level).reduce((a, f) => a + f.capacity, 0);
    expect(places(open, 'low') - places(base, 'low')).toBe(300);
    expect(places(base, 'high') - places(open, 'high')).toBe(300);
    expectChangesWithin(open, ['facilities']);

    const us = load('us-style-sentencing').scenario;
    expect(us.sentencing.lengthMultiplier).toBe(3);
    expect(us.parole).toMatchObject({ afterShareServed: 0.85, grantProbability: 0.5 });
    expect(us.placement.lowSecurityShare).toBe(0.2);
    expect([us.electronicMonitoring.frontDoor.approvalShare, us.electronicMonitoring.backDoor.approvalShare]).toEqual([0.2, 0.1]);
    expectChangesWithin(us, [
      'electronicMonitoring.backDoor.approvalShare',
      'electronicMonitoring.frontDoor.approvalShare',
      'parole.afterShareServed',
      'parole.grantProbability',
      'placement.lowSecurityShare',
      'sentencing.lengthMultiplier',
    ]);

    const em = load('em-expansion').scenario.electronicMonitoring;
    expect(em.capacity).toBe(900);
    expect(em.frontDoor).toMatchObject({ maxSentenceDays: 365, approvalShare: 0.85 });
    expect(em.backDoor).toMatchObject({ lastDays: 365, approvalShare: 0.5 });
    expectChangesWithin(load('em-expansion').scenario, [
      'electronicMonitoring.backDoor.approvalShare',
      'electronicMonitoring.backDoor.lastDays',
      'electronicMonitoring.capacity',
      'electronicMonitoring.frontDoor.approvalShare',
      'electronicMonitoring.frontDoor.maxSentenceDays',
    ]);
  });

  it('date a change of the rules: early parole from 2027, for everyone serving', () => {
    const early = load('early-parole-2027').scenario;
    expect(early.parole).toEqual(load('norway-baseline').scenario.parole);
    expect(early.policyChanges).toEqual([
      expect.objectContaining({ date: '2027-01-01', appliesTo: 'all', patch: { parole: { afterShareServed: 0.5 } } }),
    ]);
    expect(differences(load('norway-baseline').scenario, early).filter((p) => p !== 'name' && p !== 'description')).toEqual(['policyChanges']);
  });

  it('restate facility lists with only the intended numbers changed', () => {
    const baseline = load('norway-baseline').scenario.facilities;
    const cuts = load('staff-cuts').scenario.facilities;
    cuts.forEach((facility, i) => {
      expect(facility).toEqual({ ...baseline[i], officersFte: baseline[i].officersFte * 0.75 });
    });
    const open = load('more-open-places').scenario.facilities;
    const places = (list: Scenario['facilities']) => list.reduce((sum, f) => sum + f.capacity, 0);
    expect(places(open)).toBe(places(baseline));
    expect(open.map((f) => f.capacity)).toEqual([710, 1450, 1140, 150, 40, 75, 70]);
    // Staff per place of the converted levels stays the baseline's, within rounding to whole FTE.
    for (const i of [1, 2]) {
      expect(open[i].officersFte / open[i].capacity).toBeCloseTo(baseline[i].officersFte / baseline[i].capacity, 2);
      expect(Math.abs(open[i].otherStaffFte - (baseline[i].otherStaffFte * open[i].capacity) / baseline[i].capacity)).toBeLessThan(0.5);
    }
  });

  it('keep the patch itself for reports', () => {
    const result = load('housing-guarantee');
    expect(result.patch).toMatchObject({
      extends: 'norway-baseline',
      name: 'housing-guarantee',
      release: { housing: { guaranteeProbability: 0.9 } },
    });
    expect(result.chain.map((p) => p.split('/').pop())).toEqual(['norway-baseline.yaml', 'housing-guarantee.yaml']);
  });
});
