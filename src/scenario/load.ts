/**
 * Loading a scenario: find the file (a path or a built-in name), follow its `extends` chain, merge
 * the chain (baseline first), apply `--set` overrides, validate, and hash the result.
 *
 * Everything a user can get wrong comes back as `{ ok: false, errors }`, one line per problem that
 * names the file, the field path, what was expected and what was found.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  applySet,
  cloneData,
  deepMerge,
  describeYamlError,
  formatPath,
  getAt,
  isPlainObject,
  nestAt,
  parseSetArgument,
  type PathSegment,
  type PlainObject,
  type SetOverride,
} from './merge.js';
import { describeIssues, describeValue, formatProblem, schemaAt, type ScenarioProblem } from './messages.js';
import { scenarioSchema } from './schema.js';
import { closest } from './suggest.js';
import type { Scenario } from './types.js';

export type ScenarioLoadResult =
  | {
      ok: true;
      scenario: Scenario;
      name: string;
      /** Absolute path of the file asked for. */
      source: string;
      /** Absolute paths of the files merged, baseline first, `source` last. */
      chain: string[];
      /** The file's own fields as written, before merging (for reports). */
      patch: unknown;
      /** The `--set` overrides applied, in order. */
      overrides: Array<{ path: string; value: unknown }>;
      /** Hex SHA-256 of the canonical JSON of `scenario`. */
      sha256: string;
      /** run.census as a path from the folder of the file (or the working directory, for --set) that set it; `synthetic` as is. */
      census?: string;
    }
  | { ok: false; errors: string[] };

export interface LoadScenarioOptions {
  /** `PATH=VALUE` overrides, applied in order after merging. */
  sets?: string[];
  /** Where built-in scenarios live (default: the package's `scenarios/` folder). */
  scenarioDir?: string;
}

const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Enough to show what is wrong with a file that is not a scenario at all, without a wall of text. */
const MAX_ERRORS = 30;

// --- Where things are ------------------------------------------------------------------------

let cachedPackageRoot: string | undefined;

/** The folder holding corrsim's package.json, found from this module (src/ or dist/src/). */
export function packageRoot(): string {
  if (cachedPackageRoot !== undefined) return cachedPackageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'corrsim') {
          cachedPackageRoot = dir;
          return dir;
        }
      } catch {
        // An unreadable package.json further down is not ours; keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`corrsim: no package.json named corrsim above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function builtinScenarioDir(): string {
  return join(packageRoot(), 'scenarios');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function builtinFiles(scenarioDir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(scenarioDir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => SCENARIO_EXTENSIONS.includes(extname(entry).toLowerCase()) && isFile(join(scenarioDir, entry)))
    .sort();
}

function notFound(ref: string, scenarioDir: string): string {
  const names = [...new Set(listBuiltinScenarios(scenarioDir).map((scenario) => scenario.name))];
  const guess = closest(ref.replace(/\.(ya?ml|json)$/i, ''), names);
  const hint = guess !== undefined ? `did you mean ${guess}? ` : '';
  const list = names.length > 0 ? names.join(', ') : 'none found';
  return `scenario file not found: ${ref} (${hint}built-in scenarios: ${list})`;
}

function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || SCENARIO_EXTENSIONS.includes(extname(ref).toLowerCase());
}

/**
 * A path is taken relative to `baseDir` (the working directory, or the extending file's folder).
 * A bare name is a built-in scenario, or failing that a file of that name in `baseDir`.
 */
function resolveRef(ref: string, baseDir: string, scenarioDir: string): { ok: true; path: string } | { ok: false; error: string } {
  if (looksLikePath(ref)) {
    const path = resolve(baseDir, ref);
    return isFile(path) ? { ok: true, path } : { ok: false, error: notFound(ref, scenarioDir) };
  }
  const candidates = [
    ...SCENARIO_EXTENSIONS.map((ext) => join(scenarioDir, ref + ext)),
    ...SCENARIO_EXTENSIONS.map((ext) => resolve(baseDir, ref + ext)),
    resolve(baseDir, ref),
  ];
  const path = candidates.find(isFile);
  return path !== undefined ? { ok: true, path } : { ok: false, error: notFound(ref, scenarioDir) };
}

// --- Reading files -------------------------------------------------------------------------

