/**
 * The layering of src/, kept true: every file's imports are read, and the test fails when
 * - a file imports a higher floor than its own (FLOORS, bottom first; `import type` counts too:
 *   a lower floor must not even know the shape of a higher one's data),
 * - files import each other, directly or round a longer loop (runtime imports only: a type-only
 *   import is erased and cannot run a module half-loaded), or
 * - a portable file (on a floor that also runs in a browser, and not named *.node.ts) imports a
 *   Node-only module or uses Node's globals, or imports a *.node.ts file.
 * docs/architecture.md explains the floors and what each pair of them agrees on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

/** The floors, bottom first: a file may import its own floor and those below it. */
export const FLOORS = ['engine', 'scenario', 'model', 'stats', 'experiments', 'studies', 'report', 'cli'] as const;
type Floor = (typeof FLOORS)[number];

/** Floors whose code runs in a browser too (the seminar mode bundles them): no Node in them, but in files named *.node.ts. */
const PORTABLE: ReadonlySet<Floor> = new Set(['engine', 'scenario', 'model', 'stats', 'experiments', 'studies']);

/** Packages that exist only on Node (beside node:* and the built-in modules). */
const NODE_ONLY_PACKAGES = ['piscina', '@resvg/resvg-js'];

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Import {
  specifier: string;
  /** Erased at compile time: `import type`, `export type … from`, or only `type` names. */
  typeOnly: boolean;
}

interface SourceFile {
  /** Relative to the repository, '/'-separated. */
  path: string;
  floor: Floor;
  imports: Import[];
  /** The code with comments and strings' contents blanked, for the globals check. */
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Comments and the contents of string literals blanked (so a word in a comment or a message is not code). */
function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (m) => (m.startsWith('/') ? ' ' : m[0] + m[0]));
}

/** The imports of a file: static imports and re-exports (with whether they are type-only), and dynamic import() calls. */
export function importsOf(text: string): Import[] {
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)';/gm;
  for (const m of text.matchAll(statement)) {
    const names = m[3];
    const onlyTypes = /^\{([^}]*)\}$/.test(names.trim()) && names.replace(/[{}]/g, '').split(',').map((n) => n.trim()).filter((n) => n !== '').every((n) => n.startsWith('type '));
    found.push({ specifier: m[4], typeOnly: m[2] !== undefined || onlyTypes });
  }
  for (const m of text.matchAll(/^\s*import\s+'([^']+)';/gm)) found.push({ specifier: m[1], typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push({ specifier: m[1], typeOnly: false });
  return found;
}

function readSources(): SourceFile[] {
  return sourceFiles(join(ROOT, 'src')).map((file) => {
    const path = relative(ROOT, file).split('\\').join('/');
    const floor = path.split('/')[1] as Floor;
    const text = readFileSync(file, 'utf8');
    return { path, floor, imports: importsOf(text), code: codeOnly(text) };
  });
}

/** The repository path a relative import names ('../model/result.js' from src/studies/run.ts → src/model/result.ts). */
function target(from: string, specifier: string): string {
  return relative(ROOT, resolve(ROOT, dirname(from), specifier)).split('\\').join('/').replace(/\.js$/, '.ts');
}

const isRelative = (s: string) => s.startsWith('./') || s.startsWith('../');
const isNodeOnly = (s: string) =>
  s.startsWith('node:') || builtinModules.includes(s.split('/')[0]) || NODE_ONLY_PACKAGES.some((p) => s === p || s.startsWith(`${p}/`));
const isNodeFile = (path: string) => path.endsWith('.node.ts');

/** The strongly connected components of more than one file (or a file importing itself): the import cycles. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One loop through a cycle's files, for the message: a → b → … → a. */
function loopThrough(component: readonly string[], graph: ReadonlyMap<string, readonly string[]>): string {
  const inside = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>([[start, '']]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (previous.get(path[0]) !== '') path.unshift(previous.get(path[0])!);
        return [...path, start].join(' → ');
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component.join(', ');
}

describe('the layering of src/', () => {
  const files = readSources();
  const known = new Set(files.map((f) => f.path));

  test('every file is on a declared floor', () => {
    expect(files.filter((f) => !FLOORS.includes(f.floor)).map((f) => f.path)).toEqual([]);
  });

  test('no file imports a higher floor (type imports included)', () => {
    const upward: string[] = [];
    for (const f of files) {
      for (const i of f.imports.filter((x) => isRelative(x.specifier))) {
        const to = target(f.path, i.specifier);
        const floor = to.split('/')[1] as Floor;
        if (FLOORS.indexOf(floor) > FLOORS.indexOf(f.floor)) upward.push(`${f.path} (${f.floor}) imports ${to} (${floor})`);
      }
    }
    expect(upward).toEqual([]);
  });

  test('every relative import names a file that exists', () => {
    const missing = files.flatMap((f) => f.imports.filter((i) => isRelative(i.specifier) && !known.has(target(f.path, i.specifier))).map((i) => `${f.path}: ${i.specifier}`));
    expect(missing).toEqual([]);
  });

  test('no import cycle', () => {
    const graph = new Map(files.map((f) => [f.path, f.imports.filter((i) => !i.typeOnly && isRelative(i.specifier)).map((i) => target(f.path, i.specifier))]));
    expect(cycles(graph).map((c) => loopThrough(c, graph))).toEqual([]);
  });

  test('portable floors use no Node: no node:* or Node-only package, no *.node.ts file, no process, Buffer, require or setImmediate', () => {
    const problems: string[] = [];
    for (const f of files.filter((x) => PORTABLE.has(x.floor) && !isNodeFile(x.path))) {
      for (const i of f.imports) {
        if (isNodeOnly(i.specifier)) problems.push(`${f.path} imports ${i.specifier}`);
        else if (isRelative(i.specifier) && isNodeFile(target(f.path, i.specifier))) problems.push(`${f.path} imports the Node-only ${target(f.path, i.specifier)}`);
      }
      // A bare global; `globalThis.process` (a feature check, as scenario/hash.ts makes) and a type's `process?:` key are not uses.
      for (const m of f.code.matchAll(/(?<![.\w$])(process|Buffer|require|setImmediate|__dirname|__filename)\b(?!\s*\??:)/g)) problems.push(`${f.path} uses Node's ${m[1]}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the checks themselves', () => {
  test('find a loop of two files and of three, and none in a tree', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['e']],
      ['e', ['c']],
      ['f', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    expect(cycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  test('tell type-only imports from runtime ones, and see dynamic imports', () => {
    const text = [
      "import type { A } from './a.js';",
      "import { type B, type C } from './b.js';",
      "import { D, type E } from './d.js';",
      "export type { F } from './f.js';",
      "export { G } from './g.js';",
      "const h = await import('./h.js');",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { specifier: './a.js', typeOnly: true },
      { specifier: './b.js', typeOnly: true },
      { specifier: './d.js', typeOnly: false },
      { specifier: './f.js', typeOnly: true },
      { specifier: './g.js', typeOnly: false },
      { specifier: './h.js', typeOnly: false },
    ]);
  });
});
