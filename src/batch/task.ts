/**
 * What crosses the boundary between the batch (main thread) and a pool thread. Kept apart from
 * pool.ts so that a worker thread loads only this, the model and its engine, not piscina.
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

/** The census state replication `replication` starts from: r mod the number of states. */
export function stateFor(states: ReadonlyArray<readonly CensusRecord[]>, replication: number): readonly CensusRecord[] {
  return states[replication % states.length];
}

/** What a pool thread sends back for one replication. */
export interface TaskOutcome {
  result: ReplicationResult;
  /** CPU time of the simulation in its thread, seconds (see threadCpuSeconds). */
  cpuSeconds: number;
  /** Wall time from receiving the task to returning the result, seconds, measured in the thread. */
  wallSeconds: number;
}

/**
 * CPU seconds used so far by the calling thread, where Node can tell (process.threadCpuUsage,
 * Node ≥ 23.9). On older Node this is the wall clock instead: a replication is synchronous and
 * CPU-bound and has its thread to itself, so its wall time is its CPU time, give or take what the
 * OS takes away when there are more threads than cores. process.cpuUsage is not an option in a
 * worker: it counts every thread of the process, so summed across workers it would count each
 * second of CPU once per worker.
 */
export function threadCpuSeconds(): number {
  const threadCpuUsage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (typeof threadCpuUsage === 'function') {
    const usage = threadCpuUsage.call(process);
    return (usage.user + usage.system) / 1e6;
  }
  return performance.now() / 1000;
}
