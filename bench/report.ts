/**
 * The cost of the report layer: rendering every chart of a run to SVG and PNG (what `corrsim run`
 * adds after the simulation), on a run of the usual shape — 10 measured years, so 120 months per
 * series — of the Norway baseline scaled down to keep the simulation itself short. Chart data does
 * not grow with the number of replications (they are summarised first), so 4 stand for 40.
 */
import type { BatchResult } from '../src/experiments/batch.js';
import { runReplication } from '../src/model/replication.js';
import { runCharts } from '../src/report/charts/run.js';
import { runReportHtml } from '../src/report/pages/run.js';
import { chartFiles } from '../src/report/render.js';
import { corrsimVersion, loadScenario } from '../src/scenario/files.node.js';
import { buildSummary } from '../src/studies/summary.js';

const SETS = [
  'population.newCasesPerYear=1200',
  'facilities.0.capacity=190',
  'facilities.1.capacity=410',
  'facilities.2.capacity=280',
  'facilities.3.capacity=40',
  'electronicMonitoring.capacity=125',
];

export interface ReportTiming {
  /** Charts rendered. */
  charts: number;
  /** Wall time to render them all to SVG and PNG, seconds (a fresh process's first report: nothing cached). */
  seconds: number;
  /** Wall time to write report.html (libraries inlined, specs embedded), seconds. */
  htmlSeconds: number;
}

export async function reportTiming(options: { replications?: number; years?: number } = {}): Promise<ReportTiming> {
  const loaded = loadScenario('norway-baseline', { sets: SETS });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const years = options.years ?? 10;
  const warmupYears = 5;
  const seed = 1;
  const n = options.replications ?? 4;
  const results = Array.from({ length: n }, (_, replication) => runReplication(loaded.scenario, { seed, replication, years, warmupYears }));
  const batch = {
    results,
    failures: [],
    complete: true,
    requested: Array.from({ length: n }, (_, i) => i),
    performance: { events: 0, cpuSeconds: 0, eventsPerCpuSecond: 0, wallSeconds: 0, workers: 1 },
  } satisfies BatchResult;
  const summary = buildSummary({
    scenario: { name: loaded.name, sha256: loaded.sha256, resolved: loaded.scenario },
    seed,
    years,
    warmupYears,
    command: 'bench/report.ts',
    batch,
    version: corrsimVersion(),
  });

  let start = process.hrtime.bigint();
  const charts = runCharts(summary, results);
  for (const chart of charts) await chartFiles(chart);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  start = process.hrtime.bigint();
  runReportHtml({ summary, results, patch: loaded.patch, overrides: loaded.overrides }, charts);
  const htmlSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { charts: charts.length, seconds, htmlSeconds };
}
