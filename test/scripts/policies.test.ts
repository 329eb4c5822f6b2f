/**
 * scripts/policies.sh and scripts/policies-table.mjs (issue 15 part 5): the script runs every
 * built-in policy, and the table is made from comparison.json's own figures, in the right columns
 * and units, with the ratios' intervals (or "unbounded") as compare computed them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const summary = (mean: number, lo: number, hi: number) => ({ mean, sd: 1, ci95: [lo, hi], p2_5: lo, p50: mean, p97_5: hi, n: 4 });
const metric = (baselineMean: number, mean: number, lo: number, hi: number) => ({
  baselineMean,
  policyMean: baselineMean + mean,
  difference: summary(mean, lo, hi),
  relative: mean / baselineMean,
  shareBetter: 0.5,
  betterWhen: 'lower',
});
const quantity = (mean: number, lo: number, hi: number, shareBetter = 1) => ({
  description: '',
  unit: '',
  baselineMean: null,
  policyMean: null,
  paired: summary(mean, lo, hi),
  betterWhen: 'higher',
  shareBetter,
});

function policy(name: string, reconviction: number, ratioCi: [number, number] | null) {
  const metrics: Record<string, unknown> = {
    reconviction_2y: metric(0.1827, reconviction, reconviction - 0.001, reconviction + 0.001),
    population_total: metric(3004.2, -18.7, -25.7, -11.8),
    population_high: metric(1380, -12, -16, -8),
    population_low: metric(811, -4, -7, -2),
    occupancy_high: metric(0.8, -0.007, -0.009, -0.005),
    occupancy_low: metric(0.791, -0.0043, -0.0066, -0.002),
    sentence_queue: metric(524, -2, -3.6, -0.4),
    sentence_queue_kdi: metric(156, -0.69, -1.39, 0.01),
    reconviction_any_2y: metric(0.2267, -0.0016, -0.003, -0.0001),
    reconviction_5y: metric(0.3066, -0.0021, -0.0038, -0.0004),
    population_em: metric(478, -1, -2, 0.2),
    program_education_stock_share: metric(0.3327, 0.258, 0.233, 0.283),
    cost_per_year_nok: metric(4.157e9, 71.8e6, 71.6e6, 72.0e6),
  };
  return {
    policy: name,
    folder: null,
    replications: 4,
    metrics,
    buys: {
      replications: 4,
      quantities: {
        reconvictions_avoided_per_year: quantity(10.8, 1.4, 20.2),
        reconvictions_avoided_per_1000_released: quantity(1.42, 0.09, 2.75),
        prison_years_change_per_year: quantity(-18.7, -25.7, -11.8),
        cost_change_per_year_nok: quantity(65.2e6, 60.3e6, 70.2e6, 0),
        benefits_per_year_nok: quantity(4.7e6, 0.6e6, 8.9e6),
        net_benefit_per_year_nok: quantity(-60.5e6, -69.3e6, -51.6e6, 0.25),
      },
      ratios: {
        cost_per_reconviction_avoided_nok: { description: '', unit: 'NOK', ratio: { estimate: 6.06e6, ci95: ratioCi === null ? null : [ratioCi[0] * 1e6, ratioCi[1] * 1e6], n: 4 }, note: '' },
        benefit_cost_ratio: { description: '', unit: '', ratio: { estimate: 0.0727, ci95: [0.0085, 0.1464], n: 4 }, note: '' },
      },
    },
  };
}

const comparison = {
  corrsim: '0.1.0',
  command: 'corrsim compare norway-baseline a b -n 4 -s 1',
  seed: 1,
  replications: 4,
  years: 10,
  warmupYears: 40,
  fixedEffects: false,
  complete: true,
  performance: { events: 1234567, cpuSeconds: 12.3, wallSeconds: 45.6, workers: 1 },
  baseline: { name: 'norway-baseline', resolved: { description: 'base' } },
  policies: [
    { name: 'a', resolved: { description: 'Doubles education slots.' } },
    { name: 'b', resolved: { description: 'Something else.' } },
  ],
  comparisons: [policy('a', -0.0014, [3.02, 51.1]), policy('b', 0.0002, null)],
};

describe('the policies table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corrsim-policies-'));
  const file = join(dir, 'comparison.json');
  writeFileSync(file, JSON.stringify(comparison));
  const md = execFileSync(process.execPath, ['scripts/policies-table.mjs', file, 'abc1234'], { encoding: 'utf8' });
  const row = (table: number, name: string) => {
    const rows = md.split('\n').filter((l) => l.startsWith(`| \`${name}\` |`));
    return rows[table].split(' | ');
  };

  it('states the provenance: commit, seed, replications, horizon and the command', () => {
    expect(md).toContain('commit `abc1234`');
    expect(md).toContain('seed 1, **4 replications** per scenario, 40 warm-up years, 10 measured years');
    expect(md).toContain('`corrsim compare norway-baseline a b -n 4 -s 1`');
    expect(md).toContain('| `a` | Doubles education slots. |');
  });

  it('gives each paired difference with its interval, in the unit of its column', () => {
    // The outcomes table (rows after "What each policy does"): reconviction in points, occupancy in points, people as counts.
    const a = row(1, 'a');
    expect(a[1]).toBe('−0.14 [−0.24, −0.04]');
    expect(a[2]).toBe('−19 [−26, −12]');
    expect(a[5]).toBe('−0.7 [−0.9, −0.5]');
    expect(a[8]).toBe('−1 [−1, +0] |');
    expect(md).toContain('| *baseline (mean)* | 18.27% | 3,004 | 1,380 | 811 | 80.0% | 79.1% | 524 | 156 |');
    // Other outcomes: the education stock share in points, the budget in NOK million.
    expect(row(2, 'a')[4]).toBe('+25.8 [+23.3, +28.3]');
    expect(row(2, 'a')[5]).toBe('+71.8 [+71.6, +72.0] |');
  });

  it('gives what a policy buys, with the ratios and Fieller intervals or "unbounded"', () => {
    const a = row(3, 'a');
    expect(a.slice(1, 8)).toEqual(['+10.8 [+1.4, +20.2]', '+1.42 [+0.09, +2.75]', '−19 [−26, −12]', '+65.2 [+60.3, +70.2]', '+4.7 [+0.6, +8.9]', '−60.5 [−69.3, −51.6]', '6.06 [3.02, 51.10]']);
    expect(a[8]).toBe('0.073 [0.009, 0.146] |');
    expect(row(3, 'b')[7]).toBe('6.06 (interval unbounded)');
    expect(md).toContain('`a` 25%, `b` 25%');
  });

  it('refuses to run without a comparison file (exit 2)', () => {
    const r = spawnSync(process.execPath, ['scripts/policies-table.mjs'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});

describe('scripts/policies.sh', () => {
  it('runs every built-in policy: each scenario but the baseline and the projection', () => {
    const script = readFileSync('scripts/policies.sh', 'utf8');
    const listed = /^POLICIES="([^"]*)"/m.exec(script)![1].split(' ').sort();
    const builtIn = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .filter((n) => n !== 'norway-baseline' && n !== 'norway-projection')
      .sort();
    expect(listed).toEqual(builtIn);
  });
});
