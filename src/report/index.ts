/**
 * The report layer's entry points: every file a run or a comparison adds to its output folder
 * (report.html and charts/<name>.svg|png|vl.json), as names relative to the folder and their
 * contents, for the CLI to write together with its other outputs (writeOutputFolder).
 */
import { METRICS } from '../model/result.js';
import {
  FOREST_METRICS,
  forestChart,
  pairedSeriesChart,
  runCharts,
  type Chart,
  type MetricLabel,
  type RunChartsOptions,
} from './charts.js';
import { compareReportHtml, runReportHtml, type CompareReportInput, type RunReportInput } from './html.js';
import { chartFiles } from './render.js';
import { bandsCharts, bandsReportHtml, type BandsReportInput } from './bands.js';

export type { CompareReportInput, RunReportInput, ScenarioRun, ScenarioChanges } from './html.js';
export type { BandsReportInput } from './bands.js';
export type { Chart, TracedPerson, TraceLine, SweepRow } from './charts.js';
// For `corrsim sweep` and `corrsim trace`: a chart from their rows, then its files.
export { forestChart, storiesChart, sweepChart, sweepRowsFromPoints } from './charts.js';
export { chartFiles, fontStatus } from './render.js';

export interface ReportFile {
  /** Path inside the output folder, '/'-separated. */
  name: string;
  content: string | Uint8Array;
}

/** report.html and the charts of a band run (`--band`): the admission projections side by side. */
export async function buildBandsReport(input: BandsReportInput): Promise<ReportFile[]> {
  const charts = bandsCharts(input);
  return [{ name: 'report.html', content: bandsReportHtml(input, charts) }, ...(await renderAll(charts))];
}

/** report.html and the charts of one run. */
export async function buildRunReport(input: RunReportInput, options: Pick<RunChartsOptions, 'families'> = {}): Promise<ReportFile[]> {
  const charts = runCharts(input.summary, input.results, { families: options.families, traces: input.traces });
  return [{ name: 'report.html', content: runReportHtml(input, charts) }, ...(await renderAll(charts))];
}

/** Labels for the forest plot: a short name per metric (its code name where none is set), and its unit. */
export function metricLabels(): Record<string, MetricLabel> {
  return Object.fromEntries(METRICS.map((m) => [m.name, { label: shortLabel(m.name), unit: m.unit }]));
}

const SHORT_LABELS: Record<string, string> = {
  population_total: 'Prison population',
  occupancy_high: 'Occupancy, high security',
  occupancy_low: 'Occupancy, low security',
  sentence_queue: 'Sentence queue',
  queue_wait_days_mean: 'Wait to serve (days)',
  police_cell_overflow_days_per_year: 'Police-cell days per year',
  mean_time_served_days: 'Time served (days)',
  education_completion_rate: 'Education completed',
  housed_at_release_rate: 'Housed at release',
  employed_at_release_rate: 'Job or study place at release',
  incidents_per_100_inmate_years: 'Incidents per 100 inmate-years',
  reconviction_1y: 'Reconviction within 1 year',
  reconviction_2y: 'Reconviction within 2 years',
  reconviction_5y: 'Reconviction within 5 years',
  reconviction_any_2y: 'Any new sentence within 2 years',
  cost_per_year_nok: 'Cost per year',
};

function shortLabel(metric: string): string {
  return SHORT_LABELS[metric] ?? metric;
}

/** The charts of a comparison: the forest plot of paired differences, and key series per scenario. */
export function compareCharts(input: CompareReportInput, metrics: readonly string[] = FOREST_METRICS): Chart[] {
  const policies = input.policies.map((p) => ({ name: p.summary.scenario.name, results: p.results }));
  const forest = forestChart(
    input.policies.map((p) => ({ policy: p.summary.scenario.name, differences: p.differences })),
    { metrics: metrics.filter((m) => input.policies.some((p) => p.differences.some((d) => d.metric === m))), labels: metricLabels() },
  );
  const charts: Array<Chart | undefined> = [
    forest,
    pairedSeriesChart(input.baseline.results, policies, 'population_total', {
      title: 'Prison population: policy − baseline (people)',
      subtitle: 'Difference in the average number holding a prison place (remand, high, low, halfway house), per month.',
      yTitle: 'Difference in people held',
    }),
    pairedSeriesChart(input.baseline.results, policies, 'sentence_queue', {
      title: 'Sentence queue: policy − baseline (people)',
      subtitle: 'Difference in the average number convicted at liberty and waiting to be called in to serve, per month.',
      yTitle: 'Difference in people waiting',
    }),
  ];
  return charts.filter((c): c is Chart => c !== undefined);
}

/** report.html and the charts of a comparison of policies against a baseline. */
export async function buildCompareReport(input: CompareReportInput, options: { metrics?: readonly string[] } = {}): Promise<ReportFile[]> {
  const metrics = options.metrics ?? FOREST_METRICS;
  const charts = compareCharts(input, metrics);
  return [{ name: 'report.html', content: compareReportHtml(input, charts, metrics) }, ...(await renderAll(charts))];
}

/** Renders one chart at a time: each is CPU-bound, so running them together would not be faster. */
async function renderAll(charts: readonly Chart[]): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const chart of charts) files.push(...(await chartFiles(chart)));
  return files;
}
