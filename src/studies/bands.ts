/**
 * The band study (`corrsim run SCENARIO --band low,middle,high`): the scenario once per admission
 * projection of `population.projections`, every band with the same seed and replications, so that
 * replication r of every band meets the same people with the same random draws (common random
 * numbers) and the bands differ by their admissions alone. Each band is a run of its own
 * (summary.json in its folder); the top summary.json puts them side by side.
 */
import { combinedPerformance } from '../experiments/aggregate.js';
import type { BatchPerformance, BatchResult, BatchRunner } from '../experiments/batch.js';
import { rangePlan } from '../experiments/plan.js';
import { bandTable, withBand } from '../scenario/bands.js';
import { scenarioHash } from '../scenario/hash.js';
import type { Scenario, YearlyRate } from '../scenario/types.js';
import type { MetricSummary } from '../stats/intervals.js';
import type { RunProvenance, ScenarioIdentity } from './provenance.js';
import { runSummary, storiesOf, type RunRequest } from './run.js';
import { replicationSettings, runProvenance, StudyProgress, type SimulationRequest, type StudyHooks } from './study.js';
import type { MetricDefinition, Summary } from './summary.js';
import type { TracedPerson } from './trace.js';

/** What every band's summary shares: the provenance of the band run. */
export type BandRunSettings = Omit<RunProvenance, 'corrsim'> & { version: string };

/** One band's batch. */
export interface BandBatch {
  band: string;
  /** The band's admissions table, run as population.newCasesByYear. */
  table: YearlyRate[];
  /** The scenario as the band ran it, and its hash. */
  scenario: Scenario;
  sha256: string;
  batch: BatchResult;
}

/** How the records of a band run name a band: its folder (named after it), its table and its scenario's hash. */
export interface BandIdentity {
  name: string;
  folder: string;
  /** The band's admissions, new cases per year from 1 January of each year (population.newCasesByYear of its run). */
  newCasesByYear: YearlyRate[];
  /** SHA-256 of the band's resolved scenario (as in its own summary.json or capacity.json). */
  sha256: string;
}

/** A band of the top summary.json. */
export interface BandSummary extends BandIdentity {
  /** Replications of the band that finished. */
  replications: number;
  complete: boolean;
  metrics: Record<string, MetricSummary>;
}

/**
 * The summary.json at the top of a band run's folder. `scenario` is the scenario before a band's
 * table is put in; `replications` are asked for per band, every band running 0..n−1 with this seed.
 */
export interface BandsSummary extends RunProvenance {
  /** The bands asked for (--band), in order. */
  bandsRequested: string[];
  /** The bands that ran, in order, each with its folder (the usual files of a run: summary.json, …, report.html), table, hash and metrics. */
  bands: BandSummary[];
  /** False when a replication failed or the run was interrupted (a band may be missing): the figures rest on what finished. */
  complete: boolean;
  failures: Array<{ band: string; replication: number; seed: number; message: string }>;
  /** Summed over the bands' batches; wallSeconds is the whole run's. */
  performance: BatchPerformance;
  definitions: Record<string, MetricDefinition>;
}

/** A band that ran with at least one replication finished, its summary, and the life stories of its report. */
export interface SummarisedBand {
  run: BandBatch;
  summary: Summary;
  stories?: TracedPerson[];
}

/**
 * The top summary.json: `allRuns` are the bands that ran (perhaps without a finished replication),
 * `summarised` those of them with results, in the same order. Each band's folder is its name.
 */
export function buildBandsSummary(
  settings: BandRunSettings,
  requested: readonly string[],
  allRuns: readonly BandBatch[],
  summarised: readonly SummarisedBand[],
  wallSeconds: number,
): BandsSummary {
  return {
    corrsim: settings.version,
    scenario: settings.scenario,
    seed: settings.seed,
    replications: settings.replications,
    years: settings.years,
    warmupYears: settings.warmupYears,
    ...(settings.census !== undefined ? { census: settings.census } : {}),
    fixedEffects: settings.fixedEffects,
    bandsRequested: [...requested],
    bands: summarised.map(({ run, summary }) => ({
      name: run.band,
      folder: run.band,
      newCasesByYear: run.table,
      sha256: run.sha256,
      replications: summary.replications,
      complete: summary.complete,
      metrics: summary.metrics,
    })),
    complete: allRuns.length === requested.length && allRuns.every((r) => r.batch.complete),
    failures: allRuns.flatMap((r) => r.batch.failures.map(({ replication, seed, message }) => ({ band: r.band, replication, seed, message }))),
    command: settings.command,
    performance: combinedPerformance(allRuns.map((r) => r.batch.performance), wallSeconds),
    definitions: summarised[0]?.summary.definitions ?? {},
  };
}

export interface BandsRequest extends SimulationRequest {
  scenario: ScenarioIdentity;
  /** Checked against the scenario (bandProblem). */
  bands: readonly string[];
  /** Replications of every band. */
  replications: number;
  /** Life stories told in each band's report. */
  stories: number;
}

export interface BandsOutcome {
  /** The bands that ran, in order (perhaps without a finished replication). */
  runs: BandBatch[];
  /** Those of them with results, with their summaries. */
  summarised: SummarisedBand[];
  /** Undefined when no band finished a replication. */
  summary?: BandsSummary;
}

/**
 * Runs the bands one after another with the same plan. A failed replication does not stop the
 * other bands (their figures stay useful); once `shouldStop` turns true (Ctrl-C) no further band starts.
 */
export async function bandsStudy(request: BandsRequest, runner: BatchRunner, hooks: StudyHooks = {}): Promise<BandsOutcome> {
  const scenario = request.scenario.resolved;
  const progress = new StudyProgress(hooks, request.bands.length * request.replications);
  const plan = rangePlan(replicationSettings(request), 0, request.replications);
  const wallStart = performance.now();
  progress.begin();
  const runs: BandBatch[] = [];
  for (const band of request.bands) {
    if (progress.stopped) break;
    const banded = withBand(scenario, band);
    const batch = await runner.run(banded, plan, progress.batch());
    runs.push({ band, table: bandTable(scenario, band), scenario: banded, sha256: scenarioHash(banded), batch });
    progress.batchDone(batch.results.length);
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const summarised = runs.filter((run) => run.batch.results.length > 0).map((run) => summariseBand(request, run));
  if (summarised.length === 0) return { runs, summarised };
  const settings: BandRunSettings = runProvenance(request, request.scenario, request.replications);
  return { runs, summarised, summary: buildBandsSummary(settings, request.bands, runs, summarised, wallSeconds) };
}

/** A band's own summary.json and stories: a run of the band's scenario, marked with the band. */
function summariseBand(request: BandsRequest, run: BandBatch): SummarisedBand {
  const own: RunRequest = {
    ...request,
    scenario: { name: request.scenario.name, sha256: run.sha256, resolved: run.scenario },
    replications: { kind: 'fixed', count: request.replications },
    band: run.band,
  };
  return { run, summary: runSummary(own, run.batch), stories: storiesOf(own, run.batch.results) };
}
