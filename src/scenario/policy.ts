/**
 * Dated policy changes as plain data: which fields a change may not touch, and the rules that
 * result from a set of changes. Shared by the schema (which validates every resulting set of
 * rules) and the model (which runs on them), so both merge the same way.
 */
import { deepMerge, getAt, type PathSegment } from './merge.js';
import type { Scenario } from './types.js';

/** Fields that hold for a whole run, with what to use instead; a change that touches one is refused. */
export const FIXED_THROUGH_RUN: ReadonlyArray<{ path: readonly PathSegment[]; instead: string }> = [
  { path: ['name'], instead: 'the scenario keeps one name' },
  { path: ['description'], instead: 'give the change a description of its own, beside its patch' },
  { path: ['run'], instead: 'the run settings hold for the whole run' },
  { path: ['population'], instead: 'who enters is fixed; use population.newCasesByYear for admissions that change by year' },
  {
    path: ['facilities'],
    instead: 'use facilities.<i>.capacityChanges to open or close places at a date; staffing is fixed through a run',
  },
  {
    path: ['incidents', 'referenceOfficersPerPlace'],
    instead: 'the usual staffing that staffing effects count from is fixed through a run',
  },
  ...(['education', 'vocational', 'work', 'addictionTreatment', 'cognitiveBehavioural', 'psychiatricCare'] as const).map((name) => ({
    path: ['programs', name, 'track'] as const,
    instead: 'which programmes run side by side is fixed through a run; change slots or referrals instead',
  })),
  { path: ['policyChanges'], instead: 'list every change under the scenario\'s own policyChanges' },
  { path: ['valves'], instead: 'a valve switches itself on and off by its trigger' },
  { path: ['sentencing', 'lengthMultiplierByYear'], instead: 'the table is already by year; change sentencing.lengthMultiplier at a date instead' },
  { path: ['remand', 'byYear'], instead: 'the table is already by year' },
  { path: ['electronicMonitoring', 'capacityChanges'], instead: 'the table is already dated; change electronicMonitoring.capacity at a date instead' },
];

/** The fixed fields a patch touches, each with a one-line reason. */
export function fixedFieldsIn(patch: unknown): Array<{ path: PathSegment[]; message: string }> {
  return FIXED_THROUGH_RUN.filter((fixed) => getAt(patch, fixed.path) !== undefined).map((fixed) => ({
    path: [...fixed.path],
    message: `cannot change at a date (${fixed.instead})`,
  }));
}

/**
 * The scenario with the given patches merged in order. Not validated: the schema validates every
 * set of rules a scenario's changes can produce. Without patches, the scenario itself.
 */
export function withPatches(scenario: Scenario, patches: readonly Record<string, unknown>[]): Scenario {
  let rules: unknown = scenario;
  for (const patch of patches) rules = deepMerge(rules, patch);
  return rules as Scenario;
}
