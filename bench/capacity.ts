/**
 * The speed of a capacity search: `corrsim capacity` over one level of the baseline, by default
 * the high-security places for `occupancy_high.p95<=0.9` in 90% of 100 replications per candidate,
 * on 2 worker threads, over the baseline's own horizon (10 measured years), every replication
 * starting from the synthetic census (drawn once after the 40 warm-up years; `--no-census` warms
 * up every replication instead). What it costs is (candidates) × (replications per candidate) ×
 * (time of one replication) ÷ (threads), so the figures to watch are the number of candidates the
 * search needs and the time of one replication.
 *
 * Not part of `npm run bench` (it takes minutes); run it alone with `npm run bench:capacity`, or:
 *   node dist/bench/capacity.js [--replications N] [--years Y] [--warmup-years W] [--target T] [--no-census] [--json]
 * A candidate line goes to stderr as each finishes.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { syntheticCensus } from '../src/experiments/census.js';
import { nodeRunner } from '../src/experiments/pool.node.js';
import { runCapacitySearch } from '../src/studies/capacity/study.js';
import { levelOfSeries, parseTarget } from '../src/studies/capacity/targets.js';
import { loadScenario } from '../src/scenario/files.node.js';
import type { SecurityLevel } from '../src/scenario/types.js';

export interface CapacityTimingOptions {
  /** Scenario file or built-in name [default: norway-baseline]. */
  scenario?: string;
  /** [default: occupancy_high.p95<=0.9] */
  target?: string;
  /** [default: the level the target names] */
  level?: SecurityLevel;
  /** Replications per candidate [default: 100]. */
  replications?: number;
  /** Worker threads [default: 2]. */
  workers?: number;
  /** [default: the scenario's run.years and run.warmupYears] */
  years?: number;
  warmupYears?: number;
  /** Start every candidate from the synthetic census (drawn once, after warmupYears) rather than warming up each replication [default: true]. */
  census?: boolean;
  probability?: number;
  resolution?: number;
  /** Called after each candidate, e.g. to print a line. */
  onCandidate?: (line: string) => void;
}

export interface CapacityTiming {
  /** Wall time of the whole search, pools started and stopped included, seconds. */
  seconds: number;
  /** Candidates run (batches of `replicationsPerCandidate` replications each). */
  candidates: number;
  replicationsPerCandidate: number;
  /** The answer found (null if the search ended at --min or --max), and today's places. */
  answer: number | null;
  currentPlaces: number;
  /** Candidates in the order they ran, with the wall time of each, seconds. */
  runs: Array<{ places: number; meets: boolean; shareMeeting: number; seconds: number }>;
  /**
   * CPU time of this process, all its threads, seconds: the work itself. On a quiet machine the
   * wall time is about this ÷ workers; on a busy one (other programs on the cores) the wall time is
   * longer, and this is the figure to compare between runs.
   */
  processCpuSeconds: number;
  /** CPU time inside the simulation as the batch layer reports it (on Node < 23.9, the replications' wall time in their threads). */
  cpuSeconds: number;
  /** The machine's 1-minute load average at the start and at the end (above `workers`: other programs shared the cores). */
  loadAverage: [number, number];
  workers: number;
  years: number;
  warmupYears: number;
  /** How the replications started, and the seconds it took to draw the synthetic census (0 without one). */
  start: 'synthetic census' | 'warm-up';
  censusSeconds: number;
}

