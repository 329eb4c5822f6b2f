/**
 * A census: the people in the system on the start date, one row each, to start a run from instead
 * of a long warm-up from an empty system. Read from a CSV (a real census, or the synthetic one
 * `corrsim census` writes from a simulated steady state), checked row by row with one-line errors
 * naming the line and the column, and checked against the scenario (facility names and levels).
 *
 * Only `status` and `elapsed_days` are required; a missing attribute (an empty cell, or a column
 * not there at all) is drawn from the scenario's distributions when the run starts.
 */
import { sha256Hex } from './hash.js';
import {
  EDUCATION_LEVELS,
  HOUSING_STATUSES,
  OFFENCES,
  PROGRAMS,
  type EducationLevel,
  type HousingStatus,
  type Offence,
  type ProgramName,
  type Scenario,
  type SecurityLevel,
} from './types.js';

/** Where a person is on the census date. */
export const CENSUS_STATUSES = [
  'police-cell',
  'remand',
  'awaiting-transfer',
  'queue',
  'high',
  'low',
  'halfway',
  'em',
  'community',
  'released',
  'awaiting-case',
] as const;
export type CensusStatus = (typeof CENSUS_STATUSES)[number];

/** How a custodial sentence is served: in prison (maybe ending on EM), at home on EM from the start, or preventive detention. */
export const CENSUS_SENTENCES = ['prison', 'em', 'preventive-detention'] as const;
export type CensusSentence = (typeof CENSUS_SENTENCES)[number];

/** A line the person stands in: for a prison place (queue), to step down to low security, or for a halfway house. */
export const CENSUS_WAITS = ['place', 'low', 'halfway', 'none'] as const;
export type CensusWait = (typeof CENSUS_WAITS)[number];

export interface CensusRecord {
  status: CensusStatus;
  /**
   * Days already spent, by the census date, in what the status is about: since remand began
   * (police-cell, remand), since the sentence counts as started, remand credited (awaiting-transfer,
   * high, low, halfway, em), since conviction (queue), since the community sentence began
   * (community), since release (released), since the new offence (awaiting-case).
   */
  elapsedDays: number;
  /** The facility holding the person (a name from the scenario); the level's least full one if absent. */
  facility?: string;
  sentence?: CensusSentence;
  /** The sentence as given, days (preventive detention: from its start to the next review). */
  sentenceDays?: number;
  /** Days on remand credited to the sentence. */
  remandDays?: number;
  /** The level a sentenced person waiting for a place is to serve in. */
  assignedLevel?: 'high' | 'low';
  waitingFor?: CensusWait;
  programsCompleted?: ProgramName[];
  /** Incidents in this custody episode. */
  incidents?: number;
  /** For someone serving the last part of a prison sentence on EM: the level they left. */
  levelBeforeEm?: 'high' | 'low' | 'halfway';
  /** For someone released: the log-odds of ever reoffending set at release (what the stay changed included). */
  reoffenceLogit?: number;
  ageYears?: number;
  woman?: boolean;
  foreign?: boolean;
  priors?: number;
  offence?: Offence;
  education?: EducationLevel;
  employedBefore?: boolean;
  housingBefore?: HousingStatus;
  substanceUse?: boolean;
  mentalIllness?: boolean;
  /** Assessed as high risk (placement, step-down); from the attributes at the age when the case began if absent. */
  highRisk?: boolean;
}

/**
 * What a run starts from: one census (a file: the state on the start date), or for a synthetic
 * census several states of the scenario's steady state, taken years apart along one long run, so
 * that the replications start from a spread of plausible todays rather than one that may be
 * unusual (replication r starts from state r mod the number of states).
 */
export interface Census {
  /** `synthetic` (drawn from the scenario's steady state) or the file's name. */
  source: string;
  /** Hex SHA-256 of the states as CSV text, one after another, so that an output names exactly what it started from. */
  sha256: string;
  /** One or more states, each a list of people. */
  states: CensusRecord[][];
  /** For a synthetic census: the warm-up before the first state and the years between states, and the seed of that run. */
  warmupYears?: number;
  spacingYears?: number;
  seed?: number;
}

export const SYNTHETIC_CENSUS_SOURCE = 'synthetic';

/** What outputs record of the census a run started from (not the people themselves). */
export interface CensusProvenance {
  source: string;
  sha256: string;
  /** People in each state. */
  people: number[];
  warmupYears?: number;
  spacingYears?: number;
  seed?: number;
}

