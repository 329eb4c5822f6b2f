/**
 * The record of one batch of one scenario: summary.json of a run, and of each scenario of a
 * comparison and each band of a band run.
 */
import { indexRanges, metricNames, performanceRecord, summariseMetrics } from '../experiments/aggregate.js';
import type { AutoReplicationRecord } from '../experiments/auto.js';
import type { BatchPerformance, BatchResult, ReplicationFailure } from '../experiments/batch.js';
import { METRICS } from '../model/result.js';
import type { CensusProvenance } from '../scenario/census.js';
import type { MetricSummary } from '../stats/intervals.js';
import type { RunProvenance, ScenarioIdentity } from './provenance.js';
import { censusRecord, type SimulationRequest } from './study.js';

export interface MetricDefinition {
  description: string;
  unit: string;
}

export interface Summary extends RunProvenance {
  scenario: ScenarioIdentity;
  /** In a band run (`--band`): the band of population.projections this run's admissions follow. */
  band?: string;
  seed: number;
  /** Replications the figures rest on: those that finished (fewer than asked when complete is false). */
  replications: number;
  /** Replications asked for. */
  replicationsRequested: number;
  /**
   * Which replications the figures rest on, as inclusive [first, last] ranges of replication
   * indices: [[0, 39]] for a whole run of 40; [[0, 2], [4, 5]] when replication 3 failed.
   */
  replicationRanges: Array<[number, number]>;
  years: number;
  /** Simulated before measuring, years: 0 for a run from a census. */
  warmupYears: number;
  /** The census every replication started from (absent for a start from an empty system after a warm-up). */
  census?: CensusProvenance;
  /** True when every effect size was kept at its estimate (--fixed-effects) instead of drawn per replication. */
  fixedEffects: boolean;
  /** With `--replications auto` only: the stopping rule and where it stopped. */
  replicationRule?: AutoReplicationRecord;
  /** False when the run was interrupted (Ctrl-C) or a replication failed before every replication finished. */
  complete: boolean;
  /** Replications that threw (index, batch seed, message); rerun one alone with `corrsim run … --replication R`. */
  failures: Array<Omit<ReplicationFailure, 'stack'>>;
  /** The command line that produced the run. */
  command: string;
  performance: BatchPerformance;
  /** Every name of METRICS in order, then any further metric the model reported. */
  metrics: Record<string, MetricSummary>;
  definitions: Record<string, MetricDefinition>;
}

export interface SummaryInput {
  scenario: ScenarioIdentity;
  band?: string;
  seed: number;
  years: number;
  warmupYears: number;
  census?: CensusProvenance;
  /** Default false. */
  fixedEffects?: boolean;
  replicationRule?: AutoReplicationRecord;
  command: string;
  batch: BatchResult;
  /** The corrsim version that made it. */
  version: string;
}

export function buildSummary(input: SummaryInput): Summary {
  const { results } = input.batch;
  const metrics = summariseMetrics(results, metricNames(results));
  const definitions: Record<string, MetricDefinition> = {};
  for (const m of METRICS) definitions[m.name] = { description: m.description, unit: m.unit };
  return {
    corrsim: input.version,
    scenario: input.scenario,
    ...(input.band !== undefined ? { band: input.band } : {}),
    seed: input.seed,
    replications: results.length,
    replicationsRequested: input.batch.requested.length,
    replicationRanges: indexRanges(results.map((r) => r.replication)),
    years: input.years,
    warmupYears: input.warmupYears,
    ...(input.census !== undefined ? { census: input.census } : {}),
    fixedEffects: input.fixedEffects === true,
    ...(input.replicationRule !== undefined ? { replicationRule: input.replicationRule } : {}),
    complete: input.batch.complete,
    failures: input.batch.failures.map(({ replication, seed, message }) => ({ replication, seed, message })),
    command: input.command,
    performance: performanceRecord(input.batch.performance),
    metrics,
    definitions,
  };
}

/** The summary of one batch of `scenario` run as the request says (what run, compare and bands write as summary.json). */
export function summaryOf(request: SimulationRequest, scenario: ScenarioIdentity, batch: BatchResult, extra: { band?: string; replicationRule?: AutoReplicationRecord } = {}): Summary {
  return buildSummary({
    scenario,
    band: extra.band,
    seed: request.seed,
    years: request.years,
    warmupYears: request.start.warmupYears,
    ...censusRecord(request.start),
    fixedEffects: request.fixedEffects,
    replicationRule: extra.replicationRule,
    command: request.provenance.command,
    batch,
    version: request.provenance.corrsim,
  });
}