interface ScenarioFile {
  path: string;
  /** How messages name the file. */
  label: string;
  content: PlainObject;
}

function readScenarioFile(path: string): { ok: true; file: ScenarioFile } | { ok: false; error: string } {
  const label = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, error: `${label}: cannot read the file (${reason})` };
  }
  const format = extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML';
  // JSON is read by the YAML parser too (YAML 1.2 contains it), which gives line numbers.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return { ok: false, error: `${label}: not valid ${format} (${describeYamlError(document.errors[0])})` };
  }
  const content: unknown = document.toJS();
  if (content === null || content === undefined) {
    return { ok: false, error: `${label}: the file is empty (expected a mapping of scenario fields)` };
  }
  if (!isPlainObject(content)) {
    return { ok: false, error: `${label}: expected a mapping of scenario fields at the top level, found ${describeValue(content)}` };
  }
  return { ok: true, file: { path, label, content } };
}

/** The file asked for and its `extends` ancestors, baseline first. */
function readChain(ref: string, scenarioDir: string): { ok: true; files: ScenarioFile[] } | { ok: false; error: string } {
  const first = resolveRef(ref, process.cwd(), scenarioDir);
  if (!first.ok) return first;
  const files: ScenarioFile[] = [];
  let path = first.path;
  for (;;) {
    const seen = files.findIndex((file) => file.path === path);
    if (seen >= 0) {
      const loop = [...files.slice(seen).map((file) => file.label), basename(path)].join(' -> ');
      return { ok: false, error: `${files[0].label}: extends loops back on itself: ${loop}` };
    }
    const read = readScenarioFile(path);
    if (!read.ok) return read;
    const file = read.file;
    files.push(file);
    const parentRef = file.content.extends;
    if (parentRef === undefined) break;
    if (typeof parentRef !== 'string' || parentRef.trim() === '') {
      return {
        ok: false,
        error: `${file.label}: extends: expected the name or path of a scenario, found ${describeValue(parentRef)}`,
      };
    }
    const parent = resolveRef(parentRef.trim(), dirname(file.path), scenarioDir);
    if (!parent.ok) return { ok: false, error: `${file.label}: extends: ${parent.error}` };
    path = parent.path;
  }
  return { ok: true, files: files.reverse() };
}

// --- Merging, overriding, validating ----------------------------------------------------------

function withoutExtends(content: PlainObject): PlainObject {
  const own: PlainObject = { ...content };
  delete own.extends;
  return own;
}

/** Something that put values into the merged scenario: a file, or a `--set`. */
interface Origin {
  label: string;
  content: unknown;
  /** For a `--set`: only paths at or below this one count as coming from it. */
  setPath?: string[];
}

/** The last origin (highest priority) that wrote the deepest existing part of `path`. */
function originOf(path: readonly PathSegment[], origins: readonly Origin[]): Origin {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    for (let i = origins.length - 1; i >= 0; i--) {
      const origin = origins[i];
      if (origin.setPath !== undefined && depth < origin.setPath.length) continue;
      if (getAt(origin.content, prefix) !== undefined) return origin;
    }
  }
  return origins[origins.length - 1];
}

function locate(problem: ScenarioProblem, origins: readonly Origin[]): string {
  const origin = originOf(problem.path, origins);
  if (origin.setPath !== undefined && formatPath(origin.setPath) === formatPath(problem.path)) {
    return `${origin.label}: ${problem.text}`;
  }
  return `${origin.label}: ${formatProblem(problem)}`;
}

function capped(errors: string[]): string[] {
  if (errors.length <= MAX_ERRORS) return errors;
  return [...errors.slice(0, MAX_ERRORS), `... and ${errors.length - MAX_ERRORS} more problems`];
}

/** Validates a scenario object (already merged); problems name the field path only. */
export function validateScenario(data: unknown): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  const parsed = scenarioSchema.safeParse(data);
  if (parsed.success) return { ok: true, scenario: parsed.data };
  return { ok: false, errors: capped(describeIssues(parsed.error.issues, data, scenarioSchema).map(formatProblem)) };
}

