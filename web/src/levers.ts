/**
 * The levers of the seminar page: the main policy parameters of a scenario, each a field (or a few
 * fields) of the scenario schema that a student can move. A lever's range, step and whether it
 * takes whole numbers are read from the schema itself (`schemaAt`), its baseline from the chosen
 * scenario, and what it changes is written as `--set PATH=VALUE` overrides, so the page resolves
 * and validates a changed scenario exactly as `corrsim run --set …` does, and the messages it shows
 * beside a lever are the command line's own.
 *
 * Portable: no DOM and no Node here (the Node tests import it).
 */
import { getAt, type PathSegment } from '../../src/scenario/merge.js';
import { schemaAt } from '../../src/scenario/messages.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { PROGRAMS, type Scenario, type SecurityLevel } from '../../src/scenario/types.js';

export type LeverGroup = 'places' | 'programmes' | 'step-down' | 'release' | 'sentencing' | 'staff';

export const GROUP_TITLES: Record<LeverGroup, string> = {
  places: 'Places per level',
  programmes: 'School, work and treatment places',
  'step-down': 'Open prisons, halfway houses and electronic monitoring',
  release: 'Parole and release',
  sentencing: 'Sentencing and admissions',
  staff: 'Staffing',
};

export interface Lever {
  /** Unique; for a lever of one field, its path (`programs.education.slots`). */
  id: string;
  group: LeverGroup;
  label: string;
  /** Shown after the value: 'places', 'share', '× today', … */
  unit: string;
  /** One line for a student: what the lever is in the model. */
  help: string;
  /** The chosen scenario's value. */
  baseline: number;
  /** The slider's range and step; the number box beside it takes anything (the validator answers). */
  min: number;
  max: number;
  step: number;
  /** The scenario fields the lever writes (for placing the validator's messages beside it). */
  paths: string[];
  /** The `PATH=VALUE` overrides for a value as typed (a string, so a wrong one reaches the validator as typed). */
  toSets(value: string): string[];
}

const LEVEL_WORDS: Record<SecurityLevel, string> = {
  remand: 'remand',
  high: 'high security',
  low: 'open prison (low security)',
  halfway: 'halfway house',
};

const PROGRAM_WORDS: Record<(typeof PROGRAMS)[number], string> = {
  education: 'School (education) places',
  vocational: 'Vocational training places',
  work: 'Work places',
  addictionTreatment: 'Addiction treatment places',
  cognitiveBehavioural: 'Cognitive-behavioural programme places',
  psychiatricCare: 'Psychiatric care places',
};

interface Bounds {
  min: number;
  max: number;
  int: boolean;
}

/** What the schema allows at a path: bounds and whether it is a whole number. */
export function schemaBounds(scenario: Scenario, path: readonly PathSegment[]): Bounds {
  const node = schemaAt(scenarioSchema, path, scenario) as { minValue?: number | null; maxValue?: number | null; isInt?: boolean } | undefined;
  if (node === undefined || typeof node.minValue === 'undefined') throw new Error(`lever: ${path.join('.')} is not a number field of the scenario schema`);
  return { min: Number.isFinite(node.minValue ?? NaN) ? (node.minValue as number) : 0, max: node.maxValue ?? Infinity, int: node.isInt === true };
}

function numberAt(scenario: Scenario, path: readonly PathSegment[]): number {
  const value = getAt(scenario, path);
  if (typeof value !== 'number') throw new Error(`lever: ${path.join('.')} is not a number in the scenario`);
  return value;
}

/** A slider's upper end for a field without one in the schema: room to double and more. */
function openMax(baseline: number, int: boolean): number {
  const top = Math.max(baseline * 3, baseline + (int ? 10 : 1));
  if (!int) return Number(top.toPrecision(2));
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(top)) - 1);
  return Math.ceil(top / magnitude) * magnitude;
}

/** A lever of one number field. */
function fieldLever(scenario: Scenario, path: PathSegment[], group: LeverGroup, label: string, unit: string, help: string, step?: number): Lever {
  const id = path.join('.');
  const bounds = schemaBounds(scenario, path);
  const baseline = numberAt(scenario, path);
  const max = Number.isFinite(bounds.max) && bounds.max < 1e9 ? bounds.max : openMax(baseline, bounds.int);
  return {
    id,
    group,
    label,
    unit,
    help,
    baseline,
    min: bounds.min,
    max,
    step: step ?? (bounds.int ? 1 : max <= 1 ? 0.01 : 0.05),
    paths: [id],
    toSets: (value) => [`${id}=${value.trim()}`],
  };
}

/** Officers of every facility scaled by one factor (the staff ratio of every level, × today). */
function staffLever(scenario: Scenario): Lever {
  const paths = scenario.facilities.map((_, i) => `facilities.${i}.officersFte`);
  return {
    id: 'staff.officersFactor',
    group: 'staff',
    label: 'Security officers per place',
    unit: '× today',
    help: 'Officers of every prison scaled by this factor (dynamic security: fewer officers, more incidents).',
    baseline: 1,
    min: 0,
    max: 2,
    step: 0.05,
    paths,
    toSets: (value) => {
      const factor = Number(value.trim());
      // Not a number: passed on as typed, so the validator names the field and what it found.
      return scenario.facilities.map((f, i) => `${paths[i]}=${value.trim() === '' || !Number.isFinite(factor) ? value.trim() : round(f.officersFte * factor, 4)}`);
    },
  };
}

