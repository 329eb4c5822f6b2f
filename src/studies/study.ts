/**
 * What every study shares: how it is asked (the provenance to record, the seed and horizon, how
 * replications start), how it reports progress and is stopped (callbacks, never a terminal or a
 * process), and the progress of its batches summed into one.
 */
import type { BatchHooks, BatchProgress } from '../experiments/batch.js';
import { stateFor, type ReplicationSettings } from '../experiments/plan.js';
import { censusProvenance, type Census, type CensusProvenance, type CensusRecord } from '../scenario/census.js';
import type { Provenance, RunProvenance, ScenarioIdentity } from './provenance.js';

/** How the replications of a study start: from an empty system with a warm-up, or from a census. */
export interface RunStart {
  /** Years simulated before measuring: 0 from a census. */
  warmupYears: number;
  census?: Census;
  /** What `--census` must say to start the same way again (`synthetic`, or the file's path). */
  flag?: string;
}

/** What a study of simulated replications is asked, beyond what it studies. */
export interface SimulationRequest {
  /** The corrsim version and the command line, for the record. */
  provenance: Provenance;
  seed: number;
  /** Measured years. */
  years: number;
  start: RunStart;
  /** Keep every effect size at its estimate (--fixed-effects). */
  fixedEffects: boolean;
}

/** What a caller hears of a study while it runs, and how it stops one. */
export interface StudyHooks {
  /** Replications finished across every batch of the study, out of a total that may grow as the study learns how much it has to run. */
  onProgress?: (progress: BatchProgress) => void;
  /** Polled before each replication starts; once true, nothing new starts and what runs finishes (Ctrl-C). */
  shouldStop?: () => boolean;
}

/** The settings every replication of the request runs with. */
export function replicationSettings(request: SimulationRequest): ReplicationSettings {
  return {
    seed: request.seed,
    years: request.years,
    warmupYears: request.start.warmupYears,
    fixedEffects: request.fixedEffects,
    census: request.start.census?.states,
  };
}

/** The census record of a record: nothing when the run warmed up from an empty system. */
export function censusRecord(start: RunStart): { census?: CensusProvenance } {
  return start.census !== undefined ? { census: censusProvenance(start.census) } : {};
}

/**
 * The progress of a sequence of batches as one: replications done across them all, out of a total
 * that may grow (rounds of `--replications auto`, candidates of a capacity search).
 */
export class StudyProgress {
  private readonly start = performance.now();
  private doneBefore = 0;
  /** Batches started so far, for a study that learns its total as it goes (a capacity search's candidates). */
  started = 0;

  constructor(private readonly hooks: StudyHooks, public total: number) {}

  /** Reports the start (nothing done yet), so that a progress bar shows before the first replication finishes. */
  begin(): void {
    this.update({ done: 0, total: 0, elapsedSeconds: 0, workers: 1 });
  }

  /** The hooks of one batch: its progress counted after what earlier batches finished. */
  batch(): BatchHooks {
    return { onProgress: this.hooks.onProgress && ((p: BatchProgress) => this.update(p)), shouldStop: this.hooks.shouldStop };
  }

  /** A batch is over: what it finished counts from now on. */
  batchDone(finished: number): void {
    this.doneBefore += finished;
  }

  get stopped(): boolean {
    return this.hooks.shouldStop?.() === true;
  }

  private update(p: BatchProgress): void {
    const done = this.doneBefore + p.done;
    this.hooks.onProgress?.({ done, total: Math.max(this.total, done), elapsedSeconds: (performance.now() - this.start) / 1000, workers: p.workers });
  }
}

/** The census state replication `replication` starts from, if the study starts from a census. */
export function startState(start: RunStart, replication: number): readonly CensusRecord[] | undefined {
  return start.census === undefined ? undefined : stateFor(start.census.states, replication);
}

/** What a record of many batches of one scenario says of how they ran, from the request (the version as `version`, for the records' builders). */
export function runProvenance(request: SimulationRequest, scenario: ScenarioIdentity, replications: number): Omit<RunProvenance, 'corrsim'> & { version: string } {
  return {
    scenario,
    seed: request.seed,
    years: request.years,
    warmupYears: request.start.warmupYears,
    ...censusRecord(request.start),
    replications,
    fixedEffects: request.fixedEffects,
    command: request.provenance.command,
    version: request.provenance.corrsim,
  };
}
