/**
 * The comparison study (`corrsim compare BASELINE POLICY…`): every scenario runs the same
 * replications with the same seed (common random numbers), and each policy is recorded by its
 * paired differences from the baseline (comparison.json), with each scenario's own summary.
 */
import { combinedPerformance, metricNames } from '../experiments/aggregate.js';
import { autoRecord, runUntilPrecise, type AutoReplicationRecord, type AutoRule, type PrecisionCheck } from '../experiments/auto.js';
import { combineBatches, type BatchPerformance, type BatchResult, type BatchRunner } from '../experiments/batch.js';
import { rangePlan } from '../experiments/plan.js';
import type { ReplicationResult } from '../model/result.js';
import type { CensusProvenance } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';
import type { MetricSummary } from '../stats/intervals.js';
import { pairedDifferences, pairedHalfWidth95, type Direction, type PairedDifference } from '../stats/paired.js';
import type { ScenarioIdentity, SimulationProvenance } from './provenance.js';
import { costAccount, policyPurchase, type CostAccount, type PolicyPurchase } from './costs.js';
import { censusRecord, replicationSettings, StudyProgress, type SimulationRequest, type StudyHooks } from './study.js';
import { summaryOf, type Summary } from './summary.js';

/** A scenario of the comparison, and where its own summary.json and replications.csv are. */
export interface ComparedScenario {
  name: string;
  sha256: string;
  /** Its subfolder in the output folder (null when none of its replications finished). */
  folder: string | null;
  /** Replications of it that finished. */
  replications: number;
  complete: boolean;
  resolved: Scenario;
}

export interface MetricComparison {
  /** Means across the paired replications. */
  baselineMean: number | null;
  policyMean: number | null;
  /** Policy − baseline, replication by replication: mean, sd, 95% CI of the mean, percentiles, n. */
  difference: MetricSummary;
  /** The mean difference relative to the baseline mean (null when that is 0 or missing). */
  relative: number | null;
  /** Share of paired replications in which the policy did better (null for a metric without a direction). */
  shareBetter: number | null;
  betterWhen: Direction;
}

export interface PolicyComparison {
  policy: string;
  /** The policy's subfolder, as in `policies`. */
  folder: string | null;
  /** Replications both the baseline and this policy finished. */
  replications: number;
  metrics: Record<string, MetricComparison>;
  /** What the policy buys: reconvictions and offences avoided, prison-years, costs and benefits, each paired (docs/costs.md). */
  buys: PolicyPurchase;
}

export interface ComparisonFailure {
  scenario: string;
  replication: number;
  seed: number;
  message: string;
}

export interface Comparison extends SimulationProvenance {
  baseline: ComparedScenario;
  policies: ComparedScenario[];
  seed: number;
  /** Replications finished by every scenario: what the comparisons rest on (each metric's n may be lower). */
  replications: number;
  /** Replications asked for (with --replications auto: where the rule stopped). */
  replicationsRequested: number;
  years: number;
  warmupYears: number;
  /** The census every scenario started from (absent for a warm-up from an empty system). */
  census?: CensusProvenance;
  fixedEffects: boolean;
  replicationRule?: AutoReplicationRecord;
  /** False when a replication failed or the run was interrupted: the figures rest on what finished. */
  complete: boolean;
  failures: ComparisonFailure[];
  command: string;
  /** Summed over every scenario's batches; wallSeconds is the whole comparison's. */
  performance: BatchPerformance;
  /** One per policy, in the order given. */
  comparisons: PolicyComparison[];
  /** The baseline's unit and marginal costs of a place, and what an offence costs (docs/costs.md). */
  costs: CostAccount;
}

export interface ComparedRun {
  name: string;
  sha256: string;
  resolved: Scenario;
  folder: string | null;
  batch: BatchResult;
}

export interface ComparisonInput {
  baseline: ComparedRun;
  policies: ComparedRun[];
  seed: number;
  years: number;
  warmupYears: number;
  census?: CensusProvenance;
  fixedEffects: boolean;
  replicationRule?: AutoReplicationRecord;
  command: string;
  wallSeconds: number;
  /** The corrsim version that made it. */
  version: string;
}

export function buildComparison(input: ComparisonInput): Comparison {
  const runs = [input.baseline, ...input.policies];
  const baselineResults = input.baseline.batch.results;
  const metrics = metricNames(runs.flatMap((r) => r.batch.results));
  const comparisons = input.policies.map((p): PolicyComparison => {
    const byMetric: Record<string, MetricComparison> = {};
    for (const d of pairedDifferences(baselineResults, p.batch.results, metrics)) {
      byMetric[d.metric] = {
        baselineMean: d.baseline,
        policyMean: d.policy,
        difference: d.difference,
        relative: d.relative,
        shareBetter: d.shareBetter,
        betterWhen: d.betterWhen,
      };
    }
    const buys = policyPurchase({ scenario: input.baseline.resolved, results: baselineResults }, { scenario: p.resolved, results: p.batch.results });
    return { policy: p.name, folder: p.folder, replications: commonReplications([baselineResults, p.batch.results]), metrics: byMetric, buys };
  });
  return {
    corrsim: input.version,
    baseline: scenarioRecord(input.baseline),
    policies: input.policies.map(scenarioRecord),
    seed: input.seed,
    replications: commonReplications(runs.map((r) => r.batch.results)),
    replicationsRequested: input.baseline.batch.requested.length,
    years: input.years,
    warmupYears: input.warmupYears,
    ...(input.census !== undefined ? { census: input.census } : {}),
    fixedEffects: input.fixedEffects,
    ...(input.replicationRule !== undefined ? { replicationRule: input.replicationRule } : {}),
    complete: runs.every((r) => r.batch.complete),
    failures: runs.flatMap((r) =>
      r.batch.failures.map(({ replication, seed, message }) => ({ scenario: r.name, replication, seed, message })),
    ),
    command: input.command,
    performance: combinedPerformance(runs.map((r) => r.batch.performance), input.wallSeconds),
    comparisons,
    costs: costAccount(input.baseline.resolved, baselineResults),
  };
}

