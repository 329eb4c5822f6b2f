/** The charts of a comparison: the forest plot of paired differences, and a series per scenario or as paired differences. */
import type { ReplicationResult } from '../../model/result.js';
import { metricList, type MetricName } from '../../stats/metric-names.js';
import type { PairedDifference } from '../../stats/paired.js';
import { monthlyBand, seriesBand } from '../data.js';
import { bandSubtitle, OKABE_ITO, replicationsPhrase, timeBandLayers, top, type Chart, type MetricLabel } from './spec.js';

export interface PolicyDifferences {
  /** The policy scenario's name. */
  policy: string;
  differences: readonly PairedDifference[];
}


/** Metrics a forest plot shows by default: the headline figures of a policy debate. */
export const FOREST_METRICS: readonly MetricName[] = metricList(
  'population_total',
  'occupancy_high',
  'occupancy_low',
  'sentence_queue',
  'queue_wait_days_mean',
  'police_cell_overflow_days_per_year',
  'mean_time_served_days',
  'education_completion_rate',
  'housed_at_release_rate',
  'employed_at_release_rate',
  'incidents_per_100_inmate_years',
  'reconviction_2y',
  'reconviction_any_2y',
  'reconviction_5y',
  'cost_per_year_nok',
);

export interface ForestOptions {
  /** Metrics to show, in order (default FOREST_METRICS that the differences hold). */
  metrics?: readonly string[];
  /** Labels and units per metric (default: the metric's name). */
  labels?: Readonly<Record<string, MetricLabel>>;
}

export interface ForestRow {
  policy: string;
  metric: string;
  label: string;
  unit: string;
  relative: number;
  relativeLo: number;
  relativeHi: number;
  baseline: number;
  policyMean: number;
  difference: number;
  differenceLo: number;
  differenceHi: number;
  verdict: string;
}

/** The rows of a forest plot: each difference relative to the baseline mean, with its interval. */
export function forestRows(policies: readonly PolicyDifferences[], options: ForestOptions = {}): ForestRow[] {
  const available = new Set(policies.flatMap((p) => p.differences.map((d) => d.metric)));
  const metrics = options.metrics ?? FOREST_METRICS.filter((m) => available.has(m));
  const rows: ForestRow[] = [];
  for (const metric of metrics) {
    for (const p of policies) {
      const d = p.differences.find((x) => x.metric === metric);
      if (d === undefined || d.baseline === null || d.baseline === 0 || d.policy === null) continue;
      const s = d.difference;
      if (s.mean === null || s.ci95 === null) continue;
      const base = d.baseline;
      const [a, b] = [s.ci95[0] / base, s.ci95[1] / base];
      const label = options.labels?.[metric];
      rows.push({
        policy: p.policy,
        metric,
        label: label?.label ?? metric,
        unit: label?.unit ?? '',
        relative: s.mean / base,
        relativeLo: Math.min(a, b),
        relativeHi: Math.max(a, b),
        baseline: base,
        policyMean: d.policy,
        difference: s.mean,
        differenceLo: s.ci95[0],
        differenceHi: s.ci95[1],
        verdict: verdict(d),
      });
    }
  }
  return rows;
}

/** In plain words, whether the interval rules out no difference, and which way is better. */
export function verdict(d: PairedDifference): string {
  const ci = d.difference.ci95;
  if (ci === null || d.difference.n < 2) return 'too few replications to tell';
  if (ci[0] <= 0 && ci[1] >= 0) return 'no clear difference';
  const up = ci[0] > 0;
  if (d.betterWhen === null) return up ? 'higher' : 'lower';
  const better = (d.betterWhen === 'higher') === up;
  return `${up ? 'higher' : 'lower'} (${better ? 'better' : 'worse'})`;
}

