/**
 * One benchmark case in a fresh process, against the compiled corrsim of any checkout:
 * `node dist/bench/probe.js --root DIR --case NAME [--quick]` prints one JSON line
 * `{ case, events, cpuSeconds, wallSeconds, maxRssBytes, ... }`.
 *
 * `bench/compare.ts` runs it alternately on two checkouts (HEAD and another commit), so the probe
 * is always today's code while what it measures is the other tree's `dist/`. It therefore imports
 * only public entry points that have long existed (Replication, loadScenario, Simulator, runBatch)
 * and by path, at run time; a case whose entry points the other tree lacks reports an error.
 *
 * CPU time is process.cpuUsage(): every thread of this process (the simulation, GC helpers and,
 * for the pool case, the worker threads). On a shared machine that is the figure to trust; the
 * wall time is reported beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ProbeResult {
  case: string;
  /** Events processed in the timed part (all replications, warm-up years included). */
  events: number;
  cpuSeconds: number;
  wallSeconds: number;
  /** Peak resident set of this process. */
  maxRssBytes: number;
  /** Extra figures of a case (the pool case: its 1-thread and 2-worker parts). */
  extra?: Record<string, number>;
}

export const PROBE_CASES = ['replication', 'engine-hold', 'engine-mixed', 'pool'] as const;
export type ProbeCase = (typeof PROBE_CASES)[number];

// The other tree's modules, loaded by path; typed loosely on purpose (they may be an older API).
/* eslint-disable @typescript-eslint/no-explicit-any */
async function load(root: string, file: string): Promise<any> {
  return import(pathToFileURL(join(root, 'dist', 'src', file)).href);
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const usage = process.cpuUsage(start);
  return (usage.user + usage.system) / 1e6;
}

async function timedCase(run: () => Promise<number> | number): Promise<{ events: number; cpuSeconds: number; wallSeconds: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const events = await run();
  return { events, cpuSeconds: cpuSecondsSince(cpu), wallSeconds: (performance.now() - wall) / 1000 };
}

async function baseline(root: string): Promise<any> {
  const { loadScenario } = await load(root, 'scenario/files.node.js');
  const loaded = loadScenario('norway-baseline');
  if (!loaded.ok) throw new Error(`norway-baseline: ${loaded.errors.join('; ')}`);
  return loaded.scenario;
}

/** One baseline replication at its own horizon (quick: 10 + 5 years), after a short untimed one for the JIT. */
async function replicationCase(root: string, quick: boolean): Promise<ProbeResult> {
  const { Replication } = await load(root, 'model/replication.js');
  const scenario = await baseline(root);
  const { seed, years, warmupYears } = scenario.run;
  new Replication(scenario, { seed, replication: 1, years: 2, warmupYears: 3 }).run();
  const options = quick ? { seed, replication: 0, years: 5, warmupYears: 10 } : { seed, replication: 0, years, warmupYears };
  const mainStart = threadCpuSeconds();
  const t = await timedCase(() => new Replication(scenario, options).run().events);
  const main = threadCpuSeconds() - mainStart;
  const result: ProbeResult = { case: 'replication', ...t, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  // The simulation's own thread apart from V8's helpers (GC, compilation): (process / main) − 1 is
  // the helper share h, and 2 / (1 + h) bounds what two workers can gain on two cores.
  if (Number.isFinite(main) && main > 0) result.extra = { mainThreadCpuSeconds: main, helperShare: t.cpuSeconds / main - 1 };
  return result;
}

/** CPU seconds of the calling thread on Linux (/proc/thread-self/schedstat, ns on CPU); NaN elsewhere. */
function threadCpuSeconds(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return NaN;
  }
}

/** A seeded xorshift, so the engine cases need nothing of the other tree but its Simulator. */
function uniforms(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
}

/**
 * The calendar under load with plain engine events: `pending` events held throughout, each
 * event scheduling one more. Hold: exponential increments (mean 1). Mixed: like the model, most
 * new events near (mean 10) and a quarter far (mean 2,000), with one in five cancelled before
 * it fires and ties on integer days.
 */