function scenarioRecord(run: ComparedRun): ComparedScenario {
  return {
    name: run.name,
    sha256: run.sha256,
    folder: run.folder,
    replications: run.batch.results.length,
    complete: run.batch.complete,
    resolved: run.resolved,
  };
}

/** How many replication indices every list holds. */
function commonReplications(lists: ReadonlyArray<readonly ReplicationResult[]>): number {
  if (lists.length === 0) return 0;
  const sets = lists.map((l) => new Set(l.map((r) => r.replication)));
  return [...sets[0]].filter((r) => sets.every((s) => s.has(r))).length;
}

// --- The study ---------------------------------------------------------------------------------

/** One scenario of the comparison: what it is, and its subfolder in the output folder. */
export interface CompareScenario extends ScenarioIdentity {
  folder: string;
}

export interface CompareRequest extends SimulationRequest {
  /** The baseline first, then the policies; every one runs with the baseline's settings. */
  scenarios: readonly CompareScenario[];
  /** A fixed number of paired replications, or the rule of `--replications auto`. */
  replications: { kind: 'fixed'; count: number } | { kind: 'auto'; rule: AutoRule };
}

/** One scenario as it ran: its batches combined (replications 0..limit−1), and its summary (null when none finished). */
export interface ComparedOutcome {
  scenario: CompareScenario;
  batch: BatchResult;
  summary: Summary | null;
}

export interface CompareOutcome {
  /** Replications asked for in every scenario (with --replications auto: where the rule stopped). */
  limit: number;
  runs: ComparedOutcome[];
  /** Undefined when no replication of any scenario finished. */
  comparison?: Comparison;
  /** Each policy's paired differences from the baseline (for the report), when the baseline and the policy have results. */
  differences: Array<readonly PairedDifference[] | null>;
  replicationRule?: AutoReplicationRecord;
}

export async function compareStudy(request: CompareRequest, runner: BatchRunner, hooks: StudyHooks = {}): Promise<CompareOutcome> {
  const scenarios = request.scenarios;
  const fixed = request.replications.kind === 'fixed' ? request.replications.count : request.replications.rule.start;
  const progress = new StudyProgress(hooks, scenarios.length * fixed);
  const settings = replicationSettings(request);
  const batches: BatchResult[][] = scenarios.map(() => []);
  const results: ReplicationResult[][] = scenarios.map(() => []);
  /**
   * Replications first..first+count−1 of every scenario, one scenario after another. A failed
   * replication does not stop the other scenarios (their comparisons stay useful); Ctrl-C does.
   */
  const runRange = async (first: number, count: number): Promise<boolean> => {
    progress.total = scenarios.length * (first + count);
    let all = true;
    for (const [i, s] of scenarios.entries()) {
      if (progress.stopped) return false;
      const batch = await runner.run(s.resolved, rangePlan(settings, first, count), progress.batch());
      progress.batchDone(batch.results.length);
      batches[i].push(batch);
      results[i].push(...batch.results);
      if (!batch.complete) {
        all = false;
        if (batch.failures.length === 0) return false; // interrupted
      }
    }
    return all;
  };
  /** The half-width of every named metric's paired difference, for every policy, from replications 0..n−1. */
  const checksAt = (rule: AutoRule, n: number): PrecisionCheck[] => {
    const below = (rs: readonly ReplicationResult[]) => rs.filter((r) => r.replication < n);
    const baseline = below(results[0]);
    return rule.targets.flatMap((t) =>
      scenarios.slice(1).map((p, k) => ({ metric: t.metric, policy: p.name, target: t.halfWidth, halfWidth: pairedHalfWidth95(baseline, below(results[k + 1]), t.metric) })),
    );
  };

  const wallStart = performance.now();
  progress.begin();
  let limit = fixed;
  let replicationRule: AutoReplicationRecord | undefined;
  if (request.replications.kind === 'fixed') await runRange(0, fixed);
  else {
    const rule = request.replications.rule;
    const outcome = await runUntilPrecise(rule, runner.workers, { runRange, checksAt: (n) => checksAt(rule, n) });
    limit = outcome.replications;
    replicationRule = autoRecord(rule, outcome);
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const combined = batches.map((b) => combineBatches(b, limit));
  const runs = scenarios.map((scenario, i): ComparedOutcome => ({ scenario, batch: combined[i], summary: combined[i].results.length > 0 ? summaryOf(request, { name: scenario.name, sha256: scenario.sha256, resolved: scenario.resolved }, combined[i]) : null }));
  const differences = runs.slice(1).map((p) => (runs[0].summary !== null && p.summary !== null ? pairedDifferences(runs[0].batch.results, p.batch.results) : null));
  if (combined.every((b) => b.results.length === 0)) return { limit, runs, differences, replicationRule };
  const compared = runs.map((r) => ({ name: r.scenario.name, sha256: r.scenario.sha256, resolved: r.scenario.resolved, folder: r.batch.results.length > 0 ? r.scenario.folder : null, batch: r.batch }));
  const comparison = buildComparison({
    baseline: compared[0],
    policies: compared.slice(1),
    seed: request.seed,
    years: request.years,
    warmupYears: request.start.warmupYears,
    ...censusRecord(request.start),
    fixedEffects: request.fixedEffects,
    replicationRule,
    command: request.provenance.command,
    wallSeconds,
    version: request.provenance.corrsim,
  });
  return { limit, runs, comparison, differences, replicationRule };
}
