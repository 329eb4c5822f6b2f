/**
 * End to end through the real model, kept small: 1 warm-up year, 1 measured year, 2 replications
 * of the baseline scaled down about tenfold with --set.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { METRICS } from '../../src/model/result.js';
import { cli } from './capture.js';

const SMALL = [
  '--years', '1',
  '--warmup-years', '1',
  '-n', '2',
  '--set', 'population.newCasesPerYear=800',
  '--set', 'facilities.0.capacity=75',
  '--set', 'facilities.1.capacity=165',
  '--set', 'facilities.2.capacity=110',
  '--set', 'facilities.3.capacity=15',
];

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-run-test-'));
const FILES = ['cohorts.csv', 'replications.csv', 'summary.json', 'timeseries.csv'];

describe('corrsim run', () => {
  test('writes the output folder with every metric, and a human summary', async () => {
    const root = scratch();
    const out = join(root, 'out');
    const r = await cli(['run', ...SMALL, '-s', '3', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(FILES);
    expect(readdirSync(root)).toEqual(['out']); // no staging folder left behind

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.scenario.name).toBe('norway-baseline');
    expect(summary.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.scenario.resolved.population.newCasesPerYear).toBe(800);
    expect(summary).toMatchObject({ seed: 3, replications: 2, years: 1, warmupYears: 1, complete: true });
    expect(summary.command).toContain('corrsim run --years 1');
    expect(summary.performance.events).toBeGreaterThan(0);
    expect(summary.performance.workers).toBe(1);
    for (const m of METRICS) expect(summary.metrics, m.name).toHaveProperty(m.name);
    expect(summary.metrics.population_total.n).toBe(2);
    expect(summary.metrics.population_total.mean).toBeGreaterThan(0);

    const replications = readFileSync(join(out, 'replications.csv'), 'utf8').trimEnd().split('\n');
    expect(replications).toHaveLength(3);
    expect(replications[1]).toMatch(/^0,3,/);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).toMatch(/^month,year,metric,mean,p2_5,p50,p97_5\n1,1,population_total,/);
    expect(readFileSync(join(out, 'cohorts.csv'), 'utf8')).toMatch(/^subgroup,years_since_release,at_risk,/);

    expect(r.stdout).toMatch(/population_total/);
    expect(r.stdout).toMatch(/cost_per_year_nok/);
    expect(r.stdout).toMatch(/events\/s/);
    expect(r.stdout).toContain(`output: ${out}`);
  });

  test('the same seed gives a byte-identical replications.csv', async () => {
    const root = scratch();
    const a = await cli(['run', ...SMALL, '-s', '11', '-o', join(root, 'a'), '--quiet']);
    const b = await cli(['run', ...SMALL, '-s', '11', '-o', join(root, 'b'), '--quiet', '-j', '2']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout + b.stdout).toBe('');
    expect(readFileSync(join(root, 'b', 'replications.csv'))).toEqual(readFileSync(join(root, 'a', 'replications.csv')));
  });

  test('--json prints summary.json', async () => {
    const out = join(scratch(), 'out');
    const r = await cli(['run', ...SMALL, '-n', '1', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(JSON.parse(r.stdout).replications).toBe(1);
  });

  test('Ctrl-C: stops after the current replication, writes what finished with complete false, exits 130', async () => {
    const out = join(scratch(), 'out');
    const interrupt = new AbortController();
    let progress = '';
    const r = await cli(['run', ...SMALL, '-n', '3', '-o', out], {
      interrupt: interrupt.signal,
      // A terminal, so that the progress bar is drawn; "Ctrl-C" once the first replication is done.
      stderr: {
        isTTY: true,
        columns: 80,
        write: (t: string) => {
          progress += t;
          if (t.includes('1/3 replications')) interrupt.abort();
        },
      },
    });
    expect(r.code).toBe(130);
    expect(progress).toMatch(/\[█+░+\] 1\/3 replications .*\/s {2}ETA /);
    expect(progress).toMatch(/interrupted: 1 of 3 replications finished/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(false);
    expect(summary.replications).toBe(1);
  });

  test('interrupted before any replication finished: nothing written', async () => {
    const root = scratch();
    const interrupt = new AbortController();
    interrupt.abort();
    const r = await cli(['run', ...SMALL, '-o', join(root, 'out')], { interrupt: interrupt.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^corrsim: interrupted before any replication finished; nothing written\n$/);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  test('a scenario error writes nothing', async () => {
    const root = scratch();
    const r = await cli(['run', ...SMALL, '--set', 'population.newCasesPerYear=-5', '-o', join(root, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corrsim: .*newCasesPerYear/);
    expect(readdirSync(root)).toEqual([]);
  });
});