function round(x: number, decimals: number): number {
  const k = 10 ** decimals;
  return Math.round(x * k) / k;
}

/** The levers of a scenario, in the order the page shows them. */
export function leversFor(scenario: Scenario): Lever[] {
  const levers: Lever[] = [];
  scenario.facilities.forEach((f, i) => {
    levers.push(fieldLever(scenario, ['facilities', i, 'capacity'], 'places', `Places: ${f.name}`, 'places', `Places at ${LEVEL_WORDS[f.level]} in ${f.name}.`));
  });
  for (const program of PROGRAMS) {
    levers.push(fieldLever(scenario, ['programs', program, 'slots'], 'programmes', PROGRAM_WORDS[program], 'places', `People who can take part at once; others wait or go without.`));
    if (program === 'education') {
      levers.push(
        fieldLever(scenario, ['programs', 'education', 'referralShare'], 'programmes', 'School: share of those eligible referred', 'share', 'Of prisoners below the education level the scenario names (higher education in the baseline), the share offered a place.'),
        fieldLever(scenario, ['programs', 'education', 'minRemainingDays'], 'programmes', 'School: shortest time left to start', 'days', 'A course starts only with at least this many days of the sentence left.', 1),
      );
    }
  }
  levers.push(
    fieldLever(scenario, ['placement', 'lowSecurityShare'], 'step-down', 'Start in an open prison', 'share', 'Share of those eligible (short sentences, not high risk) who start in an open prison.'),
    fieldLever(scenario, ['stepDown', 'halfwayHouse', 'approvalShare'], 'step-down', 'Halfway house approved', 'share', 'Share of eligible long-sentence prisoners approved for a halfway house at the end.'),
    fieldLever(scenario, ['electronicMonitoring', 'capacity'], 'step-down', 'Electronic monitoring (EM) places', 'places', 'People who can serve at home with an ankle tag at once.'),
    fieldLever(scenario, ['electronicMonitoring', 'frontDoor', 'maxSentenceDays'], 'step-down', 'EM instead of prison: longest sentence', 'days', 'Sentences up to this length may be served on EM from the start.', 1),
    fieldLever(scenario, ['electronicMonitoring', 'frontDoor', 'approvalShare'], 'step-down', 'EM instead of prison: approved', 'share', 'Share of eligible applicants approved to serve the whole sentence on EM.'),
    fieldLever(scenario, ['electronicMonitoring', 'backDoor', 'approvalShare'], 'step-down', 'EM at the end of a sentence: approved', 'share', 'Share of eligible prisoners approved to serve the last months on EM.'),
    fieldLever(scenario, ['parole', 'afterShareServed'], 'release', 'Parole after this share served', 'share', 'Parole (conditional release) is considered after this share of the sentence.'),
    fieldLever(scenario, ['parole', 'grantProbability'], 'release', 'Parole granted', 'probability', 'Chance that parole is granted when it is considered.'),
    fieldLever(scenario, ['release', 'housing', 'guaranteeProbability'], 'release', 'Housing guarantee at release', 'probability', 'Chance that the municipality secures a home for someone released without one.'),
    fieldLever(scenario, ['sentencing', 'lengthMultiplier'], 'sentencing', 'Sentence lengths', '× today', 'Every unconditional sentence multiplied by this factor.', 0.05),
    fieldLever(scenario, ['population', 'newCasesPerYear'], 'sentencing', 'New cases a year (admissions)', 'cases a year', 'First-time cases coming to court each year; reconvicted people come on top.', 10),
    staffLever(scenario),
  );
  return levers;
}

/** The overrides for the values as typed, for the levers moved away from their baseline (in lever order). */
export function setsFor(levers: readonly Lever[], values: Readonly<Record<string, string>>): string[] {
  const sets: string[] = [];
  for (const lever of levers) {
    const value = values[lever.id];
    if (value === undefined || isBaseline(lever, value)) continue;
    sets.push(...lever.toSets(value));
  }
  return sets;
}

export function isBaseline(lever: Lever, value: string): boolean {
  const x = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(x) && x === lever.baseline;
}

/**
 * The validator's messages placed beside the lever that caused them: a message about
 * `--set PATH` goes to the lever writing PATH; any other (a rule across fields) goes to `general`.
 */
export function messagesByLever(levers: readonly Lever[], errors: readonly string[]): { byLever: Record<string, string[]>; general: string[] } {
  const owner = new Map<string, string>();
  for (const lever of levers) for (const path of lever.paths) owner.set(path, lever.id);
  const byLever: Record<string, string[]> = {};
  const general: string[] = [];
  for (const error of errors) {
    const m = /^--set ([^:=\s]+)[:=]/.exec(error);
    const id = m === null ? undefined : owner.get(m[1]);
    if (id === undefined) general.push(error);
    else (byLever[id] ??= []).push(error.slice(m![0].length - 1).replace(/^[:=]\s*/, ''));
  }
  return { byLever, general };
}
