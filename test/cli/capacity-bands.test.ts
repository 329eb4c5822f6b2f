/**
 * `corrsim capacity --band` end to end through the real model, kept small (see small.ts: the
 * baseline scaled down fourfold, 2 + 2 years), 4 replications per candidate in the main thread,
 * with a flat low band and a high band that grows to over twice it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileSpec } from '../../src/report/render.js';
import { cli, type Captured } from './capture.js';
import { SMALL as SMALL_SEXED } from './small.js';

/** The small baseline with the women's high-security places shared and empty: the high level is one pool of 410 places. */
const SMALL = [...SMALL_SEXED, ...['women=false', 'capacity=0', 'officersFte=0', 'otherStaffFte=0'].flatMap((s) => ['--set', `facilities.5.${s}`])];

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-capacity-bands-test-'));
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');

const HIGH = '[{year: 2025, perYear: 1300}, {year: 2026, perYear: 1800}]';
const BANDED = [...SMALL, '--set', `population.projections={low: [{year: 2025, perYear: 800}], high: ${HIGH}}`];
const SEARCH = ['--target', 'occupancy_high.mean<=0.5', '-n', '4', '-s', '3', '-j', '1', '--resolution', '2'];

describe('corrsim capacity --band', () => {
  let out: string;
  let r: Captured;
  beforeAll(async () => {
    out = join(scratch(), 'out');
    r = await cli(['capacity', 'norway-baseline', ...BANDED, ...SEARCH, '--band', 'low,high', '-o', out]);
  });

  test('the places needed under each band, side by side; each band’s search in its folder', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['capacity-bands.csv', 'capacity-bands.json', 'charts', 'high', 'low']);
    for (const band of ['low', 'high']) expect(readdirSync(join(out, band)).sort()).toEqual(['capacity.csv', 'capacity.json', 'charts']);
    expect(compileSpec(JSON.parse(read(out, 'charts', 'capacity-bands.vl.json'))).warnings).toEqual([]);

    const record = JSON.parse(read(out, 'capacity-bands.json'));
    expect(record).toMatchObject({
      scenario: { name: 'norway-baseline' },
      seed: 3, replications: 4, years: 2, warmupYears: 2, level: 'high', probability: 0.9, currentPlaces: 410,
      bandsRequested: ['low', 'high'], complete: true, failures: [],
    });
    expect(record.corrsim).toMatch(/^\d+\.\d+\.\d+/);
    expect(record.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.bands.map((b: { name: string; folder: string; status: string }) => [b.name, b.folder, b.status])).toEqual([['low', 'low', 'found'], ['high', 'high', 'found']]);
    const [low, high] = record.bands;
    // More admissions need more places, and today's places stop being enough in the high band's second year.
    expect(high.places).toBeGreaterThan(low.places);
    expect(high.change).toBe(high.places - 410);
    expect([low.firstYearFailing, low.firstYearFailingStarts]).toEqual([null, null]);
    expect([high.firstYearFailing, high.firstYearFailingStarts]).toEqual([2, '2026-01-01']);
    for (const band of record.bands) {
      const own = JSON.parse(read(out, band.folder, 'capacity.json'));
      expect(own.answer).toMatchObject({ places: band.places, change: band.change });
      expect(own.scenario.sha256).toBe(band.sha256);
      expect(own.scenario.resolved.population.newCasesByYear).toEqual(band.newCasesByYear);
      expect(band.firstYearFailing).toBe(own.yearByYear.firstYearFailing);
    }

    const lines = read(out, 'capacity-bands.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('band,status,places,change,ci_low,ci_high,current_places,first_year_failing,first_year_failing_starts,sha256');
    expect(lines[2].split(',').slice(0, 4)).toEqual(['high', 'found', String(high.places), String(high.change)]);

    expect(r.stdout).toMatch(/^norway-baseline: high-security places for occupancy_high\.mean<=0\.5 in at least 90% of replications, under each band\n/);
    const signed = (n: number) => `${n >= 0 ? '\\+' : '−'}${Math.abs(n)}`;
    expect(r.stdout).toMatch(new RegExp(`\\nlow +${low.places} +${signed(low.change)} +[\\d,]+ to [\\d,]+ +not within the horizon\\n`));
    expect(r.stdout).toMatch(new RegExp(`\\nhigh +${high.places} +${signed(high.change)} +[\\d,]+ to [\\d,]+ +2026-01-01 \\(year 2\\)\\n`));
    expect(r.stdout).toContain(`output: ${out} (each band's search in low/, high/)`);
  });

  test('a band’s search is the plain search of the scenario with newCasesByYear set to its table', async () => {
    const plain = join(scratch(), 'plain');
    const p = await cli(['capacity', 'norway-baseline', ...BANDED, '--set', `population.newCasesByYear=${HIGH}`, ...SEARCH, '-o', plain, '--quiet']);
    expect(p.code).toBe(0);
    const a = JSON.parse(read(plain, 'capacity.json'));
    const b = JSON.parse(read(out, 'high', 'capacity.json'));
    expect(b.answer).toEqual(a.answer);
    expect(b.candidates).toEqual(a.candidates);
    expect(b.scenario.sha256).toBe(a.scenario.sha256);
  });

  test.each([
    [['norway-baseline', '--band', 'low'], /^corrsim: --band: norway-baseline has no population\.projections/],
    [['norway-projection', '--band', 'middel'], /^corrsim: --band: unknown band 'middel' \(did you mean middle\? norway-projection's bands: low, middle, high\)\n$/],
  ])('%j: exit 2 with one line, nothing written', async (args, pattern) => {
    const dir = join(scratch(), 'out');
    const e = await cli(['capacity', ...args, '--target', 'occupancy_high.p95<=0.9', '-o', dir]);
    expect(e.stderr).toMatch(pattern);
    expect(e.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(e.code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });

  test('--help describes --band', async () => {
    const h = await cli(['capacity', '--help']);
    expect(h.stdout).toMatch(/--band +Search once per admission projection/);
  });
});