async function engineCase(root: string, kind: 'engine-hold' | 'engine-mixed', quick: boolean): Promise<ProbeResult> {
  const { Simulator } = await load(root, 'engine/simulator.js');
  const pending = 100_000;
  const steps = quick ? 500_000 : 2_000_000;
  const u = uniforms(kind === 'engine-hold' ? 1 : 2);
  const exp = (mean: number) => -mean * Math.log(u());
  const sim = new Simulator();
  let handles: number[] = [];
  const handler =
    kind === 'engine-hold'
      ? { handle: (k: number, target: number) => void sim.schedule(exp(1), k, target) }
      : {
          handle: (k: number, target: number) => {
            const far = u() < 0.25;
            const delay = far ? exp(2000) : exp(10);
            const h = sim.schedule(u() < 0.5 ? Math.floor(delay) : delay, k, target, 0, (target & 3) as number);
            if (u() < 0.2) {
              handles.push(h);
              sim.schedule(exp(10), k, target);
            }
            if (handles.length >= 64) {
              for (const x of handles) sim.cancel(x);
              handles = [];
            }
          },
        };
  const run = (n: number) => {
    for (let i = 0; i < n; i++) sim.step(handler);
  };
  for (let i = 0; i < pending; i++) handler.handle(0, i);
  run(steps / 10); // the JIT, untimed
  const t = await timedCase(() => {
    run(steps);
    return steps;
  });
  return { case: kind, ...t, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

/**
 * The baseline batch on one pool of 2 workers against the same batch in this thread: 20
 * replications (quick: 4) of the baseline's horizon (quick: 10 + 5 years). Reported: the 2-worker
 * part as the case (CPU of every thread, wall), with the 1-thread part and the speed-up as extras.
 */
async function poolCase(root: string, quick: boolean): Promise<ProbeResult> {
  const { runBatch } = await load(root, 'experiments/pool.node.js');
  const scenario = await baseline(root);
  const { seed, years, warmupYears } = scenario.run;
  const settings = quick ? { seed, years: 5, warmupYears: 10 } : { seed, years, warmupYears };
  const replications = quick ? 4 : 20;
  const batch = async (workers: number) => {
    const result = await runBatch(scenario, { ...settings, replications, workers });
    if (result.failures.length > 0) throw new Error(`replication ${result.failures[0].replication} failed: ${result.failures[0].message}`);
    return result;
  };
  const serial = await timedCase(async () => (await batch(1)).performance.events);
  let overhead = NaN;
  const pooled = await timedCase(async () => {
    const result = await batch(2);
    overhead = result.performance.taskOverheadSeconds ?? NaN;
    return result.performance.events;
  });
  return {
    case: 'pool',
    ...pooled,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    extra: {
      replications,
      serialCpuSeconds: serial.cpuSeconds,
      serialWallSeconds: serial.wallSeconds,
      speedup: serial.wallSeconds / pooled.wallSeconds,
      taskOverheadMs: overhead * 1000,
    },
  };
}

export async function runProbe(root: string, name: ProbeCase, quick: boolean): Promise<ProbeResult> {
  switch (name) {
    case 'replication':
      return replicationCase(root, quick);
    case 'engine-hold':
    case 'engine-mixed':
      return engineCase(root, name, quick);
    case 'pool':
      return poolCase(root, quick);
  }
}

function parse(argv: readonly string[]): { root: string; name: ProbeCase; quick: boolean } {
  let root: string | undefined;
  let name: string | undefined;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') root = argv[++i];
    else if (argv[i] === '--case') name = argv[++i];
    else if (argv[i] === '--quick') quick = true;
    else throw new Error(`probe: unknown argument ${argv[i]}`);
  }
  if (root === undefined) throw new Error('probe: --root DIR is required');
  if (!(PROBE_CASES as readonly string[]).includes(name ?? '')) throw new Error(`probe: --case must be one of ${PROBE_CASES.join(', ')}`);
  return { root, name: name as ProbeCase, quick };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { root, name, quick } = parse(process.argv.slice(2));
    const result = await runProbe(root, name, quick);
    process.stdout.write(JSON.stringify(result) + '\n');
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
