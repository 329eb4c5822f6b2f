import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildSummary } from '../../src/studies/summary.js';
import { cohortsCsv, replicationsCsv, timeseriesCsv } from '../../src/report/tables/run.js';
import { combinedPerformance, indexRanges, metricNames, yearlySummaries } from '../../src/experiments/aggregate.js';
import type { BatchResult } from '../../src/experiments/batch.js';
import { COHORT_YEARS, METRICS, SERIES } from '../../src/model/result.js';
import { corrsimVersion } from '../../src/scenario/files.node.js';
import { fakeResult, fakeScenario } from './fake.js';

const results = [0, 1, 2].map((replication) => fakeResult({ seed: 7, replication, years: 2, warmupYears: 0 }));
const batch: BatchResult = {
  results,
  requested: [0, 1, 2],
  complete: true,
  failures: [],
  performance: { events: 3003, cpuSeconds: 1.23456, eventsPerCpuSecond: 2432.4, wallSeconds: 2, workers: 1 },
};

describe('buildSummary', () => {
  const summary = buildSummary({
    scenario: { name: 'fake', sha256: 'abc', resolved: fakeScenario },
    seed: 7,
    years: 2,
    warmupYears: 0,
    command: 'corrsim run fake',
    batch,
    version: '9.9.9',
  });

  test('has the fields of interface.md in order', () => {
    expect(Object.keys(summary)).toEqual([
      'corrsim', 'scenario', 'seed', 'replications', 'replicationsRequested', 'replicationRanges', 'years', 'warmupYears', 'fixedEffects', 'complete',
      'failures', 'command', 'performance', 'metrics', 'definitions',
    ]);
    expect(summary.replicationsRequested).toBe(3);
    expect(summary.replicationRanges).toEqual([[0, 2]]);
    expect(summary.failures).toEqual([]);
    expect(summary.corrsim).toBe('9.9.9');
    expect(summary.replications).toBe(3);
    expect(summary.performance).toEqual({ events: 3003, cpuSeconds: 1.235, eventsPerCpuSecond: 2432, wallSeconds: 2, workers: 1 });
  });

  test('every metric, in METRICS order, with its definition', () => {
    expect(Object.keys(summary.metrics)).toEqual(METRICS.map((m) => m.name));
    expect(Object.keys(summary.definitions)).toEqual(METRICS.map((m) => m.name));
    expect(summary.definitions.remand_share.unit).toBe('share');
    // population_total is metric 0: values 0, 0.1, 0.2.
    const m = summary.metrics.population_total;
    expect(m.n).toBe(3);
    expect(m.mean).toBeCloseTo(0.1, 12);
    expect(m.sd).toBeCloseTo(0.1, 12);
    expect(m.p50).toBeCloseTo(0.1, 12);
  });

  test('records the version it is given (the command line gives package.json\'s)', () => {
    const s = buildSummary({ scenario: { name: 'f', sha256: '', resolved: fakeScenario }, seed: 1, years: 1, warmupYears: 0, command: '', batch, version: corrsimVersion() });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(s.corrsim).toBe(pkg.version);
  });

  test('metrics a replication did not report count as not measurable; extra metrics follow', () => {
    const odd = [0, 1].map((replication) => fakeResult({ seed: 1, replication, years: 1, warmupYears: 0 }));
    delete odd[0].metrics.reconviction_5y;
    odd[1].metrics.reconviction_5y = NaN;
    odd[1].metrics.extra_metric = 3;
    const s = buildSummary({ scenario: { name: 'f', sha256: '', resolved: fakeScenario }, seed: 1, years: 1, warmupYears: 0, command: '', batch: { ...batch, results: odd }, version: '0' });
    expect(s.metrics.reconviction_5y).toEqual({ mean: null, sd: null, ci95: null, p2_5: null, p50: null, p97_5: null, n: 0 });
    expect(metricNames(odd).at(-1)).toBe('extra_metric');
    expect(s.metrics.extra_metric.n).toBe(1);
    expect(JSON.parse(JSON.stringify(s)).metrics.reconviction_5y.mean).toBeNull();
  });

  test('a batch with a failed replication says which replications it holds and which failed', () => {
    const held = [0, 1, 2, 4, 5].map((replication) => fakeResult({ seed: 7, replication, years: 1, warmupYears: 0 }));
    const failures = [{ replication: 3, seed: 7, message: 'boom', stack: 'Error: boom\n    at x' }];
    const s = buildSummary({
      scenario: { name: 'f', sha256: '', resolved: fakeScenario },
      seed: 7,
      years: 1,
      warmupYears: 0,
      command: '',
      batch: { ...batch, results: held, requested: [0, 1, 2, 3, 4, 5], complete: false, failures },
      version: '0',
    });
    expect(s).toMatchObject({ replications: 5, replicationsRequested: 6, replicationRanges: [[0, 2], [4, 5]], complete: false });
    expect(s.failures).toEqual([{ replication: 3, seed: 7, message: 'boom' }]); // no stack trace in summary.json
  });
});

