/**
 * Resolving a scenario: follow its `extends` chain, merge the chain (baseline first), apply `--set`
 * overrides, validate, and hash the result. Where the files come from is a `ScenarioFiles`: on
 * Node the file system (src/scenario/files.node.ts, with `loadScenario`), in a browser a bundle
 * of texts; nothing here touches a file or the process.
 *
 * Everything a user can get wrong comes back as `{ ok: false, errors }`, one line per problem that
 * names the file, the field path, what was expected and what was found.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { scenarioHash } from './hash.js';
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

/** Where scenario files come from, and how their paths relate: the file system on Node, a bundle in a browser. */
export interface ScenarioFiles {
  /**
   * The file `ref` names (a path, or a built-in scenario's name): from the working folder for the
   * scenario asked for (`from` undefined), from the folder of the file `from` for an `extends`.
   * The error is the whole message, e.g. "scenario file not found: … (did you mean …?)".
   */
  locate(ref: string, from?: string): { ok: true; path: string } | { ok: false; error: string };
  /** The file's text, or why it cannot be read (e.g. ENOENT). */
  read(path: string): { ok: true; text: string } | { ok: false; reason: string };
  /** How messages name a file: the last part of its path. */
  label(path: string): string;
  /** A path written in a scenario (run.census), from the folder of the file `from` that wrote it, or the working folder. */
  resolvePath(path: string, from?: string): string;
}

export interface ResolveScenarioOptions {
  /** `PATH=VALUE` overrides, applied in order after merging. */
  sets?: readonly string[];
}

/** Enough to show what is wrong with a file that is not a scenario at all, without a wall of text. */
const MAX_ERRORS = 30;

// --- Reading files -------------------------------------------------------------------------

export interface ScenarioFile {
  path: string;
  /** How messages name the file. */
  label: string;
  content: PlainObject;
}

/** The extension of a file name, as Node's path.extname gives it ('.yaml'; '' for none or a dot-file). */
function extensionOf(label: string): string {
  const dot = label.lastIndexOf('.');
  return dot > 0 ? label.slice(dot) : '';
}

/** A scenario file's text, parsed: YAML, or JSON when the name ends in .json (the YAML parser reads both). */
export function parseScenarioText(text: string, path: string, label: string): { ok: true; file: ScenarioFile } | { ok: false; error: string } {
  const format = extensionOf(label).toLowerCase() === '.json' ? 'JSON' : 'YAML';
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

/** Reads and parses one scenario file. */
export function readScenarioFile(files: ScenarioFiles, path: string): { ok: true; file: ScenarioFile } | { ok: false; error: string } {
  const label = files.label(path);
  const read = files.read(path);
  if (!read.ok) return { ok: false, error: `${label}: cannot read the file (${read.reason})` };
  return parseScenarioText(read.text, path, label);
}

/** The file asked for and its `extends` ancestors, baseline first. */
function readChain(ref: string, files: ScenarioFiles): { ok: true; files: ScenarioFile[] } | { ok: false; error: string } {
  const first = files.locate(ref);
  if (!first.ok) return first;
  const chain: ScenarioFile[] = [];
  let path = first.path;
  for (;;) {
    const seen = chain.findIndex((file) => file.path === path);
    if (seen >= 0) {
      const loop = [...chain.slice(seen).map((file) => file.label), files.label(path)].join(' -> ');
      return { ok: false, error: `${chain[0].label}: extends loops back on itself: ${loop}` };
    }
    const read = readScenarioFile(files, path);
    if (!read.ok) return read;
    const file = read.file;
    chain.push(file);
    const parentRef = file.content.extends;
    if (parentRef === undefined) break;
    if (typeof parentRef !== 'string' || parentRef.trim() === '') {
      return {
        ok: false,
        error: `${file.label}: extends: expected the name or path of a scenario, found ${describeValue(parentRef)}`,
      };
    }
    const parent = files.locate(parentRef.trim(), file.path);
    if (!parent.ok) return { ok: false, error: `${file.label}: extends: ${parent.error}` };
    path = parent.path;
  }
  return { ok: true, files: chain.reverse() };
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

export function resolveScenario(ref: string, files: ScenarioFiles, options: ResolveScenarioOptions = {}): ScenarioLoadResult {
  const overrides: SetOverride[] = [];
  const setErrors: string[] = [];
  for (const argument of options.sets ?? []) {
    const parsed = parseSetArgument(argument);
    if (parsed.ok) overrides.push(parsed.value);
    else setErrors.push(parsed.error);
  }

  const chain = readChain(ref.trim(), files);
  if (!chain.ok) return { ok: false, errors: [chain.error, ...setErrors] };
  const read = chain.files;
  const leaf = read[read.length - 1];

  const merged = read.reduce<unknown>((acc, file) => deepMerge(acc, withoutExtends(file.content)), {}) as PlainObject;
  // A policy is named and described by its own file, never by the baseline it builds on.
  merged.name = leaf.content.name ?? fileStem(leaf.label);
  merged.description = leaf.content.description ?? '';

  const origins: Origin[] = read.map((file) => ({ label: file.label, content: file.content }));
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
    chain: read.map((file) => file.path),
    patch: cloneData(leaf.content),
    overrides: overrides.map((override) => ({ path: override.path, value: override.value })),
    sha256: scenarioHash(scenario),
    ...(scenario.run.census !== undefined ? { census: censusLocation(scenario.run.census, read, overrides, files) } : {}),
  };
}

/** Where run.census points: `synthetic`, or a path taken from the folder of whoever wrote it last. */
function censusLocation(census: string, read: readonly ScenarioFile[], overrides: readonly SetOverride[], files: ScenarioFiles): string {
  if (census.trim() === SYNTHETIC_CENSUS) return SYNTHETIC_CENSUS;
  if (overrides.some((o) => o.segments[0] === 'run' && (o.segments.length === 1 || o.segments[1] === 'census'))) return files.resolvePath(census);
  const writer = [...read].reverse().find((file) => getAt(file.content, ['run', 'census']) !== undefined);
  return files.resolvePath(census, writer?.path);
}

/** A file name without its extension ('baseline.yaml' → 'baseline'), as Node's path.basename(name, extname(name)). */
function fileStem(label: string): string {
  const extension = extensionOf(label);
  return extension === '' ? label : label.slice(0, -extension.length);
}

/** The value of run.census (and --census) that asks for a census drawn from the scenario's steady state. */
export const SYNTHETIC_CENSUS = 'synthetic';

/** True when the scenario field at `path` takes whole numbers only (places, slots, counts). */
export function isWholeNumberField(scenario: unknown, path: readonly PathSegment[]): boolean {
  let node = schemaAt(scenarioSchema, path, scenario);
  while (node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodDefault) node = node.unwrap() as typeof node;
  return node instanceof z.ZodNumber && node.isInt === true;
}
