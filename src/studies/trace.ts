/**
 * Life stories: people followed through one replication, and the record of `corrsim trace`
 * (trace.json). The run study uses `lifeStories` for the stories told in report.html.
 */
import { DAYS_PER_YEAR } from '../model/params.js';
import type { ReplicationOptions } from '../model/result.js';
import { followPeople, type PersonFacts, type PersonStory } from '../model/trace.js';
import type { CensusProvenance, CensusRecord } from '../scenario/census.js';
import type { Scenario } from '../scenario/types.js';
import type { Provenance } from './provenance.js';
import { censusRecord, startState, type RunStart } from './study.js';

/** A line of a dated story, as the run report and the swimlane chart show it. */
export interface TraceLine {
  /** Day counted from the start of measurement (the scenario's start date). */
  day: number;
  /** Calendar date, when the scenario has a start date. */
  date?: string;
  text: string;
  /** What kind of event (remanded, sentenced, released, …); colours the swimlane when given. */
  kind?: string;
}

/** One person's story, as the run report and the swimlane chart show it. */
export interface TracedPerson {
  id: string | number;
  lines: TraceLine[];
}

/** The stories of a few people of one replication, each line dated, the first line their portrait (for the run report). */
export function lifeStories(scenario: Scenario, options: ReplicationOptions, count: number, census?: readonly CensusRecord[]): TracedPerson[] {
  const { stories } = followPeople(scenario, options, count, null, census);
  const start = Date.parse(`${scenario.run.startDate}T00:00:00Z`);
  return stories.map((s) => ({
    id: s.id,
    lines: [
      { day: s.lines[0]?.day ?? 0, text: `Person ${s.id}: ${s.portrait}` },
      ...s.lines.map((l) => ({ day: l.day, date: new Date(start + Math.round(l.day) * 86_400_000).toISOString().slice(0, 10), text: l.text })),
    ],
  }));
}

export interface TraceRequest {
  provenance: Provenance;
  scenario: { name: string; sha256: string; resolved: Scenario };
  seed: number;
  replication: number;
  years: number;
  start: RunStart;
  people: number;
  /** The --where condition as written (null for none), and its predicate. */
  where: string | null;
  filter: ((facts: PersonFacts) => boolean) | null;
}

/** trace.json. */
export interface TraceRecord extends Provenance {
  scenario: { name: string; sha256: string };
  seed: number;
  replication: number;
  years: number;
  warmupYears: number;
  census?: CensusProvenance;
  where: string | null;
  /** People who entered in the first half of the measured period and match the condition. */
  matching: number;
  people: PersonStory[];
}

/** Follows the people asked for through one replication; the record, and the last day of the run for the stories' ends. */
export function runTrace(request: TraceRequest): { record: TraceRecord; endDay: number } {
  const options = { seed: request.seed, replication: request.replication, years: request.years, warmupYears: request.start.warmupYears };
  const { matching, stories } = followPeople(request.scenario.resolved, options, request.people, request.filter, startState(request.start, request.replication));
  const record: TraceRecord = {
    corrsim: request.provenance.corrsim,
    scenario: { name: request.scenario.name, sha256: request.scenario.sha256 },
    seed: options.seed,
    replication: options.replication,
    years: options.years,
    warmupYears: options.warmupYears,
    ...censusRecord(request.start),
    command: request.provenance.command,
    where: request.where,
    matching,
    people: stories,
  };
  return { record, endDay: options.years * DAYS_PER_YEAR };
}
