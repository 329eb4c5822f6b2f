/** The capacity study's search run on a stand-in for the model (fake replications whose occupancy is known), so its answer is exact. */
import { describe, expect, test } from 'vitest';
import { nodeRunner } from '../../../src/experiments/pool.node.js';
import type { ReplicationOptions } from '../../../src/model/result.js';
import { loadScenario } from '../../../src/scenario/files.node.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { runCapacitySearch } from '../../../src/studies/capacity/study.js';
import { parseTarget } from '../../../src/studies/capacity/targets.js';
import { fakeResult } from '../../experiments/fake.js';

describe('runCapacitySearch with a stand-in for the model', () => {
  const loaded = loadScenario('norway-baseline');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const occupancyTarget = parseTarget('occupancy_high.mean<=0.9');
  if (!occupancyTarget.ok) throw new Error(occupancyTarget.error);
  const highPlaces = (s: Scenario) => s.facilities.filter((f) => f.level === 'high').reduce((n, f) => n + f.capacity, 0);
  /** 1,700 × (1 + r/100) people in high security whatever the places: replication 3 of 4 needs 1,700 × 1.03 ÷ 0.9 = 1,945.6 places. */
  const occupancyOf = (s: Scenario, o: ReplicationOptions) => {
    const result = fakeResult(o);
    result.monthly.occupancy_high = result.monthly.occupancy_high.map(() => (1700 * (1 + o.replication / 100)) / highPlaces(s));
    return result;
  };
  const settings = {
    scenario: loaded.scenario, level: 'high' as const, targets: [occupancyTarget.value], probability: 0.9,
    min: 1, max: 6600, resolution: 1, seed: 5, replications: 4, years: 1, warmupYears: 0,
  };

  test('every candidate runs replications 0..n−1 with the same seed; the answer is exact', async () => {
    const seen: string[] = [];
    const runner = nodeRunner(1, (s, o) => {
      seen.push(`${highPlaces(s)}:${o.seed}:${o.replication}`);
      return occupancyOf(s, o);
    });
    const run = await runCapacitySearch(settings, runner);
    expect(run.outcome).toMatchObject({ status: 'found', answer: 1946, below: 1945 });
    for (const c of run.candidates) {
      expect(seen.filter((x) => x.startsWith(`${c.evaluation.places}:`))).toEqual([0, 1, 2, 3].map((r) => `${c.evaluation.places}:5:${r}`));
    }
    expect(run.candidates.length).toBeLessThanOrEqual(6);
  });

  test('a replication that throws stops the search, keeping the candidates that finished', async () => {
    const runner = nodeRunner(1, (s, o) => {
      if (highPlaces(s) !== highPlaces(loaded.scenario) && o.replication === 2) throw new Error('event calendar corrupted');
      return occupancyOf(s, o);
    });
    const run = await runCapacitySearch(settings, runner);
    expect(run.outcome.status).toBe('stopped');
    expect(run.candidates.map((c) => c.evaluation.places)).toEqual([highPlaces(loaded.scenario)]);
    expect(run.stopped).toMatchObject({ reason: 'failed', finished: 2, failures: [{ replication: 2, seed: 5, message: 'event calendar corrupted' }] });
  });
});
