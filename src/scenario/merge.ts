/**
 * Plain-data operations on parsed scenario files: the deep merge of `extends`, dotted paths, and
 * the `--set PATH=VALUE` overrides. Nothing here knows the schema.
 */
import { parseDocument, type YAMLError } from 'yaml';
import { closest } from './suggest.js';

export type PlainObject = Record<string, unknown>;
export type PathSegment = string | number;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Sets a key as an own data property, so a key named `__proto__` in a file stays plain data. */
function define(object: PlainObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

export function cloneData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneData(item)) as T;
  if (isPlainObject(value)) {
    const copy: PlainObject = {};
    for (const key of Object.keys(value)) define(copy, key, cloneData(value[key]));
    return copy as T;
  }
  return value;
}

/**
 * Objects merge key by key; arrays and scalars in `patch` replace what `base` has, whole. An object
 * whose `type` differs from the base's (a distribution changing family, e.g. lognormal to gamma)
 * also replaces it whole: the old family's parameters mean nothing to the new one.
 */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return cloneData(patch);
  if (hasOwn(patch, 'type') && patch.type !== base.type) return cloneData(patch);
  const merged: PlainObject = {};
  for (const key of Object.keys(base)) define(merged, key, cloneData(base[key]));
  for (const key of Object.keys(patch)) {
    define(merged, key, hasOwn(base, key) ? deepMerge(base[key], patch[key]) : cloneData(patch[key]));
  }
  return merged;
}

/** The child of `value` named by `segment`, or undefined; array indices may be given as text. */
function child(value: unknown, segment: PathSegment): unknown {
  if (Array.isArray(value)) {
    const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN;
    return Number.isInteger(index) && index < value.length ? value[index] : undefined;
  }
  if (isPlainObject(value) && hasOwn(value, String(segment))) return value[String(segment)];
  return undefined;
}

export function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    value = child(value, segment);
    if (value === undefined) return undefined;
  }
  return value;
}

export function formatPath(path: readonly PathSegment[]): string {
  return path.map(String).join('.');
}

/** A nested object holding only `value` at `path`, e.g. for telling where a value came from. */
export function nestAt(path: readonly string[], value: unknown): unknown {
  let nested = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const level: PlainObject = {};
    define(level, path[i], nested);
    nested = level;
  }
  return nested;
}

export interface SetOverride {
  /** As the user wrote it, e.g. `programs.education.slots`. */
  path: string;
  segments: string[];
  value: unknown;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses one `PATH=VALUE`; VALUE is YAML, so `400`, `true`, `[a, b]` and `{type: fixed, value: 3}` all work. */
export function parseSetArgument(argument: string): Parsed<SetOverride> {
  const equals = argument.indexOf('=');
  if (equals < 0) {
    return { ok: false, error: `--set ${argument}: expected PATH=VALUE, e.g. programs.education.slots=400, found no "="` };
  }
  const path = argument.slice(0, equals).trim();
  const rawValue = argument.slice(equals + 1);
  const segments = path.split('.');
  if (path === '' || segments.some((segment) => segment === '')) {
    return {
      ok: false,
      error: `--set ${argument}: expected a dotted field path before "=", e.g. programs.education.slots, found "${path}"`,
    };
  }
  const document = parseDocument(rawValue, { prettyErrors: true });
  if (document.errors.length > 0) {
    return { ok: false, error: `--set ${path}: the value is not valid YAML (${describeYamlError(document.errors[0])})` };
  }
  return { ok: true, value: { path, segments, value: document.toJS() as unknown } };
}

/** `line 3, column 5: Nested mappings are not allowed in compact mappings`, without the echoed source. */
export function describeYamlError(error: YAMLError): string {
  const where = error.linePos !== undefined ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}: ` : '';
  return where + error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Replaces the value at an existing path of `root` (mutates it). A path that does not exist is an
 * error naming it, with the nearest existing path as a suggestion, unless `mayAdd` says the last
 * field is one the schema declares (an optional field the scenario leaves out).
 */
export function applySet(
  root: unknown,
  override: SetOverride,
  mayAdd: (parentSegments: readonly string[], key: string) => boolean = () => false,
): Parsed<void> {
  const { segments } = override;
  let parent = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const isLast = i === segments.length - 1;
    if (Array.isArray(parent)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : NaN;
      if (!(index < parent.length)) {
        const where = formatPath(segments.slice(0, i));
        const entries = parent.length === 0 ? 'an empty list' : `a list numbered 0 to ${parent.length - 1}`;
        return { ok: false, error: `--set ${override.path}: no such field in the scenario (${where} is ${entries})` };
      }
      if (isLast) parent[index] = override.value;
      else parent = parent[index];
    } else if (isPlainObject(parent) && hasOwn(parent, segment)) {
      if (isLast) define(parent, segment, override.value);
      else parent = parent[segment];
    } else if (isLast && isPlainObject(parent) && mayAdd(segments.slice(0, i), segment)) {
      define(parent, segment, override.value);
    } else {
      const suggestion = suggestPath(root, segments);
      const hint = suggestion !== undefined ? ` (did you mean ${suggestion}?)` : '';
      return { ok: false, error: `--set ${override.path}: no such field in the scenario${hint}` };
    }
  }
  return { ok: true, value: undefined };
}

/** Corrects each unknown segment to the nearest existing key; undefined when that does not lead anywhere. */
function suggestPath(root: unknown, segments: readonly string[]): string | undefined {
  const corrected: string[] = [];
  let value = root;
  for (const segment of segments) {
    let next = segment;
    if (child(value, segment) === undefined) {
      if (!isPlainObject(value)) return undefined;
      const guess = closest(segment, Object.keys(value));
      if (guess === undefined) return undefined;
      next = guess;
    }
    corrected.push(next);
    value = child(value, next);
  }
  return formatPath(corrected);
}
