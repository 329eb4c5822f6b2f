/** The chart of a sweep: headline metrics against the swept parameter, with their intervals. */
import type { MetricSummary } from '../../stats/intervals.js';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_WIDTH, labelWithUnit, OKABE_ITO, SCHEMA_URL, top, type Chart, type MetricLabel } from './spec.js';

export interface SweepRow {
  parameterValue: number;
  metric: string;
  mean: number;
  lo: number;
  hi: number;
  /** The value of a second swept parameter, as a label: one line per value. */
  series?: string;
}

export interface SweepOptions {
  /** The swept parameter's path (e.g. `programs.education.slots`). */
  parameter: string;
  /** Label of the second parameter when rows have `series`. */
  seriesTitle?: string;
  /** What lo–hi is, for the subtitle (default: the 95% confidence interval of the mean). */
  bandMeaning?: string;
  labels?: Readonly<Record<string, MetricLabel>>;
}

/**
 * Sweep rows from grid points (a sweep's `points`: the parameter values and the metric summaries
 * at each): the first parameter on the x axis, the second (if any) as one line per value, and the
 * 95% confidence interval of the mean as the band. Points where a metric has no mean are left out.
 */
export function sweepRowsFromPoints(
  points: ReadonlyArray<{ values: Readonly<Record<string, number>>; metrics: Readonly<Record<string, MetricSummary>> }>,
  parameters: readonly string[],
  metrics: readonly string[],
): SweepRow[] {
  const [x, second] = parameters;
  const rows: SweepRow[] = [];
  for (const point of points) {
    for (const metric of metrics) {
      const s = point.metrics[metric];
      if (s === undefined || s.mean === null) continue;
      const [lo, hi] = s.ci95 ?? [s.mean, s.mean];
      rows.push({
        parameterValue: point.values[x],
        metric,
        mean: s.mean,
        lo,
        hi,
        ...(second === undefined ? {} : { series: String(point.values[second]) }),
      });
    }
  }
  return rows;
}

/** Each metric against the swept parameter: mean line, points and band; one panel per metric. */
export function sweepChart(rows: readonly SweepRow[], options: SweepOptions): Chart | undefined {
  if (rows.length === 0) return undefined;
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const data = rows.map((r) => ({ ...r, label: labelWithUnit(r.metric, options.labels), series: r.series ?? '' }));
  const labels = metrics.map((m) => labelWithUnit(m, options.labels));
  const seriesValues = [...new Set(data.map((r) => r.series))];
  const coloured = seriesValues.length > 1 || seriesValues[0] !== '';
  const color = coloured
    ? { color: { field: 'series', type: 'nominal', title: options.seriesTitle ?? 'Series', scale: { domain: seriesValues, range: [...OKABE_ITO] } } }
    : {};
  const single = coloured ? {} : { color: OKABE_ITO[0] };
  const x = { field: 'parameterValue', type: 'quantitative', title: options.parameter };
  // With a panel per metric, each panel's header names it.
  const yTitle = metrics.length === 1 ? labels[0] : null;
  const layers = [
    { name: 'band', mark: { type: 'area', opacity: 0.18, ...single }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, ...color } },
    { name: 'mean', mark: { type: 'line', strokeWidth: 2, ...single }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, ...color } },
    {
      name: 'points',
      mark: { type: 'point', filled: true, size: 40, ...single },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' },
        ...color,
        tooltip: [
          { field: 'label', type: 'nominal', title: 'Metric' },
          { field: 'parameterValue', type: 'quantitative', title: options.parameter },
          ...(coloured ? [{ field: 'series', type: 'nominal', title: options.seriesTitle ?? 'Series' }] : []),
          { field: 'mean', type: 'quantitative', title: 'Mean', format: ',.4~g' },
          { field: 'lo', type: 'quantitative', title: 'Low', format: ',.4~g' },
          { field: 'hi', type: 'quantitative', title: 'High', format: ',.4~g' },
        ],
      },
    },
  ];
  const title = `Sensitivity to ${options.parameter}`;
  const subtitle = [`Line and points: mean; band: ${options.bandMeaning ?? 'the 95% confidence interval of the mean'}.`];
  const spec =
    metrics.length === 1
      ? top(title, subtitle, { data: { values: data }, layer: layers })
      : ({
          $schema: SCHEMA_URL,
          title: { text: title, subtitle },
          config: CHART_CONFIG,
          data: { values: data },
          facet: { row: { field: 'label', type: 'nominal', title: null, sort: labels, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12 } } },
          spec: { width: CHART_WIDTH, height: 180, layer: layers },
          resolve: { scale: { y: 'independent' } },
        } as TopLevelSpec);
  return { name: 'sweep', title, spec };
}