export async function capacitySearchTiming(options: CapacityTimingOptions = {}): Promise<CapacityTiming> {
  const loaded = loadScenario(options.scenario ?? 'norway-baseline');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const target = parseTarget(options.target ?? 'occupancy_high.p95<=0.9');
  if (!target.ok) throw new Error(target.error);
  const level = options.level ?? levelOfSeries(target.value.series);
  if (level === undefined) throw new Error(`capacitySearchTiming: name the level for ${target.value.series}`);
  const scenario = loaded.scenario;
  const replications = options.replications ?? 100;
  const workers = options.workers ?? 2;
  const years = options.years ?? scenario.run.years;
  const warmupYears = options.warmupYears ?? scenario.run.warmupYears;
  const current = scenario.facilities.filter((f) => f.level === level).reduce((s, f) => s + f.capacity, 0);
  const runs: CapacityTiming['runs'] = [];
  let candidateStart = performance.now();
  const loadAtStart = loadavg()[0];
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();
  const fromCensus = options.census ?? true;
  const census = fromCensus ? syntheticCensus(scenario, scenario.run.seed, warmupYears) : undefined;
  const censusSeconds = (performance.now() - start) / 1000;
  const run = await runCapacitySearch({
    scenario,
    level,
    targets: [target.value],
    probability: options.probability ?? 0.9,
    min: 1,
    max: 4 * current,
    resolution: options.resolution ?? 1,
    seed: scenario.run.seed,
    replications,
    years,
    warmupYears: census !== undefined ? 0 : warmupYears,
    ...(census !== undefined ? { census } : {}),
  }, nodeRunner(workers), {
    onCandidateStart: () => {
      candidateStart = performance.now();
    },
    onCandidate: (c) => {
      const seconds = (performance.now() - candidateStart) / 1000;
      const e = c.evaluation;
      runs.push({ places: e.places, meets: e.meets, shareMeeting: e.shareMeeting, seconds });
      options.onCandidate?.(
        `candidate ${c.order}: ${e.places} places, ${(100 * e.shareMeeting).toFixed(0)}% of ${e.replications} replications meet ${target.value.text} ` +
          `(${e.meets ? 'meets' : 'misses'}), ${seconds.toFixed(1)} s`,
      );
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  if (run.stopped !== undefined) throw new Error(`the search stopped at ${run.stopped.places} places: ${run.stopped.failures[0]?.message ?? run.stopped.reason}`);
  return {
    seconds,
    candidates: run.candidates.length,
    replicationsPerCandidate: replications,
    answer: run.outcome.status === 'found' ? run.outcome.answer : null,
    currentPlaces: run.currentPlaces,
    runs,
    processCpuSeconds: (cpu.user + cpu.system) / 1e6,
    cpuSeconds: run.candidates.reduce((s, c) => s + c.performance.cpuSeconds, 0),
    loadAverage: [loadAtStart, loadavg()[0]],
    workers,
    years,
    warmupYears,
    start: fromCensus ? 'synthetic census' : 'warm-up',
    censusSeconds: fromCensus ? censusSeconds : 0,
  };
}

function parseArgs(argv: readonly string[]): CapacityTimingOptions & { json: boolean } {
  const options: CapacityTimingOptions & { json: boolean } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--replications':
        options.replications = Number(value());
        break;
      case '--years':
        options.years = Number(value());
        break;
      case '--warmup-years':
        options.warmupYears = Number(value());
        break;
      case '--workers':
        options.workers = Number(value());
        break;
      case '--target':
        options.target = value();
        break;
      case '--json':
        options.json = true;
        break;
      case '--no-census':
        options.census = false;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2));
  const timing = await capacitySearchTiming({ ...options, onCandidate: (line) => process.stderr.write(`  ${line}\n`) });
  if (options.json) process.stdout.write(JSON.stringify(timing, null, 2) + '\n');
  else {
    console.log(
      `capacity search: ${timing.candidates} candidates × ${timing.replicationsPerCandidate} replications ` +
        `(${timing.years} y measured, ${timing.start === 'warm-up' ? `after ${timing.warmupYears} y warm-up each` : `from the synthetic census after ${timing.warmupYears} y, drawn in ${timing.censusSeconds.toFixed(1)} s`}) on ${timing.workers} workers: ` +
        `${timing.seconds.toFixed(0)} s wall (${(timing.seconds / 60).toFixed(1)} min), ${timing.processCpuSeconds.toFixed(0)} CPU s ` +
        `(${(timing.processCpuSeconds / timing.workers / 60).toFixed(1)} min of wall on ${timing.workers} idle cores); ` +
        `load ${timing.loadAverage.map((x) => x.toFixed(1)).join(' → ')}; ` +
        `answer ${timing.answer ?? 'none'} places (today ${timing.currentPlaces})`,
    );
  }
}
