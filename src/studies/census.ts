/**
 * The census study (`corrsim census [SCENARIO]`): the synthetic census of a scenario, everyone in
 * the system at its steady state, as the records of census.csv and census.json; and what a user
 * should know of a census before starting a run from it.
 */
import { syntheticCensus } from '../experiments/census.js';
import { CENSUS_PLACE_LEVEL, CENSUS_STATUSES, censusProvenance, type Census, type CensusProvenance, type CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';
import type { Provenance, ScenarioIdentity } from './provenance.js';

export interface CensusRequest {
  provenance: Provenance;
  scenario: ScenarioIdentity;
  seed: number;
  /** Years simulated from an empty system before the census (> 0). */
  warmupYears: number;
}

/** census.json. */
export interface CensusFileRecord extends Provenance, CensusProvenance {
  scenario: ScenarioIdentity;
  /** The census date: the scenario's run.startDate. */
  date: string;
  /** People per status, every status in order. */
  counts: Record<string, number>;
}

/** One state of the scenario's steady state after the warm-up: its people (census.csv) and its record. */
export function censusStudy(request: CensusRequest): { records: CensusRecord[]; record: CensusFileRecord } {
  const census = syntheticCensus(request.scenario.resolved, request.seed, request.warmupYears, 1);
  const records = census.states[0];
  const record: CensusFileRecord = {
    corrsim: request.provenance.corrsim,
    scenario: request.scenario,
    date: request.scenario.resolved.run.startDate,
    ...censusProvenance(census),
    counts: censusCounts(records),
    command: request.provenance.command,
  };
  return { records, record };
}

/** People per status of a census state, every status in order. */
export function censusCounts(records: readonly CensusRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of CENSUS_STATUSES) counts[status] = 0;
  for (const r of records) counts[r.status]++;
  return counts;
}

/**
 * What a user should know of the census before trusting the run: a level held above its places
 * (the extra close as people leave), and a census with nobody released, whose first years lack the
 * returns of people released before the start.
 */
export function censusNotes(census: Census, scenario: Scenario): string[] {
  const held = new Map<string, number>();
  for (const r of census.states[0]) {
    const level = CENSUS_PLACE_LEVEL[r.status];
    if (level !== undefined) held.set(level, (held.get(level) ?? 0) + 1);
  }
  const notes: string[] = [];
  for (const [level, count] of held) {
    const places = scenario.facilities.filter((f) => f.level === level).reduce((sum, f) => sum + f.capacity, 0);
    if (count > places) {
      notes.push(`the census holds ${count} people in ${level} places, above the ${places} places of the scenario: the extra places close as people leave`);
    }
  }
  if (!census.states[0].some((r) => r.status === 'released' || r.status === 'awaiting-case')) {
    notes.push(
      `the census ${census.source} has nobody released or awaiting a new case: returns of people released before the start are missing, ` +
        'so admissions run low for the first years (add them, e.g. the released and awaiting-case rows of `corrsim census`; see docs/census.md)',
    );
  }
  return notes;
}