/** Paired differences policy − baseline per metric, relative to the baseline, with 95% intervals. */
export function forestChart(policies: readonly PolicyDifferences[], options: ForestOptions = {}): Chart | undefined {
  const rows = forestRows(policies, options);
  if (rows.length === 0) return undefined;
  const names = policies.map((p) => p.policy);
  const labels = [...new Set(rows.map((r) => r.label))];
  const y = { field: 'label', type: 'nominal', title: null, sort: labels, axis: { labelLimit: 260 } };
  const yOffset = names.length > 1 ? { yOffset: { field: 'policy', type: 'nominal', sort: names } } : {};
  const color = { field: 'policy', type: 'nominal', title: 'Policy', scale: { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)) } };
  const title = 'Policy effects: difference from the baseline (% of the baseline mean)';
  return {
    name: 'forest',
    title,
    spec: top(
      title,
      [
        'Policy − baseline for each metric, taken replication by replication with the same random numbers (paired),',
        'divided by the baseline mean so that metrics of different units share one axis. Whiskers: 95% confidence interval.',
      ],
      {
        height: Math.max(120, labels.length * Math.max(22, 14 * names.length)),
        layer: [
          {
            name: 'zero',
            data: { values: [{ zero: 0 }] },
            mark: { type: 'rule', color: '#777777', strokeDash: [3, 3] },
            encoding: { x: { field: 'zero', type: 'quantitative' } },
          },
          {
            data: { values: rows },
            encoding: { y, ...yOffset },
            layer: [
              {
                name: 'intervals',
                mark: { type: 'rule', strokeWidth: 2 },
                encoding: {
                  x: { field: 'relativeLo', type: 'quantitative', title: 'Difference from the baseline (% of the baseline mean)', axis: { format: '+.0%' } },
                  x2: { field: 'relativeHi' },
                  color,
                },
              },
              {
                name: 'estimates',
                mark: { type: 'point', filled: true, size: 70, opacity: 1 },
                encoding: {
                  x: { field: 'relative', type: 'quantitative' },
                  color,
                  tooltip: [
                    { field: 'policy', type: 'nominal', title: 'Policy' },
                    { field: 'label', type: 'nominal', title: 'Metric' },
                    { field: 'unit', type: 'nominal', title: 'Unit' },
                    { field: 'baseline', type: 'quantitative', title: 'Baseline mean', format: ',.4~g' },
                    { field: 'policyMean', type: 'quantitative', title: 'Policy mean', format: ',.4~g' },
                    { field: 'difference', type: 'quantitative', title: 'Difference', format: '+,.3~g' },
                    { field: 'differenceLo', type: 'quantitative', title: '95% CI, low', format: '+,.3~g' },
                    { field: 'differenceHi', type: 'quantitative', title: '95% CI, high', format: '+,.3~g' },
                    { field: 'relative', type: 'quantitative', title: 'Relative difference', format: '+.1%' },
                    { field: 'verdict', type: 'nominal', title: 'Verdict' },
                  ],
                },
              },
            ],
          },
        ],
      },
    ),
  };
}

/** A monthly series of several scenarios on one chart (mean and band per scenario). */
export function scenarioSeriesChart(
  scenarios: ReadonlyArray<{ name: string; results: readonly ReplicationResult[] }>,
  series: string,
  options: { title: string; subtitle: string; yTitle: string; format?: string; chartName?: string },
): Chart {
  const names = scenarios.map((s) => s.name);
  const rows = scenarios.flatMap((s) => seriesBand(s.results, series, s.name));
  const n = Math.min(...scenarios.map((s) => s.results.length));
  const scale = { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)), title: 'Scenario' };
  return {
    name: options.chartName ?? `compare-${series.replace(/_/g, '-')}`,
    title: options.title,
    spec: top(options.title, [options.subtitle, bandSubtitle(n)], {
      data: { values: rows },
      layer: timeBandLayers(options.yTitle, options.format ?? ',.0f', scale, 'Scenario'),
    }),
  };
}

/**
 * Policy − baseline of a monthly series, replication by replication (paired: same seeds), one line
 * per policy with the middle 95% of the replications' differences as a band, and a zero line.
 */
export function pairedSeriesChart(
  baseline: readonly ReplicationResult[],
  policies: ReadonlyArray<{ name: string; results: readonly ReplicationResult[] }>,
  series: string,
  options: { title: string; subtitle: string; yTitle: string; format?: string; chartName?: string },
): Chart {
  const names = policies.map((p) => p.name);
  const byReplication = new Map(baseline.map((r) => [r.replication, r]));
  const monthly = (r: ReplicationResult) => (r.monthly as Record<string, number[] | undefined>)[series];
  const rows = policies.flatMap((p) =>
    monthlyBand(p.results, p.name, (r, i) => {
      const base = byReplication.get(r.replication);
      const a = base === undefined ? undefined : monthly(base)?.[i];
      const b = monthly(r)?.[i];
      return a === undefined || b === undefined ? undefined : b - a;
    }),
  );
  const n = Math.min(...policies.map((p) => p.results.filter((r) => byReplication.has(r.replication)).length));
  const scale = { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)), title: 'Policy' };
  return {
    name: options.chartName ?? `difference-${series.replace(/_/g, '-')}`,
    title: options.title,
    spec: top(options.title, [options.subtitle, `Line: mean difference over ${replicationsPhrase(n)} (paired by seed); band: middle 95% of the replications’ differences.`], {
      layer: [
        {
          name: 'zero',
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', color: '#777777', strokeDash: [3, 3] },
          encoding: { y: { field: 'zero', type: 'quantitative' } },
        },
        { data: { values: rows }, layer: timeBandLayers(options.yTitle, options.format ?? '+,.1~f', scale, 'Policy') },
      ],
    }),
  };
}

