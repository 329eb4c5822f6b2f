/**
 * The Norway baseline, run as the calibration sheet asks (20 replications after warm-up), lands
 * inside the band of every Norwegian target. The bands are the sheet's own; the mean of 20
 * replications has a standard error far smaller than any band (e.g. ~10 people on a band of
 * ±250 for the population), so a failure here means the model moved, not bad luck.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplicationResult } from '../../src/model/result.js';
import { NORWAY_TARGETS } from '../../src/analysis/targets.js';
import { runReplication } from '../../src/model/replication.js';
import { loadScenario } from '../../src/scenario/load.js';

/** Targets the baseline does not meet yet, with the reason (see docs/model.md, Calibration). */
const KNOWN_MISSES: Record<string, string> = {};

describe('calibration of the Norway baseline', () => {
  const loaded = loadScenario('norway-baseline');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const s = loaded.scenario;
  const replications = 20;
  let runs: ReplicationResult[] = [];
  beforeAll(() => {
    runs = Array.from({ length: replications }, (_, r) =>
      runReplication(s, { seed: s.run.seed, replication: r, years: s.run.years, warmupYears: s.run.warmupYears }),
    );
  });
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
});