describe('indexRanges', () => {
  test('runs of consecutive indices', () => {
    expect(indexRanges([])).toEqual([]);
    expect(indexRanges([3])).toEqual([[3, 3]]);
    expect(indexRanges([0, 1, 2, 4, 6, 7])).toEqual([[0, 2], [4, 4], [6, 7]]);
  });
});

describe('CSV tables', () => {
  test('replications.csv: one row per replication, one column per metric', () => {
    const lines = replicationsCsv(results).trimEnd().split('\n');
    expect(lines[0]).toBe(['replication', 'seed', ...METRICS.map((m) => m.name)].join(','));
    expect(lines).toHaveLength(4);
    const row = lines[2].split(',');
    expect(row.slice(0, 4)).toEqual(['1', '7', '0.1', '1.1']);
  });

  test('timeseries.csv: month, year, metric, mean and percentiles per month and series', () => {
    const lines = timeseriesCsv(results).trimEnd().split('\n');
    expect(lines[0]).toBe('month,year,metric,mean,p2_5,p50,p97_5');
    expect(lines).toHaveLength(1 + 24 * SERIES.length);
    // Month 1 of series 0: values 0, 1, 2.
    expect(lines[1]).toBe(`1,1,${SERIES[0]},1,0.05,1,1.95`);
    const month13 = lines.find((l) => l.startsWith(`13,2,${SERIES[1]},`));
    expect(month13).toBe(`13,2,${SERIES[1]},113,112.05,113,113.95`);
  });

  test('timeseries.csv with a start date labels each month by its calendar month', () => {
    const lines = timeseriesCsv(results, '2025-11-01').trimEnd().split('\n');
    expect(lines[0]).toBe('month,year,date,metric,mean,p2_5,p50,p97_5');
    expect(lines[1].startsWith(`1,1,2025-11,${SERIES[0]},`)).toBe(true);
    expect(lines.find((l) => l.startsWith('3,1,'))!.split(',')[2]).toBe('2026-01');
    expect(lines.find((l) => l.startsWith('14,2,'))!.split(',')[2]).toBe('2026-12');
  });

  test('yearly summaries: each replication averaged over the year\'s months, then across replications; a partial last year has its months', () => {
    // Series 1, replication r, month k (0-based): 100 + k + r. Year 1 averages k = 0..11 (105.5 + r).
    const years = yearlySummaries(results, SERIES[1]);
    expect(years.map((y) => [y.year, y.months])).toEqual([[1, [0, 12]], [2, [12, 24]]]);
    expect(years[0].summary).toMatchObject({ mean: 106.5, p50: 106.5, p2_5: 105.55, p97_5: 107.45, n: 3 });
    expect(years[1].summary.mean).toBe(118.5);
    const partial = [0, 1].map((replication) => fakeResult({ seed: 1, replication, years: 1.5, warmupYears: 0 }));
    const last = yearlySummaries(partial, SERIES[0]).at(-1)!;
    expect([last.months, last.summary.p50]).toEqual([[12, 18], 15]); // months 12..17: mean 14.5 + r
    expect(yearlySummaries(results, 'no_such_series')).toEqual([]);
  });

  test('combined performance of several batches: sums, the whole wall time, the most threads', () => {
    const a = { events: 10, cpuSeconds: 1.0004, eventsPerCpuSecond: 10, wallSeconds: 2, workers: 2 };
    const b = { events: 30, cpuSeconds: 3, eventsPerCpuSecond: 10, wallSeconds: 3, workers: 1 };
    expect(combinedPerformance([a, b], 5.12345)).toEqual({ events: 40, cpuSeconds: 4, eventsPerCpuSecond: 10, wallSeconds: 5.123, workers: 2 });
    expect(combinedPerformance([], 0)).toEqual({ events: 0, cpuSeconds: 0, eventsPerCpuSecond: 0, wallSeconds: 0, workers: 1 });
  });

  test('cohorts.csv: at risk summed, shares averaged over replications', () => {
    const lines = cohortsCsv(results).trimEnd().split('\n');
    expect(lines[0]).toBe('subgroup,years_since_release,at_risk,share_reconvicted,share_reconvicted_p2_5,share_reconvicted_p97_5,share_reconvicted_any');
    expect(lines).toHaveLength(1 + COHORT_YEARS.length);
    // At 0.25 years (i = 0): reconvicted r of 100 → shares 0, 0.01, 0.02; any: the same.
    expect(lines[1]).toBe('all,0.25,300,0.01,0.0005,0.0195,0.01');
    // At 1 year (i = 3): 3, 4, 5 of 100 and any 6, 7, 8 of 100.
    expect(lines[4]).toBe('all,1,300,0.04,0.0305,0.0495,0.07');
  });

  test('cohorts.csv: a replication with nobody at risk has no share', () => {
    const rs = [0, 1].map((replication) => fakeResult({ seed: 1, replication, years: 1, warmupYears: 0 }));
    rs[0].cohorts[0].atRisk[0] = 0;
    const line = cohortsCsv(rs).split('\n')[1];
    expect(line).toBe('all,0.25,100,0.01,0.01,0.01,0.01');
  });
});
