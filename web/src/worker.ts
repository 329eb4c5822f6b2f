/**
 * The one worker script of the page, in two roles told apart by its first message:
 * - the study worker (`init` with the scenarios and the census): runs `runStudy` or `compareStudy`
 *   of src/studies on a BatchRunner whose pool is Web Workers, and tells the page of each finished
 *   replication so that its charts fill in while the rest run;
 * - a replication worker (`init` with a scenario): runs the replications it is given, as
 *   src/experiments/worker.node.ts does on Node.
 * Replication r depends on (scenario, seed, r) alone, so which worker runs it does not matter and
 * the answers are the command line's.
 */
import { batchRunner, type Executor, type PoolOutcome, type ReplicationPool } from '../../src/experiments/batch.js';
import { stateFor } from '../../src/experiments/plan.js';
import { DAYS_PER_MONTH, Replication, runReplication } from '../../src/model/replication.js';
import type { ReplicationOptions, ReplicationResult } from '../../src/model/result.js';
import { censusFromText, parseCensusCsv, type Census, type CensusRecord } from '../../src/scenario/census.js';
import type { Scenario } from '../../src/scenario/types.js';
import { compareStudy } from '../../src/studies/compare.js';
import { runStudy } from '../../src/studies/run.js';
import type { FromReplica, FromStudy, StudyOutcome, ToReplica, ToStudy } from './protocol.js';
import { CENSUS_FILE, censusStart, changedSets, compareRequest, loadSetup, runRequest, setupProblems, type Loaded, type ScenarioTexts, type Setup } from './session.js';

interface Scope {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}
const scope = self as unknown as Scope;

// --- A replication worker ----------------------------------------------------------------------

/** The census states this replication worker read from the page's CSV (one state). */
let loadedStates: ReadonlyArray<readonly CensusRecord[]> | undefined;
/** Why the page's census did not read here, if it did not. */
let loadProblem: string | undefined;

/**
 * Runs one replication a month at a time, telling `partial` of the months so far after the first
 * month and then every `partialSeconds`. Replication.runUntil in steps gives the same events in
 * the same order as one run to the end (nothing happens between steps), so the result is
 * runReplication's to the bit.
 */
function runInMonths(scenario: Scenario, task: ReplicationOptions, census: readonly CensusRecord[] | undefined, partialSeconds: number, partial: (monthly: ReplicationResult['monthly']) => void): ReplicationResult {
  const replication = new Replication(scenario, task, census);
  const end = replication.model.endDay;
  let day = replication.model.now;
  let last = -Infinity;
  while (day < end) {
    day = Math.min(end, day + DAYS_PER_MONTH);
    replication.runUntil(day);
    const now = performance.now();
    const months = replication.monthlySoFar().population_total.length;
    if (months > 0 && day < end && now - last >= partialSeconds * 1000) {
      partial(replication.monthlySoFar());
      last = now;
    }
  }
  replication.runUntil(end); // nothing left to do, or the error of a bad horizon, as runReplication gives it
  return replication.result();
}

function replicaRole(first: ToReplica): void {
  let scenario: Scenario | undefined;
  let census: ReadonlyArray<readonly CensusRecord[]> | undefined;
  let usesPageCensus = false;
  const handle = (message: ToReplica) => {
    if (message.type === 'census') {
      const parsed = parseCensusCsv(message.csv, CENSUS_FILE);
      if (parsed.ok) loadedStates = [parsed.records];
      else loadProblem = parsed.errors[0];
      // A month of the scenario on the page, thrown away: the JavaScript engine compiles the model's
      // code while the page waits for its user, not after Run. A replication shares nothing with
      // another (each has its own model), so this changes no result.
      if (parsed.ok && message.warmup !== undefined) {
        try {
          new Replication(message.warmup, { seed: 0, replication: 0, years: 1, warmupYears: 0 }, parsed.records).runUntil(DAYS_PER_MONTH);
        } catch {
          // A warm-up that fails costs nothing but the warm-up: the real run reports its own error.
        }
      }
      return;
    }
    if (message.type === 'init') {
      scenario = message.scenario;
      usesPageCensus = message.pageCensus === true;
      census = usesPageCensus ? loadedStates : message.census;
      return;
    }
    const start = performance.now();
    let reply: FromReplica;
    try {
      if (scenario === undefined) throw new Error('the replication worker was given no scenario');
      if (usesPageCensus && loadProblem !== undefined) throw new Error(`the page's census does not read: ${loadProblem}`);
      const task = message.task;
      const result = runInMonths(scenario, task, census === undefined ? undefined : stateFor(census, task.replication), message.partialSeconds, (monthly) =>
        scope.postMessage({ type: 'partial', replication: task.replication, monthly } satisfies FromReplica),
      );
      const seconds = (performance.now() - start) / 1000;
      // A replication is synchronous and has its worker to itself: its wall time is its CPU time.
      reply = { type: 'outcome', result, cpuSeconds: seconds, wallSeconds: seconds };
    } catch (error) {
      reply = { type: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    scope.postMessage(reply);
  };
  scope.onmessage = (event) => handle(event.data as ToReplica);
  handle(first);
}

/** What the pool needs of a worker. */
interface WorkerLike {
  postMessage(message: ToReplica): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message: string }) => void) | null;
}

