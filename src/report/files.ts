/**
 * The report layer's entry points: from a study's record (and the replications' results it rests
 * on), every file a command writes to its output folder, as names relative to the folder and
 * their contents, for the command line to write together (writeOutputFolder). Nothing here runs a
 * simulation. The report pages load vega and resvg, so the command line imports this module only
 * when it writes a report.
 */
import type { ReplicationResult } from '../model/result.js';
import type { CensusRecord } from '../scenario/census.js';
import { censusCsv } from '../scenario/census.js';
import type { PairedDifference } from '../stats/paired.js';
import type { BacktestRecord } from '../studies/backtest/backtest.js';
import type { BandsOutcome } from '../studies/bands.js';
import type { CapacityBandsOutcome } from '../studies/capacity/bands.js';
import type { CapacityRecord } from '../studies/capacity/study.js';
import type { CensusFileRecord } from '../studies/census.js';
import type { CompareOutcome } from '../studies/compare.js';
import type { Summary } from '../studies/summary.js';
import type { Sweep, SweepPointRun } from '../studies/sweep.js';
import type { TraceRecord, TracedPerson } from '../studies/trace.js';
import type { ValidationRecord, ValidationReport } from '../studies/validation/validation.js';
import { backtestCharts } from './charts/backtest.js';
import { bandsCharts, type BandsReportInput } from './charts/bands.js';
import { capacityBandsChart, capacityChart, capacityShareChart } from './charts/capacity.js';
import { costEffectChart, FOREST_METRICS, forestChart, pairedSeriesChart, type CostEffectPoint } from './charts/compare.js';
import type { PolicyPurchase } from '../studies/costs.js';
import { runCharts, storiesChart, type RunChartsOptions } from './charts/run.js';
import type { Chart, MetricLabel } from './charts/spec.js';
import { sweepChart, sweepRowsFromPoints } from './charts/sweep.js';
import { validationCharts } from './charts/validation.js';
import { jsonText } from './csv.js';
import { backtestReportHtml } from './pages/backtest.js';
import { bandsReportHtml } from './pages/bands.js';
import { compareReportHtml, type CompareReportInput } from './pages/compare.js';
import type { ScenarioChanges } from './pages/parts.js';
import { runReportHtml, type RunReportInput } from './pages/run.js';
import { validationHtml } from './pages/validation.js';
import { chartFiles } from './render.js';
import { backtestCsv } from './tables/backtest.js';
import { bandsCsv, bandsTimeseriesCsv, bandsYearlyCsv } from './tables/bands.js';
import { capacityBandsCsv, capacityCsv } from './tables/capacity.js';
import { comparisonCsv } from './tables/compare.js';
import { runDataFiles } from './tables/run.js';
import { sweepCsv, sweepReplicationsCsv } from './tables/sweep.js';
import { storiesText } from './text/trace.js';
import { METRICS } from '../model/result.js';
import { metricList, type MetricName } from '../stats/metric-names.js';

export type { CompareReportInput } from './pages/compare.js';
export type { ScenarioChanges } from './pages/parts.js';
export type { RunReportInput } from './pages/run.js';

export interface ReportFile {
  /** Path inside the output folder, '/'-separated. */
  name: string;
  content: string | Uint8Array;
}

/** Every file of `files` under the subfolder `folder`. */
function under(folder: string, files: readonly ReportFile[]): ReportFile[] {
  return files.map((f) => ({ name: `${folder}/${f.name}`, content: f.content }));
}

/** Renders one chart at a time: each is CPU-bound, so running them together would not be faster. */
async function renderAll(charts: ReadonlyArray<Chart | undefined>): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const chart of charts) if (chart !== undefined) files.push(...(await chartFiles(chart)));
  return files;
}

// --- run and compare -------------------------------------------------------------------------------

/** report.html and the charts of one run. */
export async function buildRunReport(input: RunReportInput, options: Pick<RunChartsOptions, 'families'> = {}): Promise<ReportFile[]> {
  const charts = runCharts(input.summary, input.results, { families: options.families, traces: input.traces });
  return [{ name: 'report.html', content: runReportHtml(input, charts) }, ...(await renderAll(charts))];
}

/** A run's folder: summary.json, the CSV tables, and report.html with its charts and life stories. */
export async function runFiles(summary: Summary, results: readonly ReplicationResult[], changes: ScenarioChanges, stories: readonly TracedPerson[] | undefined): Promise<ReportFile[]> {
  const report = await buildRunReport({ summary, results, patch: changes.patch, overrides: changes.overrides, traces: stories });
  return [...runDataFiles(summary, results), ...report];
}

