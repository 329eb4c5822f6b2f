/**
 * What crosses the boundary between a batch and the threads that run its replications: given to
 * every thread once when it starts (the scenario and the census states), and sent back for each
 * replication. Any pool (Node's worker threads, a browser's Web Workers) speaks this.
 */
import type { ReplicationResult } from '../model/result.js';
import type { CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';

/** Given to every pool thread once, when it starts (Node's `workerData`). */
export interface WorkerData {
  scenario: Scenario;
  /** The census states replications start from, if the run starts from a census (see stateFor). */
  census?: ReadonlyArray<readonly CensusRecord[]>;
}

/** What a pool thread sends back for one replication. */
export interface TaskOutcome {
  result: ReplicationResult;
  /** CPU time of the simulation in its thread, seconds. */
  cpuSeconds: number;
  /** Wall time from receiving the task to returning the result, seconds, measured in the thread. */
  wallSeconds: number;
}
