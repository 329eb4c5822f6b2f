/**
 * `corrsim run SCENARIO --band low,middle,high`: the scenario once per admission projection of
 * `population.projections`, every band with the same seed and replications (common random
 * numbers), reported side by side. The running and the tables are in src/batch/bands.ts, the
 * report in src/report/bands.ts; here the folder, the printing and the exit code.
 *
 * The output folder holds each band's usual run files in a subfolder named after the band, and at
 * the top summary.json (every band's metrics), bands.csv, bands-timeseries.csv, bands-yearly.csv,
 * report.html and charts/bands-*.
 */
import { join } from 'node:path';
import {
  BAND_METRICS,
  BAND_YEARLY_SERIES,
  bandsCsv,
  bandsSummaryJson,
  bandsTimeseriesCsv,
  bandsYearlyCsv,
  bandSummary,
  buildBandsSummary,
  runBandBatches,
  yearLabel,
  type BandBatch,
  type BandRunSettings,
  type BandsSummary,
  type SummarisedBand,
} from '../batch/bands.js';
import { yearlySummaries } from '../batch/aggregate.js';
import { METRICS } from '../model/result.js';
import { bandSetArgument } from '../scenario/bands.js';
import type { ScenarioLoadResult } from '../scenario/resolve.js';
import { CombinedProgress, nothingFinished, reportFailuresOf } from './batches.js';
import type { BatchFlags } from './flags.js';
import { censusRecord, rerunStart, resolveRun } from './census.js';
import { startPhrase } from '../scenario/census.js';
import { decimalsFor, formatFixed, formatMeanWithHalfWidth, table } from './format.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, usageError, type CliIo } from './io.js';
import { outputFolderProblem, writeOutputFolder, type OutputFile } from './output.js';
import { defaultWorkers, runFolderFiles, safeFolderName } from './run.js';

export interface BandRunInput {
  /** The scenario as the user named it, for the commands that rerun a failed replication. */
  ref: string;
  loaded: Extract<ScenarioLoadResult, { ok: true }>;
  flags: BatchFlags;
  /** Checked against the scenario (bandProblem). */
  bands: readonly string[];
  storyCount: number;
  quiet?: boolean;
  json?: boolean;
  command: string;
}

