/**
 * Full model on one core: the built-in `norway-baseline` scenario at its own horizon
 * (run.years measured after run.warmupYears), run replication by replication on the main thread,
 * exactly as `runReplication` does it.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { Replication } from '../src/model/replication.js';
import type { ReplicationOptions, ReplicationResult } from '../src/model/result.js';
import { loadScenario } from '../src/scenario/files.node.js';
import type { Scenario } from '../src/scenario/types.js';
import {
  formatInt,
  formatMiB,
  formatMs,
  formatPercent,
  formatRate,
  maxRssBytes,
  median,
  MemoryPeak,
  msSince,
  spread,
  yieldToEventLoop,
  type BenchContext,
  type BenchRow,
  type BenchSection,
  type SectionResult,
} from './util.js';

export const SCENARIO = 'norway-baseline';

/** A median cpu/wall below this means the runs were competing for the core. */
export const BUSY_CPU_SHARE = 0.9;

/** Sums the durations of garbage collections the runtime reports (delivered asynchronously). */
class GcTimer {
  ms = 0;
  count = 0;
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        this.ms += entry.duration;
        this.count++;
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** GC time so far, after letting queued observer callbacks run. */
  async read(): Promise<{ ms: number; count: number }> {
    await yieldToEventLoop();
    await yieldToEventLoop();
    return { ms: this.ms, count: this.count };
  }

  stop(): void {
    this.observer.disconnect();
  }
}

interface ReplicationRun {
  options: ReplicationOptions;
  result: ReplicationResult;
  ms: number;
  simulatedYears: number;
  /** People still in the model (not yet left) when the run ended. */
  liveAtEnd: number;
  pendingAtEnd: number;
  rss: number;
  heapUsed: number;
  gcMs: number;
  gcCount: number;
  /** Process CPU time / wall time; well below 1 means something else had the core. */
  cpuShare: number;
}

async function runOne(scenario: Scenario, options: ReplicationOptions, memory: MemoryPeak, gc: GcTimer): Promise<ReplicationRun> {
  const gcBefore = await gc.read();
  // Timed like runReplication: construction and run, result included.
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const replication = new Replication(scenario, options);
  const result = replication.run();
  const ms = msSince(start);
  const cpu = process.cpuUsage(cpuStart);
  // Sampled while the model is still reachable, so heapUsed includes its final state.
  const { rss, heapUsed } = memory.sample();
  const model = replication.model;
  let liveAtEnd = 0;
  for (const person of model.people) if (person !== null) liveAtEnd++;
  const pendingAtEnd = model.sim.calendar.size;
  const gcAfter = await gc.read();
  return {
    options,
    result,
    ms,
    simulatedYears: options.years + options.warmupYears,
    liveAtEnd,
    pendingAtEnd,
    rss,
    heapUsed,
    gcMs: gcAfter.ms - gcBefore.ms,
    gcCount: gcAfter.count - gcBefore.count,
    cpuShare: (cpu.user + cpu.system) / 1000 / ms,
  };
}

function rowOf(label: string, run: ReplicationRun, counted: boolean): BenchRow {
  const events = run.result.events;
  return {
    label,
    counted,
    values: {
      events,
      ms: run.ms,
      eventsPerSecond: events / (run.ms / 1000),
      msPerSimYear: run.ms / run.simulatedYears,
      people: run.result.people,
      liveAtEnd: run.liveAtEnd,
      pendingAtEnd: run.pendingAtEnd,
      gcShare: run.gcMs / run.ms,
      cpuShare: run.cpuShare,
      rss: run.rss,
      heapUsed: run.heapUsed,
    },
  };
}

