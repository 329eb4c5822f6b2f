/**
 * Engine alone (src/engine): how fast the event loop and the calendar are without the prison model
 * on top. Two classic workloads:
 *
 *  - M/M/c: Poisson arrivals, exponential services, c servers, one FIFO queue. Few pending events
 *    (about c + 1), so this is mostly dispatch and random-number cost.
 *  - Hold model: ~100,000 pending events; each step pops one and schedules one at
 *    now + exponential. This is the calendar (heap) under a deep load.
 *
 * Events are plain integers and the handler is an object, exactly as the model uses the engine.
 */
import { compileDistribution, type Sampler } from '../src/engine/distributions.js';
import { createStream, type RandomStream } from '../src/engine/random.js';
import { Simulator, type EventHandler } from '../src/engine/simulator.js';
import {
  formatInt,
  formatMs,
  formatPercent,
  formatRate,
  median,
  spread,
  timed,
  yieldToEventLoop,
  type BenchContext,
  type BenchRow,
  type BenchSection,
  type SectionResult,
} from './util.js';

const SEED = 20240101;

// --- M/M/c ----------------------------------------------------------------------------------

const ARRIVAL = 0;
const DEPARTURE = 1;

interface MmcParams {
  servers: number;
  arrivalRate: number;
  serviceRate: number;
}

const MMC: MmcParams = { servers: 8, arrivalRate: 7.2, serviceRate: 1 }; // utilisation 0.9

/** A growable FIFO ring of arrival times. */
class TimeQueue {
  private buffer = new Float64Array(1024);
  private head = 0;
  size = 0;

  push(value: number): void {
    if (this.size === this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      for (let i = 0; i < this.size; i++) bigger[i] = this.buffer[(this.head + i) % this.buffer.length];
      this.buffer = bigger;
      this.head = 0;
    }
    this.buffer[(this.head + this.size) % this.buffer.length] = value;
    this.size++;
  }

  shift(): number {
    const value = this.buffer[this.head];
    this.head = (this.head + 1) % this.buffer.length;
    this.size--;
    return value;
  }
}

class MmcModel implements EventHandler {
  readonly sim = new Simulator();
  private readonly interarrival: Sampler;
  private readonly service: Sampler;
  private readonly arrivalRng: RandomStream;
  private readonly serviceRng: RandomStream;
  private readonly queue = new TimeQueue();
  private busy = 0;
  /** Customers who started service, and their total time waiting in the queue. */
  served = 0;
  totalWait = 0;

  constructor(
    private readonly params: MmcParams,
    replication: number,
  ) {
    this.interarrival = compileDistribution({ type: 'exponential', mean: 1 / params.arrivalRate });
    this.service = compileDistribution({ type: 'exponential', mean: 1 / params.serviceRate });
    this.arrivalRng = createStream(SEED, replication, 'arrivals');
    this.serviceRng = createStream(SEED, replication, 'services');
    this.sim.schedule(this.interarrival.sample(this.arrivalRng), ARRIVAL, -1);
  }

  handle(kind: number, _target: number, _tag: number, time: number): void {
    if (kind === ARRIVAL) {
      this.sim.schedule(this.interarrival.sample(this.arrivalRng), ARRIVAL, -1);
      if (this.busy < this.params.servers) {
        this.busy++;
        this.served++;
        this.sim.schedule(this.service.sample(this.serviceRng), DEPARTURE, -1);
      } else {
        this.queue.push(time);
      }
    } else {
      if (this.queue.size > 0) {
        this.totalWait += time - this.queue.shift();
        this.served++;
        this.sim.schedule(this.service.sample(this.serviceRng), DEPARTURE, -1);
      } else {
        this.busy--;
      }
    }
  }
}

/** Expected wait in queue for M/M/c (Erlang C), to check the loop is the model it claims to be. */
function erlangCWait({ servers: c, arrivalRate: lambda, serviceRate: mu }: MmcParams): number {
  const a = lambda / mu;
  const rho = a / c;
  let term = 1; // a^k / k!
  let below = 0;
  for (let k = 0; k < c; k++) {
    below += term;
    term *= a / (k + 1);
  }
  const top = term / (1 - rho);
  const probabilityWait = top / (below + top);
  return probabilityWait / (c * mu - lambda);
}

function runMmc(targetEvents: number, replication: number): { events: number; ms: number; meanWait: number } {
  const model = new MmcModel(MMC, replication);
  // Each customer brings two events (arrival, departure).
  const horizon = targetEvents / (2 * MMC.arrivalRate);
  const { value: events, ms } = timed(() => model.sim.runUntil(horizon, model));
  return { events, ms, meanWait: model.totalWait / model.served };
}

// --- Hold model -----------------------------------------------------------------------------

const HOLD = 0;

class HoldModel implements EventHandler {
  readonly sim = new Simulator();
  private readonly increment: Sampler = compileDistribution({ type: 'exponential', mean: 1 });
  private readonly rng: RandomStream;

  constructor(pending: number, replication: number) {
    this.rng = createStream(SEED, replication, 'hold');
    for (let i = 0; i < pending; i++) this.sim.schedule(this.increment.sample(this.rng), HOLD, i);
  }

