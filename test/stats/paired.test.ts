/**
 * Paired differences: the arithmetic on synthetic results, and, on the model itself, that common
 * random numbers make the interval of a difference narrower than independent seeds do.
 */
import { describe, expect, it } from 'vitest';
import { betterWhen, halfWidth95, pairedDifferences } from '../../src/stats/paired.js';
import { runReplication } from '../../src/model/replication.js';
import type { ReplicationResult } from '../../src/model/result.js';
import { loadScenario } from '../../src/scenario/files.node.js';

function fake(replication: number, metrics: Record<string, number>): ReplicationResult {
  return { replication, seed: 1, events: 0, people: 0, metrics, monthly: {} as ReplicationResult['monthly'], cohorts: [] };
}

describe('pairedDifferences', () => {
  it('pairs by replication and reports the mean difference, its interval and the share better', () => {
    const base = [fake(0, { reconviction_2y: 0.2 }), fake(1, { reconviction_2y: 0.22 }), fake(2, { reconviction_2y: 0.18 })];
    const pol = [fake(2, { reconviction_2y: 0.17 }), fake(0, { reconviction_2y: 0.19 }), fake(1, { reconviction_2y: 0.23 })];
    const [d] = pairedDifferences(base, pol, ['reconviction_2y']);
    // Differences by replication: -0.01, +0.01, -0.01.
    expect(d.difference.mean).toBeCloseTo(-0.01 / 3, 12);
    expect(d.difference.n).toBe(3);
    expect(d.shareBetter).toBeCloseTo(2 / 3, 12);
    expect(d.betterWhen).toBe('lower');
    expect(d.baseline).toBeCloseTo(0.2, 12);
    expect(d.relative).toBeCloseTo(-0.01 / 3 / 0.2, 12);
    // sd of (-0.01, 0.01, -0.01) = 0.011547; t(0.975, 2) = 4.3027; half-width = 4.3027 * 0.011547 / sqrt(3).
    const half = (4.302652729911275 * 0.011547005383792516) / Math.sqrt(3);
    expect(d.difference.ci95![1] - d.difference.ci95![0]).toBeCloseTo(2 * half, 6);
  });

  it('skips replications where either side could not measure the metric', () => {
    const base = [fake(0, { x: 1 }), fake(1, { x: NaN })];
    const pol = [fake(0, { x: 3 }), fake(1, { x: 5 })];
    const [d] = pairedDifferences(base, pol, ['x']);
    expect(d.difference.n).toBe(1);
    expect(d.difference.mean).toBe(2);
    expect(d.shareBetter).toBeNull();
    expect(betterWhen('x')).toBeNull();
  });
});

describe('common random numbers', () => {
  it('narrow the interval of a policy difference compared with independent seeds', () => {
    const load = (sets: string[]) => {
      const r = loadScenario('norway-baseline', {
        sets: [
          'population.newCasesPerYear=1200',
          'facilities.0.capacity=190',
          'facilities.1.capacity=410',
          'facilities.2.capacity=280',
          'facilities.3.capacity=40',
          'electronicMonitoring.capacity=125',
          ...sets,
        ],
      });
      if (!r.ok) throw new Error(r.errors.join('\n'));
      return r.scenario;
    };
    const base = load([]);
    const policy = load(['programs.education.slots=600', 'programs.education.referralShare=0.9']);
    const n = 10;
    const options = (seed: number, replication: number) => ({ seed, replication, years: 4, warmupYears: 3 });
    const baseRuns = Array.from({ length: n }, (_, r) => runReplication(base, options(1, r)));
    const pairedRuns = Array.from({ length: n }, (_, r) => runReplication(policy, options(1, r)));
    const independentRuns = Array.from({ length: n }, (_, r) => runReplication(policy, options(2, r)));
    for (const metric of ['population_total', 'admissions_per_year']) {
      const paired = baseRuns.map((b, r) => pairedRuns[r].metrics[metric] - b.metrics[metric]);
      const independent = baseRuns.map((b, r) => independentRuns[r].metrics[metric] - b.metrics[metric]);
      // Arrivals and everyone's own draws are shared, so paired differences vary far less.
      expect(halfWidth95(paired)).toBeLessThan(0.5 * halfWidth95(independent));
    }
  });
});
