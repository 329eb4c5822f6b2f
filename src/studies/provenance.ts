/**
 * What every record of a study says about how it was made, so that it can be made again: one
 * provenance type that every record extends (summary.json, comparison.json, sweep.json,
 * capacity.json, the band records, census.json, trace.json, validation.json).
 */
import type { CensusProvenance } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';

/** Every record: the corrsim version and the command line that made it. */
export interface Provenance {
  corrsim: string;
  /** The command line that produced the record. */
  command: string;
}

/** The scenario a record is about: its name, the hash of its resolved form, and that form. */
export interface ScenarioIdentity {
  name: string;
  sha256: string;
  resolved: Scenario;
}

/** A record of simulated replications: seed, horizon, how they started, effect sizes. */
export interface SimulationProvenance extends Provenance {
  seed: number;
  years: number;
  /** Simulated before measuring, years: 0 for a run from a census. */
  warmupYears: number;
  /** The census every batch started from (absent for a start from an empty system after a warm-up). */
  census?: CensusProvenance;
  /** True when every effect size was kept at its estimate (--fixed-effects). */
  fixedEffects: boolean;
}

/**
 * The record of a study running many batches of one scenario (a sweep, a capacity search, a band
 * run), or one (a run): the scenario before the study varies it, and the replications asked for
 * in each batch (every grid point, candidate or band runs replications 0..n−1).
 */
export interface RunProvenance extends SimulationProvenance {
  /** The scenario as loaded, with --set applied, before the study varies it. */
  scenario: ScenarioIdentity;
  replications: number;
}