export async function runBandsCommand(input: BandRunInput, io: CliIo): Promise<number> {
  const { loaded, flags, bands } = input;
  const scenario = loaded.scenario;
  const replications = typeof flags.replications === 'number' ? flags.replications : scenario.run.replications;
  const folder = flags.out ?? join('outputs', `${safeFolderName(loaded.name)}-bands`);
  const folderProblem = await outputFolderProblem(folder);
  if (folderProblem !== undefined) return usageError(io, [folderProblem]);
  // Every band starts from the same census (today's prisons) or warms up from empty.
  const resolved = resolveRun(loaded, flags, io, input.quiet === true || input.json === true);
  if (!resolved.ok) return resolved.exit;
  const { settings, start } = resolved.run;

  const progress = new CombinedProgress(io, input.quiet, bands.length * replications);
  const wallStart = performance.now();
  progress.begin(1);
  let runs: BandBatch[];
  try {
    runs = await runBandBatches(
      scenario,
      bands,
      {
        ...settings,
        replications,
        workers: flags.workers ?? defaultWorkers(),
        fixedEffects: flags.fixedEffects,
        census: start.census?.states,
        onProgress: progress.onProgress,
        shouldStop: () => io.interrupt?.aborted === true,
      },
      (run) => progress.batchDone(run.batch.results.length),
    );
  } catch (error) {
    progress.finish();
    return internalError(io, 'the simulation failed', error);
  }
  progress.finish();
  const wallSeconds = (performance.now() - wallStart) / 1000;

  // A failed replication of a band is rerun alone as a plain run with the band's table set.
  const reportAllFailures = () =>
    runs.forEach((run) =>
      reportFailuresOf(io, `band ${run.band}`, run.batch.failures, {
        scenario: input.ref,
        sets: [...flags.sets, bandSetArgument(scenario, run.band)],
        ...settings,
        ...rerunStart(start),
        fixedEffects: flags.fixedEffects,
        out: `${folder}-${run.band}`,
      }),
    );
  const failed = runs.some((r) => r.batch.failures.length > 0);
  const bandSettings: BandRunSettings = {
    scenario: { name: loaded.name, sha256: loaded.sha256, resolved: scenario },
    ...settings,
    ...censusRecord(start),
    replications,
    fixedEffects: flags.fixedEffects,
    command: input.command,
  };
  const summarised: SummarisedBand[] = runs.filter((run) => run.batch.results.length > 0).map((run) => ({ run, summary: bandSummary(run, bandSettings) }));
  if (summarised.length === 0) return nothingFinished(io, failed, reportAllFailures);

  const summary = buildBandsSummary(bandSettings, bands, runs, summarised, wallSeconds);
  const withResults = summarised.map((b) => b.run);
  const files: OutputFile[] = [
    { name: 'summary.json', content: bandsSummaryJson(summary) },
    { name: 'bands.csv', content: bandsCsv(summary) },
    { name: 'bands-timeseries.csv', content: bandsTimeseriesCsv(withResults, scenario.run.startDate) },
    { name: 'bands-yearly.csv', content: bandsYearlyCsv(withResults, scenario.run.startDate) },
  ];
  try {
    for (const { run, summary: own } of summarised) {
      for (const f of await runFolderFiles(own, run.batch.results, loaded, input.storyCount, start)) files.push({ name: `${run.band}/${f.name}`, content: f.content });
    }
    const { buildBandsReport } = await import('../report/index.js');
    const report = await buildBandsReport({
      summary,
      bands: summarised.map(({ run, summary: own }) => ({ summary: own, results: run.batch.results })),
      patch: loaded.patch,
      overrides: loaded.overrides,
    });
    files.push(...report);
    await writeOutputFolder(folder, files);
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }

  if (input.json) io.stdout.write(bandsSummaryJson(summary));
  else if (!input.quiet) io.stdout.write(humanBands(summary, withResults, folder));
  if (failed) {
    reportAllFailures();
    io.stderr.write(`corrsim: not every replication finished; written to ${folder} with "complete": false\n`);
    return EXIT_FAILED;
  }
  if (!summary.complete) {
    const done = summary.bands.map((b) => `${b.name} ${b.replications} of ${replications}`).join(', ');
    io.stderr.write(`corrsim: interrupted (${done} replications finished); written to ${folder} with "complete": false\n`);
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

/** The printed result: the headline metrics of every band side by side, then the last measured year. */
export function humanBands(summary: BandsSummary, runs: readonly BandBatch[], folder: string): string {
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const names = summary.bands.map((b) => b.name);
  let text =
    `${summary.scenario.name}: ${plural(names.length, 'band')} (${names.join(', ')}), ${plural(summary.replications, 'replication')} each with the ` +
    `same seeds (common random numbers), ${plural(summary.years, 'year')} measured ${startPhrase(summary.warmupYears, summary.census)}, seed ${summary.seed}` +
    `${summary.complete ? '' : summary.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${summary.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n\n`;
  text += 'over the measured years: mean ±half-width of its 95% CI\n';
  const rows = BAND_METRICS.map((metric) => [metric, ...summary.bands.map((b) => formatMeanWithHalfWidth(b.metrics[metric], units.get(metric) ?? ''))]);
  text += table([['metric', ...names], ...rows], 'l' + 'r'.repeat(names.length), '   ');

  const years = yearlySummaries(runs[0].batch.results, 'population_total');
  const last = years[years.length - 1];
  if (last !== undefined) {
    const label = yearLabel(summary.scenario.resolved.run.startDate, last.months);
    text += `\nin ${label}, the last measured year: median [2.5th, 97.5th percentile] across replications of the year's average\n`;
    const yearRows = BAND_YEARLY_SERIES.map((series) => [
      series,
      ...runs.map((run) => {
        const s = yearlySummaries(run.batch.results, series).find((y) => y.year === last.year)?.summary;
        if (s === undefined || s.p50 === null || s.p2_5 === null || s.p97_5 === null) return 'n/a';
        const decimals = s.p50 >= 100 ? 0 : Math.min(1, decimalsFor((s.p97_5 - s.p2_5) / 2));
        return `${formatFixed(s.p50, decimals)} [${formatFixed(s.p2_5, decimals)}, ${formatFixed(s.p97_5, decimals)}]`;
      }),
    ]);
    text += table([['series', ...runs.map((r) => r.band)], ...yearRows], 'l' + 'r'.repeat(runs.length), '   ');
  }
  const p = summary.performance;
  text +=
    `\n${Math.round(p.events).toLocaleString('en-US')} events in ${p.cpuSeconds.toFixed(1)} CPU s, ${p.wallSeconds.toFixed(1)} s wall\n` +
    `output: ${folder} (report.html; each band's own run in ${names.map((n) => `${n}/`).join(', ')})\n`;
  return text;
}
