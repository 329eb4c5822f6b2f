/**
 * The observed history a backtest compares with (data/norway-history.csv; data/README.md): one
 * observation a row, with its series, date, period, value, unit and role. Read from text, checked
 * row by row against the vocabulary of series (data/norway-history-series.csv), with one line per
 * problem naming the row and the column. Rows are numbered as a spreadsheet shows them: the header
 * is row 1.
 *
 * The role matters: `input` rows are what a scenario may be driven by, `outcome` rows what it is
 * judged on. The backtest scores outcome rows only and never hands any row to the model.
 */
import { csvRows } from '../../scenario/census.js';
import { sha256Hex } from '../../scenario/hash.js';

export const PERIODS = ['year', 'day', 'month', 'ytd'] as const;
export type Period = (typeof PERIODS)[number];
export const ROLES = ['input', 'outcome'] as const;
export type Role = (typeof ROLES)[number];

/** One series of the vocabulary. */
export interface SeriesInfo {
  series: string;
  unit: string;
  role: Role;
  definition: string;
}

/** One observation. */
export interface Observation {
  series: string;
  /** ISO date, by the convention of `period` (data/README.md). */
  date: string;
  period: Period;
  value: number;
  unit: string;
  role: Role;
  /** H, M or L (empty when the file has no confidence column). */
  confidence: string;
  /** The row in the file (the header is row 1). */
  row: number;
}

export interface HistoryData {
  /** The file's name as given. */
  source: string;
  /** Hex SHA-256 of the file's text. */
  sha256: string;
  observations: Observation[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const REQUIRED_COLUMNS = ['series', 'date', 'period', 'value', 'unit', 'role'] as const;
/** Problems listed before the rest are only counted. */
const MAX_ERRORS = 20;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function nonEmptyRows(text: string): string[][] {
  return csvRows(text.replace(/^\uFEFF/, '')).filter((row) => row.some((cell) => cell.trim() !== ''));
}

function capped(errors: string[]): string[] {
  return errors.length <= MAX_ERRORS ? errors : [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more problems`];
}

/** The vocabulary: series,unit,role,definition (data/norway-history-series.csv). */
export function parseVocabulary(text: string, label: string): Parsed<Map<string, SeriesInfo>> {
  const rows = nonEmptyRows(text);
  if (rows.length === 0) return { ok: false, errors: [`${label}: the file is empty (expected a header series,unit,role,definition)`] };
  const header = rows[0].map((h) => h.trim());
  const index = (name: string) => header.indexOf(name);
  const missing = ['series', 'unit', 'role'].filter((name) => index(name) < 0);
  if (missing.length > 0) return { ok: false, errors: [`${label} row 1: the header has no ${missing.join(', ')} column (expected series,unit,role,definition)`] };
  const errors: string[] = [];
  const vocabulary = new Map<string, SeriesInfo>();
  for (let i = 1; i < rows.length; i++) {
    const cell = (name: string) => (rows[i][index(name)] ?? '').trim();
    const series = cell('series');
    const role = cell('role');
    if (series === '') errors.push(`${label} row ${i + 1}, column series: expected a series name, found an empty field`);
    else if (vocabulary.has(series)) errors.push(`${label} row ${i + 1}, column series: ${series} is listed twice`);
    if (!(ROLES as readonly string[]).includes(role)) errors.push(`${label} row ${i + 1}, column role: expected input or outcome, found '${role}'`);
    if (series !== '') vocabulary.set(series, { series, unit: cell('unit'), role: role as Role, definition: index('definition') >= 0 ? cell('definition') : '' });
  }
  return errors.length > 0 ? { ok: false, errors: capped(errors) } : { ok: true, value: vocabulary };
}

/**
 * The observations of a history file, each checked: a series of the vocabulary (with its unit and
 * role), a real ISO date, a period of year/day/month/ytd, and a finite value ≥ 0.
 */
export function parseHistory(text: string, label: string, vocabulary: ReadonlyMap<string, SeriesInfo>): Parsed<HistoryData> {
  const rows = nonEmptyRows(text);
  if (rows.length === 0) return { ok: false, errors: [`${label}: the file is empty (expected a header with ${REQUIRED_COLUMNS.join(',')})`] };
  const header = rows[0].map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) return { ok: false, errors: [`${label} row 1: the header has no ${missing.join(', ')} column (expected at least ${REQUIRED_COLUMNS.join(',')})`] };
  const col = (name: string) => header.indexOf(name);
  const errors: string[] = [];
  const observations: Observation[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    const where = (column: string) => `${label} row ${i + 1}, column ${column}`;
    if (row.length !== header.length) {
      errors.push(`${label} row ${i + 1}: expected ${header.length} fields as in the header, found ${row.length}`);
      continue;
    }
    const cell = (name: string) => (col(name) >= 0 ? row[col(name)].trim() : '');
    const before = errors.length;
    const series = cell('series');
    const info = vocabulary.get(series);
    if (info === undefined) errors.push(`${where('series')}: unknown series '${series}' (not in the vocabulary of series)`);
    const date = cell('date');
    if (!isIsoDate(date)) errors.push(`${where('date')}: expected a date YYYY-MM-DD, found '${date}'`);
    const period = cell('period');
    if (!(PERIODS as readonly string[]).includes(period)) errors.push(`${where('period')}: expected one of ${PERIODS.join(', ')}, found '${period}'`);
    const rawValue = cell('value');
    const value = rawValue === '' ? NaN : Number(rawValue);
    if (!Number.isFinite(value)) errors.push(`${where('value')}: expected a number, found '${rawValue}'`);
    else if (value < 0) errors.push(`${where('value')}: expected a value ≥ 0 (counts, places and percentages are never negative), found ${rawValue}`);
    const unit = cell('unit');
    const role = cell('role');
    if (info !== undefined && unit !== info.unit) errors.push(`${where('unit')}: the vocabulary gives ${series} the unit '${info.unit}', found '${unit}'`);
    if (!(ROLES as readonly string[]).includes(role)) errors.push(`${where('role')}: expected input or outcome, found '${role}'`);
    else if (info !== undefined && role !== info.role) errors.push(`${where('role')}: the vocabulary makes ${series} an ${info.role}, found '${role}'`);
    if (errors.length > before) continue;
    observations.push({ series, date, period: period as Period, value, unit, role: role as Role, confidence: cell('confidence'), row: i + 1 });
  }
  if (errors.length > 0) return { ok: false, errors: capped(errors) };
  return { ok: true, value: { source: label, sha256: sha256Hex(text), observations } };
}
