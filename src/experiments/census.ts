/**
 * The synthetic census: states of the scenario's steady state, taken along one long run from an
 * empty system (the first after the warm-up, then every few years), each the people in the system
 * at that moment. A run, a capacity search or a comparison then starts every replication from one
 * of them instead of repeating the warm-up in each. Their numbers are kept to the digits a census
 * file holds, so that a state `corrsim census` writes to a file and the same state here give the same runs.
 */
import { takeCensus } from '../model/restore.js';
import { Replication } from '../model/replication.js';
import { DAYS_PER_YEAR } from '../model/params.js';
import { censusSha256, SYNTHETIC_CENSUS_SOURCE, type Census, type CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';

/**
 * The replication index of the run the states are taken from: far from those a batch runs
 * (0, 1, …), so its random streams are not those of any replication started from it.
 */
export const CENSUS_REPLICATION = 999_999_999;
/** States of a synthetic census: enough that replications start from a spread of todays. */
export const SYNTHETIC_STATES = 10;
/**
 * Years between states: longer than the memory of the prison population's fluctuations (most
 * stays are months; the queue clears within a year or two), so the states are nearly independent.
 */
export const SYNTHETIC_SPACING_YEARS = 2;

export function syntheticCensus(scenario: Scenario, seed: number, warmupYears: number, states = SYNTHETIC_STATES): Census {
  const years = (states - 1) * SYNTHETIC_SPACING_YEARS;
  const run = new Replication(scenario, { seed, replication: CENSUS_REPLICATION, years, warmupYears });
  const taken: CensusRecord[][] = [];
  for (let k = 0; k < states; k++) {
    run.runUntil((warmupYears + k * SYNTHETIC_SPACING_YEARS) * DAYS_PER_YEAR);
    taken.push(takeCensus(run.model));
  }
  return {
    source: SYNTHETIC_CENSUS_SOURCE,
    sha256: censusSha256(taken),
    states: taken,
    warmupYears,
    spacingYears: SYNTHETIC_SPACING_YEARS,
    seed,
  };
}
