/**
 * Runs the golden cases in-process and hashes what they wrote and printed, after taking out what
 * may differ between two runs of the same code: timings (CPU and wall seconds, speeds) and the
 * temporary folder the outputs went to.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cli, type Captured } from '../cli/capture.js';
import { GOLDEN_CASES, type GoldenCase } from './cases.js';

/** Per case: file (relative to the case's folder, or `(stdout)`, `(stderr)`, `(exit)`) → SHA-256 of the normalised content. */
export type Manifest = Record<string, Record<string, string>>;

const TIMING_KEYS = ['cpuSeconds', 'wallSeconds', 'eventsPerCpuSecond', 'overheadSeconds', 'seconds', 'censusSeconds', 'drawSeconds'];

/** Takes timings, the output root and the working folder (a checkout may be anywhere) out of a text output. */
export function normalise(text: string, root: string): string {
  let t = text.split(root).join('$ROOT').split(process.cwd()).join('$CWD');
  for (const key of TIMING_KEYS) t = t.replace(new RegExp(`("${key}"\\s*:\\s*)-?[0-9.e+-]+`, 'g'), '$1"<t>"');
  // Timings in words (report pages, terminal lines): "1.234 CPU seconds", "1.2 s", "12,345 events/s".
  t = t.replace(/[0-9][0-9,.]* CPU seconds/g, '<t> CPU seconds');
  t = t.replace(/[0-9][0-9,.]* s on ([0-9]+) thread/g, '<t> s on $1 thread');
  t = t.replace(/\bin [0-9][0-9,.]* ?(s|ms|min)\b/g, 'in <t> $1');
  t = t.replace(/[0-9][0-9,.]* (k |M )?events\/s/g, '<t> events/s');
  t = t.replace(/[0-9][0-9,.]* CPU s\b/g, '<t> CPU s');
  t = t.replace(/[0-9][0-9,.]* s wall/g, '<t> s wall');
  // validate: "Timings: queueing theory 2.1 s, calibration 37.7 s, ..." (terminal and page).
  t = t.replace(/(Timings:[^\n]*)/g, (line) => line.replace(/[0-9][0-9,.]* s\b/g, '<t> s'));
  return t;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const TEXT = /\.(json|csv|html|txt|svg|md|yaml|vl\.json)$/;

function argvOf(c: GoldenCase, root: string): string[] {
  return c.argv.map((a) => a.replace('$OUT', join(root, c.name)).replace('$ROOT', root));
}

/**
 * Runs the cases (every one, or those `include` keeps) with their outputs under `root` (which must
 * be empty), writes the normalised copies beside them as `*.normalised` only if `keepNormalised`,
 * and returns the manifest.
 */
export async function captureGolden(root: string, keepNormalised = false, include: (c: GoldenCase) => boolean = () => true): Promise<Manifest> {
  const manifest: Manifest = {};
  mkdirSync(root, { recursive: true });
  for (const c of GOLDEN_CASES.filter(include)) manifest[c.name] = (await captureCase(c, root, keepNormalised)).entry;
  return manifest;
}

/** Runs one case with its output folder under `root`; its manifest entry, and what the command returned. */
export async function captureCase(c: GoldenCase, root: string, keepNormalised = false): Promise<{ entry: Record<string, string>; run: Captured; folder: string }> {
  const r = await cli(argvOf(c, root));
  const entry: Record<string, string> = {
    '(exit)': String(r.code),
    '(stdout)': sha256(normalise(r.stdout, root)),
    '(stderr)': sha256(normalise(r.stderr, root)),
  };
  const dir = join(root, c.name);
  if (keepNormalised) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '(stdout).normalised'), normalise(r.stdout, root));
    writeFileSync(join(dir, '(stderr).normalised'), normalise(r.stderr, root));
  }
  for (const file of filesUnder(dir)) {
    const name = relative(dir, file);
    if (name.endsWith('.normalised')) continue;
    const raw = readFileSync(file);
    const content = TEXT.test(name) ? normalise(raw.toString('utf8'), root) : raw;
    entry[name] = sha256(content);
    if (keepNormalised && TEXT.test(name)) writeFileSync(`${file}.normalised`, content);
  }
  return { entry, run: r, folder: dir };
}

/** The differences between two manifests, one line each. */
export function manifestDifferences(expected: Manifest, actual: Manifest): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[name] ?? {};
    const a = actual[name] ?? {};
    if (!(name in actual)) out.push(`${name}: case missing`);
    if (!(name in expected)) out.push(`${name}: new case`);
    for (const file of new Set([...Object.keys(e), ...Object.keys(a)])) {
      if (!(file in a)) out.push(`${name}/${file}: no longer written`);
      else if (!(file in e)) out.push(`${name}/${file}: new file`);
      else if (e[file] !== a[file]) out.push(`${name}/${file}: differs${file === '(exit)' ? ` (exit ${e[file]} → ${a[file]})` : ''}`);
    }
  }
  return out;
}

/** The manifest's entries of these cases only. */
export function manifestOf(manifest: Manifest, cases: readonly GoldenCase[]): Manifest {
  return Object.fromEntries(cases.filter((c) => c.name in manifest).map((c) => [c.name, manifest[c.name]]));
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'manifest.json'), 'utf8')) as Manifest;
}
