import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The version in corrsim's package.json, found by walking up from this module, so it is right
 * both from `src/` (tests) and from `dist/src/` (the installed command).
 */
export function corrsimVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const version = versionIn(join(dir, 'package.json'));
    if (version !== undefined) return (cached = version);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('corrsim: cannot find the package.json named corrsim above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

function versionIn(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pkg = JSON.parse(text) as { name?: unknown; version?: unknown };
  return pkg.name === 'corrsim' && typeof pkg.version === 'string' ? pkg.version : undefined;
}
