/**
 * `corrsim sweep` end to end through the real model, kept small (see small.ts): grids of 2 to 3
 * points with 2 replications each, on two worker threads (compiled dist/, see test/batch/compiled.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { METRICS } from '../../src/model/result.js';
import { ensureCompiled } from '../experiments/compiled.js';
import { cli } from './capture.js';
import { SMALL } from './small.js';

beforeAll(ensureCompiled);

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-sweep-test-'));
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const rowsOf = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));

describe('corrsim sweep', () => {
  test('one parameter: a grid of the right size with whole-number slots, every metric per point, the table', async () => {
    const out = join(scratch(), 'out');
    const r = await cli(['sweep', '--vary', 'programs.education.slots=100:300:100', ...SMALL, '-n', '2', '-s', '3', '-j', '2', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['charts', 'replications.csv', 'sweep.csv', 'sweep.json']);

    const [header, ...rows] = rowsOf(read(out, 'sweep.csv'));
    expect(header).toEqual(['programs.education.slots', 'metric', 'mean', 'sd', 'ci_low', 'ci_high', 'p2_5', 'p50', 'p97_5', 'n']);
    expect(rows.length).toBeGreaterThanOrEqual(3 * METRICS.length);
    expect([...new Set(rows.map((row) => row[0]))]).toEqual(['100', '200', '300']);
    for (const m of METRICS) expect(rows.filter((row) => row[1] === m.name), m.name).toHaveLength(3);
    expect(rows.find((row) => row[0] === '200' && row[1] === 'population_total')![9]).toBe('2');

    const sweep = JSON.parse(read(out, 'sweep.json'));
    expect(sweep).toMatchObject({ seed: 3, replications: 2, years: 2, warmupYears: 2, fixedEffects: false, complete: true, failures: [] });
    expect(sweep.scenario.name).toBe('norway-baseline');
    expect(sweep.scenario.resolved.population.newCasesPerYear).toBe(1200);
    expect(sweep.command).toMatch(/^corrsim sweep --vary programs\.education\.slots=100:300:100/);
    expect(sweep.grid).toEqual({
      parameters: [{ path: 'programs.education.slots', from: 100, to: 300, step: 100, wholeNumbers: true, values: [100, 200, 300] }],
      points: 3,
    });
    expect(sweep.points.map((p: { values: Record<string, number> }) => p.values)).toEqual([
      { 'programs.education.slots': 100 },
      { 'programs.education.slots': 200 },
      { 'programs.education.slots': 300 },
    ]);
    expect(new Set(sweep.points.map((p: { sha256: string }) => p.sha256)).size).toBe(3);
    expect(sweep.points[0].metrics.population_total.n).toBe(2);

    // Common random numbers: every point runs replications 0 and 1 with the same seed.
    const [repHeader, ...reps] = rowsOf(read(out, 'replications.csv'));
    expect(repHeader.slice(0, 4)).toEqual(['programs.education.slots', 'replication', 'seed', 'population_total']);
    expect(reps.map((row) => row.slice(0, 3).join(','))).toEqual(['100,0,3', '100,1,3', '200,0,3', '200,1,3', '300,0,3', '300,1,3']);

    expect(r.stdout).toMatch(/^norway-baseline: 3 grid points × 2 replications \(common random numbers\)/);
    expect(r.stdout).toMatch(/programs\.education\.slots +population_total +occupancy_high/);
    expect(r.stdout).toMatch(/^ +300 +[\d,.]+ ±[\d,.]+ /m);
    expect(r.stdout).toContain(`output: ${out}`);
  });

  test('two parameters: a 2 × 2 grid, decimals exactly as written, --json prints sweep.json', async () => {
    const out = join(scratch(), 'out');
    const r = await cli([
      'sweep', '--vary', 'facilities.1.capacity=400:420:20', '--vary', 'parole.afterShareServed=0.6:0.7:0.1',
      ...SMALL, '-n', '1', '-j', '2', '-o', out, '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(read(out, 'sweep.json'));
    const sweep = JSON.parse(r.stdout);
    expect(sweep.grid.points).toBe(4);
    expect(sweep.grid.parameters.map((p: { wholeNumbers: boolean }) => p.wholeNumbers)).toEqual([true, false]);
    expect(sweep.points.map((p: { values: Record<string, number> }) => Object.values(p.values))).toEqual([
      [400, 0.6], [400, 0.7], [420, 0.6], [420, 0.7],
    ]);
    const rows = rowsOf(read(out, 'sweep.csv'));
    expect(rows[0].slice(0, 3)).toEqual(['facilities.1.capacity', 'parole.afterShareServed', 'metric']);
    expect(new Set(rows.slice(1).map((row) => `${row[0]}|${row[1]}`))).toEqual(new Set(['400|0.6', '400|0.7', '420|0.6', '420|0.7']));
  });
});

/** A usage error: exit 2, nothing on stdout, one `corrsim: ` line naming the problem, nothing written. */
async function expectUsageError(argv: string[], pattern: RegExp): Promise<void> {
  const out = join(scratch(), 'out');
  const r = await cli([...argv, '-o', out]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^corrsim: /);
  expect(r.stderr).toMatch(pattern);
  expect(existsSync(out)).toBe(false);
}