/** Replication workers started by the page (see protocol.ts), by their number. */
const relayed = new Map<number, RelayedWorker>();
let nextReplica = 1;

/** A replication worker the page started for this one, spoken to through the page. */
class RelayedWorker implements WorkerLike {
  readonly rid = nextReplica++;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;

  constructor() {
    relayed.set(this.rid, this);
    post({ type: 'replica-spawn', rid: this.rid });
  }

  postMessage(message: ToReplica): void {
    post({ type: 'replica-post', rid: this.rid, message });
  }

  terminate(): void {
    relayed.delete(this.rid);
    post({ type: 'replica-terminate', rid: this.rid });
  }
}

/**
 * Replication workers that stay up between studies: started (and reading the page's census) when
 * the page loads, lent to one study's pool at a time. One that failed is replaced.
 */
const standing: WorkerLike[] = [];
/** Those of them lent to a pool now (a study runs its batches one after another, but nothing relies on it). */
const lent = new Set<WorkerLike>();
let pageStates: ReadonlyArray<readonly CensusRecord[]> | undefined;

function startStanding(threads: number): void {
  while (standing.length < threads) standing.push(new RelayedWorker());
}

/** `threads` standing workers not lent to another pool, started if need be. */
function borrow(threads: number): WorkerLike[] {
  const free = standing.filter((w) => !lent.has(w));
  while (free.length < threads) {
    const worker = new RelayedWorker();
    standing.push(worker);
    free.push(worker);
  }
  const taken = free.slice(0, threads);
  for (const w of taken) lent.add(w);
  return taken;
}

/** How often a running replication sends the months it has so far. */
const PARTIAL_SECONDS = 1;

/** The standing Web Workers, each told the scenario of this study: the browser's ReplicationPool. */
class WebWorkerPool implements ReplicationPool {
  private readonly free: WorkerLike[] = [];
  private readonly all: WorkerLike[] = [];

  constructor(
    scenario: Scenario,
    threads: number,
    census: ReadonlyArray<readonly CensusRecord[]> | undefined,
    private readonly onPartial: (replication: number, monthly: ReplicationResult['monthly']) => void,
  ) {
    for (const worker of borrow(threads)) {
      // The page's census is in the worker already; any other is sent.
      const init: ToReplica = census === undefined ? { type: 'init', scenario } : census === pageStates ? { type: 'init', scenario, pageCensus: true } : { type: 'init', scenario, census };
      worker.postMessage(init);
      this.free.push(worker);
      this.all.push(worker);
    }
  }

  run(task: ReplicationOptions): Promise<PoolOutcome> {
    // The batch loop runs at most `threads` tasks at once, so a worker is always free here.
    const worker = this.free.pop();
    if (worker === undefined) return Promise.reject(new Error('no free replication worker'));
    const sent = performance.now();
    return new Promise((resolve, reject) => {
      worker.onmessage = (event) => {
        const reply = event.data as FromReplica;
        if (reply.type === 'partial') {
          this.onPartial(reply.replication, reply.monthly);
          return;
        }
        this.free.push(worker);
        if (reply.type === 'error') reject(new Error(reply.message));
        else resolve({ result: reply.result, cpuSeconds: reply.cpuSeconds, wallSeconds: reply.wallSeconds, overheadSeconds: Math.max(0, (performance.now() - sent) / 1000 - reply.wallSeconds) });
      };
      worker.onerror = (event) => {
        // A worker whose script failed may be gone: replace it for the next study.
        const i = standing.indexOf(worker);
        if (i >= 0) standing.splice(i, 1);
        worker.terminate();
        reject(new Error(event.message || 'the replication worker failed'));
      };
      worker.postMessage({ type: 'task', task, partialSeconds: PARTIAL_SECONDS } satisfies ToReplica);
    });
  }

  destroy(): Promise<void> {
    // The workers stay up for the next study; only their handlers go.
    for (const worker of this.all) {
      worker.onmessage = null;
      worker.onerror = null;
      lent.delete(worker);
    }
    return Promise.resolve();
  }
}

/** The browser's executor, telling `onResult` of every replication as it finishes. */
function browserExecutor(onResult: (scenario: Scenario, result: ReplicationResult) => void, onPartial: (scenario: Scenario, replication: number, monthly: ReplicationResult['monthly']) => void): Executor {
  return {
    runHere: (scenario, task, census) => {
      const start = performance.now();
      const result = runReplication(scenario, task, census);
      onResult(scenario, result);
      return { result, cpuSeconds: (performance.now() - start) / 1000 };
    },
    openPool: (scenario, threads, census) => {
      const pool = new WebWorkerPool(scenario, threads, census, (replication, monthly) => onPartial(scenario, replication, monthly));
      return {
        run: async (task) => {
          const outcome = await pool.run(task);
          onResult(scenario, outcome.result);
          return outcome;
        },
        destroy: () => pool.destroy(),
      };
    },
    pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
  };
}

