/**
 * `corrsim compare` end to end through the real model, kept small: the baseline scaled down about
 * fourfold with --set, 2 warm-up and 2 measured years, 2 to 5 replications. With -j 2 the
 * replications run on worker threads, which run the compiled dist/ (see test/batch/compiled.ts).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { METRICS } from '../../src/model/result.js';
import { ensureCompiled } from '../experiments/compiled.js';
import { cli } from './capture.js';
import { SMALL } from './small.js';

beforeAll(ensureCompiled);
afterEach(() => {
  vi.unstubAllEnvs();
});

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-compare-test-'));
const SCENARIO_FILES = ['cohorts.csv', 'replications.csv', 'summary.json', 'timeseries.csv'];
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const json = (...path: string[]) => JSON.parse(read(...path));

describe('corrsim compare', () => {
  test('writes comparison.json, comparison.csv with every metric, and each scenario’s own files; prints the table', async () => {
    const out = join(scratch(), 'out');
    const r = await cli(['compare', 'norway-baseline', 'housing-guarantee', ...SMALL, '-n', '3', '-s', '5', '-j', '2', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['charts', 'comparison.csv', 'comparison.json', 'housing-guarantee', 'norway-baseline', 'report.html']);
    for (const name of ['norway-baseline', 'housing-guarantee']) expect(readdirSync(join(out, name)).sort()).toEqual(SCENARIO_FILES);

    const c = json(out, 'comparison.json');
    expect(Object.keys(c)).toEqual([
      'corrsim', 'baseline', 'policies', 'seed', 'replications', 'replicationsRequested', 'years', 'warmupYears', 'fixedEffects',
      'complete', 'failures', 'command', 'performance', 'comparisons', 'costs',
    ]);
    expect(c).toMatchObject({ seed: 5, replications: 3, replicationsRequested: 3, years: 2, warmupYears: 2, fixedEffects: false, complete: true, failures: [] });
    expect(c.baseline).toMatchObject({ name: 'norway-baseline', folder: 'norway-baseline', replications: 3, complete: true });
    expect(c.baseline.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(c.baseline.resolved.population.newCasesPerYear).toBe(1200); // --set applies to every scenario
    expect(c.policies[0].resolved.population.newCasesPerYear).toBe(1200);
    expect(c.policies[0].sha256).not.toBe(c.baseline.sha256);
    expect(c.command).toMatch(/^corrsim compare norway-baseline housing-guarantee --years 2/);
    expect(c.performance.workers).toBe(2);
    expect(c.comparisons).toHaveLength(1);
    const metrics = c.comparisons[0].metrics;
    for (const m of METRICS) expect(metrics, m.name).toHaveProperty(m.name);
    const reconviction = metrics.reconviction_2y;
    expect(Object.keys(reconviction)).toEqual(['baselineMean', 'policyMean', 'difference', 'relative', 'shareBetter', 'betterWhen']);
    expect(Object.keys(reconviction.difference)).toEqual(['mean', 'sd', 'ci95', 'p2_5', 'p50', 'p97_5', 'n']);
    expect(reconviction.betterWhen).toBe('lower');
    expect(reconviction.difference.n).toBe(3);
    expect(reconviction.difference.mean).toBeCloseTo(reconviction.policyMean - reconviction.baselineMean, 12);

    // The difference is the mean of the per-replication differences of the scenarios' own files.
    const column = (name: string, metric: string) => {
      const [header, ...rows] = read(out, name, 'replications.csv').trimEnd().split('\n').map((l) => l.split(','));
      return rows.map((row) => Number(row[header.indexOf(metric)]));
    };
    const base = column('norway-baseline', 'population_total');
    const pol = column('housing-guarantee', 'population_total');
    const d = pol.map((x, i) => x - base[i]);
    expect(metrics.population_total.difference.mean).toBeCloseTo(d.reduce((a, b) => a + b) / 3, 3);
    expect(json(out, 'housing-guarantee', 'summary.json')).toMatchObject({ seed: 5, replications: 3, fixedEffects: false, complete: true });

    const csv = read(out, 'comparison.csv').trimEnd().split('\n');
    expect(csv[0]).toBe('policy,metric,baseline_mean,policy_mean,difference,ci_low,ci_high,relative,share_better,n');
    const buys = c.comparisons[0].buys;
    expect(csv).toHaveLength(1 + Object.keys(metrics).length + Object.keys(buys.quantities).length + Object.keys(buys.ratios).length);
    expect(csv.find((l) => l.startsWith('housing-guarantee,reconviction_2y,'))).toMatch(/,3$/);
    expect(csv.find((l) => l.startsWith('housing-guarantee,reconvictions_avoided_per_year,'))).toMatch(/,3$/);
    expect(csv.find((l) => l.startsWith('housing-guarantee,benefit_cost_ratio,'))).toBeDefined();

    // Reconvictions avoided: per replication, baseline − policy of releases × the 2-year rate, from the scenarios' own files.
    const count = (name: string) => column(name, 'sentenced_releases_per_year').map((x, i) => x * column(name, 'reconviction_2y')[i]);
    const avoided = count('norway-baseline').map((x, i) => x - count('housing-guarantee')[i]);
    expect(buys.quantities.reconvictions_avoided_per_year.paired.mean).toBeCloseTo(avoided.reduce((a, b) => a + b) / 3, 3); // replications.csv rounds (to 6 significant digits)
    expect(buys.quantities.reconvictions_avoided_per_year.paired.n).toBe(3);
    expect(c.costs.placeCosts.map((p: { level: string }) => p.level)).toEqual(['remand', 'high', 'low', 'halfway']);
    expect(readdirSync(join(out, 'charts'))).toContain('cost-effect.svg');
    expect(r.stdout).toMatch(/^ {2}What it buys, per year/m);
    expect(r.stdout).toMatch(/^ {2}reconvictions avoided \(2 y, prison\) +[+−]?\d/m);

    expect(r.stdout).toMatch(/^Compared with norway-baseline: 3 paired replications \(common random numbers\)/);
    expect(r.stdout).toMatch(/^housing-guarantee − norway-baseline/m);
    expect(r.stdout).toMatch(/^ {2}reconviction_2y +[+−]?\d+\.\d+ pp \[[+−]?\d+\.\d+, [+−]?\d+\.\d+\] .*better in \d+% of replications$/m);
    expect(r.stdout).toContain(`output: ${out}`);
  });

  test('a scenario compared with itself: every difference exactly 0 (common random numbers); --json prints comparison.json', async () => {
    const out = join(scratch(), 'out');
    const r = await cli(['compare', 'norway-baseline', 'norway-baseline', ...SMALL, '-n', '2', '-j', '2', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(read(out, 'comparison.json'));
    expect(readdirSync(out).sort()).toEqual(['charts', 'comparison.csv', 'comparison.json', 'norway-baseline', 'norway-baseline-2', 'report.html']);
    const c = JSON.parse(r.stdout);
    let measured = 0;
    for (const [name, m] of Object.entries<{ difference: { mean: number | null; sd: number; ci95: number[]; n: number } }>(c.comparisons[0].metrics)) {
      if (m.difference.n === 0) continue; // not measurable in so short a run
      measured++;
      expect(m.difference, name).toMatchObject({ mean: 0, sd: 0, ci95: [0, 0] });
    }
    expect(measured).toBeGreaterThan(METRICS.length / 2);
    // What a scenario buys against itself: nothing, in every replication.
    for (const [name, q] of Object.entries<{ paired: { mean: number | null; n: number } }>(c.comparisons[0].buys.quantities)) {
      if (q.paired.n > 0) expect(q.paired.mean, name).toBe(0);
    }
  });

  test('--replications auto stops when the half-width is reached (at the start for a scenario against itself)', async () => {
    const out = join(scratch(), 'out');
    const r = await cli([
      'compare', 'norway-baseline', 'norway-baseline', ...SMALL, '-n', 'auto', '--precision', 'reconviction_2y=0.0001',
      '--min-replications', '2', '-j', '2', '-o', out,
    ]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const c = json(out, 'comparison.json');
    expect(c.replications).toBe(2);
    expect(c.replicationRule).toEqual({
      mode: 'auto', start: 2, step: 10, max: 200, reached: true,
      precision: [{ metric: 'reconviction_2y', policy: 'norway-baseline', target: 0.0001, halfWidth: 0, met: true }],
    });
    expect(r.stdout).toMatch(/--replications auto: 2 replications reached the asked precision: reconviction_2y \(norway-baseline\) ±0 <= 0\.0001/);
  });

  test('--replications auto respects the maximum and says so on stderr and in the json', async () => {
    const out = join(scratch(), 'out');
    const r = await cli([
      'compare', 'norway-baseline', 'housing-guarantee', ...SMALL, '-n', 'auto', '--precision', 'population_total=0.00001',
      '--min-replications', '2', '--max-replications', '4', '-j', '2', '-o', out, '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^corrsim: --replications auto: reached the maximum of 4 replications before the asked precision \(population_total ±[\d.e-]+ > 0\.00001 \(housing-guarantee\)\); written to .* with "reached": false\n$/,
    );
    const c = json(out, 'comparison.json');
    expect(c).toMatchObject({ replications: 4, replicationsRequested: 4, complete: true });
    expect(c.replicationRule).toMatchObject({ reached: false, max: 4, precision: [{ metric: 'population_total', met: false }] });
    expect(read(out, 'norway-baseline', 'replications.csv').trimEnd().split('\n')).toHaveLength(5);
  });

  test('byte-identical with -j 1 and -j 2, also when -j 2 runs a replication past the answer', async () => {
    const root = scratch();
    // Checkpoints 3 and 5; the loose target is met at 3. With -j 2 the first round runs 4 (a
    // multiple of 2) and replication 3 is dropped; with -j 1 it runs exactly 3.
    for (const j of ['1', '2']) {
      const r = await cli([
        'compare', 'norway-baseline', 'housing-guarantee', ...SMALL, '-s', '9', '-n', 'auto', '--precision', 'reconviction_2y=0.5',
        '--min-replications', '3', '--max-replications', '5', '-j', j, '-o', join(root, j), '--quiet',
      ]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    }
    const same = (...path: string[]) => expect(read(root, '2', ...path), path.join('/')).toBe(read(root, '1', ...path));
    same('comparison.csv');
    for (const name of ['norway-baseline', 'housing-guarantee']) {
      for (const file of ['replications.csv', 'timeseries.csv', 'cohorts.csv']) same(name, file);
    }
    const withoutRunFacts = (j: string) => {
      const { performance, command, ...rest } = json(root, j, 'comparison.json');
      expect(performance.workers).toBe(Number(j));
      expect(command).toContain(`-j ${j}`);
      return JSON.stringify(rest);
    };
    expect(withoutRunFacts('2')).toBe(withoutRunFacts('1'));
    expect(json(root, '1', 'comparison.json').replications).toBe(3);
  });

  test('--fixed-effects reaches every replication, in worker threads too, and is recorded', async () => {
    const root = scratch();
    const r = await cli(['compare', 'norway-baseline', 'housing-guarantee', ...SMALL, '-n', '2', '-j', '2', '--fixed-effects', '-o', join(root, 'cmp'), '--quiet']);
    expect(r.code).toBe(0);
    expect(json(root, 'cmp', 'comparison.json').fixedEffects).toBe(true);
    expect(json(root, 'cmp', 'norway-baseline', 'summary.json').fixedEffects).toBe(true);
    // In the main thread (-j 1), with and without the flag: the workers did what the main thread does with it.
    for (const flag of [['--fixed-effects'], []]) {
      const run = await cli(['run', ...SMALL, '-n', '2', '-j', '1', ...flag, '-o', join(root, `run${flag.length}`), '--quiet']);
      expect(run.code).toBe(0);
    }
    expect(read(root, 'cmp', 'norway-baseline', 'replications.csv')).toBe(read(root, 'run1', 'replications.csv'));
    expect(json(root, 'run1', 'summary.json').fixedEffects).toBe(true);
    // Effect sizes drawn per replication (the default) give other results.
    expect(read(root, 'run0', 'replications.csv')).not.toBe(read(root, 'run1', 'replications.csv'));
    expect(json(root, 'run0', 'summary.json').fixedEffects).toBe(false);
  });

  test('Ctrl-C: what finished is written, marked incomplete; exit 130', async () => {
    const out = join(scratch(), 'out');
    const interrupt = new AbortController();
    let progress = '';
    const r = await cli(['compare', 'norway-baseline', 'housing-guarantee', ...SMALL, '-n', '2', '-j', '1', '-o', out], {
      interrupt: interrupt.signal,
      stderr: {
        isTTY: true,
        columns: 80,
        write: (t: string) => {
          progress += t;
          if (t.includes('3/4 replications')) interrupt.abort(); // during the policy's second replication
        },
      },
    });
    expect(r.code).toBe(130);
    expect(progress).toMatch(/interrupted: 1 of 2 replications finished in every scenario; written to .* with "complete": false/);
    const c = json(out, 'comparison.json');
    expect(c).toMatchObject({ complete: false, replications: 1, failures: [] });
    expect(c.policies[0]).toMatchObject({ replications: 1, complete: false });
    expect(c.comparisons[0].metrics.population_total.difference.n).toBe(1);
  });

  test('a replication failing in a worker: what finished is written, marked incomplete; exit 1', async () => {
    const out = join(scratch(), 'out');
    vi.stubEnv('CORRSIM_TEST_FAIL_REPLICATION', '1'); // test hook read by src/experiments/worker.node.ts
    const r = await cli(['compare', 'norway-baseline', 'housing-guarantee', ...SMALL, '-n', '4', '-s', '4', '-j', '2', '-o', out, '--quiet']);
    vi.unstubAllEnvs();
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^corrsim: norway-baseline: replication 1 \(seed 4\) failed: test failure injected .*; rerun it alone with: CORRSIM_DEBUG=1 corrsim run norway-baseline -n 2 -s 4 --years 2 --warmup-years 2 --set .* --replication 1 -o .*/,
    );
    expect(lines[1]).toMatch(/^corrsim: housing-guarantee: replication 1 \(seed 4\) failed/);
    expect(lines[2]).toMatch(/^corrsim: not every replication finished \(\d of 4 in every scenario\); written to .* with "complete": false$/);
    const c = json(out, 'comparison.json');
    expect(c.complete).toBe(false);
    expect(c.failures.map((f: { scenario: string; replication: number }) => [f.scenario, f.replication])).toEqual([
      ['norway-baseline', 1],
      ['housing-guarantee', 1],
    ]);
    expect(c.replications).toBeGreaterThanOrEqual(1);
    expect(c.comparisons[0].metrics.population_total.difference.n).toBe(c.replications);
    expect(json(out, 'norway-baseline', 'summary.json').complete).toBe(false);
  });
});

