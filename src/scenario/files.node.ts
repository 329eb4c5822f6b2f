/**
 * Node only: where corrsim's files are and how they are read. Everything else in src/scenario is
 * portable (it runs in a browser as well); this module gives it the file system: the package's
 * folder and version, the built-in scenarios, scenario files with their `extends` chain
 * (`loadScenario`), and census files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { censusFromText, type Census } from './census.js';
import { readScenarioFile, resolveScenario, type ScenarioFiles, type ScenarioLoadResult } from './resolve.js';
import { closest } from './suggest.js';

export interface LoadScenarioOptions {
  /** `PATH=VALUE` overrides, applied in order after merging. */
  sets?: readonly string[];
  /** Where built-in scenarios live (default: the package's `scenarios/` folder). */
  scenarioDir?: string;
}

const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'];

// --- Where things are ------------------------------------------------------------------------

let cachedPackageRoot: string | undefined;
let cachedVersion: string | undefined;

/** The folder holding corrsim's package.json, found from this module (src/ or dist/src/). */
export function packageRoot(): string {
  if (cachedPackageRoot !== undefined) return cachedPackageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'corrsim') {
          cachedPackageRoot = dir;
          return dir;
        }
      } catch {
        // An unreadable package.json further down is not ours; keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`corrsim: no package.json named corrsim above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The version in corrsim's package.json: right both from `src/` (tests) and from `dist/src/` (the installed command). */
export function corrsimVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`corrsim: ${join(packageRoot(), 'package.json')} has no version`);
  return (cachedVersion = pkg.version);
}

export function builtinScenarioDir(): string {
  return join(packageRoot(), 'scenarios');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function builtinFiles(scenarioDir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(scenarioDir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => SCENARIO_EXTENSIONS.includes(extname(entry).toLowerCase()) && isFile(join(scenarioDir, entry)))
    .sort();
}

function notFound(ref: string, scenarioDir: string): string {
  const names = [...new Set(listBuiltinScenarios(scenarioDir).map((scenario) => scenario.name))];
  const guess = closest(ref.replace(/\.(ya?ml|json)$/i, ''), names);
  const hint = guess !== undefined ? `did you mean ${guess}? ` : '';
  const list = names.length > 0 ? names.join(', ') : 'none found';
  return `scenario file not found: ${ref} (${hint}built-in scenarios: ${list})`;
}

function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || SCENARIO_EXTENSIONS.includes(extname(ref).toLowerCase());
}

/**
 * A path is taken relative to `baseDir` (the working directory, or the extending file's folder).
 * A bare name is a built-in scenario, or failing that a file of that name in `baseDir`.
 */
function resolveRef(ref: string, baseDir: string, scenarioDir: string): { ok: true; path: string } | { ok: false; error: string } {
  if (looksLikePath(ref)) {
    const path = resolve(baseDir, ref);
    return isFile(path) ? { ok: true, path } : { ok: false, error: notFound(ref, scenarioDir) };
  }
  const candidates = [
    ...SCENARIO_EXTENSIONS.map((ext) => join(scenarioDir, ref + ext)),
    ...SCENARIO_EXTENSIONS.map((ext) => resolve(baseDir, ref + ext)),
    resolve(baseDir, ref),
  ];
  const path = candidates.find(isFile);
  return path !== undefined ? { ok: true, path } : { ok: false, error: notFound(ref, scenarioDir) };
}

// --- Scenario files --------------------------------------------------------------------------

/** The file system as the scenario resolver sees it: built-in names from `scenarioDir`, paths from the working folder. */
export function nodeScenarioFiles(scenarioDir: string = builtinScenarioDir()): ScenarioFiles {
  return {
    locate: (ref, from) => resolveRef(ref, from === undefined ? process.cwd() : dirname(from), scenarioDir),
    read: (path) => {
      try {
        return { ok: true, text: readFileSync(path, 'utf8') };
      } catch (error) {
        return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? String(error) };
      }
    },
    label: (path) => basename(path),
    resolvePath: (path, from) => (from === undefined ? resolve(path) : resolve(dirname(from), path)),
  };
}

/** Loads a scenario file or built-in by name, with its `extends` chain and `--set` overrides (see resolveScenario). */
export function loadScenario(ref: string, options: LoadScenarioOptions = {}): ScenarioLoadResult {
  const scenarioDir = options.scenarioDir !== undefined ? resolve(options.scenarioDir) : builtinScenarioDir();
  return resolveScenario(ref, nodeScenarioFiles(scenarioDir), { sets: options.sets });
}

/** The built-in scenarios with their one-line descriptions: scenarios without `extends` first. */
export function listBuiltinScenarios(scenarioDir: string = builtinScenarioDir()): Array<{ name: string; description: string }> {
  const files = nodeScenarioFiles(scenarioDir);
  const listed = builtinFiles(scenarioDir).map((file) => {
    const fileName = basename(file, extname(file));
    const read = readScenarioFile(files, join(scenarioDir, file));
    if (!read.ok) return { name: fileName, description: `(cannot be read: ${read.error})`, isPatch: true };
    const { name, description } = read.file.content;
    return {
      name: fileName,
      description: typeof description === 'string' ? description : typeof name === 'string' ? name : '',
      isPatch: read.file.content.extends !== undefined,
    };
  });
  listed.sort((a, b) => Number(a.isPatch) - Number(b.isPatch) || a.name.localeCompare(b.name));
  return listed.map(({ name, description }) => ({ name, description }));
}

// --- Census files ----------------------------------------------------------------------------

/** Reads and parses a census file; errors are one line each and name the file. */
export function readCensusFile(path: string): { ok: true; census: Census } | { ok: false; errors: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? String(error));
    return { ok: false, errors: [`census file ${path}: cannot read it (${reason})`] };
  }
  return censusFromText(text, basename(path));
}
