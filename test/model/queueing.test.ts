/**
 * Whole-model checks against queueing theory: the model configured as a textbook M/M/c queue
 * (scenarios/validation/mmc.yaml) reproduces Erlang C, and with places never short (mminf.yaml)
 * the mean population is the offered load. Each replication is an independent estimate, so the
 * test asks the theoretical value to lie within 4 standard errors of the replication mean
 * (a false alarm about once in 15,000 runs per check, if the model is right).
 */
import { describe, expect, it } from 'vitest';
import { erlangC, mmc } from '../../src/stats/queueing.js';
import { runReplication } from '../../src/model/replication.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import { mean, sampleSd } from '../../src/stats/intervals.js';

function runs(path: string, replications: number, years: number) {
  const loaded = loadScenario(path);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const s = loaded.scenario;
  return Array.from({ length: replications }, (_, r) =>
    runReplication(s, { seed: 11, replication: r, years, warmupYears: s.run.warmupYears }).metrics,
  );
}

function expectWithin4Se(values: number[], theory: number, label: string) {
  const m = mean(values);
  const se = sampleSd(values) / Math.sqrt(values.length);
  expect(Math.abs(m - theory), `${label}: simulated ${m.toFixed(4)} ± ${se.toFixed(4)} against ${theory.toFixed(4)}`).toBeLessThan(4 * se);
}

describe('Erlang C', () => {
  it('matches known values', () => {
    // M/M/2 with a = 1: C = 1/3. M/M/1: C = rho.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    // c = 12, a = 10 (the validation scenario): C = 0.4494 (tables).
    expect(erlangC(12, 10)).toBeCloseTo(0.44939, 4);
  });
});

describe('the model as an M/M/12 queue', () => {
  const metrics = runs('scenarios/validation/mmc.yaml', 12, 15);
  const theory = mmc(12, 1, 0.1); // per day: 1 arrival, mean stay 10 days

  it('reproduces the Erlang C probability of waiting', () => {
    expectWithin4Se(metrics.map((x) => x.queue_waited_share), theory.waitProbability, 'P(wait)');
  });
  it('reproduces the mean wait and the mean queue (Little: Lq = λ Wq)', () => {
    expectWithin4Se(metrics.map((x) => x.queue_wait_days_mean), theory.meanWait, 'Wq');
    expectWithin4Se(metrics.map((x) => x.sentence_queue), theory.meanQueue, 'Lq');
  });
  it('holds a = λ/μ people in service on average', () => {
    expectWithin4Se(metrics.map((x) => x.population_high), theory.meanInService, 'L in service');
  });
});

describe('the model as an M/M/infinity system', () => {
  it('holds a Poisson mean of λ/μ = 10 and nobody waits', () => {
    const metrics = runs('scenarios/validation/mminf.yaml', 10, 10);
    expectWithin4Se(metrics.map((x) => x.population_high), 10, 'L');
    for (const x of metrics) expect(x.queue_wait_days_mean).toBe(0);
  });
});