export function censusProvenance(census: Census): CensusProvenance {
  return {
    source: census.source,
    sha256: census.sha256,
    people: census.states.map((s) => s.length),
    ...(census.warmupYears !== undefined ? { warmupYears: census.warmupYears, spacingYears: census.spacingYears, seed: census.seed } : {}),
  };
}

type Kind = 'number' | 'count' | 'boolean' | 'text' | 'programs' | readonly string[];

interface Column {
  name: string;
  field: keyof CensusRecord;
  kind: Kind;
  /** What the column holds, for `corrsim census --help` and docs. */
  meaning: string;
}

/** The columns of a census CSV, in the order `corrsim census` writes them. */
export const CENSUS_COLUMNS: readonly Column[] = [
  { name: 'status', field: 'status', kind: CENSUS_STATUSES, meaning: 'where the person is (required)' },
  { name: 'elapsed_days', field: 'elapsedDays', kind: 'number', meaning: 'days so far in the current stage (required; see docs/census.md)' },
  { name: 'facility', field: 'facility', kind: 'text', meaning: 'facility name from the scenario' },
  { name: 'sentence', field: 'sentence', kind: CENSUS_SENTENCES, meaning: 'prison, em (at home from the start) or preventive-detention' },
  { name: 'sentence_days', field: 'sentenceDays', kind: 'number', meaning: 'sentence length, days' },
  { name: 'remand_days', field: 'remandDays', kind: 'number', meaning: 'remand days credited to the sentence' },
  { name: 'assigned_level', field: 'assignedLevel', kind: ['high', 'low'], meaning: 'level to serve in, for those waiting for a place' },
  { name: 'waiting_for', field: 'waitingFor', kind: CENSUS_WAITS, meaning: 'line the person stands in: place, low, halfway or none' },
  { name: 'programs_completed', field: 'programsCompleted', kind: 'programs', meaning: `programmes completed this stay, joined by "+" (${PROGRAMS.join(', ')})` },
  { name: 'incidents', field: 'incidents', kind: 'count', meaning: 'incidents this stay' },
  { name: 'level_before_em', field: 'levelBeforeEm', kind: ['high', 'low', 'halfway'], meaning: 'level left for EM at the end of a prison sentence' },
  { name: 'reoffence_logit', field: 'reoffenceLogit', kind: 'number', meaning: 'log-odds of ever reoffending set at release' },
  { name: 'age_years', field: 'ageYears', kind: 'number', meaning: 'age on the census date, years' },
  { name: 'woman', field: 'woman', kind: 'boolean', meaning: '1 or 0' },
  { name: 'foreign', field: 'foreign', kind: 'boolean', meaning: 'foreign national, 1 or 0' },
  { name: 'priors', field: 'priors', kind: 'count', meaning: 'prior convictions' },
  { name: 'offence', field: 'offence', kind: OFFENCES, meaning: 'main offence of the current or last case' },
  { name: 'education', field: 'education', kind: EDUCATION_LEVELS, meaning: 'highest education completed' },
  { name: 'employed_before', field: 'employedBefore', kind: 'boolean', meaning: 'employed before entry (or at release), 1 or 0' },
  { name: 'housing_before', field: 'housingBefore', kind: HOUSING_STATUSES, meaning: 'housing before entry (or at release)' },
  { name: 'substance_use', field: 'substanceUse', kind: 'boolean', meaning: 'substance-use disorder, 1 or 0' },
  { name: 'mental_illness', field: 'mentalIllness', kind: 'boolean', meaning: 'serious mental illness, 1 or 0' },
  { name: 'high_risk', field: 'highRisk', kind: 'boolean', meaning: 'assessed as high risk, 1 or 0' },
];

/** Statuses that hold a prison place, and its level. */
export const CENSUS_PLACE_LEVEL: Partial<Record<CensusStatus, SecurityLevel>> = {
  remand: 'remand',
  'awaiting-transfer': 'remand',
  high: 'high',
  low: 'low',
  halfway: 'halfway',
};

/** Statuses of someone with a custodial sentence, which must say how long it is. */
const SENTENCED: readonly CensusStatus[] = ['awaiting-transfer', 'queue', 'high', 'low', 'halfway', 'em'];

/** More than this many problems are summarised, so a file that is not a census does not flood the terminal. */
const MAX_ERRORS = 20;

// --- CSV text --------------------------------------------------------------------------------