// --- The study worker ----------------------------------------------------------------------------

interface StudyState {
  texts: ScenarioTexts;
  census: Census;
  threads: number;
  version: string;
  stopped: Set<number>;
}

function post(message: FromStudy): void {
  scope.postMessage(message);
}

function studyRole(init: Extract<ToStudy, { type: 'init' }>): void {
  const start = performance.now();
  // The replication workers start now and read the census (sent them by the page) while this one does.
  startStanding(Math.max(1, init.threads));
  const parsed = censusFromText(init.censusCsv, CENSUS_FILE);
  if (!parsed.ok) throw new Error(`the page's census does not read: ${parsed.errors[0]}`);
  pageStates = parsed.census.states;
  const state: StudyState = { texts: init.texts, census: parsed.census, threads: Math.max(1, init.threads), version: init.version, stopped: new Set() };
  let queue = Promise.resolve();
  scope.onmessage = (event) => {
    const message = event.data as ToStudy;
    if (message.type === 'replica-message') relayed.get(message.rid)?.onmessage?.({ data: message.data });
    else if (message.type === 'replica-error') relayed.get(message.rid)?.onerror?.({ message: message.message });
    else if (message.type === 'stop') state.stopped.add(message.id);
    else if (message.type === 'study') queue = queue.then(() => runOne(state, message.id, message.kind, message.setup));
  };
  post({ type: 'ready', people: parsed.census.states[0].length, seconds: (performance.now() - start) / 1000 });
}

function load(state: StudyState, scenario: string, sets: readonly string[]): { ok: true; loaded: Loaded } | { ok: false; errors: string[] } {
  const loaded = loadSetup(state.texts, scenario, sets);
  return loaded.ok ? { ok: true, loaded } : { ok: false, errors: loaded.errors };
}

async function runOne(state: StudyState, id: number, kind: 'run' | 'compare', setup: Setup): Promise<void> {
  try {
    const problems = setupProblems(setup);
    if (problems.length > 0) return post({ type: 'failed', id, errors: problems });
    const hooks = {
      onProgress: (p: { done: number; total: number; elapsedSeconds: number; workers: number }) => post({ type: 'progress', id, ...p }),
      shouldStop: () => state.stopped.has(id),
    };
    // Which scenario of the study a finished replication belongs to (0 the run's or the baseline, 1 the changed one).
    const scenarios: Scenario[] = [];
    const onResult = (scenario: Scenario, result: ReplicationResult) => post({ type: 'replication', id, scenario: Math.max(0, scenarios.indexOf(scenario)), result });
    const onPartial = (scenario: Scenario, replication: number, monthly: ReplicationResult['monthly']) =>
      post({ type: 'partial', id, scenario: Math.max(0, scenarios.indexOf(scenario)), replication, monthly });
    const runner = batchRunner(browserExecutor(onResult, onPartial), state.threads);
    let outcome: StudyOutcome;
    if (kind === 'run') {
      const loaded = load(state, setup.scenario, setup.sets);
      if (!loaded.ok) return post({ type: 'failed', id, errors: loaded.errors });
      const start = censusStart(state.census, loaded.loaded);
      if (!start.ok) return post({ type: 'failed', id, errors: start.errors });
      scenarios.push(loaded.loaded.scenario);
      const run = await runStudy(runRequest(setup, loaded.loaded, start.start, state.version), runner, hooks);
      outcome = { kind: 'run', summary: run.summary, stories: run.stories, failures: run.batch.failures, complete: run.batch.complete, asked: run.asked };
    } else {
      const baseline = load(state, setup.scenario, []);
      const changed = load(state, setup.scenario, changedSets(setup));
      if (!baseline.ok) return post({ type: 'failed', id, errors: baseline.errors });
      if (!changed.ok) return post({ type: 'failed', id, errors: changed.errors });
      const start = censusStart(state.census, baseline.loaded);
      if (!start.ok) return post({ type: 'failed', id, errors: start.errors });
      scenarios.push(baseline.loaded.scenario, changed.loaded.scenario);
      const compared = await compareStudy(compareRequest(setup, baseline.loaded, changed.loaded, start.start, state.version), runner, hooks);
      outcome = {
        kind: 'compare',
        comparison: compared.comparison,
        summaries: compared.runs.map((r) => r.summary),
        differences: compared.differences,
        failures: compared.runs.flatMap((r) => r.batch.failures),
        complete: compared.runs.every((r) => r.batch.complete),
      };
    }
    post({ type: 'done', id, outcome });
  } catch (error) {
    post({ type: 'failed', id, errors: [`the study failed: ${error instanceof Error ? error.message : String(error)}`] });
  }
}

scope.onmessage = (event) => {
  const message = event.data as ToStudy | ToReplica;
  if (message.type === 'init' && 'texts' in message) studyRole(message);
  else if (message.type === 'census' || message.type === 'init' || message.type === 'task') replicaRole(message as ToReplica);
};
