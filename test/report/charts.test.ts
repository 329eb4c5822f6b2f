/**
 * Chart specs on small synthetic data: each compiles with vega-lite without a warning, renders to
 * SVG in Node, and draws the number of marks its data implies (a line per level or subgroup, a bar
 * per year and flow, a point per difference, …).
 */
import { describe, expect, it } from 'vitest';
import type { PairedDifference } from '../../src/stats/paired.js';
import { summarise } from '../../src/stats/intervals.js';
import type { Summary } from '../../src/studies/summary.js';
import { CHART_WIDTH, type Chart } from '../../src/report/charts/spec.js';
import { costEffectChart, forestChart, forestRows, scenarioSeriesChart } from '../../src/report/charts/compare.js';
import { flowsChart, MIN_AT_RISK, occupancyChart, populationChart, programmesChart, queueChart, reconvictionChart, runCharts, storiesChart, type FacilityCapacity } from '../../src/report/charts/run.js';
import { sweepChart, sweepRowsFromPoints } from '../../src/report/charts/sweep.js';
import { SUBGROUP_FAMILIES, type SubgroupFamilyName } from '../../src/report/data.js';
import { compileSpec, renderChart } from '../../src/report/render.js';
import { cohort, syntheticResults } from './fixture.js';

const FACILITIES: FacilityCapacity[] = [
  { level: 'remand', capacity: 190 },
  { level: 'high', capacity: 410 },
  { level: 'low', capacity: 280 },
  { level: 'halfway', capacity: 40 },
];
const MONTHS = 24;

const SUBGROUPS: Record<SubgroupFamilyName, string[]> = {
  age: ['age under 25', 'age 25-39', 'age 40+'],
  education: ['education completed', 'no education completed'],
  housing: ['housed at release', 'not housed at release'],
  level: ['released from high', 'released from low', 'released from halfway', 'released from EM'],
  employment: ['employed at release', 'not employed at release'],
  priors: ['no priors', '1-4 priors', '5+ priors'],
  offence: ['offence drugs', 'offence property'],
};

/** Every subgroup followed for 2 years (8 quarterly points) by 100 releases per replication. */
const results = syntheticResults({
  replications: 3,
  months: MONTHS,
  cohorts: (r) => ['all', ...Object.values(SUBGROUPS).flat()].map((s, k) => cohort(s, 100, 2, (t) => Math.min(0.9, (0.05 + 0.01 * k + 0.01 * r) * t))),
});

async function marks(chart: Chart | undefined): Promise<Record<string, number>> {
  expect(chart).toBeDefined();
  const { warnings } = compileSpec(chart!.spec);
  expect(warnings, chart!.name).toEqual([]);
  const rendered = await renderChart(chart!.spec);
  expect(rendered.svg.startsWith('<svg')).toBe(true);
  return rendered.marks;
}

