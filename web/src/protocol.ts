/**
 * The messages between the page, its study worker and the replication workers. The page never
 * runs the model: a study worker runs a whole study (resolving the scenario, the batches, the life
 * stories) and hands replications to replication workers, one per core, through the portable
 * batch loop of src/experiments/batch.ts, exactly as the command line does on Node's threads.
 *
 * The page starts the replication workers and passes messages between them and the study worker
 * (`replica-*`): a worker started by a worker from a Blob URL does not start in a page opened from
 * disk, and one started by the page does.
 */
import type { ReplicationOptions, ReplicationResult } from '../../src/model/result.js';
import type { CensusRecord } from '../../src/scenario/census.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { ReplicationFailure } from '../../src/experiments/batch.js';
import type { Comparison } from '../../src/studies/compare.js';
import type { Summary } from '../../src/studies/summary.js';
import type { TracedPerson } from '../../src/studies/trace.js';
import type { PairedDifference } from '../../src/stats/paired.js';
import type { Setup, ScenarioTexts } from './session.js';

export type StudyKind = 'run' | 'compare';

/** Page → study worker. */
export type ToStudy =
  | { type: 'init'; texts: ScenarioTexts; censusCsv: string; threads: number; version: string }
  | { type: 'study'; id: number; kind: StudyKind; setup: Setup }
  | { type: 'stop'; id: number }
  /** What replication worker `rid` sent, passed on by the page. */
  | { type: 'replica-message'; rid: number; data: FromReplica }
  | { type: 'replica-error'; rid: number; message: string };

/** The study worker asks the page to start, message or stop replication worker `rid`. */
export type ReplicaRequest =
  | { type: 'replica-spawn'; rid: number }
  | { type: 'replica-post'; rid: number; message: ToReplica }
  | { type: 'replica-terminate'; rid: number };

/** Study worker → page. */
export type FromStudy =
  | { type: 'ready'; people: number; seconds: number }
  | { type: 'progress'; id: number; done: number; total: number; elapsedSeconds: number; workers: number }
  /** The months of a replication still running, so far (sent after its first month, then about once a second). */
  | { type: 'partial'; id: number; scenario: number; replication: number; monthly: ReplicationResult['monthly'] }
  /** A replication finished: `scenario` is its index in the study (0 the baseline, 1 the changed one). */
  | { type: 'replication'; id: number; scenario: number; result: ReplicationResult }
  | { type: 'done'; id: number; outcome: StudyOutcome }
  | { type: 'failed'; id: number; errors: string[] }
  | ReplicaRequest;

export interface RunOutcomeMessage {
  kind: 'run';
  summary?: Summary;
  stories?: TracedPerson[];
  failures: ReplicationFailure[];
  complete: boolean;
  asked: number;
}

export interface CompareOutcomeMessage {
  kind: 'compare';
  comparison?: Comparison;
  summaries: Array<Summary | null>;
  differences: Array<readonly PairedDifference[] | null>;
  failures: ReplicationFailure[];
  complete: boolean;
}

export type StudyOutcome = RunOutcomeMessage | CompareOutcomeMessage;

/**
 * To a replication worker. The page sends `census` (the page's census as CSV text, which the worker
 * reads itself) as soon as it starts one; the study worker then sends `init` for each study (the
 * scenario, and the census states only when they are not the page's) and a `task` per replication.
 * The replication workers stay up between studies, so Run does not wait for them to start.
 */
export type ToReplica =
  /** `warmup`: a scenario to run a month of once, discarded, so that the first Run finds the model's code compiled. */
  | { type: 'census'; csv: string; warmup?: Scenario }
  /** `pageCensus`: start from the census the worker read from the page; else from `census`, or from none. */
  | { type: 'init'; scenario: Scenario; census?: ReadonlyArray<readonly CensusRecord[]>; pageCensus?: boolean }
  | { type: 'task'; task: ReplicationOptions; partialSeconds: number };

/** Replication worker → study worker. */
export type FromReplica =
  | { type: 'partial'; replication: number; monthly: ReplicationResult['monthly'] }
  | { type: 'outcome'; result: ReplicationResult; cpuSeconds: number; wallSeconds: number }
  | { type: 'error'; message: string };