/** A usage error: exit 2, nothing on stdout, one `corrsim: ` line naming the problem. */
function expectUsageError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^corrsim: /);
  expect(r.stderr).toMatch(pattern);
}

describe('compare: bad input exits 2 with one line', () => {
  const pair = ['compare', 'norway-baseline', 'education-expansion', '-o', join(tmpdir(), 'corrsim-never-written')];
  test.each([
    [['compare'], /compare needs a BASELINE and at least one POLICY scenario/],
    [['compare', 'norway-baseline'], /compare needs at least one POLICY scenario after the baseline/],
    [[...pair, '-n', 'auto'], /--replications auto needs --precision METRIC=HALFWIDTH/],
    [[...pair, '-n', 'auto', '--precision', 'reconvicton_2y=0.005'], /--precision: unknown metric 'reconvicton_2y' \(did you mean reconviction_2y\?/],
    [[...pair, '-n', 'auto', '--precision', 'reconviction_2y'], /--precision must be METRIC=HALFWIDTH.*got 'reconviction_2y'/],
    [[...pair, '-n', 'auto', '--precision', 'reconviction_2y=0'], /--precision must be METRIC=HALFWIDTH with a half-width > 0/],
    [[...pair, '-n', 'auto', '--precision', 'reconviction_2y=abc'], /--precision must be METRIC=HALFWIDTH/],
    [[...pair, '--precision', 'reconviction_2y=0.005'], /--precision applies only with --replications auto/],
    [[...pair, '-n', 'auto', '--precision', 'reconviction_2y=0.005', '--max-replications', '0'], /--max-replications must be a positive integer; got '0'/],
    [[...pair, '-n', 'auto', '--precision', 'reconviction_2y=0.005', '--min-replications', '50', '--max-replications', '20'], /--min-replications must not be above --max-replications \(20\)/],
    [[...pair, '-n', '0'], /--replications \(-n\) must be a positive integer or auto; got '0'/],
    [[...pair, '-n', '-2'], /--replications \(-n\) must be a positive integer or auto; got '-2'/],
    [[...pair, '-j', '0'], /--workers \(-j\) must be a positive integer; got '0'/],
    [[...pair, '-j', '-1'], /--workers \(-j\) must be a positive integer; got '-1'/],
    [[...pair, '--set', 'population.noSuchField=3'], /population\.noSuchField/],
    [['compare', 'norway-baseline', 'no-such-policy'], /no-such-policy/],
  ])('%j', async (argv, pattern) => {
    expectUsageError(await cli(argv), pattern);
  });
});
