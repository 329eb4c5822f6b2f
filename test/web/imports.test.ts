/**
 * The page's code (web/src) runs in a browser: it imports no Node module and no *.node.ts file,
 * and from src/ only the portable floors and the report's pure parts (charts, tables, numbers), so
 * the bundle holds nothing that needs Node. (esbuild, bundling for the browser, would fail on a
 * node: import too; this names the file at fault.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Static imports, re-exports and dynamic import() calls (as test/architecture/imports.test.ts reads them). */
function importsOf(text: string): Array<{ specifier: string }> {
  return [...text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?[^;]*?\s+from\s+'([^']+)';|^\s*import\s+'([^']+)';|\bimport\(\s*'([^']+)'\s*\)/gm)].map((m) => ({ specifier: m[1] ?? m[2] ?? m[3] }));
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const ALLOWED_SRC = /^src\/(engine|scenario|model|stats|experiments|studies)\/|^src\/report\/(charts|tables)\/|^src\/report\/(numbers|csv|data)\.ts$/;
const PACKAGES = ['vega-embed', 'yaml', 'virtual:worker', 'virtual:scenarios', 'virtual:version'];

describe('the page’s code', () => {
  it('imports only browser-safe code', () => {
    const dir = join(ROOT, 'web', 'src');
    const problems: string[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))) {
      const file = join(dir, name);
      for (const { specifier } of importsOf(readFileSync(file, 'utf8'))) {
        if (specifier.startsWith('.')) {
          const target = relative(ROOT, resolve(dirname(file), specifier)).split('\\').join('/').replace(/\.js$/, '.ts');
          if (target.endsWith('.node.ts') || !(target.startsWith('web/src/') || ALLOWED_SRC.test(target))) problems.push(`web/src/${name} imports ${target}`);
        } else if (specifier.startsWith('node:') || builtinModules.includes(specifier) || !PACKAGES.includes(specifier)) problems.push(`web/src/${name} imports ${specifier}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
