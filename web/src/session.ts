/**
 * What the seminar page asks of the model, as the command line would ask it: a setup (the built-in
 * scenario, the levers' `--set` overrides, seed, replications, years, stories) becomes the same
 * RunRequest or CompareRequest that `corrsim run` and `corrsim compare` build, starting from the
 * same census file (the built-in baseline's steady state, shipped with the page). So the page and
 * `corrsim run SCENARIO --set … -n N -s S --years Y --census census-norway-baseline.csv` give the
 * same numbers, and the page prints that command for anyone to check.
 *
 * Portable: no DOM and no Node (the study worker and the Node tests both use it).
 */
import { checkCensusAgainst, type Census } from '../../src/scenario/census.js';
import { resolveScenario, type ScenarioFiles, type ScenarioLoadResult } from '../../src/scenario/resolve.js';
import type { CompareRequest } from '../../src/studies/compare.js';
import type { ScenarioIdentity } from '../../src/studies/provenance.js';
import type { RunRequest } from '../../src/studies/run.js';
import type { RunStart } from '../../src/studies/study.js';

/** The file name the page's census has, and that the printed command line names. */
export const CENSUS_FILE = 'census-norway-baseline.csv';

/** Limits of the page's form: enough to teach with, small enough for a laptop. */
export const LIMITS = { replications: { min: 1, max: 100 }, years: { min: 1, max: 30 }, stories: { min: 0, max: 8 } } as const;

export interface Setup {
  /** A built-in scenario's name. */
  scenario: string;
  /** `PATH=VALUE` overrides (the levers moved). */
  sets: readonly string[];
  seed: number;
  replications: number;
  years: number;
  /** Life stories to tell from the first replication (0: none). */
  stories: number;
}

export type Loaded = Extract<ScenarioLoadResult, { ok: true }>;

/** Built-in scenarios as texts by file name (`norway-baseline.yaml` → its YAML), as the page bundles them. */
export type ScenarioTexts = Readonly<Record<string, string>>;