describe('charts of a run', () => {
  it('population: a band and a line per level, a dashed line per level with places', async () => {
    expect(await marks(populationChart(results, FACILITIES))).toEqual({ band: 4, mean: 4, hover: 4 * MONTHS, capacity: 4 });
  });

  it('population leaves out a level with no places and nobody in it', async () => {
    const none = syntheticResults({ replications: 2, months: MONTHS }).map((r) => ({
      ...r,
      monthly: { ...r.monthly, population_halfway: r.monthly.population_halfway.map(() => 0) },
    }));
    const m = await marks(populationChart(none, FACILITIES.slice(0, 3)));
    expect(m).toEqual({ band: 3, mean: 3, hover: 3 * MONTHS, capacity: 3 });
  });

  it('months are shown as years since the start of measurement, at mid-month', () => {
    const chart = populationChart(results, FACILITIES);
    const data = (chart.spec as { layer: Array<{ data?: { values: Array<{ years: number; month: number }> } }> }).layer[0].data!.values;
    expect(data[0]).toMatchObject({ month: 1, years: 0.0417 });
    expect(data[11]).toMatchObject({ month: 12, years: 0.9583 });
  });

  it('occupancy: a line per level with places, and the planning target with its label', async () => {
    expect(await marks(occupancyChart(results, FACILITIES))).toEqual({ band: 4, mean: 4, hover: 4 * MONTHS, target: 1, targetLabel: 1 });
  });

  it('sentence queue: one band and one line', async () => {
    expect(await marks(queueChart(results))).toEqual({ band: 1, mean: 1, hover: MONTHS });
  });

  it('flows: a bar and a whisker per measured year and flow', async () => {
    expect(await marks(flowsChart(results))).toEqual({ bars: 4, whiskers: 4 });
  });

  for (const family of Object.keys(SUBGROUPS) as SubgroupFamilyName[]) {
    const n = SUBGROUPS[family].length;
    it(`reconviction by ${family}: ${n} lines for ${n} subgroups`, async () => {
      // 2 years of follow-up: 8 quarterly points per subgroup.
      expect(await marks(reconvictionChart(results, family))).toEqual({ band: n, mean: n, hover: 8 * n });
    });
  }

  it('reconviction leaves out points resting on too few releases, and families absent from the results', async () => {
    const thin = syntheticResults({
      replications: 2,
      months: MONTHS,
      cohorts: () => [cohort('age under 25', 100, 2, () => 0.2), cohort('age 40+', Math.floor(MIN_AT_RISK / 2) - 1, 2, () => 0.2)],
    });
    expect(await marks(reconvictionChart(thin, 'age'))).toEqual({ band: 1, mean: 1, hover: 8 });
    expect(reconvictionChart(thin, 'housing')).toBeUndefined();
  });

  it('reconviction with any new sentence has its own name and definition', () => {
    const chart = reconvictionChart(results, 'age', { kind: 'any' })!;
    expect(chart.name).toBe('reconviction-age-any');
    expect(JSON.stringify(chart.spec)).toContain('any new correctional sentence');
  });

  it('programmes: a bar and a whisker per programme and outcome reported', async () => {
    const metrics: Summary['metrics'] = {
      program_education_completed_per_year: summarise([100, 110, 120]),
      program_education_interrupted_per_year: summarise([20, 22, 18]),
      program_work_completed_per_year: summarise([300, 310, 290]),
    };
    expect(await marks(programmesChart({ metrics, replications: 3 }))).toEqual({ bars: 3, whiskers: 3 });
    expect(programmesChart({ metrics: {}, replications: 3 })).toBeUndefined();
  });

  it('every chart has a titled, 640-pixel, JSON-only spec with a colour-blind-safe palette', () => {
    const summary = { scenario: { resolved: { facilities: FACILITIES } }, metrics: {}, replications: 3 } as unknown as Summary;
    const charts = runCharts(summary, results, { traces: [{ id: 1, lines: [{ day: 1, text: 'arrived' }] }] });
    expect(charts.map((c) => c.name)).toEqual([
      'population',
      'occupancy',
      'sentence-queue',
      'flows',
      'reconviction-age',
      'reconviction-education',
      'reconviction-housing',
      'reconviction-level',
      'life-stories',
    ]);
    for (const c of charts) {
      const spec = c.spec as { title: { text: string; subtitle: string[] }; width: number; config: { range: { category: string[] } } };
      expect(JSON.parse(JSON.stringify(c.spec))).toEqual(c.spec);
      expect(spec.title.text).toBe(c.title);
      expect(spec.title.subtitle.length).toBeGreaterThan(0);
      expect(spec.width).toBe(CHART_WIDTH);
      expect(spec.config.range.category[0]).toBe('#0072B2');
      expect(c.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('subgroup families match only their own labels', () => {
    const all = Object.values(SUBGROUPS).flat();
    for (const [family, labels] of Object.entries(SUBGROUPS)) {
      const f = SUBGROUP_FAMILIES[family as SubgroupFamilyName];
      expect(all.filter((l) => f.matches(l)), family).toEqual(labels);
    }
  });
});

describe('life stories', () => {
  it('a lane per person and a point per line; nothing without lines', async () => {
    const chart = storiesChart([
      { id: 1, lines: [{ day: 10, text: 'remanded', kind: 'remand' }, { day: 60, text: 'sentenced', kind: 'sentence' }] },
      { id: 2, lines: [{ day: 30, date: '2024-01-31', text: 'sentenced', kind: 'sentence' }, { day: 90, text: 'released', kind: 'release' }, { day: 400, text: 'reconvicted', kind: 'sentence' }] },
      { id: 3, lines: [] },
    ]);
    expect(await marks(chart)).toEqual({ lanes: 2, events: 5 });
    expect(storiesChart([{ id: 1, lines: [] }])).toBeUndefined();
  });
});

function difference(metric: string, baseline: number, diffs: number[], betterWhen: PairedDifference['betterWhen'] = 'lower'): PairedDifference {
  const d = summarise(diffs);
  return { metric, baseline, policy: baseline + d.mean!, difference: d, relative: d.mean! / baseline, shareBetter: null, betterWhen };
}

describe('comparison charts', () => {
  const policies = [
    {
      policy: 'education-expansion',
      differences: [
        difference('population_total', 3000, [-30, -20, -40]),
        difference('reconviction_2y', 0.2, [-0.01, -0.012, -0.008]),
        difference('cost_per_year_nok', 4e9, [1e8, 1.1e8, 0.9e8]),
        difference('police_cell_overflow_days_per_year', 0, [0, 0, 0]),
      ],
    },
    {
      policy: 'housing-guarantee',
      differences: [
        difference('population_total', 3000, [5, -5, 3]),
        difference('reconviction_2y', 0.2, [-0.02, -0.015, -0.025]),
        difference('cost_per_year_nok', 4e9, [2e8, 2e8, 2e8]),
      ],
    },
  ];

  it('forest plot: a point and an interval per policy and metric, and the zero line', async () => {
    expect(await marks(forestChart(policies))).toEqual({ zero: 1, intervals: 6, estimates: 6 });
  });

  it('cost against effect: a point, two whiskers and a label per policy, and the two zero lines', async () => {
    const point = (policy: string, avoided: number, cost: number) => ({
      policy, avoided, avoidedLo: avoided - 5, avoidedHi: avoided + 5, cost, costLo: cost - 2, costHi: cost + 2, netBenefit: null, chanceBenefitsExceedCosts: null,
    });
    const chart = costEffectChart([point('education-expansion', 12, 63), point('staff-cuts', -7, -480)], 8);
    expect(await marks(chart)).toEqual({ zeroX: 1, zeroY: 1, effectIntervals: 2, costIntervals: 2, policies: 2, labels: 2 });
    expect(costEffectChart([], 8)).toBeUndefined();
  });

  it('forest rows are relative to the baseline mean and skip a baseline of 0', () => {
    const rows = forestRows(policies);
    expect(rows.map((r) => `${r.policy}:${r.metric}`)).toEqual([
      'education-expansion:population_total',
      'housing-guarantee:population_total',
      'education-expansion:reconviction_2y',
      'housing-guarantee:reconviction_2y',
      'education-expansion:cost_per_year_nok',
      'housing-guarantee:cost_per_year_nok',
    ]);
    const r = rows[2];
    expect(r.relative).toBeCloseTo(-0.05, 12);
    expect(r.relativeLo).toBeCloseTo(r.differenceLo / 0.2, 12);
    expect(r.relativeHi).toBeCloseTo(r.differenceHi / 0.2, 12);
    expect(r.verdict).toBe('lower (better)');
    expect(rows[1].verdict).toBe('no clear difference');
    expect(rows[4].verdict).toBe('higher (worse)');
  });

  it('a series per scenario', async () => {
    const scenarios = ['a', 'b', 'c'].map((name) => ({ name, results }));
    const chart = scenarioSeriesChart(scenarios, 'population_total', { title: 'T', subtitle: 'S', yTitle: 'Y' });
    expect(await marks(chart)).toEqual({ band: 3, mean: 3, hover: 3 * MONTHS });
  });
});

describe('sweep chart', () => {
  const values = [100, 200, 300, 400, 500];
  it('one metric: a band, a line and a point per parameter value', async () => {
    const rows = values.map((v) => ({ parameterValue: v, metric: 'sentence_queue', mean: 1000 - v, lo: 950 - v, hi: 1050 - v }));
    expect(await marks(sweepChart(rows, { parameter: 'facilities.1.capacity' }))).toEqual({ band: 1, mean: 1, points: 5 });
  });

  it('two metrics: a panel each; two series: a line each', async () => {
    const rows = ['sentence_queue', 'reconviction_2y'].flatMap((metric) =>
      values.flatMap((v) => ['0.5', '1'].map((series) => ({ parameterValue: v, metric, series, mean: v, lo: v - 1, hi: v + 1 }))),
    );
    const chart = sweepChart(rows, { parameter: 'programs.education.slots', seriesTitle: 'housing share' });
    expect(await marks(chart)).toEqual({ band: 4, mean: 4, points: 20 });
    expect(sweepChart([], { parameter: 'x' })).toBeUndefined();
  });

  it('rows from grid points: the first parameter on x, the second as series, the CI as band', () => {
    const points = [100, 200].flatMap((slots) =>
      [0.5, 1].map((share) => ({ values: { 'programs.education.slots': slots, 'release.housingShare': share }, metrics: { sentence_queue: summarise([slots, slots + 2, slots + 4]) } })),
    );
    const rows = sweepRowsFromPoints(points, ['programs.education.slots', 'release.housingShare'], ['sentence_queue', 'missing']);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatchObject({ parameterValue: 100, metric: 'sentence_queue', mean: 102, series: '1' });
    expect(rows[1].lo).toBeLessThan(102);
    expect(rows[1].hi).toBeGreaterThan(102);
  });
});