// --- Sweeps --------------------------------------------------------------------------------------


// --- Cost against effect -------------------------------------------------------------------------

export interface CostEffectPoint {
  policy: string;
  /** Reconvictions avoided per year (baseline − policy) with its 95% interval. */
  avoided: number;
  avoidedLo: number;
  avoidedHi: number;
  /** The policy's cost change, million NOK a year, with its 95% interval. */
  cost: number;
  costLo: number;
  costHi: number;
  netBenefit: number | null;
  chanceBenefitsExceedCosts: number | null;
}

/**
 * Each policy as a point: reconvictions avoided a year (x) against what it costs a year (y), with
 * the 95% intervals of both as whiskers. Lower right is better (cheaper and fewer reconvictions);
 * the quadrants are split by zero lines.
 */
export function costEffectChart(points: readonly CostEffectPoint[], replications: number): Chart | undefined {
  if (points.length === 0) return undefined;
  const names = points.map((p) => p.policy);
  const color = { field: 'policy', type: 'nominal', title: 'Policy', scale: { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)) } };
  const x = { field: 'avoided', type: 'quantitative', title: 'Reconvictions avoided per year (2-year, new prison sentence)', axis: { format: '+,.2~f' } };
  const y = { field: 'cost', type: 'quantitative', title: 'Cost of the policy (million NOK a year)', axis: { format: '+,.2~f' } };
  const title = 'What each policy costs against the reconvictions it avoids';
  return {
    name: 'cost-effect',
    title,
    spec: top(
      title,
      [
        `Paired differences from the baseline (${replicationsPhrase(replications)}): correctional spending at marginal prices (y)`,
        'against released people not reconvicted within 2 years, per year of releases (x).',
        'Whiskers: 95% confidence intervals. Lower right: cheaper, and fewer reconvictions.',
      ],
      {
        layer: [
          { name: 'zeroX', data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#777777', strokeDash: [3, 3] }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
          { name: 'zeroY', data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#777777', strokeDash: [3, 3] }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
          {
            data: { values: points },
            layer: [
              { name: 'effectIntervals', mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { ...x, field: 'avoidedLo' }, x2: { field: 'avoidedHi' }, y, color } },
              { name: 'costIntervals', mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'costLo' }, y2: { field: 'costHi' }, color } },
              {
                name: 'policies',
                mark: { type: 'point', filled: true, size: 90, opacity: 1 },
                encoding: {
                  x,
                  y,
                  color,
                  tooltip: [
                    { field: 'policy', type: 'nominal', title: 'Policy' },
                    { field: 'avoided', type: 'quantitative', title: 'Reconvictions avoided a year', format: '+,.1f' },
                    { field: 'avoidedLo', type: 'quantitative', title: '95% CI, low', format: '+,.1f' },
                    { field: 'avoidedHi', type: 'quantitative', title: '95% CI, high', format: '+,.1f' },
                    { field: 'cost', type: 'quantitative', title: 'Cost, M NOK a year', format: '+,.1f' },
                    { field: 'costLo', type: 'quantitative', title: '95% CI, low', format: '+,.1f' },
                    { field: 'costHi', type: 'quantitative', title: '95% CI, high', format: '+,.1f' },
                    { field: 'netBenefit', type: 'quantitative', title: 'Net benefit, M NOK a year', format: '+,.1f' },
                    { field: 'chanceBenefitsExceedCosts', type: 'quantitative', title: 'Chance benefits exceed costs', format: '.0%' },
                  ],
                },
              },
              { name: 'labels', mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 11 }, encoding: { x, y, text: { field: 'policy' }, color } },
            ],
          },
        ],
      },
    ),
  };
}
