/**
 * The page gives `corrsim run`'s answers byte for byte only while nothing a replication or a summary
 * computes depends on the engine's own elementary functions, whose last bit differs between Node and
 * browsers (docs/seminar.md, "Same answers"). So no source file bundled into the page's worker may
 * call Math.log, Math.exp, Math.pow, Math.sin, … or use `**` (which is Math.pow) except on a literal
 * 2 or 10, whose powers are exact in every engine: they call src/engine/portable-math.ts instead.
 * The files are the ones esbuild bundles, as build:web does, so a new import is covered at once.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/scenario/files.node.js';

const ENGINE_DEFINED = /\bMath\.(log|log1p|log2|log10|exp|expm1|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/g;
/** `a ** b` (the operand before it), except 2 ** n and 10 ** n. */
const POWER = /([\w.)\]]+)\s*\*\*(?!\*)/g;
function powers(line: string): string[] {
  return [...line.matchAll(POWER)].filter((m) => m[1] !== '2' && m[1] !== '10').map((m) => m[0]);
}

/** The text without comments and string literals (a rough cut, enough for these patterns). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ''))
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

describe('the code a replication runs in the page', () => {
  it('calls no engine-defined elementary function', async () => {
    const root = packageRoot();
    const result = await build({ entryPoints: [join(root, 'web', 'src', 'worker.ts')], bundle: true, platform: 'browser', format: 'iife', write: false, metafile: true, logLevel: 'error' });
    const sources = Object.keys(result.metafile.inputs)
      .map((f) => relative(root, join(root, f)).split('\\').join('/'))
      .filter((f) => f.startsWith('src/') && f !== 'src/engine/portable-math.ts');
    expect(sources).toContain('src/model/replication.ts');
    expect(sources).toContain('src/engine/samplers.ts');
    expect(sources).toContain('src/stats/intervals.ts');
    const problems: string[] = [];
    for (const file of sources) {
      const lines = code(readFileSync(join(root, file), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        for (const m of line.matchAll(ENGINE_DEFINED)) problems.push(`${file}:${i + 1}: ${m[0]} (use src/engine/portable-math.ts)`);
        for (const m of powers(line)) problems.push(`${file}:${i + 1}: ${m} (** is Math.pow: use PMath.pow, or x * x)`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('the check finds what it looks for', () => {
    const find = (text: string) => [...[...code(text).matchAll(ENGINE_DEFINED)].map((m) => m[0]), ...powers(code(text))];
    expect(find('const a = Math.log(x) + Math.atan2(y, x);')).toEqual(['Math.log', 'Math.atan2']);
    expect(find('const v = (a - b) ** 2;')).toEqual(['b) **']);
    expect(find('const v = x ** y;')).toEqual(['x **']);
    expect(find('const LIMIT = 2 ** 24; const f = 10 ** decimals; const s = Math.sqrt(x);')).toEqual([]);
    expect(find('// Math.log(x) in a comment\nconst t = "Math.exp(1)";')).toEqual([]);
  });
});
