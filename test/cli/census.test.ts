/**
 * Runs that start from a census, end to end: `corrsim census` writes one, `--census FILE` and
 * `--census synthetic` start from it (the same state gives the same run), a scenario can name its
 * census, outputs record it, and a bad census or flag gets one line and exit 2.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureCompiled } from '../experiments/compiled.js';
import { cli } from './capture.js';
import { SMALL } from './small.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-census-test-'));
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const json = (...path: string[]) => JSON.parse(read(...path));

/** The scenario of SMALL (its --set overrides); a run from a census has no warm-up. */
const SETS = SMALL.filter((a, i) => a === '--set' || SMALL[i - 1] === '--set');
const SMALL_SETS = [...SETS, '--years', '2'];
const CENSUS_WARMUP = ['--warmup-years', '12'];

describe('corrsim census and runs from it', () => {
  const dir = scratch();
  const censusFile = join(dir, 'census', 'census.csv');

  beforeAll(async () => {
    await ensureCompiled();
    const r = await cli(['census', ...SETS, ...CENSUS_WARMUP, '-s', '3', '-o', join(dir, 'census')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  test('writes census.csv and census.json with counts, provenance and a table', () => {
    const text = read(censusFile);
    expect(text.split('\n')[0]).toMatch(/^status,elapsed_days,facility,sentence,sentence_days,/);
    const record = json(dir, 'census', 'census.json');
    expect(record.source).toBe('synthetic');
    expect(record.warmupYears).toBe(12);
    expect(record.seed).toBe(3);
    expect(record.date).toBe('2025-01-01');
    expect(record.scenario.name).toBe('norway-baseline');
    expect(record.people).toEqual([text.trimEnd().split('\n').length - 1]);
    expect(record.counts.high).toBeGreaterThan(50);
    expect(record.counts.released).toBeGreaterThan(record.counts.high);
  });

  test('run --census FILE starts there: no warm-up, and the census recorded in summary.json', async () => {
    const out = join(dir, 'from-file');
    const r = await cli(['run', ...SMALL_SETS, '--census', censusFile, '-n', '2', '-j', '1', '-s', '3', '--stories', '0', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 years measured from the census census\.csv \(\d[\d,]* people\), seed 3/);
    const summary = json(out, 'summary.json');
    expect(summary.warmupYears).toBe(0);
    expect(summary.census.source).toBe('census.csv');
    expect(summary.census.people).toEqual(json(dir, 'census', 'census.json').people);
    expect(summary.census.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Started full: the first month already holds the census's prisoners.
    const firstMonth = read(out, 'timeseries.csv').split('\n').find((l) => l.startsWith('1,1,2025-01,population_high,'));
    expect(Number(firstMonth!.split(',')[4])).toBeGreaterThan(50);
  });

  test('--census synthetic with the same warm-up and seed starts replication 0 from the state the file holds', async () => {
    const fromFile = join(dir, 'file-1');
    const synthetic = join(dir, 'synthetic-1');
    const a = await cli(['run', ...SMALL_SETS, '--census', censusFile, '-n', '1', '-j', '1', '-s', '3', '--stories', '0', '-o', fromFile]);
    const b = await cli(['run', ...SMALL_SETS, '--census', 'synthetic', ...CENSUS_WARMUP, '-n', '1', '-j', '1', '-s', '3', '--stories', '0', '-o', synthetic, '--quiet']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(read(synthetic, 'replications.csv')).toBe(read(fromFile, 'replications.csv'));
    const census = json(synthetic, 'summary.json').census;
    expect(census.source).toBe('synthetic');
    expect(census.people).toHaveLength(10);
    expect(census.warmupYears).toBe(12);
  });

  test('the same output with 1 and 2 workers', async () => {
    const one = join(dir, 'j1');
    const two = join(dir, 'j2');
    const args = ['run', ...SMALL_SETS, '--census', censusFile, '-n', '3', '-s', '3', '--stories', '0', '--quiet'];
    expect((await cli([...args, '-j', '1', '-o', one])).code).toBe(0);
    expect((await cli([...args, '-j', '2', '-o', two])).code).toBe(0);
    for (const file of ['replications.csv', 'timeseries.csv']) expect(read(two, file)).toBe(read(one, file));
  });

  test('a scenario names its census relative to its own folder', async () => {
    const scenarioDir = scratch();
    writeFileSync(join(scenarioDir, 'today.yaml'), `extends: norway-baseline\nname: today\nrun:\n  census: ${JSON.stringify(censusFile)}\n`);
    const relative = scratch();
    writeFileSync(join(relative, 'census.csv'), read(censusFile));
    writeFileSync(join(relative, 'today.yaml'), 'extends: norway-baseline\nname: today\nrun:\n  census: census.csv\n');
    const out = join(dir, 'scenario-census');
    const r = await cli(['run', join(relative, 'today.yaml'), ...SMALL_SETS, '-n', '1', '-j', '1', '-s', '3', '--stories', '0', '--quiet', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(read(out, 'replications.csv').split('\n')[1].split(',').slice(2)).toEqual(read(join(dir, 'file-1'), 'replications.csv').split('\n')[1].split(',').slice(2));
  });

  test('capacity starts every candidate from the census', async () => {
    const out = join(dir, 'capacity');
    const r = await cli(['capacity', ...SMALL_SETS, '--census', censusFile, '--target', 'occupancy_high.p95<=0.95', '-n', '2', '-j', '1', '-s', '3', '--quiet', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const record = json(out, 'capacity.json');
    expect(record.warmupYears).toBe(0);
    expect(record.census.source).toBe('census.csv');
    expect(record.candidates.length).toBeGreaterThan(1);
  });

  test('bands start every projection from the same census', async () => {
    const out = join(dir, 'bands');
    const r = await cli(['run', 'norway-projection', '--band', 'low,high', ...SMALL_SETS, '--census', censusFile, '-n', '1', '-j', '1', '-s', '3', '--stories', '0', '--quiet', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = json(out, 'summary.json');
    expect(summary.warmupYears).toBe(0);
    expect(summary.census.source).toBe('census.csv');
    expect(json(out, 'low', 'summary.json').census.sha256).toBe(summary.census.sha256);
  });

  test('compare starts every scenario from the baseline’s census', async () => {
    const out = join(dir, 'compare');
    const r = await cli(['compare', 'norway-baseline', 'education-expansion', ...SMALL_SETS, '--census', censusFile, '-n', '2', '-j', '1', '-s', '3', '--quiet', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const comparison = json(out, 'comparison.json');
    expect(comparison.warmupYears).toBe(0);
    expect(comparison.census.source).toBe('census.csv');
  });
});

describe('census input errors: one line, exit 2, nothing written', () => {
  const dir = scratch();
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'status,elapsed_days,sentence_days\nhigh,10,400\nlow,abc,100\n');
  const register = join(dir, 'register.csv');
  writeFileSync(register, 'status,elapsed_days,sentence_days,facility\nhigh,10,400,Nowhere\n');
  const good = join(dir, 'good.csv');
  writeFileSync(good, 'status,elapsed_days,sentence_days\nhigh,10,400\n');

  test.each([
    [['--census', join(dir, 'missing.csv')], /^corrsim: --census: census file .*missing\.csv: cannot read it \(no such file\)\n$/],
    [['--census', bad], /^corrsim: --census: bad\.csv line 3, column elapsed_days: expected a number, found "abc"\n$/],
    [['--census', register], /^corrsim: register\.csv row 1, column facility: no facility named "Nowhere" in the scenario \(facilities: /],
    [['--census', good, '--warmup-years', '5'], /^corrsim: --warmup-years does not apply to a run from the census .*good\.csv: it starts on the census date, run\.startDate\n$/],
    [['--census', 'synthetic', '--warmup-years', '0'], /^corrsim: --census synthetic: the census is taken after the warm-up, so --warmup-years \(or run\.warmupYears\) must be above 0\n$/],
    [['--census', ''], /^corrsim: --census expects the path of a census CSV file, or synthetic\n$/],
    [['--set', 'run.census='], /^corrsim: --set run\.census: expected the path of a census CSV file, or synthetic, found null/],
  ])('%j', async (args, pattern) => {
    const out = join(dir, 'out');
    const r = await cli(['run', ...args, '-n', '1', '-o', out]);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  test('a census of those held only: the run goes on, with a note that returns are missing', async () => {
    const out = join(dir, 'held-only');
    const r = await cli(['run', ...SMALL_SETS, '--census', good, '-n', '1', '-j', '1', '--stories', '0', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^corrsim: note: the census good\.csv has nobody released or awaiting a new case: returns of people released before the start are missing/);
  });
});
