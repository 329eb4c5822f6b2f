/**
 * The plan of an experiment: which replications of a scenario to run, and what they share.
 * Replication r depends on (scenario, seed, r) alone, so a plan is a set of replication indices
 * and the settings every one of them runs with; the cells of a study (the scenarios of a
 * comparison, the points of a sweep, the bands, the candidates of a capacity search) each run the
 * same plan, which is what common random numbers are. Running only some indices (a shard) and
 * merging the results later gives the same results as running them all at once.
 */
import type { ReplicationOptions } from '../model/result.js';
import type { CensusRecord } from '../scenario/census.js';

/** What every replication of a plan shares. */
export interface ReplicationSettings {
  seed: number;
  years: number;
  warmupYears: number;
  /** Keep every effect size at its estimate in every replication instead of drawing it (--fixed-effects). */
  fixedEffects?: boolean;
  /** Start every replication from a census state (replication r from state r mod their number), measuring from day 0; warmupYears is not used. */
  census?: ReadonlyArray<readonly CensusRecord[]>;
}

export interface ReplicationPlan extends ReplicationSettings {
  /** The replication indices to run, ascending and distinct. */
  replications: readonly number[];
}

/** Replications first..first+count−1. */
export function replicationRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** The plan of replications first..first+count−1 with these settings. */
export function rangePlan(settings: ReplicationSettings, first: number, count: number): ReplicationPlan {
  return { ...settings, replications: replicationRange(first, count) };
}

/**
 * Shard `shard` of `shards` (0-based) of a plan: the replications whose index is `shard` mod
 * `shards`. The shards of a plan are disjoint and together hold every replication of it.
 */
export function shardOf(plan: ReplicationPlan, shard: number, shards: number): ReplicationPlan {
  if (!(Number.isInteger(shards) && shards >= 1 && Number.isInteger(shard) && shard >= 0 && shard < shards)) {
    throw new Error(`shardOf: need integers 0 <= shard < shards, got ${shard} of ${shards}`);
  }
  return { ...plan, replications: plan.replications.filter((r) => r % shards === shard) };
}

/** What one replication of the plan is given: the few numbers a worker thread needs. */
export function replicationTask(settings: ReplicationSettings, replication: number): ReplicationOptions {
  return {
    seed: settings.seed,
    replication,
    years: settings.years,
    warmupYears: settings.warmupYears,
    // Only when set, so that a task stays the four numbers it was before the flag existed.
    ...(settings.fixedEffects === true ? { fixedEffects: true } : {}),
  };
}

/** The census state replication `replication` starts from: r mod the number of states. */
export function stateFor(states: ReadonlyArray<readonly CensusRecord[]>, replication: number): readonly CensusRecord[] {
  return states[replication % states.length];
}
