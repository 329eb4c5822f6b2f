/**
 * Turns zod's validation issues into one line per problem for the person who wrote the scenario:
 * the field path, what was expected and what was found, e.g.
 * `facilities.2.capacity: expected a whole number >= 0, found -5`.
 */
import { z } from 'zod';
import { formatPath, getAt, isPlainObject, type PathSegment } from './merge.js';
import { closest } from './suggest.js';

export interface ScenarioProblem {
  path: PathSegment[];
  /** The problem without the path, e.g. `expected a number >= 0, found -0.2`. */
  text: string;
}

/** A value as it would be written in the file, short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list';
    const inline = JSON.stringify(value);
    return inline.length <= 40 ? inline : `a list of ${value.length}`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty mapping';
    const shown = keys.slice(0, 3).join(', ');
    return `a mapping (${shown}${keys.length > 3 ? ', ...' : ''})`;
  }
  return typeof value;
}

const EXPECTED_BY_TYPE: Record<string, string> = {
  object: 'expected a mapping of fields',
  array: 'expected a list',
  tuple: 'expected a list',
  string: 'expected text',
  number: 'expected a number',
  int: 'expected a whole number',
  boolean: 'expected true or false',
};

function oneOf(values: readonly unknown[]): string {
  return values.map(String).join(', ');
}

function didYouMean(found: unknown, candidates: readonly unknown[]): string {
  if (typeof found !== 'string') return '';
  const guess = closest(found, candidates.filter((c): c is string => typeof c === 'string'));
  return guess !== undefined ? ` (did you mean ${guess}?)` : '';
}

// --- The schema node at a path, to know which field names an object accepts --------------------

type AnySchema = z.core.$ZodType;

function matchUnionOption(node: AnySchema, value: unknown): AnySchema | undefined {
  if (!(node instanceof z.ZodDiscriminatedUnion)) return node;
  const discriminator = node._zod.def.discriminator;
  const tag = isPlainObject(value) ? value[discriminator] : undefined;
  return node.options.find((option) => {
    if (!(option instanceof z.ZodObject)) return false;
    const literal: unknown = option.shape[discriminator];
    return literal instanceof z.ZodLiteral && literal.values.has(tag as never);
  });
}

/** The schema inside an optional field. */
function unwrapOptional(node: AnySchema): AnySchema {
  return node instanceof z.ZodOptional ? (node.unwrap() as AnySchema) : node;
}

export function schemaAt(root: AnySchema, path: readonly PathSegment[], input: unknown): AnySchema | undefined {
  let node: AnySchema | undefined = root;
  for (let i = 0; i < path.length && node !== undefined; i++) {
    node = matchUnionOption(node, getAt(input, path.slice(0, i)));
    if (node !== undefined) node = unwrapOptional(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, AnySchema>)[String(path[i])];
    else if (node instanceof z.ZodArray) node = node.element as AnySchema;
    else if (node instanceof z.ZodTuple) node = node._zod.def.items[Number(path[i])];
    else if (node instanceof z.ZodRecord) node = node.valueType as AnySchema;
    else node = undefined;
  }
  const last = node === undefined ? undefined : matchUnionOption(node, getAt(input, path));
  return last === undefined ? undefined : unwrapOptional(last);
}

function fieldNamesAt(root: AnySchema, path: readonly PathSegment[], input: unknown): string[] {
  const node = schemaAt(root, path, input);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

// --- Issues to problems ---------------------------------------------------------------------

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** What the issue expected, in words starting with "expected". */
function expectation(issue: z.core.$ZodIssue): string {
  // The schema words its own leaves ("expected a whole number >= 0"); zod's defaults are not for users.
  if (issue.message.startsWith('expected ')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return EXPECTED_BY_TYPE[issue.expected] ?? `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${oneOf(issue.values)}`;
    case 'too_small':
      return issue.origin === 'array' ? `expected at least ${issue.minimum} entries` : `expected a value >= ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `expected at most ${issue.maximum} entries` : `expected a value <= ${issue.maximum}`;
    default:
      return issue.message;
  }
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, schema: AnySchema): ScenarioProblem[] {
  const path = toPath(issue.path);
  const found = getAt(input, path);
  if (issue.code === 'unrecognized_keys') {
    const known = fieldNamesAt(schema, path, input);
    return issue.keys.map((key) => ({ path: [...path, key], text: `unknown field${didYouMean(key, known)}` }));
  }
  if (issue.code === 'custom') return [{ path, text: issue.message }];
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined && 'options' in issue) {
    // zod puts the discriminator (`type`) at the end of the path.
    const options = issue.options ?? [];
    if (found === undefined) return [{ path, text: `missing field (expected one of ${oneOf(options)})` }];
    return [{ path, text: `expected one of ${oneOf(options)}, found ${describeValue(found)}${didYouMean(found, options)}` }];
  }
  const expected = expectation(issue);
  if (found === undefined && issue.code === 'invalid_type') {
    return [{ path, text: `missing field (${expected})` }];
  }
  const hint = issue.code === 'invalid_value' ? didYouMean(found, issue.values) : '';
  return [{ path, text: `${expected}, found ${describeValue(found)}${hint}` }];
}

/**
 * One problem per issue (one per unknown key). A misspelt key is reported once: when the unknown
 * key's suggestion is a required field that is missing, the "missing field" line is dropped.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, schema: AnySchema): ScenarioProblem[] {
  const problems = issues.flatMap((issue) => describeIssue(issue, input, schema));
  const misspelt = new Set<string>();
  for (const problem of problems) {
    const suggestion = /^unknown field \(did you mean (.+)\?\)$/.exec(problem.text)?.[1];
    if (suggestion !== undefined) misspelt.add(formatPath([...problem.path.slice(0, -1), suggestion]));
  }
  return problems.filter((p) => !(p.text.startsWith('missing field') && misspelt.has(formatPath(p.path))));
}

export function formatProblem(problem: ScenarioProblem): string {
  return problem.path.length === 0 ? problem.text : `${formatPath(problem.path)}: ${problem.text}`;
}
