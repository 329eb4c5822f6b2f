/**
 * Evidence uncertainty: an effect given with a 95% interval is drawn once per replication from a
 * log-normal whose ±1.96 SE span the interval; --fixed-effects keeps the estimate.
 */
import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/random.js';
import { prepareParams } from '../../src/model/params.js';
import { Model } from '../../src/model/state.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import type { Scenario } from '../../src/scenario/types.js';

function baseline(sets: string[] = []): Scenario {
  const loaded = loadScenario('norway-baseline', { sets });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.scenario;
}

describe('effect sizes with intervals', () => {
  it('keep their estimate with fixed effects', () => {
    const m = new Model(baseline(), 1, 0, true);
    expect(m.params.lnOdds.educationCompleted).toBeCloseTo(Math.log(0.75), 12);
    expect(m.params.lnOdds.perIncident).toBeCloseTo(Math.log(1.15), 12);
  });

  it('are drawn once per replication with the interval as ±1.96 SE on the log scale', () => {
    const s = baseline();
    const n = 4000;
    const draws = Array.from({ length: n }, (_, r) => prepareParams(s, createStream(7, r, 'evidence')).lnOdds.educationCompleted);
    const mean = draws.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const se = (Math.log(0.95) - Math.log(0.55)) / (2 * 1.959963984540054);
    // The mean of n normal draws is within 4 standard errors of ln(0.75); the sd within 4 SE of sd (SE ≈ sd/√(2n)).
    expect(Math.abs(mean - Math.log(0.75))).toBeLessThan((4 * se) / Math.sqrt(n));
    expect(Math.abs(sd - se)).toBeLessThan((4 * se) / Math.sqrt(2 * n));
    // About 95% of the draws fall inside the interval: binomial SD is sqrt(0.95·0.05/n) ≈ 0.0034.
    const inside = draws.filter((x) => x >= Math.log(0.55) && x <= Math.log(0.95)).length / n;
    expect(Math.abs(inside - 0.95)).toBeLessThan(4 * Math.sqrt((0.95 * 0.05) / n));
  });

  it('a plain number is never drawn, and other effects draw the same whatever one effect says (common random numbers)', () => {
    const a = new Model(baseline(), 3, 5);
    const b = new Model(baseline(['recidivism.effects.educationCompleted=0.5']), 3, 5);
    expect(b.params.lnOdds.educationCompleted).toBeCloseTo(Math.log(0.5), 12);
    expect(a.params.lnOdds.housedAtRelease).toBe(b.params.lnOdds.housedAtRelease);
    expect(a.params.lnOdds.employedAtRelease).toBe(b.params.lnOdds.employedAtRelease);
    expect(a.params.lnOdds.educationCompleted).not.toBe(Math.log(0.75));
  });

  it('an interval that does not hold its estimate is rejected with a clear message', () => {
    const loaded = loadScenario('norway-baseline', { sets: ['recidivism.effects.educationCompleted={estimate: 0.75, ci95: [0.8, 0.95]}'] });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors.join('\n')).toMatch(/recidivism\.effects\.educationCompleted\.ci95: expected low <= estimate <= high/);
  });
});
