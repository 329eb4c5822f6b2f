/**
 * `corrsim run --band` end to end through the real model, kept small: the baseline scaled down
 * about fourfold (small.ts), 2 + 2 years, 3 replications per band in the main thread (-j 1), with
 * two bands set on the command line: a flat low band and a high band that grows to over twice it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { BAND_YEARLY_SERIES } from '../../src/report/tables/bands.js';
import { METRICS, SERIES } from '../../src/model/result.js';
import { compileSpec } from '../../src/report/render.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import { ensureCompiled } from '../experiments/compiled.js';
import { cli, type Captured } from './capture.js';
import { SMALL } from './small.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-bands-test-'));
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const rowsOf = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));

const LOW = '[{year: 2025, perYear: 800}]';
const HIGH = '[{year: 2025, perYear: 1300}, {year: 2026, perYear: 1800}]';
const BANDED = [...SMALL, '--set', `population.projections={low: ${LOW}, high: ${HIGH}}`];
const RUN_FILES = ['charts', 'cohorts.csv', 'replications.csv', 'report.html', 'summary.json', 'timeseries.csv'];

describe('corrsim run --band', () => {
  let out: string;
  let r: Captured;
  // Shared by the tests below: one band run of 2 bands × 3 replications.
  beforeAll(async () => {
    out = join(scratch(), 'out');
    r = await cli(['run', 'norway-baseline', ...BANDED, '--band', 'low,high', '-n', '3', '-s', '5', '-j', '1', '--stories', '0', '-o', out]);
  });

  test('writes each band’s usual run files in its own folder, and the bands side by side at the top', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['bands-timeseries.csv', 'bands-yearly.csv', 'bands.csv', 'charts', 'high', 'low', 'report.html', 'summary.json']);
    for (const band of ['low', 'high']) expect(readdirSync(join(out, band)).sort()).toEqual(RUN_FILES);
    const charts = readdirSync(join(out, 'charts'));
    for (const name of ['admissions', 'population-total', 'population-remand', 'population-high', 'population-low', 'population-halfway', 'sentence-queue']) {
      expect(charts).toContain(`bands-${name}.svg`);
      expect(charts).toContain(`bands-${name}.png`);
      expect(compileSpec(JSON.parse(read(out, 'charts', `bands-${name}.vl.json`))).warnings, name).toEqual([]);
    }
  });

  test('summary.json: the scenario, its hash, the seed, the version and every band with its table, hash and metrics', () => {
    const loaded = loadScenario('norway-baseline', { sets: BANDED.filter((_, i) => BANDED[i - 1] === '--set') });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const summary = JSON.parse(read(out, 'summary.json'));
    expect(summary).toMatchObject({
      corrsim: JSON.parse(read(join(__dirname, '..', '..', 'package.json'))).version,
      scenario: { name: 'norway-baseline', sha256: loaded.sha256 },
      seed: 5,
      replications: 3,
      years: 2,
      warmupYears: 2,
      bandsRequested: ['low', 'high'],
      complete: true,
      failures: [],
    });
    expect(summary.command).toMatch(/^corrsim run norway-baseline --years 2 .* --band low,high /);
    expect(summary.bands.map((b: { name: string; folder: string; replications: number }) => [b.name, b.folder, b.replications])).toEqual([['low', 'low', 3], ['high', 'high', 3]]);
    expect(summary.bands[1].newCasesByYear).toEqual([{ year: 2025, perYear: 1300 }, { year: 2026, perYear: 1800 }]);
    for (const band of summary.bands) {
      const own = JSON.parse(read(out, band.folder, 'summary.json'));
      expect(own.band).toBe(band.name);
      expect(own.scenario.sha256).toBe(band.sha256);
      expect(own.scenario.resolved.population.newCasesByYear).toEqual(band.newCasesByYear);
      expect(own.metrics).toEqual(band.metrics);
      expect(own.seed).toBe(5);
    }
    expect(summary.performance.events).toBeGreaterThan(0);
    for (const m of METRICS) expect(summary.bands[0].metrics, m.name).toHaveProperty(m.name);
  });

  test('bands.csv, bands-timeseries.csv and bands-yearly.csv hold every band', () => {
    const summary = JSON.parse(read(out, 'summary.json'));
    const [header, ...rows] = rowsOf(read(out, 'bands.csv'));
    expect(header).toEqual(['band', 'metric', 'mean', 'sd', 'ci_low', 'ci_high', 'p2_5', 'p50', 'p97_5', 'n']);
    expect(rows).toHaveLength(2 * Object.keys(summary.bands[0].metrics).length);
    const high = rows.find((row) => row[0] === 'high' && row[1] === 'population_total')!;
    expect(Number(high[2])).toBeCloseTo(summary.bands[1].metrics.population_total.mean, 3);
    expect(Number(high[9])).toBe(3);

    const [tsHeader, ...tsRows] = rowsOf(read(out, 'bands-timeseries.csv'));
    expect(tsHeader).toEqual(['band', 'month', 'year', 'date', 'metric', 'mean', 'p2_5', 'p50', 'p97_5']);
    expect(tsRows).toHaveLength(2 * 24 * SERIES.length);
    // The rows of a band are its own timeseries.csv with the band in front.
    expect(tsRows.filter((row) => row[0] === 'low').map((row) => row.slice(1).join(','))).toEqual(read(out, 'low', 'timeseries.csv').trimEnd().split('\n').slice(1));

    const [yHeader, ...yRows] = rowsOf(read(out, 'bands-yearly.csv'));
    expect(yHeader).toEqual(['band', 'year', 'label', 'from', 'to', 'metric', 'mean', 'p2_5', 'p50', 'p97_5', 'n']);
    expect(yRows).toHaveLength(2 * 2 * BAND_YEARLY_SERIES.length);
    expect(yRows.find((row) => row[0] === 'high' && row[1] === '2' && row[5] === 'population_high')!.slice(2, 5)).toEqual(['2026', '2026-01', '2026-12']);
  });

  test('each band equals a plain run of the scenario with newCasesByYear set to its table (same seed, same replications)', async () => {
    const plain = join(scratch(), 'plain');
    const p = await cli(['run', 'norway-baseline', ...BANDED, '--set', `population.newCasesByYear=${HIGH}`, '-n', '3', '-s', '5', '-j', '1', '--stories', '0', '-o', plain, '--quiet']);
    expect(p.code).toBe(0);
    for (const file of ['replications.csv', 'timeseries.csv', 'cohorts.csv']) expect(read(plain, file), file).toBe(read(out, 'high', file));
    const a = JSON.parse(read(plain, 'summary.json'));
    const b = JSON.parse(read(out, 'high', 'summary.json'));
    expect(b.scenario.sha256).toBe(a.scenario.sha256);
    expect(b.metrics).toEqual(a.metrics);
  });

  test('common random numbers: the growing high band holds more people than the low band in every replication', () => {
    const column = (band: string, metric: string) => {
      const [header, ...rows] = rowsOf(read(out, band, 'replications.csv'));
      return rows.map((row) => Number(row[header.indexOf(metric)]));
    };
    expect(column('high', 'seed')).toEqual(column('low', 'seed'));
    for (const metric of ['population_total', 'admissions_per_year']) {
      const [low, high] = [column('low', metric), column('high', metric)];
      low.forEach((value, i) => expect(high[i], `${metric}, replication ${i}`).toBeGreaterThan(value));
    }
    const summary = JSON.parse(read(out, 'summary.json'));
    const [low, high] = summary.bands.map((b: { metrics: Record<string, { ci95: [number, number] }> }) => b.metrics.population_total.ci95);
    expect(high[0]).toBeGreaterThan(low[1]); // the 95% intervals do not overlap
  });

  test('report.html: the bands side by side, self-contained, with each band’s own report linked', () => {
    const html = read(out, 'report.html');
    expect(html).toMatch(/<title>corrsim bands: norway-baseline \(low, high\)<\/title>/);
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/<script[^>]+src=/);
    for (const id of ['bands-admissions', 'bands-population-total', 'bands-population-high', 'bands-sentence-queue']) expect(html).toContain(`id="chart-${id}"`);
    expect(html).toContain('href="low/report.html"');
    expect(html).toContain('Main metrics side by side');
    expect(read(out, 'low', 'report.html')).toContain('<title>corrsim report: norway-baseline, band low</title>');
  });

  test('prints the bands side by side', () => {
    expect(r.stdout).toMatch(/^norway-baseline: 2 bands \(low, high\), 3 replications each with the same seeds \(common random numbers\)/);
    expect(r.stdout).toMatch(/\nmetric +low +high\npopulation_total +[\d,.]+ ±[\d,.]+ +[\d,.]+ ±[\d,.]+\n/);
    expect(r.stdout).toMatch(/\nin 2026, the last measured year: median/);
    expect(r.stdout).toContain(`output: ${out} (report.html; each band's own run in low/, high/)`);
  });
});

describe('corrsim run --band: failures, Ctrl-C, --json', () => {
  afterEach(() => vi.unstubAllEnvs());

  test('a replication failing in a worker: named with its band and a command that reruns it alone; the rest is written; exit 1', async () => {
    await ensureCompiled();
    const out = join(scratch(), 'out');
    vi.stubEnv('CORRSIM_TEST_FAIL_REPLICATION', '1'); // test hook read by src/experiments/worker.node.ts
    const r = await cli(['run', 'norway-baseline', ...BANDED, '--band', 'low,high', '-n', '2', '-s', '5', '-j', '2', '--stories', '0', '-o', out, '--quiet']);
    vi.unstubAllEnvs();
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^corrsim: band low: replication 1 \(seed 5\) failed: test failure injected .*; rerun it alone with: CORRSIM_DEBUG=1 corrsim run norway-baseline .*--set 'population\.newCasesByYear=\[\{"year":2025,"perYear":800\}\]' .*--replication 1 -o /);
    expect(lines[1]).toMatch(/^corrsim: band high: replication 1 \(seed 5\) failed: /);
    expect(lines[2]).toBe(`corrsim: not every replication finished; written to ${out} with "complete": false`);
    const summary = JSON.parse(read(out, 'summary.json'));
    expect(summary).toMatchObject({ complete: false, failures: [{ band: 'low', replication: 1, seed: 5 }, { band: 'high', replication: 1, seed: 5 }] });
    expect(summary.bands.map((b: { replications: number }) => b.replications)).toEqual([1, 1]);

    // The suggested command (without the hook) reruns the band's replication 1 as the full band run would have.
    const rerun = lines[1].split('CORRSIM_DEBUG=1 corrsim ')[1];
    const words = [...rerun.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]));
    const again = await cli(words);
    expect(again.code).toBe(0);
    const alone = join(out + '-high-replication-1');
    expect(JSON.parse(read(alone, 'summary.json')).scenario.sha256).toBe(summary.bands[1].sha256);
    const full = join(scratch(), 'full');
    expect((await cli(['run', 'norway-baseline', ...BANDED, '--band', 'high', '-n', '2', '-s', '5', '-j', '1', '--stories', '0', '-o', full, '--quiet'])).code).toBe(0);
    expect(read(alone, 'replications.csv').split('\n')[1]).toBe(read(full, 'high', 'replications.csv').split('\n')[2]);
  });

  test('Ctrl-C before any replication finished: nothing written, exit 130', async () => {
    const out = join(scratch(), 'out');
    const interrupt = new AbortController();
    interrupt.abort();
    const r = await cli(['run', 'norway-projection', '--band', 'low,high', '-o', out], { interrupt: interrupt.signal });
    expect([r.code, r.stderr]).toEqual([130, 'corrsim: interrupted before any replication finished; nothing written\n']);
    expect(existsSync(out)).toBe(false);
  });

  test('--json prints the top summary.json', async () => {
    const out = join(scratch(), 'out');
    const r = await cli(['run', 'norway-baseline', ...BANDED, '--band', 'high', '-n', '1', '-j', '1', '--stories', '0', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(read(out, 'summary.json'));
    expect(JSON.parse(r.stdout).bands.map((b: { name: string }) => b.name)).toEqual(['high']);
  });
});

describe('corrsim run --band: bad input', () => {
  test.each([
    [['norway-baseline', '--band', 'low'], /^corrsim: --band: norway-baseline has no population\.projections, so there are no bands to run \(.*norway-projection: bands low, middle, high\)\n$/],
    [['norway-projection', '--band', 'low,hihg'], /^corrsim: --band: unknown band 'hihg' \(did you mean high\? norway-projection's bands: low, middle, high\)\n$/],
    [['norway-projection', '--band', ''], /^corrsim: --band needs the names of bands of population\.projections, e\.g\. --band low,middle,high\n$/],
    [['norway-projection', '--band', 'low,low'], /^corrsim: --band: low is given twice\n$/],
    [['norway-projection', '--band', 'low', '-n', 'auto', '--precision', 'population_total=10'], /^corrsim: --band runs every band with the same fixed number of replications; give -n N, not auto\n$/],
    [['norway-projection', '--band', 'low', '--replication', '1'], /^corrsim: --replication reruns one replication of a plain run; it cannot go with --band/],
  ])('%j: exit 2 with one line, nothing written', async (args, pattern) => {
    const out = join(scratch(), 'out');
    const r = await cli(['run', ...args, '-o', out]);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  test('--help describes --band', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--band +Run once per admission projection/);
    expect(r.stdout).toContain('corrsim run norway-projection --band');
  });
});