/** Labels for the forest plot: a short name per metric (its code name where none is set), and its unit. */
export function metricLabels(): Record<string, MetricLabel> {
  return Object.fromEntries(METRICS.map((m) => [m.name, { label: SHORT_LABELS[m.name] ?? m.name, unit: m.unit }]));
}

const SHORT_LABELS: Readonly<Partial<Record<MetricName, string>>> = {
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

/** The charts of a comparison: the forest plot of paired differences, and key series per scenario. */
export function compareCharts(input: CompareReportInput, metrics: readonly string[] = FOREST_METRICS): Chart[] {
  const policies = input.policies.map((p) => ({ name: p.summary.scenario.name, results: p.results }));
  const forest = forestChart(
    input.policies.map((p) => ({ policy: p.summary.scenario.name, differences: p.differences })),
    { metrics: metrics.filter((m) => input.policies.some((p) => p.differences.some((d) => d.metric === m))), labels: metricLabels() },
  );
  const charts: Array<Chart | undefined> = [
    forest,
    costEffectChart(
      input.policies.flatMap((p) => (p.buys === undefined ? [] : costEffectPoint(p.summary.scenario.name, p.buys))),
      Math.min(...input.policies.map((p) => p.buys?.replications ?? Infinity)),
    ),
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

/** A policy's point on the cost-against-effect chart (none when either figure has no interval). */
function costEffectPoint(policy: string, b: PolicyPurchase): CostEffectPoint[] {
  const avoided = b.quantities.reconvictions_avoided_per_year.paired;
  const cost = b.quantities.cost_change_per_year_nok.paired;
  const net = b.quantities.net_benefit_per_year_nok;
  if (avoided.mean === null || avoided.ci95 === null || cost.mean === null || cost.ci95 === null) return [];
  return [
    {
      policy,
      avoided: avoided.mean,
      avoidedLo: avoided.ci95[0],
      avoidedHi: avoided.ci95[1],
      cost: cost.mean / 1e6,
      costLo: cost.ci95[0] / 1e6,
      costHi: cost.ci95[1] / 1e6,
      netBenefit: net.paired.mean === null ? null : net.paired.mean / 1e6,
      chanceBenefitsExceedCosts: net.shareBetter,
    },
  ];
}

/** report.html and the charts of a comparison of policies against a baseline. */
export async function buildCompareReport(input: CompareReportInput, options: { metrics?: readonly string[] } = {}): Promise<ReportFile[]> {
  const metrics = options.metrics ?? FOREST_METRICS;
  const charts = compareCharts(input, metrics);
  return [{ name: 'report.html', content: compareReportHtml(input, charts, metrics) }, ...(await renderAll(charts))];
}

/** A comparison's folder: comparison.json and .csv, each scenario's data files in its subfolder, and the report (when the baseline has results). */
export async function compareFiles(outcome: CompareOutcome, changes: readonly ScenarioChanges[]): Promise<ReportFile[]> {
  const comparison = outcome.comparison!;
  const files: ReportFile[] = [
    { name: 'comparison.json', content: jsonText(comparison) },
    { name: 'comparison.csv', content: comparisonCsv(comparison) },
  ];
  for (const run of outcome.runs) if (run.summary !== null) files.push(...under(run.scenario.folder, runDataFiles(run.summary, run.batch.results)));
  const [base, ...policies] = outcome.runs;
  if (base.summary !== null) {
    const baseline = { summary: base.summary, results: base.batch.results, ...changes[0] };
    const compared = policies.flatMap((run, k) => {
      const differences = outcome.differences[k];
      if (run.summary === null || differences === null) return [];
      return [{ summary: run.summary, results: run.batch.results, ...changes[k + 1], differences: differences as readonly PairedDifference[], buys: comparison.comparisons[k]?.buys }];
    });
    files.push(...(await buildCompareReport({ baseline, policies: compared, command: comparison.command, costs: comparison.costs })));
  }
  return files;
}

// --- sweep ---------------------------------------------------------------------------------------

/** The metrics drawn against the swept parameter. */
const SWEEP_CHART_METRICS = metricList('population_total', 'sentence_queue', 'reconviction_2y', 'cost_per_year_nok');

/** A sweep's folder: sweep.json, sweep.csv, replications.csv and the chart of headline metrics against the parameter. */
export async function sweepFiles(sweep: Sweep, runs: readonly SweepPointRun[]): Promise<ReportFile[]> {
  const paths = sweep.grid.parameters.map((p) => p.path);
  const chart = sweepChart(sweepRowsFromPoints(sweep.points, paths, SWEEP_CHART_METRICS), { parameter: paths[0], seriesTitle: paths[1], labels: metricLabels() });
  return [
    { name: 'sweep.json', content: jsonText(sweep) },
    { name: 'sweep.csv', content: sweepCsv(sweep) },
    { name: 'replications.csv', content: sweepReplicationsCsv(sweep.grid.parameters, runs) },
    ...(await renderAll([chart])),
  ];
}

// --- bands ---------------------------------------------------------------------------------------

/** report.html and the charts of a band run (`--band`): the admission projections side by side. */
export async function buildBandsReport(input: BandsReportInput): Promise<ReportFile[]> {
  const charts = bandsCharts(input);
  return [{ name: 'report.html', content: bandsReportHtml(input, charts) }, ...(await renderAll(charts))];
}

/** A band run's folder: the top summary.json and tables, each band's run folder, and the report side by side. */
export async function bandsFiles(outcome: BandsOutcome, changes: ScenarioChanges): Promise<ReportFile[]> {
  const summary = outcome.summary!;
  const withResults = outcome.summarised.map((b) => b.run);
  const startDate = summary.scenario.resolved.run.startDate;
  const files: ReportFile[] = [
    { name: 'summary.json', content: jsonText(summary) },
    { name: 'bands.csv', content: bandsCsv(summary) },
    { name: 'bands-timeseries.csv', content: bandsTimeseriesCsv(withResults, startDate) },
    { name: 'bands-yearly.csv', content: bandsYearlyCsv(withResults, startDate) },
  ];
  for (const { run, summary: own, stories } of outcome.summarised) files.push(...under(run.band, await runFiles(own, run.batch.results, changes, stories)));
  const bands = outcome.summarised.map(({ run, summary: own }) => ({ summary: own, results: run.batch.results }));
  files.push(...(await buildBandsReport({ summary, bands, patch: changes.patch, overrides: changes.overrides })));
  return files;
}

// --- capacity ------------------------------------------------------------------------------------

/** capacity.json, capacity.csv and the charts of one search. */
export async function capacityFiles(record: CapacityRecord): Promise<ReportFile[]> {
  const charts = [...record.targets.map((_, i) => capacityChart(record, i)), capacityShareChart(record)];
  return [{ name: 'capacity.json', content: jsonText(record) }, { name: 'capacity.csv', content: capacityCsv(record) }, ...(await renderAll(charts))];
}

/** The searches of every band: capacity-bands.json, .csv and chart, and each band's search in its subfolder. */
export async function capacityBandsFiles(outcome: CapacityBandsOutcome): Promise<ReportFile[]> {
  const record = outcome.record!;
  const files: ReportFile[] = [
    { name: 'capacity-bands.json', content: jsonText(record) },
    { name: 'capacity-bands.csv', content: capacityBandsCsv(record) },
  ];
  for (const s of outcome.searches) files.push(...under(s.band, await capacityFiles(s.record)));
  files.push(...(await renderAll([capacityBandsChart(record)])));
  return files;
}

// --- census, trace, validation -------------------------------------------------------------------

/** census.csv and census.json. */
export function censusFiles(records: readonly CensusRecord[], record: CensusFileRecord): ReportFile[] {
  return [
    { name: 'census.csv', content: censusCsv(records) },
    { name: 'census.json', content: jsonText(record) },
  ];
}

/** trace.json, trace.txt and the swimlane chart of the stories. */
export async function traceFiles(record: TraceRecord, endDay: number): Promise<ReportFile[]> {
  const chart = storiesChart(record.people.map((s) => ({ id: s.id, lines: s.lines })));
  return [{ name: 'trace.json', content: jsonText(record) }, { name: 'trace.txt', content: storiesText(record.people, endDay) }, ...(await renderAll([chart]))];
}

/** validation.json, validation.html and a chart per group of checks. */
export async function validationFiles(record: ValidationRecord, report: ValidationReport): Promise<ReportFile[]> {
  const charts = validationCharts(report);
  return [
    { name: 'validation.json', content: jsonText(record) },
    { name: 'validation.html', content: validationHtml(report, charts, { version: record.corrsim, command: record.command }) },
    ...(await renderAll(charts)),
  ];
}

// --- backtest ------------------------------------------------------------------------------------

/** backtest.json, backtest.csv, report.html and a chart per series family (observed points over the model's band). */
export async function backtestFiles(record: BacktestRecord): Promise<ReportFile[]> {
  const charts = backtestCharts(record);
  return [
    { name: 'backtest.json', content: jsonText(record) },
    { name: 'backtest.csv', content: backtestCsv(record) },
    { name: 'report.html', content: backtestReportHtml(record, charts) },
    ...(await renderAll(charts)),
  ];
}
