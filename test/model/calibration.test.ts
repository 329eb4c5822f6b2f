/**
 * The Norway baseline, run as the calibration sheet asks (20 replications after warm-up), lands
 * inside the band of every Norwegian target. The bands are the sheet's own; the mean of 20
 * replications has a standard error far smaller than any band (e.g. ~10 people on a band of
 * ±250 for the population), so a failure here means the model moved, not bad luck. The runs use
 * the worker pool (results do not depend on it) so that the 50 simulated years of each of the 20
 * replications take well under a minute on two cores.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NORWAY_TARGETS } from '../../src/studies/validation/targets.js';
import { runBatch } from '../../src/experiments/pool.node.js';
import type { ReplicationResult } from '../../src/model/result.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import { ensureCompiled } from '../experiments/compiled.js';

/** Targets the baseline does not meet yet, with the reason (see docs/model.md, Calibration). */
const KNOWN_MISSES: Record<string, string> = {};

describe('calibration of the Norway baseline', () => {
  const loaded = loadScenario('norway-baseline');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const s = loaded.scenario;
  let runs: ReplicationResult[] = [];
  beforeAll(async () => {
    await ensureCompiled();
    const batch = await runBatch(s, { seed: s.run.seed, replications: 20, years: s.run.years, warmupYears: s.run.warmupYears, workers: 2 });
    expect(batch.failures).toEqual([]);
    runs = batch.results;
  }, 300_000);
  const mean = (metric: string) => runs.reduce((sum, run) => sum + run.metrics[metric], 0) / runs.length;

  for (const t of NORWAY_TARGETS) {
    if (t.id in KNOWN_MISSES) {
      it.todo(`target ${t.id}: ${t.label} (${KNOWN_MISSES[t.id]})`);
      continue;
    }
    it(`target ${t.id}: ${t.label} within ${t.low}-${t.high} (${t.source})`, () => {
      const value = mean(t.metric);
      expect(value).toBeGreaterThanOrEqual(t.low);
      expect(value).toBeLessThanOrEqual(t.high);
    });
  }

  it('is at steady state: the population of the last measured year is within 2% of the first', () => {
    const year = (series: number[], y: number) => series.slice(12 * y, 12 * y + 12).reduce((a, b) => a + b, 0) / 12;
    const first = runs.reduce((a, r) => a + year(r.monthly.population_total, 0), 0) / runs.length;
    const last = runs.reduce((a, r) => a + year(r.monthly.population_total, s.run.years - 1), 0) / runs.length;
    expect(Math.abs(last - first) / first).toBeLessThan(0.02);
  });
});