export const fullModelSection: BenchSection = {
  id: 'model',
  title: `Full model, one core: ${SCENARIO}`,
  async run(context: BenchContext): Promise<SectionResult> {
    const quick = context.options.quick;
    const loaded = loadScenario(SCENARIO);
    if (!loaded.ok) throw new Error(`cannot load ${SCENARIO}:\n${loaded.errors.join('\n')}`);
    const scenario = loaded.scenario;
    const { seed, years, warmupYears } = scenario.run;
    const counted = quick ? 1 : 3;

    const memory = new MemoryPeak();
    memory.sample();
    const gc = new GcTimer();
    const rows: BenchRow[] = [];
    const runs: ReplicationRun[] = [];
    try {
      // The warm-up replication gives the JIT the model's hot paths; quick mode keeps it short.
      const warmup: ReplicationOptions = quick
        ? { seed, replication: 0, years: Math.min(years, 2), warmupYears: Math.min(warmupYears, 3) }
        : { seed, replication: 0, years, warmupYears };
      context.progress(`model: warm-up replication (${warmup.warmupYears} + ${warmup.years} years)`);
      const warm = await runOne(scenario, warmup, memory, gc);
      rows.push(rowOf(`warm-up (rep 0${quick ? ', short' : ''}; not counted)`, warm, false));

      for (let replication = 0; replication < counted; replication++) {
        context.progress(`model: replication ${replication + 1}/${counted}`);
        const run = await runOne(scenario, { seed, replication, years, warmupYears }, memory, gc);
        runs.push(run);
        rows.push(rowOf(`rep ${replication}`, run, true));
      }
    } finally {
      gc.stop();
    }

    const med = (pick: (run: ReplicationRun) => number) => median(runs.map(pick));
    const rates = runs.map((r) => r.result.events / (r.ms / 1000));
    const medianRow: BenchRow = {
      label: `median of ${counted}`,
      values: {
        events: med((r) => r.result.events),
        ms: med((r) => r.ms),
        eventsPerSecond: median(rates),
        msPerSimYear: med((r) => r.ms / r.simulatedYears),
        people: med((r) => r.result.people),
        liveAtEnd: med((r) => r.liveAtEnd),
        pendingAtEnd: med((r) => r.pendingAtEnd),
        gcShare: med((r) => r.gcMs / r.ms),
        cpuShare: med((r) => r.cpuShare),
        rss: med((r) => r.rss),
        heapUsed: med((r) => r.heapUsed),
      },
    };
    rows.push(medianRow);

    const maxRss = maxRssBytes();
    const notes = [
      `scenario ${loaded.name} (sha256 ${loaded.sha256.slice(0, 12)}), seed ${seed}, ` +
        `${warmupYears} warm-up + ${years} measured = ${warmupYears + years} simulated years per replication`,
      'time = new Replication(...) + run() (what runReplication does), by process.hrtime.bigint(); ' +
        'rss / heapUsed sampled right after each run, model still reachable',
      `peak sampled: rss ${formatMiB(memory.rss)}, heapUsed ${formatMiB(memory.heapUsed)}; ` +
        `process maxRSS (resourceUsage) ${formatMiB(maxRss)}`,
      `events/s over counted replications: best ${formatRate(Math.max(...rates))}, spread ${formatPercent(spread(rates))}; ` +
        `GC during counted runs: ${formatMs(runs.reduce((s, r) => s + r.gcMs, 0))} in ${runs.reduce((s, r) => s + r.gcCount, 0)} collections`,
      'cpu/wall = process CPU time / wall time (GC helper threads count too); well below 1.00 means other load took the core',
    ];
    const cpuShare = medianRow.values.cpuShare as number;
    if (cpuShare < BUSY_CPU_SHARE) {
      notes.push(
        `WARNING: the process had only ${cpuShare.toFixed(2)} of a core during the runs; the machine was busy, so the rates above are understated`,
      );
    }

    return {
      columns: [
        { key: 'events', header: 'events', format: formatInt },
        { key: 'ms', header: 'time', format: formatMs },
        { key: 'eventsPerSecond', header: 'events/s', format: formatRate },
        { key: 'msPerSimYear', header: 'ms/sim-yr', format: (v) => v.toFixed(1) },
        { key: 'people', header: 'people', format: formatInt },
        { key: 'liveAtEnd', header: 'live at end', format: formatInt },
        { key: 'pendingAtEnd', header: 'pending ev', format: formatInt },
        { key: 'gcShare', header: 'GC', format: formatPercent },
        { key: 'cpuShare', header: 'cpu/wall', format: (v) => v.toFixed(2) },
        { key: 'rss', header: 'rss', format: formatMiB },
        { key: 'heapUsed', header: 'heapUsed', format: formatMiB },
      ],
      rows,
      metrics: {
        replications: counted,
        eventsPerSecond: median(rates),
        bestEventsPerSecond: Math.max(...rates),
        msPerSimulatedYear: medianRow.values.msPerSimYear as number,
        msPerReplication: medianRow.values.ms as number,
        eventsPerReplication: medianRow.values.events as number,
        peoplePerReplication: medianRow.values.people as number,
        simulatedYearsPerReplication: years + warmupYears,
        peakRss: memory.rss,
        peakHeapUsed: memory.heapUsed,
        maxRss,
        cpuShare: medianRow.values.cpuShare as number,
      },
      notes,
    };
  },
};
