import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/files.node.js';
import { tempScenarioDir } from './fixtures.js';

const files = tempScenarioDir();
afterAll(() => files.remove());

function load(path: string) {
  const result = loadScenario(path);
  if (!result.ok) throw new Error(`${path} did not load:\n${result.errors.join('\n')}`);
  return result;
}

function errorsOf(path: string): string[] {
  const result = loadScenario(path);
  if (result.ok) throw new Error(`${path} loaded but should not have`);
  return result.errors;
}

describe('extends', () => {
  const baseline = load('norway-baseline').scenario;

  it('merges a nested field and keeps the rest of the baseline', () => {
    const path = files.write(
      'one-field.yaml',
      'extends: norway-baseline\nname: one-field\ndescription: One field.\nprograms:\n  education:\n    slots: 900\n',
    );
    const { scenario, chain, source } = load(path);
    expect(scenario.programs.education.slots).toBe(900);
    expect(scenario.programs.education.referralShare).toBe(baseline.programs.education.referralShare);
    expect(scenario.programs.work).toEqual(baseline.programs.work);
    expect(scenario.facilities).toEqual(baseline.facilities);
    expect(chain).toHaveLength(2);
    expect(chain[1]).toBe(source);
    expect(scenario.name).toBe('one-field');
    expect(scenario.description).toBe('One field.');
  });

  it('replaces lists whole', () => {
    const path = files.write(
      'lists.yaml',
      [
        'extends: norway-baseline',
        'name: lists',
        'placement:',
        '  highOnlyOffences: [sexual, violence]',
        'facilities:',
        '  - { name: Remand, level: remand, capacity: 10, officersFte: 9, otherStaffFte: 3, nonStaffCostPerPlaceYearNok: 1 }',
        '  - { name: High, level: high, capacity: 20, officersFte: 18, otherStaffFte: 7, nonStaffCostPerPlaceYearNok: 1 }',
        '  - { name: Low, level: low, capacity: 30, officersFte: 14, otherStaffFte: 9, nonStaffCostPerPlaceYearNok: 1 }',
        '',
      ].join('\n'),
    );
    const { scenario } = load(path);
    expect(scenario.facilities.map((f) => f.name)).toEqual(['Remand', 'High', 'Low']);
    expect(scenario.placement.highOnlyOffences).toEqual(['sexual', 'violence']);
  });

  it('follows a chain, takes paths relative to the extending file, and names from the leaf', () => {
    const middle = files.write('middle.yaml', 'extends: norway-baseline\nname: middle\ndescription: Middle.\nparole:\n  grantProbability: 0.5\n');
    const leaf = files.write('sub/leaf.yml', 'extends: ../middle.yaml\nparole:\n  afterShareServed: 0.5\n');
    const { scenario, chain } = load(leaf);
    expect(scenario.parole.grantProbability).toBe(0.5);
    expect(scenario.parole.afterShareServed).toBe(0.5);
    expect(scenario.parole.minServedDays).toBe(baseline.parole.minServedDays);
    expect(chain.map((p) => p.split('/').pop())).toEqual(['norway-baseline.yaml', 'middle.yaml', 'leaf.yml']);
    expect(chain[1]).toBe(middle);
    // No name of its own: the file's base name; no description: not the parent's.
    expect(scenario.name).toBe('leaf');
    expect(scenario.description).toBe('');
  });

  it('reads JSON patches too', () => {
    const path = files.write('patch.json', JSON.stringify({ extends: 'norway-baseline', name: 'json-patch', run: { years: 3 } }));
    expect(load(path).scenario.run.years).toBe(3);
  });

  it('reports a loop, naming the files in it', () => {
    files.write('loop-a.yaml', 'extends: loop-b.yaml\nname: a\n');
    files.write('loop-b.yaml', 'extends: ./loop-c.yaml\nname: b\n');
    files.write('loop-c.yaml', 'extends: loop-a.yaml\nname: c\n');
    expect(errorsOf(`${files.dir}/loop-a.yaml`)).toEqual([
      'loop-a.yaml: extends loops back on itself: loop-a.yaml -> loop-b.yaml -> loop-c.yaml -> loop-a.yaml',
    ]);
    files.write('self.yaml', 'extends: self.yaml\n');
    expect(errorsOf(`${files.dir}/self.yaml`)).toEqual(['self.yaml: extends loops back on itself: self.yaml -> self.yaml']);
  });

  it('reports a missing parent, naming it and the file that asked for it', () => {
    files.write('orphan.yaml', 'extends: no-such-parent.yaml\nname: orphan\n');
    const errors = errorsOf(`${files.dir}/orphan.yaml`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^orphan\.yaml: extends: scenario file not found: no-such-parent\.yaml \(built-in scenarios: norway-baseline, /);
    files.write('typo-parent.yaml', 'extends: norway-baselin\n');
    expect(errorsOf(`${files.dir}/typo-parent.yaml`)[0]).toMatch(
      /^typo-parent\.yaml: extends: scenario file not found: norway-baselin \(did you mean norway-baseline\? built-in scenarios: /,
    );
  });

  it('rejects an extends that is not a name', () => {
    files.write('bad-extends.yaml', 'extends: [norway-baseline]\n');
    expect(errorsOf(`${files.dir}/bad-extends.yaml`)).toEqual([
      'bad-extends.yaml: extends: expected the name or path of a scenario, found ["norway-baseline"]',
    ]);
  });

  it('names the file where a bad value came from', () => {
    const path = files.write('bad-patch.yaml', 'extends: norway-baseline\nname: bad-patch\nparole:\n  grantProbability: 1.5\n');
    expect(errorsOf(path)).toEqual(['bad-patch.yaml: parole.grantProbability: expected a number between 0 and 1, found 1.5']);
  });
});
