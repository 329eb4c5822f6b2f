/**
 * For the tests of the seminar page: dist/web as `npm run build:web` writes it, from the current
 * sources. It is built again when a file of web/ is newer than dist/web/app.js (the census inside
 * it only when the model changed: web/build.mjs keeps it by a hash), once for all test files (`buildOnce`).
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/scenario/files.node.js';
import { buildOnce, ensureCompiled, mtime } from '../experiments/compiled.js';

const LOCK_STALE_MS = 300_000;

export function webFolder(): string {
  return join(packageRoot(), 'dist', 'web');
}

export async function ensureWebBuilt(): Promise<string> {
  await ensureCompiled();
  const root = packageRoot();
  await buildOnce(join(root, 'dist', '.building-web'), LOCK_STALE_MS, () => upToDate(root), () => build(root));
  if (!upToDate(root)) throw new Error('npm run build:web did not write dist/web');
  return webFolder();
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : (mtime(path) ?? 0));
  }
  return latest;
}

function upToDate(root: string): boolean {
  const built = mtime(join(root, 'dist', 'web', 'app.js'));
  const census = mtime(join(root, 'dist', 'web', 'census.js'));
  if (built === undefined || census === undefined) return false;
  // The page bundles web/ and the portable floors of src/ (the report's charts too).
  return built >= Math.max(newest(join(root, 'web')), newest(join(root, 'src')), mtime(join(root, 'package.json')) ?? 0);
}

function build(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(root, 'web', 'build.mjs'), '--quiet'], { cwd: root }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`npm run build:web failed:\n${stderr}`));
      else resolve();
    });
  });
}
