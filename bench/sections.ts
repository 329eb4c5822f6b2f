/**
 * Benchmark sections beyond the engine and the single-core model: the worker pool's scaling over
 * the baseline batch, and the time to render a run's charts and report.
 */
import { censusTiming } from './census.js';
import { poolScaling } from './pool.js';
import { reportTiming } from './report.js';
import { formatFixed, type BenchSection } from './util.js';

export const poolSection: BenchSection = {
  id: 'pool',
  title: 'Worker pool: the baseline batch (20 replications, its own horizon) on 1 thread and on one pool of 2 workers',
  async run(context) {
    const quick = context.options.quick;
    const replications = quick ? 4 : 20;
    const years = quick ? 3 : 10;
    const warmupYears = quick ? 3 : 40;
    context.progress(`pool: ${replications} replications, 1 then 2 workers`);
    const r = await poolScaling({ replications, years, warmupYears });
    return {
      columns: [
        { key: 'replications', header: 'replications' },
        { key: 'serial', header: '1 thread (s)', format: formatFixed(2) },
        { key: 'two', header: '2 workers (s)', format: formatFixed(2) },
        { key: 'speedup', header: 'speed-up', format: formatFixed(2) },
        { key: 'overhead', header: 'overhead/task (ms)', format: formatFixed(2) },
        { key: 'outside', header: 'outside reps', format: (v) => `${(100 * v).toFixed(1)} %` },
        { key: 'cpuSerial', header: '1 thread cpu-s', format: formatFixed(1) },
        { key: 'cpuTwo', header: '2 workers cpu-s', format: formatFixed(1) },
      ],
      rows: [
        {
          label: `${years} + ${warmupYears} warm-up years`,
          values: {
            replications,
            serial: r.serialSeconds,
            two: r.twoWorkerSeconds,
            speedup: r.speedup,
            overhead: r.perTaskOverheadMs,
            outside: r.outsideShare,
            cpuSerial: r.processCpuSeconds.serial,
            cpuTwo: r.processCpuSeconds.twoWorkers,
          },
        },
      ],
      metrics: {
        speedup: r.speedup,
        perTaskOverheadMs: r.perTaskOverheadMs,
        outsideShare: r.outsideShare,
        serialCpuSeconds: r.processCpuSeconds.serial,
        twoWorkerCpuSeconds: r.processCpuSeconds.twoWorkers,
      },
      notes: [
        'target (issue 12): a speed-up of at least 1.8 on 2 cores, with < 2 % of the workers\' time outside replications (start-up, transfer, tail)',
        'cpu-s = CPU time of the whole process, every thread (GC helpers too); the 1-thread run gets its GC helpers\' time on the idle second core, the 2-worker run does not',
        `other programs kept ${r.busyElsewhereCores.serial.toFixed(2)} / ${r.busyElsewhereCores.twoWorkers.toFixed(2)} cores busy during the serial / 2-worker runs (well above 0.1: not a quiet machine)`,
      ],
    };
  },
};

export const reportSection: BenchSection = {
  id: 'report',
  title: 'Report: rendering every chart of a run (SVG + PNG) and report.html',
  async run(context) {
    context.progress('report: rendering charts');
    const r = await reportTiming({ years: context.options.quick ? 3 : 10 });
    return {
      columns: [
        { key: 'charts', header: 'charts' },
        { key: 'seconds', header: 'charts (s)', format: formatFixed(2) },
        { key: 'html', header: 'report.html (s)', format: formatFixed(3) },
      ],
      rows: [{ label: 'one run', values: { charts: r.charts, seconds: r.seconds, html: r.htmlSeconds } }],
      metrics: { chartSeconds: r.seconds, htmlSeconds: r.htmlSeconds },
      notes: ['target: a few seconds at most for all charts of a run'],
    };
  },
};

export const censusSection: BenchSection = {
  id: 'census',
  title: 'Start: a replication after the warm-up from an empty system, and from a state of the synthetic census',
  async run(context) {
    const quick = context.options.quick;
    const replications = quick ? 2 : 5;
    const years = quick ? 2 : 10;
    const warmupYears = quick ? 5 : 40;
    context.progress(`census: ${replications} replications each way, ${years} measured years`);
    const r = censusTiming({ years, warmupYears, replications });
    return {
      columns: [
        { key: 'seconds', header: 'seconds', format: formatFixed(2) },
      ],
      rows: [
        { label: `one replication, ${warmupYears} warm-up + ${years} years`, values: { seconds: r.warmupSeconds } },
        { label: `drawing the synthetic census (${r.states} states, once per run)`, values: { seconds: r.censusSeconds } },
        { label: `restoring one state (${r.people.toLocaleString('en-US')} people)`, values: { seconds: r.restoreSeconds } },
        { label: `one replication from a state, restore + ${years} years`, values: { seconds: r.fromCensusSeconds } },
      ],
      metrics: { warmupSeconds: r.warmupSeconds, censusSeconds: r.censusSeconds, restoreSeconds: r.restoreSeconds, fromCensusSeconds: r.fromCensusSeconds, speedup: r.warmupSeconds / r.fromCensusSeconds },
      notes: [`a replication from the census is ${(r.warmupSeconds / r.fromCensusSeconds).toFixed(1)}× faster; the capacity search (node dist/bench/capacity.js) starts from the synthetic census`],
    };
  },
};
