/**
 * The seminar page's own logic, in Node: its levers come from the scenario schema, the validator's
 * messages land beside the lever that caused them, the YAML it offers resolves to the scenario it
 * ran, and what it asks the studies gives the numbers `corrsim run` and `corrsim compare` give for
 * the same scenario, seed and census (the browser test checks the bundled page itself).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRunner } from '../../src/experiments/pool.node.js';
import { builtinScenarioDir, loadScenario, readCensusFile } from '../../src/scenario/files.node.js';
import { compareStudy } from '../../src/studies/compare.js';
import { runStudy } from '../../src/studies/run.js';
import { cli } from '../cli/capture.js';
import { leversFor, messagesByLever, setsFor } from '../../web/src/levers.js';
import { censusStart, changedScenarioYaml, changedSets, compareRequest, loadSetup, runCommandLine, runRequest, scenarioList, type Loaded, type ScenarioTexts, type Setup } from '../../web/src/session.js';
import { readdirSync, readFileSync } from 'node:fs';

function builtinTexts(): ScenarioTexts {
  const dir = builtinScenarioDir();
  return Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.yaml')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

const TEXTS = builtinTexts();

function loaded(scenario: string, sets: readonly string[] = []): Loaded {
  const l = loadSetup(TEXTS, scenario, sets);
  if (!l.ok) throw new Error(l.errors.join('\n'));
  return l;
}

describe('the levers', () => {
  const base = loaded('norway-baseline');
  const levers = leversFor(base.scenario);
  const byId = new Map(levers.map((l) => [l.id, l]));

  it('read their baselines from the scenario and their ranges from the schema', () => {
    expect(levers.filter((l) => l.group === 'places').map((l) => l.baseline)).toEqual(base.scenario.facilities.map((f) => f.capacity));
    const education = byId.get('programs.education.slots')!;
    expect(education.baseline).toBe(base.scenario.programs.education.slots);
    expect(education.step).toBe(1); // a whole-number field
    expect(education.min).toBe(0);
    expect(education.max).toBeGreaterThan(education.baseline);
    const parole = byId.get('parole.afterShareServed')!;
    expect([parole.min, parole.max]).toEqual([0, 1]); // a share: the schema's bounds
    expect(parole.baseline).toBe(base.scenario.parole.afterShareServed);
    for (const l of levers) expect(l.baseline, l.id).toBeGreaterThanOrEqual(l.min);
  });

  it('write --set overrides only for what moved, which the command line resolves the same way', () => {
    const values = Object.fromEntries(levers.map((l) => [l.id, String(l.baseline)]));
    expect(setsFor(levers, values)).toEqual([]);
    values['programs.education.slots'] = '1400';
    values['staff.officersFactor'] = '0.5';
    const sets = setsFor(levers, values);
    expect(sets[0]).toBe('programs.education.slots=1400');
    expect(sets.slice(1)).toEqual(base.scenario.facilities.map((f, i) => `facilities.${i}.officersFte=${f.officersFte / 2}`));
    const page = loaded('norway-baseline', sets);
    const command = loadScenario('norway-baseline', { sets });
    expect(command.ok && command.sha256).toBe(page.sha256);
    expect(page.scenario.programs.education.slots).toBe(1400);
  });

  it('show each validator message beside the lever that caused it, in the command line’s words', () => {
    const values = Object.fromEntries(levers.map((l) => [l.id, String(l.baseline)]));
    values['programs.education.slots'] = '-5';
    values['parole.afterShareServed'] = '1.5';
    values['facilities.1.capacity'] = 'lots';
    const result = loadSetup(TEXTS, 'norway-baseline', setsFor(levers, values));
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const { byLever, general } = messagesByLever(levers, errors);
    expect(general).toEqual([]);
    expect(byLever['programs.education.slots']).toEqual(['expected a whole number >= 0, found -5']);
    expect(byLever['parole.afterShareServed']).toEqual(['expected a number > 0 and <= 1, found 1.5']);
    expect(byLever['facilities.1.capacity']).toEqual(['expected a whole number >= 0, found "lots"']);
    // The same lines `corrsim run --set` prints.
    const command = loadScenario('norway-baseline', { sets: setsFor(levers, values) });
    expect(command.ok ? [] : command.errors).toEqual(errors);
  });

  it('exist for every built-in scenario the page lists', () => {
    const names = scenarioList(TEXTS).map((s) => s.name);
    expect(names[0]).toBe('norway-baseline');
    expect(names).toContain('us-style-sentencing');
    for (const name of names) expect(leversFor(loaded(name).scenario).length, name).toBeGreaterThan(15);
  });
});

describe('the page asks what the command line asks', () => {
  let dir: string;
  let censusPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'corrsim-seminar-'));
    // A small census (a short warm-up), standing in for the page's: the same file on both sides.
    const made = await cli(['census', 'norway-baseline', '--warmup-years', '3', '-o', join(dir, 'census'), '--quiet']);
    expect(made.code, made.stderr).toBe(0);
    censusPath = join(dir, 'census', 'census.csv');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const setup: Setup = { scenario: 'norway-baseline', sets: ['programs.education.slots=1400', 'parole.afterShareServed=0.5'], seed: 3, replications: 2, years: 1, stories: 1 };

  function start(l: Loaded) {
    const read = readCensusFile(censusPath);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    const s = censusStart({ ...read.census, source: 'census-norway-baseline.csv' }, l);
    if (!s.ok) throw new Error(s.errors.join('\n'));
    return s.start;
  }

  it('Run: the same metrics and stories as corrsim run with the same seed, replications and census', async () => {
    const page = loaded(setup.scenario, setup.sets);
    const outcome = await runStudy(runRequest(setup, page, start(page), 'test'), nodeRunner(1));
    const out = join(dir, 'run');
    const args = runCommandLine(setup).split(' ').slice(1).map((w) => (w === 'census-norway-baseline.csv' ? censusPath : w));
    const command = await cli([...args, '-j', '1', '-o', out, '--quiet']);
    expect(command.code, command.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(outcome.summary!.metrics).toEqual(summary.metrics);
    expect(outcome.summary!.scenario.sha256).toBe(summary.scenario.sha256);
    expect(outcome.summary!.replications).toBe(2);
    expect(outcome.stories!.length).toBe(1);
  });

  it('Compare: the YAML the page offers resolves to the changed scenario, and corrsim compare on it gives the same differences', async () => {
    const baseline = loaded(setup.scenario);
    const changed = loaded(setup.scenario, changedSets(setup));
    const yamlPath = join(dir, 'norway-baseline-changed.yaml');
    await writeFile(yamlPath, changedScenarioYaml(setup, changed, stringify));
    const fromFile = loadScenario(yamlPath);
    expect(fromFile.ok ? fromFile.sha256 : fromFile.errors).toBe(changed.sha256);
    const outcome = await compareStudy(compareRequest(setup, baseline, changed, start(baseline), 'test'), nodeRunner(1));
    const out = join(dir, 'compare');
    const command = await cli(['compare', 'norway-baseline', yamlPath, '-n', '2', '-s', '3', '--years', '1', '--census', censusPath, '-j', '1', '-o', out, '--quiet']);
    expect(command.code, command.stderr).toBe(0);
    const comparison = JSON.parse(await readFile(join(out, 'comparison.json'), 'utf8'));
    expect(outcome.comparison!.comparisons[0].metrics).toEqual(comparison.comparisons[0].metrics);
    // The levers moved something: the policy differs from the baseline.
    expect(outcome.comparison!.comparisons[0].metrics.population_total.difference.mean).not.toBe(0);
  });
});
