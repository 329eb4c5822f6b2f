/**
 * The files of `corrsim compare`: comparison.json and comparison.csv, from the batches of a
 * baseline and its policies run with common random numbers. Pure functions; writing is the CLI's.
 */
import type { CensusProvenance } from '../scenario/census.js';
import { pairedDifferences, type Direction } from '../stats/paired.js';
import type { MetricSummary } from '../stats/intervals.js';
import type { ReplicationResult } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';
import { combinedPerformance, metricNames } from './aggregate.js';
import type { AutoReplicationRecord } from './auto.js';
import { csvText, type CsvValue } from './csv.js';
import type { BatchPerformance, BatchResult } from './runBatch.js';
import { corrsimVersion } from '../scenario/files.node.js';

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
}

export interface ComparisonFailure {
  scenario: string;
  replication: number;
  seed: number;
  message: string;
}

export interface Comparison {
  corrsim: string;
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
  /** Defaults to the version in package.json. */
  version?: string;
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
    return { policy: p.name, folder: p.folder, replications: commonReplications([baselineResults, p.batch.results]), metrics: byMetric };
  });
  return {
    corrsim: input.version ?? corrsimVersion(),
    baseline: scenarioRecord(input.baseline),
    policies: input.policies.map(scenarioRecord),
    seed: input.seed,
    replications: commonReplications(runs.map((r) => r.batch.results)),
    replicationsRequested: input.baseline.batch.requested.count,
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

export function comparisonJson(comparison: Comparison): string {
  return JSON.stringify(comparison, null, 2) + '\n';
}

/** comparison.csv: one row per policy and metric (tidy, for R or pandas). */
export function comparisonCsv(comparison: Comparison): string {
  const rows: CsvValue[][] = [];
  for (const c of comparison.comparisons) {
    for (const [metric, m] of Object.entries(c.metrics)) {
      rows.push([
        c.policy,
        metric,
        m.baselineMean,
        m.policyMean,
        m.difference.mean,
        m.difference.ci95?.[0],
        m.difference.ci95?.[1],
        m.relative,
        m.shareBetter,
        m.difference.n,
      ]);
    }
  }
  return csvText(
    ['policy', 'metric', 'baseline_mean', 'policy_mean', 'difference', 'ci_low', 'ci_high', 'relative', 'share_better', 'n'],
    rows,
  );
}