describe('sweep: bad input exits 2 with one line', () => {
  test.each([
    [[], /sweep needs --vary PATH=FROM:TO:STEP/],
    [['--vary', 'programs.education.slotz=100:300:100'], /--vary programs\.education\.slotz: no such field in the scenario \(did you mean programs\.education\.slots\?\)/],
    [['--vary', 'programs.nothing.slots=100:300:100'], /--vary programs\.nothing\.slots: no such field in the scenario/],
    [['--vary', 'programs.education=1:3:1'], /--vary programs\.education: the scenario holds a mapping .* not a number to vary/],
    [['--vary', 'programs.education.slots'], /--vary must be PATH=FROM:TO:STEP.*got 'programs\.education\.slots'/],
    [['--vary', 'programs.education.slots=100:300'], /--vary programs\.education\.slots: expected FROM:TO:STEP, three numbers/],
    [['--vary', 'programs.education.slots=a:300:100'], /three numbers.*got 'a:300:100'/],
    [['--vary', 'programs.education.slots=100:300:0'], /--vary programs\.education\.slots: STEP must be > 0/],
    [['--vary', 'programs.education.slots=100:300:-50'], /STEP must be > 0/],
    [['--vary', 'programs.education.slots=300:100:100'], /--vary programs\.education\.slots: FROM must not be above TO/],
    [['--vary', 'programs.education.slots=100:300:50.5'], /--vary programs\.education\.slots: the field takes whole numbers/],
    [['--vary', 'parole.afterShareServed=0.5:1.5:0.5'], /--vary: the scenario is not valid at parole\.afterShareServed=1\.5: parole\.afterShareServed: expected a number/],
    [['--vary', 'programs.education.slots=0:100000:1'], /has 100001 values; a sweep takes at most 1000 points/],
    [['--vary', 'a=1:2:1', '--vary', 'b=1:2:1', '--vary', 'c=1:2:1'], /--vary: a sweep varies one or two parameters; got 3 \(a, b, c\)/],
    [['--vary', 'programs.education.slots=1:2:1', '--vary', 'programs.education.slots=1:3:1'], /given twice/],
    [['--vary', 'programs.education.slots=1:2:1', '-n', '0'], /--replications \(-n\) must be a positive integer; got '0'/],
    [['--vary', 'programs.education.slots=1:2:1', '-n', 'auto'], /--replications \(-n\) must be a positive integer \(auto is for run and compare\)/],
    [['--vary', 'programs.education.slots=1:2:1', '-j', '0'], /--workers \(-j\) must be a positive integer; got '0'/],
    [['--vary', 'programs.education.slots=1:2:1', '-j', '-3'], /--workers \(-j\) must be a positive integer; got '-3'/],
  ])('%j', async (flags, pattern) => {
    await expectUsageError(['sweep', ...flags], pattern);
  });

  test('--precision is not a sweep flag', async () => {
    await expectUsageError(['sweep', '--vary', 'programs.education.slots=1:2:1', '--precision', 'reconviction_2y=0.1'], /unknown option --precision/);
  });
});
