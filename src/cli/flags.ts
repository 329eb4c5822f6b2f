/**
 * The flags `run`, `compare` and `sweep` share, checked one by one: every problem becomes one line
 * naming the flag, what was expected and what was found, and all of them are reported together.
 * yargs hands values over as strings (arrays when a flag is repeated; '' for a flag given without
 * a value), so that a bad one can be quoted back.
 */
import { AUTO_MAX, AUTO_START, AUTO_STEP, type AutoRule, type PrecisionTarget } from '../experiments/auto.js';
import { METRIC_NAMES } from '../stats/metric-names.js';
import { resolve } from 'node:path';
import { SYNTHETIC_CENSUS } from '../scenario/resolve.js';
import { editDistance } from '../scenario/suggest.js';
import type { RunSettings } from '../scenario/types.js';

/** The flags common to the batch commands, as yargs hands them over. */
export interface BatchArgs {
  replications?: unknown;
  seed?: unknown;
  years?: unknown;
  warmupYears?: unknown;
  out?: unknown;
  workers?: unknown;
  set?: unknown;
  fixedEffects?: boolean;
  census?: unknown;
  quiet?: boolean;
  json?: boolean;
}

/** The flags of `--replications auto` (run and compare). */
export interface AutoArgs {
  precision?: unknown;
  maxReplications?: unknown;
  minReplications?: unknown;
}

export interface BatchFlags {
  /** A number, 'auto', or undefined for the scenario's default. */
  replications?: number | 'auto';
  seed?: number;
  years?: number;
  warmupYears?: number;
  workers?: number;
  out?: string;
  sets: string[];
  fixedEffects: boolean;
  /** `synthetic`, or the path of a census CSV from the working directory. */
  census?: string;
}

