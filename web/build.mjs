#!/usr/bin/env node
/**
 * `npm run build:web`: the seminar page as static files in dist/web/, which work from any static
 * host (`corrsim seminar` serves them) or opened from disk, with no network:
 *
 *   index.html, style.css   the page
 *   app.js                  the page's code (levers, charts, downloads), with the worker's code
 *                           inside it as text: workers are started from a Blob URL, which a page
 *                           opened from disk may do (a worker file next to it it may not load)
 *   census.js               the census every run starts from, as a script (a page from disk cannot fetch)
 *   census-norway-baseline.csv  the same census as a file, for `corrsim run --census …`
 *
 * The census is what `corrsim census norway-baseline` writes (the baseline's steady state after its
 * 40 warm-up years, seed 1), made by the compiled command line (run `npm run build` first), and
 * made again only when the model's sources or the baseline change (it takes half a minute).
 *
 *   node web/build.mjs [--out DIR] [--quiet]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? resolve(args[outAt + 1]) : join(root, 'dist', 'web');
const say = (line) => quiet || process.stderr.write(`build:web: ${line}\n`);

const CENSUS_FILE = 'census-norway-baseline.csv';

/** Files below a folder, sorted, as paths from the root. */
function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** Writes a file whole or not at all. */
function writeWhole(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/** The built-in scenarios (not the validation ones), as texts by file name. */
function scenarioTexts() {
  const dir = join(root, 'scenarios');
  const texts = {};
  for (const name of readdirSync(dir).sort()) {
    if (/\.(ya?ml|json)$/.test(name) && statSync(join(dir, name)).isFile()) texts[name] = readFileSync(join(dir, name), 'utf8');
  }
  return texts;
}

/** Lets the page import the worker's code, the scenarios and the version as modules. */
function virtualModules(modules) {
  return {
    name: 'corrsim-virtual',
    setup(b) {
      b.onResolve({ filter: /^virtual:/ }, (a) => ({ path: a.path, namespace: 'corrsim-virtual' }));
      b.onLoad({ filter: /.*/, namespace: 'corrsim-virtual' }, (a) => {
        if (!(a.path in modules)) return { errors: [{ text: `no virtual module ${a.path}` }] };
        return { contents: `export default ${JSON.stringify(modules[a.path])};`, loader: 'js' };
      });
    },
  };
}

const common = { bundle: true, minify: true, platform: 'browser', target: ['es2022'], legalComments: 'none', logLevel: quiet ? 'error' : 'warning', absWorkingDir: root };

async function main() {
  const started = performance.now();
  const worker = await build({ ...common, entryPoints: ['web/src/worker.ts'], format: 'iife', write: false });
  const workerCode = worker.outputFiles[0].text;
  const app = await build({
    ...common,
    entryPoints: ['web/src/app.ts'],
    format: 'iife',
    write: false,
    plugins: [virtualModules({ 'virtual:worker': workerCode, 'virtual:scenarios': scenarioTexts(), 'virtual:version': version })],
  });
  mkdirSync(out, { recursive: true });
  writeWhole(join(out, 'app.js'), app.outputFiles[0].text);
  for (const file of ['index.html', 'style.css']) copyFileSync(join(root, 'web', file), join(out, file));
  census();
  const size = (name) => statSync(join(out, name)).size;
  say(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s: app.js ${(size('app.js') / 1024).toFixed(0)} KiB (worker ${(workerCode.length / 1024).toFixed(0)} KiB of it), census.js ${(size('census.js') / 1024).toFixed(0)} KiB`);
}

/** The census, made again only when what it depends on changed. */
function census() {
  const hash = createHash('sha256');
  for (const file of [...walk(join(root, 'src', 'engine')), ...walk(join(root, 'src', 'model')), ...walk(join(root, 'src', 'scenario')), ...walk(join(root, 'src', 'experiments')), ...walk(join(root, 'src', 'studies')), join(root, 'scenarios', 'norway-baseline.yaml'), join(root, 'package.json')]) {
    hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  const key = hash.digest('hex');
  const keyFile = join(out, 'census.key');
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key && existsSync(join(out, CENSUS_FILE)) && existsSync(join(out, 'census.js'))) return;
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first (the census is made by the compiled command line)`);
  say('drawing the census of norway-baseline (corrsim census norway-baseline, about half a minute)…');
  const tmp = mkdtempSync(join(tmpdir(), 'corrsim-web-census-'));
  try {
    execFileSync(process.execPath, [cli, 'census', 'norway-baseline', '-o', join(tmp, 'census'), '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const csv = readFileSync(join(tmp, 'census', 'census.csv'), 'utf8');
    writeWhole(join(out, CENSUS_FILE), csv);
    writeWhole(join(out, 'census.js'), `globalThis.CORRSIM_CENSUS_CSV = ${JSON.stringify(csv)};\n`);
    writeWhole(keyFile, key);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`build:web: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