export function loadScenario(ref: string, options: LoadScenarioOptions = {}): ScenarioLoadResult {
  const scenarioDir = options.scenarioDir !== undefined ? resolve(options.scenarioDir) : builtinScenarioDir();

  const overrides: SetOverride[] = [];
  const setErrors: string[] = [];
  for (const argument of options.sets ?? []) {
    const parsed = parseSetArgument(argument);
    if (parsed.ok) overrides.push(parsed.value);
    else setErrors.push(parsed.error);
  }

  const chain = readChain(ref.trim(), scenarioDir);
  if (!chain.ok) return { ok: false, errors: [chain.error, ...setErrors] };
  const files = chain.files;
  const leaf = files[files.length - 1];

  const merged = files.reduce<unknown>((acc, file) => deepMerge(acc, withoutExtends(file.content)), {}) as PlainObject;
  // A policy is named and described by its own file, never by the baseline it builds on.
  merged.name = leaf.content.name ?? basename(leaf.path, extname(leaf.path));
  merged.description = leaf.content.description ?? '';

  const origins: Origin[] = files.map((file) => ({ label: file.label, content: file.content }));
  for (const override of overrides) {
    const applied = applySet(merged, override, (parent, key) => {
      const node = schemaAt(scenarioSchema, parent, merged);
      // A declared field the scenario leaves out, or a new key of a mapping with free keys (a band of population.projections).
      return (node instanceof z.ZodObject && key in (node.shape as Record<string, unknown>)) || node instanceof z.ZodRecord;
    });
    if (!applied.ok) setErrors.push(applied.error);
    origins.push({ label: `--set ${override.path}`, content: nestAt(override.segments, override.value), setPath: override.segments });
  }
  if (setErrors.length > 0) return { ok: false, errors: setErrors };

  const parsed = scenarioSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues, merged, scenarioSchema);
    return { ok: false, errors: capped(problems.map((problem) => locate(problem, origins))) };
  }
  const scenario: Scenario = parsed.data;
  return {
    ok: true,
    scenario,
    name: scenario.name,
    source: leaf.path,
    chain: files.map((file) => file.path),
    patch: cloneData(leaf.content),
    overrides: overrides.map((override) => ({ path: override.path, value: override.value })),
    sha256: scenarioHash(scenario),
    ...(scenario.run.census !== undefined ? { census: censusLocation(scenario.run.census, files, overrides) } : {}),
  };
}

/** Where run.census points: `synthetic`, or a path taken from the folder of whoever wrote it last. */
function censusLocation(census: string, files: readonly ScenarioFile[], overrides: readonly SetOverride[]): string {
  if (census.trim() === SYNTHETIC_CENSUS) return SYNTHETIC_CENSUS;
  if (overrides.some((o) => o.segments[0] === 'run' && (o.segments.length === 1 || o.segments[1] === 'census'))) return resolve(census);
  const writer = [...files].reverse().find((file) => getAt(file.content, ['run', 'census']) !== undefined);
  return resolve(writer !== undefined ? dirname(writer.path) : process.cwd(), census);
}

/** The value of run.census (and --census) that asks for a census drawn from the scenario's steady state. */
export const SYNTHETIC_CENSUS = 'synthetic';

/** True when the scenario field at `path` takes whole numbers only (places, slots, counts). */
export function isWholeNumberField(scenario: unknown, path: readonly PathSegment[]): boolean {
  let node = schemaAt(scenarioSchema, path, scenario);
  while (node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodDefault) node = node.unwrap() as typeof node;
  return node instanceof z.ZodNumber && node.isInt === true;
}

// --- Hashing and listing ---------------------------------------------------------------------

/** JSON with object keys sorted at every level, so equal scenarios give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

/** The built-in scenarios with their one-line descriptions: scenarios without `extends` first. */
export function listBuiltinScenarios(scenarioDir: string = builtinScenarioDir()): Array<{ name: string; description: string }> {
  const listed = builtinFiles(scenarioDir).map((file) => {
    const fileName = basename(file, extname(file));
    const read = readScenarioFile(join(scenarioDir, file));
    if (!read.ok) return { name: fileName, description: `(cannot be read: ${read.error})`, isPatch: true };
    const { name, description } = read.file.content;
    return {
      name: fileName,
      description: typeof description === 'string' ? description : typeof name === 'string' ? name : '',
      isPatch: read.file.content.extends !== undefined,
    };
  });
  listed.sort((a, b) => Number(a.isPatch) - Number(b.isPatch) || a.name.localeCompare(b.name));
  return listed.map(({ name, description }) => ({ name, description }));
}