/** Seed and horizon of a run: the flags where given, otherwise the scenario's `run` settings. */
export function runSettings(flags: BatchFlags, run: Pick<RunSettings, 'seed' | 'years' | 'warmupYears'>): { seed: number; years: number; warmupYears: number } {
  return { seed: flags.seed ?? run.seed, years: flags.years ?? run.years, warmupYears: flags.warmupYears ?? run.warmupYears };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The common flags. `auto` says whether this command takes `--replications auto`; a command that
 * does not gets told so.
 */
export function parseBatchFlags(args: BatchArgs, problems: string[], options: { auto: boolean }): BatchFlags {
  const rawReplications = lastString(args.replications, '--replications (-n)', problems);
  let replications: number | 'auto' | undefined;
  if (rawReplications !== undefined && rawReplications.trim().toLowerCase() === 'auto') {
    if (options.auto) replications = 'auto';
    else problems.push(`--replications (-n) must be a positive integer (auto is for run and compare); got '${rawReplications}'`);
  } else {
    const expected = options.auto ? 'a positive integer or auto' : 'a positive integer';
    replications = parseNumber(rawReplications, '--replications (-n)', expected, (x) => Number.isInteger(x) && x >= 1, problems);
  }
  return {
    replications,
    seed: parseNumber(args.seed, '--seed (-s)', 'a non-negative integer', (x) => Number.isSafeInteger(x) && x >= 0, problems),
    years: parseNumber(args.years, '--years', 'a positive number of years', (x) => x > 0, problems),
    warmupYears: parseNumber(args.warmupYears, '--warmup-years', 'a non-negative number of years', (x) => x >= 0, problems),
    workers: parseNumber(args.workers, '--workers (-j)', 'a positive integer', (x) => Number.isInteger(x) && x >= 1, problems),
    out: lastString(args.out, '--out (-o)', problems),
    sets: setValues(args.set, problems),
    fixedEffects: args.fixedEffects === true,
    ...censusFlag(args.census, problems),
  };
}

function censusFlag(value: unknown, problems: string[]): { census?: string } {
  const census = lastString(value, '--census', problems);
  if (census === undefined) return {};
  if (census.trim() === '') {
    problems.push('--census expects the path of a census CSV file, or synthetic');
    return {};
  }
  return { census: census.trim() === SYNTHETIC_CENSUS ? SYNTHETIC_CENSUS : resolve(census) };
}

/**
 * The rule of `--replications auto`, or undefined for a fixed number. `--precision`,
 * `--max-replications` and `--min-replications` mean something only with `--replications auto`.
 */
export function parseAutoRule(args: AutoArgs, replications: number | 'auto' | undefined, problems: string[]): AutoRule | undefined {
  const precision = listValues(args.precision);
  const max = parseNumber(args.maxReplications, '--max-replications', 'a positive integer', (x) => Number.isInteger(x) && x >= 1, problems);
  const min = parseNumber(args.minReplications, '--min-replications', 'a positive integer', (x) => Number.isInteger(x) && x >= 1, problems);
  if (replications !== 'auto') {
    const given = [
      precision.length > 0 ? '--precision' : undefined,
      args.maxReplications !== undefined ? '--max-replications' : undefined,
      args.minReplications !== undefined ? '--min-replications' : undefined,
    ].filter((f) => f !== undefined);
    for (const flag of given) problems.push(`${flag} applies only with --replications auto (-n auto)`);
    return undefined;
  }
  if (precision.length === 0) {
    problems.push('--replications auto needs --precision METRIC=HALFWIDTH, e.g. --precision reconviction_2y=0.005');
  }
  const targets = precision.map(parsePrecision);
  for (const t of targets) if (typeof t === 'string') problems.push(t);
  const maxReplications = max ?? AUTO_MAX;
  let start = min ?? AUTO_START;
  if (min === undefined) start = Math.min(start, maxReplications);
  else if (max !== undefined && min > max) {
    problems.push(`--min-replications must not be above --max-replications (${max}); got '${min}'`);
  } else if (max === undefined && min > maxReplications) {
    problems.push(`--min-replications must not be above --max-replications (default ${AUTO_MAX}); got '${min}'`);
  }
  return {
    start,
    step: AUTO_STEP,
    max: maxReplications,
    targets: targets.filter((t): t is PrecisionTarget => typeof t !== 'string'),
  };
}

/** One `--precision METRIC=HALFWIDTH`: the target, or the problem with it as a line. */
export function parsePrecision(raw: unknown): PrecisionTarget | string {
  const text = typeof raw === 'string' ? raw : '';
  const usage = `--precision must be METRIC=HALFWIDTH with a half-width > 0 in the metric's unit, e.g. --precision reconviction_2y=0.005`;
  const equals = text.indexOf('=');
  if (equals < 0) return `${usage}; got ${text === '' ? 'nothing' : `'${text}'`}`;
  const metric = text.slice(0, equals).trim();
  const value = text.slice(equals + 1).trim();
  const halfWidth = DECIMAL.test(value) ? Number(value) : NaN;
  if (metric === '' || !(halfWidth > 0) || !Number.isFinite(halfWidth)) return `${usage}; got '${text}'`;
  const names: readonly string[] = METRIC_NAMES;
  if (!names.includes(metric)) {
    return `--precision: unknown metric '${metric}' (did you mean ${nearest(metric, names)}? the metrics are listed in summary.json)`;
  }
  return { metric, halfWidth };
}

/** The candidate with the smallest edit distance (ties: the first). */
export function nearest(word: string, candidates: readonly string[]): string {
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * A numeric flag: undefined when absent; the last value when repeated. A problem (naming the flag,
 * what was expected and what was found) is added when the value is not a number meeting `ok`.
 */
export function parseNumber(
  raw: unknown,
  name: string,
  expected: string,
  ok: (x: number) => boolean,
  problems: string[],
): number | undefined {
  const text = lastString(raw, name, problems);
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(value) || !ok(value)) {
    problems.push(`${name} must be ${expected}; got ${text === '' ? 'nothing' : `'${text}'`}`);
    return undefined;
  }
  return value;
}

/** The last value of a flag given once or more; '' for a flag given without a value. */
export function lastString(raw: unknown, name: string, problems: string[]): string | undefined {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  if (text === '' && name.startsWith('--out')) {
    problems.push(`${name} needs a folder`);
    return undefined;
  }
  return text;
}

/** Every value of a repeatable flag, in order ('' for one given without a value). */
export function listValues(raw: unknown): string[] {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : ''));
}

/**
 * `--band low,middle,high` (or repeated): the band names in order, or undefined when the flag is
 * absent. Whether the scenario has them is checked once it is loaded (bandProblem).
 */
export function parseBandList(raw: unknown, problems: string[]): string[] | undefined {
  if (raw === undefined) return undefined;
  const bands: string[] = [];
  for (const value of listValues(raw)) {
    for (const word of value.split(',').map((w) => w.trim())) {
      if (word === '') continue;
      if (bands.includes(word)) problems.push(`--band: ${word} is given twice`);
      else bands.push(word);
    }
  }
  if (bands.length === 0) problems.push('--band needs the names of bands of population.projections, e.g. --band low,middle,high');
  return bands;
}

/** The raw `--set` strings; the scenario loader parses and checks them. */
export function setValues(raw: unknown, problems: string[]): string[] {
  const sets: string[] = [];
  for (const v of listValues(raw)) {
    if (v !== '') sets.push(v);
    else problems.push('--set needs PATH=VALUE, e.g. --set programs.education.slots=400; got nothing');
  }
  return sets;
}