/** Splits CSV text into rows of fields (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function parseCell(kind: Kind, raw: string): { ok: true; value: unknown } | { ok: false; expected: string } {
  const text = raw.trim();
  if (Array.isArray(kind)) {
    return kind.includes(text) ? { ok: true, value: text } : { ok: false, expected: `one of ${kind.join(', ')}` };
  }
  switch (kind) {
    case 'number': {
      const x = Number(text);
      return Number.isFinite(x) ? { ok: true, value: x } : { ok: false, expected: 'a number' };
    }
    case 'count': {
      const x = Number(text);
      return Number.isInteger(x) && x >= 0 ? { ok: true, value: x } : { ok: false, expected: 'a whole number ≥ 0' };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['1', 'true', 'yes'].includes(lower)) return { ok: true, value: true };
      if (['0', 'false', 'no'].includes(lower)) return { ok: true, value: false };
      return { ok: false, expected: '1 or 0 (or true/false, yes/no)' };
    }
    case 'programs': {
      const names = text.split('+').map((name) => name.trim());
      const unknown = names.find((name) => !(PROGRAMS as readonly string[]).includes(name));
      return unknown === undefined ? { ok: true, value: names } : { ok: false, expected: `programme names joined by "+" (${PROGRAMS.join(', ')})` };
    }
    default:
      return { ok: true, value: text };
  }
}

/** What a record must hold given its status, as problems (empty when consistent). */
function recordProblems(r: CensusRecord): string[] {
  const problems: string[] = [];
  if (r.elapsedDays < 0) problems.push(`elapsed_days: expected days ≥ 0, found ${r.elapsedDays}`);
  if (SENTENCED.includes(r.status) && !(r.sentenceDays !== undefined && r.sentenceDays > 0)) {
    problems.push(`sentence_days: expected the sentence length in days (> 0) for status ${r.status}`);
  }
  if (r.sentence === 'em' && r.status !== 'em' && r.status !== 'queue') {
    problems.push(`sentence: em (at home from the start) goes with status em or queue, not ${r.status}`);
  }
  if (r.sentence === 'preventive-detention' && (r.status === 'queue' || r.status === 'em' || r.status === 'halfway')) {
    problems.push(`sentence: preventive detention is not served from status ${r.status}`);
  }
  if (r.remandDays !== undefined && r.remandDays < 0) problems.push(`remand_days: expected days ≥ 0, found ${r.remandDays}`);
  if (r.ageYears !== undefined && !(r.ageYears >= 15 && r.ageYears <= 110)) problems.push(`age_years: expected an age of 15–110 years, found ${r.ageYears}`);
  if (r.facility !== undefined && CENSUS_PLACE_LEVEL[r.status] === undefined) {
    problems.push(`facility: status ${r.status} holds no prison place, so it has no facility`);
  }
  return problems;
}

