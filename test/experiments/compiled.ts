/**
 * For tests that start worker threads. A worker thread is plain Node, which cannot load
 * TypeScript, so the pool always runs the compiled dist/src/experiments/worker.node.js (see
 * src/experiments/pool.node.ts), and dist/ must match the sources under test. `ensureCompiled()`, called in
 * a `beforeAll`, runs tsc unless every file under src/ already has a newer .js in dist/src/.
 *
 * vitest runs test files in parallel, so a lock folder (dist/.compiling, see `buildOnce`) keeps two
 * of them from writing dist/ at once, and from starting workers while the other is half-way through writing.
 * tsc writes the JavaScript even when it finds type errors; those are shown but do not stop these
 * tests (`npm run typecheck` is where they count).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../../src/scenario/files.node.js';

const LOCK_STALE_MS = 180_000;

export async function ensureCompiled(): Promise<void> {
  const root = packageRoot();
  mkdirSync(join(root, 'dist'), { recursive: true });
  await buildOnce(join(root, 'dist', '.compiling'), LOCK_STALE_MS, () => upToDate(root), () => compile(root));
  const stale = staleSources(root);
  if (stale.length > 0) throw new Error(`tsc did not write dist/ for ${stale.slice(0, 3).join(', ')}`);
}

/**
 * Runs `build` unless `upToDate()`, holding the lock folder `lock` meanwhile, so that test files
 * running in parallel build once and never use a half-written build: the others wait for the lock,
 * then find it up to date. A lock older than `staleMs` was left by a killed run and is taken over.
 */
export async function buildOnce(lock: string, staleMs: number, upToDate: () => boolean, build: () => Promise<void>): Promise<void> {
  for (;;) {
    if (upToDate()) return;
    if (tryLock(lock, staleMs)) break;
    await sleep(200);
  }
  try {
    if (!upToDate()) await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function upToDate(root: string): boolean {
  return staleSources(root).length === 0;
}

/** Sources under src/ whose .js in dist/src/ is missing or older. */
function staleSources(root: string): string[] {
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const rel = relative(root, path);
        const out = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
        const built = mtime(out);
        if (built === undefined || built < statSync(path).mtimeMs) stale.push(rel);
      }
    }
  };
  walk(join(root, 'src'));
  return stale;
}

function tryLock(lock: string, staleMs: number): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // Left behind by a test run that was killed while building.
    const since = mtime(lock);
    if (since !== undefined && Date.now() - since > staleMs) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function compile(root: string): Promise<void> {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root }, (error, stdout, stderr) => {
      if (error) console.warn(`tsc reported problems (the JavaScript is written anyway):\n${stdout}${stderr}`);
      resolve();
    });
  });
}

export function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
