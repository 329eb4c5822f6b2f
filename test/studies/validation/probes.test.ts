import { describe, expect, it } from 'vitest';
import { SECURITY_LEVELS } from '../../../src/model/params.js';
import { observeReleases, probeReplication, RELEASE_COVARIATES } from '../../../src/studies/validation/probes.js';
import { small } from '../../model/helpers.js';

const OPTIONS = { seed: 3, replication: 0, years: 2, warmupYears: 1 };

describe('the validation probes, listening to the model', () => {
  const scenario = small();

  it('count the stock at the start of measurement as the model holds it (whatever change comes first)', () => {
    // Measurement opens at the first change at or after its start, which may or may not be a change of level.
    for (let replication = 0; replication < 6; replication++) {
      expect(probeReplication(scenario, { seed: 1, replication, years: 0.25, warmupYears: 1 }).startMismatches, `replication ${replication}`).toEqual([]);
    }
  });

  it('count every entry into and exit from a level, from the stock at the start of measurement to the stock at its end', () => {
    const probe = probeReplication(scenario, OPTIONS);
    expect(probe.startMismatches).toEqual([]);
    expect(probe.statusMismatches).toEqual([]);
    expect(probe.placeMismatches).toEqual([]);
    for (const l of SECURITY_LEVELS) {
      const f = probe.levels[l];
      expect(f.stockAtStart + f.entries - f.exits, l).toBe(f.stockAtEnd);
    }
    expect(probe.levels.high.entries).toBeGreaterThan(100);
  });

  it('record a row per release from a sentence, and which were followed by a reoffence', () => {
    const cohort = observeReleases(scenario, OPTIONS, 180);
    expect(cohort.rows.length).toBeGreaterThan(100);
    expect(cohort.rows.every((r) => r.length === 1 + RELEASE_COVARIATES.length)).toBe(true);
    expect(cohort.reoffended.length).toBe(cohort.rows.length);
    const share = cohort.reoffended.reduce((a, b) => a + b, 0) / cohort.rows.length;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
  });
});