/** Parses a census CSV. `label` names the source in messages (a file name). */
export function parseCensusCsv(text: string, label: string): { ok: true; records: CensusRecord[] } | { ok: false; errors: string[] } {
  const rows = csvRows(text.replace(/^\uFEFF/, '')).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) return { ok: false, errors: [`${label}: the file is empty (expected a header row with at least status,elapsed_days)`] };
  const header = rows[0].map((name) => name.trim());
  const errors: string[] = [];
  const columns = header.map((name) => CENSUS_COLUMNS.find((c) => c.name === name));
  header.forEach((name, i) => {
    if (columns[i] === undefined) errors.push(`${label}: unknown column ${JSON.stringify(name)} (expected some of ${CENSUS_COLUMNS.map((c) => c.name).join(', ')})`);
    else if (header.indexOf(name) !== i) errors.push(`${label}: column ${name} appears twice`);
  });
  for (const required of ['status', 'elapsed_days']) {
    if (!header.includes(required)) errors.push(`${label}: the header has no ${required} column (required)`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const records: CensusRecord[] = [];
  for (let i = 1; i < rows.length && errors.length <= MAX_ERRORS; i++) {
    const where = `${label} line ${i + 1}`;
    const row = rows[i];
    if (row.length !== header.length) {
      errors.push(`${where}: expected ${header.length} fields as in the header, found ${row.length}`);
      continue;
    }
    const record: Record<string, unknown> = {};
    let rowOk = true;
    row.forEach((raw, k) => {
      const column = columns[k]!;
      if (raw.trim() === '') {
        if (column.name === 'status' || column.name === 'elapsed_days') {
          errors.push(`${where}, column ${column.name}: required, found an empty field`);
          rowOk = false;
        }
        return;
      }
      const parsed = parseCell(column.kind, raw);
      if (parsed.ok) record[column.field] = parsed.value;
      else {
        errors.push(`${where}, column ${column.name}: expected ${parsed.expected}, found ${JSON.stringify(raw.trim())}`);
        rowOk = false;
      }
    });
    if (!rowOk) continue;
    const r = record as unknown as CensusRecord;
    for (const problem of recordProblems(r)) errors.push(`${where}, column ${problem}`);
    records.push(r);
  }
  if (errors.length > MAX_ERRORS) return { ok: false, errors: [...errors.slice(0, MAX_ERRORS), `... and more problems in ${label}`] };
  if (errors.length > 0) return { ok: false, errors };
  if (records.length === 0) return { ok: false, errors: [`${label}: no people in the census (only a header)`] };
  return { ok: true, records };
}

/** Problems of a census against the scenario it starts: facility names and their levels. */
export function checkCensusAgainst(records: readonly CensusRecord[], scenario: Scenario, label: string): string[] {
  const problems: string[] = [];
  const names = new Map(scenario.facilities.map((f) => [f.name, f.level]));
  const levels = new Set(scenario.facilities.map((f) => f.level));
  records.forEach((r, i) => {
    if (problems.length >= MAX_ERRORS) return;
    const level = CENSUS_PLACE_LEVEL[r.status];
    if (level === undefined) return;
    if (r.facility === undefined) {
      if (!levels.has(level)) problems.push(`${label} row ${i + 1}: status ${r.status} needs a ${level} facility, and the scenario has none`);
      return;
    }
    const facilityLevel = names.get(r.facility);
    if (facilityLevel === undefined) {
      problems.push(`${label} row ${i + 1}, column facility: no facility named ${JSON.stringify(r.facility)} in the scenario (facilities: ${[...names.keys()].join(', ')})`);
    } else if (facilityLevel !== level) {
      problems.push(`${label} row ${i + 1}, column facility: ${r.facility} is a ${facilityLevel} facility, but status ${r.status} needs a ${level} place`);
    }
  });
  return problems;
}

/** The census as CSV text: every column, a row per person; missing values are empty fields. */
export function censusCsv(records: readonly CensusRecord[]): string {
  const lines = [CENSUS_COLUMNS.map((c) => c.name).join(',')];
  for (const r of records) {
    lines.push(CENSUS_COLUMNS.map((c) => formatCell(r[c.field])).join(','));
  }
  return lines.join('\n') + '\n';
}

/** A number as a census file holds it (8 significant digits), so that what is written reads back exactly. */
export function censusNumber(x: number): number {
  return Number.isInteger(x) ? x : Number(x.toPrecision(8));
}

function formatCell(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(censusNumber(value));
  if (Array.isArray(value)) return value.join('+');
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function censusSha256(states: ReadonlyArray<readonly CensusRecord[]>): string {
  return sha256Hex(...states.map((records) => censusCsv(records)));
}

/**
 * A census file's text as the census a run starts from; errors are one line each and name the
 * file by `label`. Reading the file is the caller's (src/scenario/files.node.ts on Node).
 */
export function censusFromText(text: string, label: string): { ok: true; census: Census } | { ok: false; errors: string[] } {
  const parsed = parseCensusCsv(text, label);
  if (!parsed.ok) return parsed;
  return { ok: true, census: { source: label, sha256: censusSha256([parsed.records]), states: [parsed.records] } };
}

/**
 * How a run started, in words for summaries and reports: "after 40 warm-up years", or "from 10
 * synthetic censuses of the steady state after 40 warm-up years, 2 years apart (~67,479 people)",
 * or "from the census census-2025.csv (3,512 people)".
 */
export function startPhrase(warmupYears: number, census?: CensusProvenance): string {
  const years = (n: number) => `${n} warm-up year${n === 1 ? '' : 's'}`;
  if (census === undefined) return `after ${years(warmupYears)}`;
  const mean = census.people.reduce((a, b) => a + b, 0) / census.people.length;
  const people = `${Math.round(mean).toLocaleString('en-US')} people`;
  if (census.source === SYNTHETIC_CENSUS_SOURCE) {
    const states = census.people.length;
    return `from ${states} synthetic census${states === 1 ? '' : 'es'} of the steady state after ${years(census.warmupYears ?? 0)}${states > 1 ? `, ${census.spacingYears} years apart` : ''} (${states > 1 ? '~' : ''}${people})`;
  }
  return `from the census ${census.source} (${people})`;
}
