/**
 * The run study (`corrsim run`): a Monte Carlo batch of one scenario, with a fixed number of
 * replications, one replication alone (to rerun one that failed), or `--replications auto` (rounds
 * until every named metric's interval is as narrow as asked); then life stories of a few people of
 * the first finished replication, for the report.
 */
import { autoRecord, runUntilPrecise, type AutoReplicationRecord, type AutoRule } from '../experiments/auto.js';
import { combineBatches, type BatchResult, type BatchRunner } from '../experiments/batch.js';
import { rangePlan } from '../experiments/plan.js';
import type { ReplicationResult } from '../model/result.js';
import { halfWidth95 } from '../stats/paired.js';
import type { ScenarioIdentity } from './provenance.js';
import { summaryOf, type Summary } from './summary.js';
import { replicationSettings, startState, StudyProgress, type SimulationRequest, type StudyHooks } from './study.js';
import { lifeStories, type TracedPerson } from './trace.js';

/** Which replications a run runs. */
export type RunReplications =
  | { kind: 'fixed'; count: number }
  /** Replication `replication` alone, with everything else as in the full batch (to rerun one that failed). */
  | { kind: 'one'; replication: number }
  | { kind: 'auto'; rule: AutoRule };

export interface RunRequest extends SimulationRequest {
  scenario: ScenarioIdentity;
  replications: RunReplications;
  /** Life stories of people of the first finished replication to tell (0: none). */
  stories: number;
  /** In a band run: the band this run is (recorded in its summary). */
  band?: string;
}

export interface RunOutcome {
  batch: BatchResult;
  /** Replications asked for (with --replications auto: where the rule stopped). */
  asked: number;
  /** Undefined when no replication finished. */
  summary?: Summary;
  /** With --replications auto: the rule and where it stopped. */
  replicationRule?: AutoReplicationRecord;
  stories?: TracedPerson[];
}

export async function runStudy(request: RunRequest, runner: BatchRunner, hooks: StudyHooks = {}): Promise<RunOutcome> {
  const r = request.replications;
  const progress = new StudyProgress(hooks, r.kind === 'auto' ? r.rule.start : r.kind === 'fixed' ? r.count : 1);
  progress.begin();
  const settings = replicationSettings(request);
  let batch: BatchResult;
  let replicationRule: AutoReplicationRecord | undefined;
  let asked: number;
  if (r.kind === 'auto') {
    ({ batch, record: replicationRule } = await runAuto(request, r.rule, runner, progress));
    asked = batch.requested.length;
  } else {
    const [first, count] = r.kind === 'fixed' ? [0, r.count] : [r.replication, 1];
    batch = await runner.run(request.scenario.resolved, rangePlan(settings, first, count), progress.batch());
    asked = count;
  }
  if (batch.results.length === 0) return { batch, asked, replicationRule };
  const summary = runSummary(request, batch, replicationRule);
  return { batch, asked, summary, replicationRule, stories: storiesOf(request, batch.results) };
}

/** The run's summary.json. */
export function runSummary(request: RunRequest, batch: BatchResult, replicationRule?: AutoReplicationRecord): Summary {
  return summaryOf(request, request.scenario, batch, { band: request.band, replicationRule });
}

/** The life stories of the report, from the first finished replication; undefined when none are asked for. */
export function storiesOf(request: RunRequest, results: readonly ReplicationResult[]): TracedPerson[] | undefined {
  if (request.stories <= 0) return undefined;
  const replication = results[0].replication;
  const options = { seed: request.seed, years: request.years, warmupYears: request.start.warmupYears, replication, fixedEffects: request.fixedEffects };
  return lifeStories(request.scenario.resolved, options, request.stories, startState(request.start, replication));
}

/**
 * `--replications auto` for one scenario: rounds of replications (see src/experiments/auto.ts)
 * until the 95% half-width of the mean of every named metric is at most its target, or the maximum.
 */
async function runAuto(request: RunRequest, rule: AutoRule, runner: BatchRunner, progress: StudyProgress): Promise<{ batch: BatchResult; record: AutoReplicationRecord }> {
  const batches: BatchResult[] = [];
  const results: ReplicationResult[] = [];
  const settings = replicationSettings(request);
  const outcome = await runUntilPrecise(rule, runner.workers, {
    runRange: async (first, count) => {
      progress.total = first + count;
      const b = await runner.run(request.scenario.resolved, rangePlan(settings, first, count), progress.batch());
      progress.batchDone(b.results.length);
      batches.push(b);
      results.push(...b.results);
      return b.complete;
    },
    checksAt: (n) =>
      rule.targets.map((t) => ({
        metric: t.metric,
        target: t.halfWidth,
        halfWidth: halfWidth95(results.filter((x) => x.replication < n).map((x) => x.metrics[t.metric] ?? NaN)),
      })),
  });
  return { batch: combineBatches(batches, outcome.replications), record: autoRecord(rule, outcome) };
}