  handle(kind: number, target: number): void {
    this.sim.schedule(this.increment.sample(this.rng), kind, target);
  }
}

function runHold(pending: number, events: number, replication: number): { events: number; ms: number; pendingAfter: number } {
  const model = new HoldModel(pending, replication); // the fill is not timed
  const sim = model.sim;
  const { ms } = timed(() => {
    for (let i = 0; i < events; i++) sim.step(model);
  });
  return { events, ms, pendingAfter: sim.calendar.size };
}

// --- Random numbers alone -------------------------------------------------------------------

/** The draw every event above makes once, timed on its own so the calendar's share can be seen. */
function runDraws(draws: number, replication: number): { events: number; ms: number } {
  const sampler = compileDistribution({ type: 'exponential', mean: 1 });
  const rng = createStream(SEED, replication, 'draws');
  const { ms, value } = timed(() => {
    let acc = 0;
    for (let i = 0; i < draws; i++) acc += sampler.sample(rng);
    return acc;
  });
  if (!(value > 0)) throw new Error('exponential draws summed to nothing');
  return { events: draws, ms };
}

// --- Section --------------------------------------------------------------------------------

interface Measured {
  events: number;
  ms: number;
}

/** One untimed warm-up run for the JIT, then `repeats` timed runs; medians are over the timed ones. */
async function measure<T extends Measured>(
  context: BenchContext,
  name: string,
  repeats: number,
  run: (replication: number) => T,
): Promise<{ runs: T[]; eventsPerSecond: number; ms: number; events: number; spread: number }> {
  context.progress(`engine: ${name} (warm-up)`);
  run(0);
  await yieldToEventLoop();
  const runs: T[] = [];
  for (let r = 1; r <= repeats; r++) {
    context.progress(`engine: ${name} ${r}/${repeats}`);
    runs.push(run(r));
    await yieldToEventLoop();
  }
  const rates = runs.map((x) => x.events / (x.ms / 1000));
  return {
    runs,
    eventsPerSecond: median(rates),
    ms: median(runs.map((x) => x.ms)),
    events: median(runs.map((x) => x.events)),
    spread: spread(rates),
  };
}

export const engineSection: BenchSection = {
  id: 'engine',
  title: 'Engine alone (src/engine): Simulator + EventCalendar',
  async run(context: BenchContext): Promise<SectionResult> {
    const quick = context.options.quick;
    const repeats = quick ? 2 : 5;
    const mmcEvents = quick ? 500_000 : 2_000_000;
    const holdPending = 100_000;
    const holdEvents = quick ? 500_000 : 2_000_000;
    const draws = quick ? 1_000_000 : 4_000_000;

    const mmc = await measure(context, 'M/M/c', repeats, (r) => runMmc(mmcEvents, r));
    const hold = await measure(context, 'hold model', repeats, (r) => runHold(holdPending, holdEvents, r));
    const rng = await measure(context, 'exponential draws', repeats, (r) => runDraws(draws, r));

    const rows: BenchRow[] = [
      {
        label: `M/M/${MMC.servers} (rho ${(MMC.arrivalRate / (MMC.servers * MMC.serviceRate)).toFixed(2)}, FIFO)`,
        values: { work: mmc.events, ms: mmc.ms, perSecond: mmc.eventsPerSecond, spread: mmc.spread },
      },
      {
        label: `hold model, ${formatInt(holdPending)} pending`,
        values: { work: hold.events, ms: hold.ms, perSecond: hold.eventsPerSecond, spread: hold.spread },
      },
      {
        label: 'exponential draws only (no events)',
        values: { work: rng.events, ms: rng.ms, perSecond: rng.eventsPerSecond, spread: rng.spread },
      },
    ];

    const meanWait = median(mmc.runs.map((x) => x.meanWait));
    const expectedWait = erlangCWait(MMC);
    const notes = [
      `median of ${repeats} timed runs after one warm-up run; spread = (max - min) / median of the rates`,
      `M/M/c check: mean wait in queue ${meanWait.toFixed(3)} vs Erlang C ${expectedWait.toFixed(3)} ` +
        `(${formatPercent(meanWait / expectedWait - 1)} off)`,
      `hold model: calendar held ${formatInt(hold.runs[0].pendingAfter)} events throughout; the fill is not timed`,
      'each event above also makes one exponential draw (Alea); the last row times those draws alone',
    ];

    return {
      columns: [
        { key: 'work', header: 'events/draws', format: formatInt },
        { key: 'ms', header: 'time', format: formatMs },
        { key: 'perSecond', header: 'rate', format: formatRate },
        { key: 'spread', header: 'spread', format: formatPercent },
      ],
      rows,
      metrics: {
        mmcEventsPerSecond: mmc.eventsPerSecond,
        holdEventsPerSecond: hold.eventsPerSecond,
        exponentialDrawsPerSecond: rng.eventsPerSecond,
        mmcMeanWait: meanWait,
        mmcErlangCWait: expectedWait,
      },
      notes,
    };
  },
};