/** The bundled scenarios as the resolver's files: a name or a file name of `scenarios/`, as `corrsim` finds built-ins. */
export function bundledFiles(texts: ScenarioTexts): ScenarioFiles {
  const names = Object.keys(texts).sort();
  const find = (ref: string): string | undefined => {
    const base = ref.replace(/^.*[\\/]/, '');
    return [base, `${base}.yaml`, `${base}.yml`, `${base}.json`].find((n) => n in texts);
  };
  return {
    locate: (ref) => {
      const name = find(ref);
      if (name !== undefined) return { ok: true, path: `scenarios/${name}` };
      const list = names.map((n) => n.replace(/\.(ya?ml|json)$/, '')).join(', ');
      return { ok: false, error: `scenario file not found: ${ref} (built-in scenarios: ${list})` };
    },
    read: (path) => {
      const name = path.replace(/^scenarios\//, '');
      return name in texts ? { ok: true, text: texts[name] } : { ok: false, reason: 'ENOENT' };
    },
    label: (path) => path.replace(/^.*\//, ''),
    resolvePath: (path) => path,
  };
}

/** The built-in scenarios' names and descriptions, plain ones first, as `corrsim scenarios` lists them. */
export function scenarioList(texts: ScenarioTexts): Array<{ name: string; description: string; extends: boolean }> {
  const files = bundledFiles(texts);
  return Object.keys(texts)
    .sort()
    .filter((n) => !n.startsWith('validation'))
    .map((file) => {
      const name = file.replace(/\.(ya?ml|json)$/, '');
      const loaded = resolveScenario(name, files);
      const text = texts[file];
      return { name, description: loaded.ok ? loaded.scenario.description : '', extends: /^extends:/m.test(text) };
    })
    .sort((a, b) => Number(a.extends) - Number(b.extends) || a.name.localeCompare(b.name));
}

/** The scenario with the levers' overrides: validated by the command line's own resolver. */
export function loadSetup(texts: ScenarioTexts, scenario: string, sets: readonly string[]): ScenarioLoadResult {
  return resolveScenario(scenario, bundledFiles(texts), { sets });
}

export function identityOf(loaded: Loaded): ScenarioIdentity {
  return { name: loaded.name, sha256: loaded.sha256, resolved: loaded.scenario };
}

/** The page's start: every replication from the shipped census, as `--census census-norway-baseline.csv` starts them. */
export function censusStart(census: Census, scenario: Loaded): { ok: true; start: RunStart } | { ok: false; errors: string[] } {
  const problems = checkCensusAgainst(census.states[0], scenario.scenario, census.source);
  if (problems.length > 0) return { ok: false, errors: problems };
  return { ok: true, start: { warmupYears: 0, census, flag: CENSUS_FILE } };
}

/** A word of a command line, quoted for a POSIX shell when it needs it. */
function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function commonFlags(setup: Setup): string[] {
  return ['-n', String(setup.replications), '-s', String(setup.seed), '--years', String(setup.years), '--census', CENSUS_FILE];
}

/** The command line that runs the same as the page's Run. */
export function runCommandLine(setup: Setup): string {
  const words = ['corrsim', 'run', setup.scenario, ...setup.sets.flatMap((s) => ['--set', s]), ...commonFlags(setup), '--stories', String(setup.stories)];
  return words.map(quote).join(' ');
}

/** The command line that runs the same as the page's Compare (the changed scenario saved as `changed`.yaml from the page). */
export function compareCommandLine(setup: Setup, changedFile: string): string {
  return ['corrsim', 'compare', setup.scenario, changedFile, ...commonFlags(setup)].map(quote).join(' ');
}

export function runRequest(setup: Setup, loaded: Loaded, start: RunStart, version: string): RunRequest {
  return {
    provenance: { corrsim: version, command: runCommandLine(setup) },
    seed: setup.seed,
    years: setup.years,
    start,
    fixedEffects: false,
    scenario: identityOf(loaded),
    replications: { kind: 'fixed', count: setup.replications },
    stories: setup.stories,
  };
}

/** The changed scenario's name: the baseline's with `-changed`, as the YAML the page offers names it. */
export function changedName(scenario: string): string {
  return `${scenario}-changed`;
}

/** Baseline (the scenario as built in) against the changed one (with the levers), as `corrsim compare` pairs them. */
export function compareRequest(setup: Setup, baseline: Loaded, changed: Loaded, start: RunStart, version: string): CompareRequest {
  const name = changedName(setup.scenario);
  return {
    provenance: { corrsim: version, command: compareCommandLine(setup, `${name}.yaml`) },
    seed: setup.seed,
    years: setup.years,
    start,
    fixedEffects: false,
    scenarios: [
      { ...identityOf(baseline), folder: baseline.name },
      { ...identityOf(changed), folder: name },
    ],
    replications: { kind: 'fixed', count: setup.replications },
  };
}

/** The setup's own problems (not the scenario's): one line each, naming the field. */
export function setupProblems(setup: Setup): string[] {
  const problems: string[] = [];
  const whole = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;
  if (!whole(setup.replications, LIMITS.replications.min, LIMITS.replications.max)) problems.push(`replications: expected a whole number from ${LIMITS.replications.min} to ${LIMITS.replications.max}, found ${setup.replications}`);
  if (!whole(setup.years, LIMITS.years.min, LIMITS.years.max)) problems.push(`years: expected a whole number from ${LIMITS.years.min} to ${LIMITS.years.max}, found ${setup.years}`);
  if (!whole(setup.stories, LIMITS.stories.min, LIMITS.stories.max)) problems.push(`stories: expected a whole number from ${LIMITS.stories.min} to ${LIMITS.stories.max}, found ${setup.stories}`);
  if (!(Number.isSafeInteger(setup.seed) && setup.seed >= 0)) problems.push(`seed: expected a whole number >= 0, found ${setup.seed}`);
  return problems;
}

/** The description the changed scenario carries, in the page's runs and in the YAML it offers alike. */
export function changedDescription(scenario: string): string {
  return `Changed in the corrsim seminar page from ${scenario}`;
}

/** The overrides of the changed scenario of a comparison: its name and description, then the levers'. */
export function changedSets(setup: Pick<Setup, 'scenario' | 'sets'>): string[] {
  return [`name=${changedName(setup.scenario)}`, `description=${changedDescription(setup.scenario)}`, ...setup.sets];
}

/**
 * The changed scenario as a file `corrsim run` and `corrsim compare` accept: `extends` the built-in
 * scenario and gives only what the levers changed (a list, such as facilities, restated whole, since
 * lists are replaced whole). It resolves to exactly the scenario the page's Compare ran.
 */
export function changedScenarioYaml(setup: Pick<Setup, 'scenario' | 'sets'>, changed: Loaded, stringify: (value: unknown) => string): string {
  const patch: Record<string, unknown> = { extends: setup.scenario, name: changedName(setup.scenario), description: changedDescription(setup.scenario) };
  const resolved = changed.scenario as unknown as Record<string, unknown>;
  for (const set of setup.sets) {
    const path = set.slice(0, set.indexOf('=')).split('.');
    // The deepest part of the path above any list index: a list is restated whole.
    const listAt = path.findIndex((p) => /^\d+$/.test(p));
    const kept = listAt >= 0 ? path.slice(0, listAt) : path;
    let from: unknown = resolved;
    let to: Record<string, unknown> = patch;
    kept.forEach((key, i) => {
      from = (from as Record<string, unknown>)[key];
      if (i === kept.length - 1) to[key] = from;
      else to = (to[key] ??= {}) as Record<string, unknown>;
    });
  }
  const sets = setup.sets.length === 0 ? ['(none: the scenario as built in)'] : setup.sets;
  return `# ${changedDescription(setup.scenario)}, with these changes (as corrsim --set):\n${sets.map((s) => `#   ${s}\n`).join('')}` + stringify(patch);
}
