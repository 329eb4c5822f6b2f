/**
 * End to end through the real model, kept small: 1 warm-up year, 1 measured year, 2 replications
 * of the baseline scaled down about tenfold with --set. Without -j these use every core, so worker
 * threads, which run the compiled dist/ (see test/batch/compiled.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { METRICS } from '../../src/model/result.js';
import { ensureCompiled } from '../experiments/compiled.js';
import { cli } from './capture.js';

beforeAll(ensureCompiled);
afterEach(() => {
  vi.unstubAllEnvs();
});

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
const FILES = ['charts', 'cohorts.csv', 'replications.csv', 'report.html', 'summary.json', 'timeseries.csv'];

describe('corrsim run', () => {
  test('tells a few life stories in report.html (a swimlane chart too), none with --stories 0', async () => {
    const out = join(scratch(), 'out');
    expect((await cli(['run', ...SMALL, '--years', '3', '-j', '1', '--stories', '2', '-o', out])).code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/Life stories/);
    expect(html.match(/Person \d+: (man|woman), \d+ years old/g)?.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(out, 'charts', 'life-stories.svg'))).toBe(true);
    const none = join(scratch(), 'out');
    expect((await cli(['run', ...SMALL, '-j', '1', '--stories', '0', '-o', none])).code).toBe(0);
    expect(existsSync(join(none, 'charts', 'life-stories.svg'))).toBe(false);
  });

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
    expect(summary.performance.workers).toBe(Math.min(2, availableParallelism()));
    for (const m of METRICS) expect(summary.metrics, m.name).toHaveProperty(m.name);
    expect(summary.metrics.population_total.n).toBe(2);
    expect(summary.metrics.population_total.mean).toBeGreaterThan(0);

    const replications = readFileSync(join(out, 'replications.csv'), 'utf8').trimEnd().split('\n');
    expect(replications).toHaveLength(3);
    expect(replications[1]).toMatch(/^0,3,/);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).toMatch(/^month,year,date,metric,mean,p2_5,p50,p97_5\n1,1,2025-01,population_total,/);
    expect(readFileSync(join(out, 'cohorts.csv'), 'utf8')).toMatch(/^subgroup,years_since_release,at_risk,/);

    expect(r.stdout).toMatch(/population_total/);
    expect(r.stdout).toMatch(/cost_per_year_nok/);
    expect(r.stdout).toMatch(/events\/s/);
    expect(r.stdout).toContain(`output: ${out}`);
  });

  test('byte-identical output with 1, 2 and 3 workers', async () => {
    const root = scratch();
    for (const j of ['1', '2', '3']) {
      const r = await cli(['run', ...SMALL, '--years', '2', '-n', '6', '-s', '11', '-j', j, '-o', join(root, j), '--quiet']);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    }
    const read = (j: string, file: string) => readFileSync(join(root, j, file), 'utf8');
    for (const file of ['replications.csv', 'timeseries.csv', 'cohorts.csv']) {
      expect(read('2', file), file).toBe(read('1', file));
      expect(read('3', file), file).toBe(read('1', file));
    }
    const summary = (j: string) => JSON.parse(read(j, 'summary.json'));
    for (const j of ['2', '3']) {
      expect(JSON.stringify(summary(j).metrics)).toBe(JSON.stringify(summary('1').metrics));
      expect(summary(j).performance.workers).toBe(Number(j));
    }
    expect(read('1', 'replications.csv').trimEnd().split('\n').slice(1).map((row) => row.split(',')[0])).toEqual(['0', '1', '2', '3', '4', '5']);
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
    const r = await cli(['run', ...SMALL, '-n', '3', '-j', '1', '-o', out], {
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
    expect(summary.replicationRanges).toEqual([[0, 0]]);
  });

  test('Ctrl-C with 2 workers: the two running replications finish and are written; the bar shows rate and ETA', async () => {
    const out = join(scratch(), 'out');
    const interrupt = new AbortController();
    let progress = '';
    const r = await cli(['run', ...SMALL, '-n', '6', '-j', '2', '-o', out], {
      interrupt: interrupt.signal,
      stderr: {
        isTTY: true,
        columns: 80,
        write: (t: string) => {
          progress += t;
          if (t.includes('1/6 replications')) interrupt.abort();
        },
      },
    });
    expect(r.code).toBe(130);
    expect(progress).toMatch(/\[░+\] 0\/6 replications/); // drawn before the first one finishes
    expect(progress).toMatch(/\[█+░+\] 2\/6 replications +[\d.]+\/s {2}ETA \d+s/);
    expect(progress).toMatch(/interrupted: 2 of 6 replications finished/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: false, replications: 2, replicationsRequested: 6, replicationRanges: [[0, 1]], failures: [] });
    expect(summary.performance.workers).toBe(2);
  });

  test('a replication failing in a worker: named with its seed and a command to rerun it alone; the others are written; exit 1', async () => {
    const root = scratch();
    const out = join(root, 'out');
    const args = ['run', ...SMALL, '-n', '6', '-s', '4', '-j', '2', '-o', out, '--quiet'];
    vi.stubEnv('CORRSIM_TEST_FAIL_REPLICATION', '3'); // test hook read by src/experiments/worker.node.ts
    const r = await cli(args);
    vi.unstubAllEnvs();
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'corrsim: replication 3 (seed 4) failed: test failure injected by CORRSIM_TEST_FAIL_REPLICATION=3; ' +
        `rerun it alone with: CORRSIM_DEBUG=1 corrsim ${args.join(' ')} --replication 3 -o ${out}-replication-3`,
    );
    expect(lines[1]).toMatch(new RegExp(`^corrsim: [34] of 6 replications finished; written to ${out} with "complete": false$`));
    expect(lines).toHaveLength(2);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(false);
    expect(summary.failures).toEqual([{ replication: 3, seed: 4, message: 'test failure injected by CORRSIM_TEST_FAIL_REPLICATION=3' }]);
    const rows = readFileSync(join(out, 'replications.csv'), 'utf8').trimEnd().split('\n').slice(1);
    const held = rows.map((row) => Number(row.split(',')[0]));
    expect([[0, 1, 2], [0, 1, 2, 4]]).toContainEqual(held);
    expect(summary.replicationRanges).toEqual(held.length === 3 ? [[0, 2]] : [[0, 2], [4, 4]]);

    // The suggested command (without the test hook) runs replication 3 alone, as the full batch would have.
    const again = await cli([...args, '--replication', '3', '-o', `${out}-replication-3`]);
    expect(again.code).toBe(0);
    const alone = readFileSync(join(`${out}-replication-3`, 'replications.csv'), 'utf8').trimEnd().split('\n');
    expect(alone).toHaveLength(2);
    expect(alone[1]).toMatch(/^3,4,/);
    const full = await cli(['run', ...SMALL, '-n', '6', '-s', '4', '-j', '2', '-o', join(root, 'full'), '--quiet']);
    expect(full.code).toBe(0);
    const fullRows = readFileSync(join(root, 'full', 'replications.csv'), 'utf8').trimEnd().split('\n');
    expect(alone[1]).toBe(fullRows[4]);
    for (const [i, r] of held.entries()) expect(rows[i]).toBe(fullRows[r + 1]);
  });

  test('--replications auto: stops at the first checkpoint where the mean is precise enough, or at the maximum', async () => {
    const root = scratch();
    const loose = await cli(['run', ...SMALL, '-n', 'auto', '--precision', 'population_total=1000', '--min-replications', '2', '-j', '1', '-o', join(root, 'loose')]);
    expect([loose.code, loose.stderr]).toEqual([0, '']);
    const summary = JSON.parse(readFileSync(join(root, 'loose', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ replications: 2, replicationsRequested: 2, complete: true });
    expect(summary.replicationRule).toMatchObject({ mode: 'auto', start: 2, step: 10, max: 200, reached: true, precision: [{ metric: 'population_total', target: 1000, met: true }] });
    expect(loose.stdout).toMatch(/--replications auto: 2 replications reached the asked precision: population_total ±[\d.]+ <= 1000/);

    const strict = await cli(['run', ...SMALL, '-n', 'auto', '--precision', 'population_total=0.001', '--min-replications', '2', '--max-replications', '3', '-j', '1', '-o', join(root, 'strict'), '--quiet']);
    expect(strict.code).toBe(0);
    expect(strict.stderr).toMatch(/^corrsim: --replications auto: reached the maximum of 3 replications before the asked precision \(population_total ±[\d.]+ > 0\.001\)/);
    const capped = JSON.parse(readFileSync(join(root, 'strict', 'summary.json'), 'utf8'));
    expect(capped).toMatchObject({ replications: 3, replicationRule: { reached: false, max: 3 } });
    // The same replications as a fixed run of 3.
    const fixed = await cli(['run', ...SMALL, '-n', '3', '-j', '1', '-o', join(root, 'fixed'), '--quiet']);
    expect(fixed.code).toBe(0);
    expect(readFileSync(join(root, 'strict', 'replications.csv'), 'utf8')).toBe(readFileSync(join(root, 'fixed', 'replications.csv'), 'utf8'));
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
