/**
 * What starting from a census saves: one replication of the baseline after its warm-up from an
 * empty system, against the same horizon from a state of the synthetic census (the cost of
 * drawing the census, paid once per run or capacity search, is measured apart).
 */
import { syntheticCensus } from '../src/experiments/census.js';
import { Replication } from '../src/model/replication.js';
import { loadScenario } from '../src/scenario/files.node.js';
import { msSince } from './util.js';

export interface CensusTiming {
  years: number;
  warmupYears: number;
  /** One replication: warm-up and measured years, seconds (median of `replications`). */
  warmupSeconds: number;
  /** Drawing the synthetic census (its states along one run), seconds. */
  censusSeconds: number;
  states: number;
  /** Restoring one state into an empty model, seconds (median). */
  restoreSeconds: number;
  /** One replication from a state: restore and measured years, seconds (median). */
  fromCensusSeconds: number;
  /** People in the first state. */
  people: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function censusTiming(options: { years: number; warmupYears: number; replications: number }): CensusTiming {
  const loaded = loadScenario('norway-baseline');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const scenario = loaded.scenario;
  const { years, warmupYears, replications } = options;
  const warm: number[] = [];
  for (let r = 0; r < replications; r++) {
    const start = process.hrtime.bigint();
    new Replication(scenario, { seed: 1, replication: r, years, warmupYears }).run();
    warm.push(msSince(start) / 1000);
  }
  let start = process.hrtime.bigint();
  const census = syntheticCensus(scenario, 1, warmupYears);
  const censusSeconds = msSince(start) / 1000;
  const restore: number[] = [];
  const fromCensus: number[] = [];
  for (let r = 0; r < replications; r++) {
    start = process.hrtime.bigint();
    const rep = new Replication(scenario, { seed: 1, replication: r, years, warmupYears: 0 }, census.states[r % census.states.length]);
    restore.push(msSince(start) / 1000);
    rep.run();
    fromCensus.push(msSince(start) / 1000);
  }
  return {
    years,
    warmupYears,
    warmupSeconds: median(warm),
    censusSeconds,
    states: census.states.length,
    restoreSeconds: median(restore),
    fromCensusSeconds: median(fromCensus),
    people: census.states[0].length,
  };
}
