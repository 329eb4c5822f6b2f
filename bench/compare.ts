/**
 * `npm run bench -- --compare REF`: the cost of a change, in one command. Builds REF (any commit,
 * branch or tag) in a git worktree of its own under the system's temp folder (kept, and reused
 * the next time, keyed by commit; node_modules linked from this checkout when package-lock.json is
 * the same, else `npm ci` there), then runs each case in fresh processes on REF and on this
 * checkout in turn, A B B A A B …, so that drift in the machine's load falls on both alike, and
 * prints the median ratio (this / REF) of CPU seconds and of wall time per case.
 *
 *   --compare REF     the commit to compare this checkout with
 *   --rounds N        pairs of runs per case (default 3; quick 2)
 *   --cases a,b       cases to run (default: replication,engine-hold,engine-mixed; `pool` also)
 *   --quick           shorter cases (smoke check)
 *   --json            one JSON object instead of the table
 *
 * A ratio below 1 means this checkout is faster. CPU seconds (every thread of the process) are
 * what to believe on a shared machine; wall time rises with other people's load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROBE_CASES, type ProbeCase, type ProbeResult } from './probe.js';
import { formatMiB, median, renderTable, type BenchRow, type Column } from './util.js';

export interface CompareOptions {
  ref: string;
  rounds: number;
  cases: ProbeCase[];
  quick: boolean;
  json: boolean;
}

const DEFAULT_CASES: ProbeCase[] = ['replication', 'engine-hold', 'engine-mixed'];

export const COMPARE_USAGE = `usage: npm run bench -- --compare REF [--rounds N] [--cases ${PROBE_CASES.join(',')}] [--quick] [--json]`;

/** Parses the arguments after --compare; an error is one line naming the flag. */
export function parseCompareArgs(argv: readonly string[]): CompareOptions | { error: string } {
  const options: CompareOptions = { ref: '', rounds: 0, cases: DEFAULT_CASES, quick: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--compare') options.ref = value();
      else if (arg === '--rounds') {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) return { error: `--rounds: expected a positive integer, got ${argv[i]}` };
        options.rounds = n;
      } else if (arg === '--cases') {
        const names = value().split(',');
        const bad = names.find((n) => !(PROBE_CASES as readonly string[]).includes(n));
        if (bad !== undefined) return { error: `--cases: unknown case ${bad}; expected some of ${PROBE_CASES.join(', ')}` };
        options.cases = names as ProbeCase[];
      } else if (arg === '--quick') options.quick = true;
      else if (arg === '--json') options.json = true;
      else return { error: `unknown argument: ${arg}` };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
  if (options.ref === '') return { error: '--compare: expected a commit, branch or tag' };
  if (options.rounds === 0) options.rounds = options.quick ? 2 : 3;
  return options;
}

/** This checkout: the folder above dist/bench (compiled) or bench/ (sources). */
function checkoutRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'bench')) ? dirname(dirname(here)) : dirname(here);
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function run(cwd: string, command: string, args: string[], what: string): void {
  const r = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed in ${cwd}:\n${(r.stderr ?? '').slice(-2000)}`);
}

/** A built checkout of `ref` (kept under the temp folder and reused, keyed by commit). */
function prepareRef(root: string, ref: string, progress: (m: string) => void): { dir: string; commit: string } {
  let commit: string;
  try {
    commit = git(root, ['rev-parse', '--verify', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--compare: ${ref} is not a commit, branch or tag of ${root}`);
  }
  const dir = join(tmpdir(), 'corrsim-bench', commit.slice(0, 12));
  const stamp = join(dir, 'dist', '.bench-built');
  if (existsSync(stamp)) return { dir, commit };
  if (!existsSync(dir)) {
    mkdirSync(dirname(dir), { recursive: true });
    progress(`checking out ${ref} (${commit.slice(0, 12)}) in ${dir}`);
    git(root, ['worktree', 'add', '--detach', dir, commit]);
  }
  const sameLock = readFileSync(join(root, 'package-lock.json'), 'utf8') === readFileSync(join(dir, 'package-lock.json'), 'utf8');
  if (!existsSync(join(dir, 'node_modules'))) {
    if (sameLock) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    else {
      progress(`npm ci in ${dir} (package-lock.json differs)`);
      run(dir, 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], 'npm ci');
    }
  }
  progress(`building ${commit.slice(0, 12)}`);
  run(dir, process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], 'tsc');
  run(dir, process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(stamp)}, '')`], 'stamp');
  return { dir, commit };
}

/** One case in a fresh process on the tree at `root`. */
function probe(probeFile: string, root: string, name: ProbeCase, quick: boolean): ProbeResult {
  const args = [probeFile, '--root', root, '--case', name, ...(quick ? ['--quick'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`case ${name} on ${root}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ProbeResult;
}

interface CaseComparison {
  case: ProbeCase;
  ref: ProbeResult[];
  head: ProbeResult[];
  /** Per round: head / ref. */
  cpuRatios: number[];
  wallRatios: number[];
  error?: string;
}

export async function compareMain(options: CompareOptions, progress: (m: string) => void): Promise<number> {
  const root = checkoutRoot();
  const probeFile = join(root, 'dist', 'bench', 'probe.js');
  if (!existsSync(probeFile)) throw new Error(`${probeFile} is missing; run npm run build first`);
  const headCommit = git(root, ['rev-parse', 'HEAD']);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']).length > 0;
  const ref = prepareRef(root, options.ref, progress);

  const comparisons: CaseComparison[] = [];
  for (const name of options.cases) {
    const c: CaseComparison = { case: name, ref: [], head: [], cpuRatios: [], wallRatios: [] };
    try {
      for (let round = 0; round < options.rounds; round++) {
        // A B, then B A: each side goes first half the time.
        const order = round % 2 === 0 ? ['ref', 'head'] : ['head', 'ref'];
        for (const side of order) {
          progress(`${name}: round ${round + 1}/${options.rounds}, ${side}`);
          const result = probe(probeFile, side === 'ref' ? ref.dir : root, name, options.quick);
          (side === 'ref' ? c.ref : c.head).push(result);
        }
        const a = c.ref[round];
        const b = c.head[round];
        if (a.events !== b.events) progress(`${name}: note: events differ (ref ${a.events}, head ${b.events}): the work changed, compare per event`);
        c.cpuRatios.push(b.cpuSeconds / b.events / (a.cpuSeconds / a.events));
        c.wallRatios.push(b.wallSeconds / b.events / (a.wallSeconds / a.events));
      }
    } catch (error) {
      c.error = (error as Error).message;
    }
    comparisons.push(c);
  }

  if (options.json) {
    process.stdout.write(JSON.stringify({ benchmark: 'corrsim-compare', ref: ref.commit, head: headCommit, dirty, options, comparisons }, null, 2) + '\n');
  } else {
    printComparison(ref.commit, headCommit, dirty, options, comparisons);
  }
  return comparisons.some((c) => c.error !== undefined) ? 1 : 0;
}

function printComparison(refCommit: string, headCommit: string, dirty: boolean, options: CompareOptions, comparisons: CaseComparison[]): void {
  const fmt = (d: number) => (v: number) => (Number.isFinite(v) ? v.toFixed(d) : '–');
  const columns: Column[] = [
    { key: 'events', header: 'events', format: (v) => Math.round(v).toLocaleString('en-US') },
    { key: 'refCpu', header: 'ref cpu-s', format: fmt(2) },
    { key: 'headCpu', header: 'head cpu-s', format: fmt(2) },
    { key: 'cpuRatio', header: 'cpu ratio', format: fmt(3) },
    { key: 'cpuRange', header: 'cpu range' },
    { key: 'refWall', header: 'ref wall-s', format: fmt(2) },
    { key: 'headWall', header: 'head wall-s', format: fmt(2) },
    { key: 'wallRatio', header: 'wall ratio', format: fmt(3) },
    { key: 'headRate', header: 'head Mev/cpu-s', format: fmt(3) },
    { key: 'rss', header: 'head maxRSS', format: formatMiB },
  ];
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const c of comparisons) {
    if (c.error !== undefined) {
      notes.push(`${c.case}: FAILED: ${c.error}`);
      if (c.cpuRatios.length === 0) continue;
    }
    const med = (xs: ProbeResult[], pick: (r: ProbeResult) => number) => median(xs.map(pick));
    rows.push({
      label: c.case,
      values: {
        events: med(c.head, (r) => r.events),
        refCpu: med(c.ref, (r) => r.cpuSeconds),
        headCpu: med(c.head, (r) => r.cpuSeconds),
        cpuRatio: median(c.cpuRatios),
        cpuRange: `${Math.min(...c.cpuRatios).toFixed(2)}–${Math.max(...c.cpuRatios).toFixed(2)}`,
        refWall: med(c.ref, (r) => r.wallSeconds),
        headWall: med(c.head, (r) => r.wallSeconds),
        wallRatio: median(c.wallRatios),
        headRate: med(c.head, (r) => r.events / r.cpuSeconds / 1e6),
        rss: med(c.head, (r) => r.maxRssBytes),
      },
    });
    if (c.case === 'replication') {
      const h = (xs: ProbeResult[]) => median(xs.map((r) => r.extra?.helperShare ?? NaN));
      const [hr, hh] = [h(c.ref), h(c.head)];
      if (Number.isFinite(hh)) {
        notes.push(
          `replication: V8 helper threads' CPU over the main thread's ref ${(100 * hr).toFixed(1)} %, head ${(100 * hh).toFixed(1)} %; ` +
            `two workers on two free cores can gain at most 2 / (1 + h) = ${(2 / (1 + hh)).toFixed(2)}× (head)`,
        );
      }
    }
    if (c.case === 'pool') {
      const sp = (xs: ProbeResult[]) => median(xs.map((r) => r.extra?.speedup ?? NaN)).toFixed(2);
      const ov = (xs: ProbeResult[]) => median(xs.map((r) => r.extra?.taskOverheadMs ?? NaN)).toFixed(1);
      notes.push(`pool: 2 workers over 1 thread (wall): ref ${sp(c.ref)}×, head ${sp(c.head)}×; pool overhead per task ref ${ov(c.ref)} ms, head ${ov(c.head)} ms`);
    }
  }
  const out = [
    `corrsim benchmark: this checkout against ${options.ref}${options.quick ? ' (--quick)' : ''}`,
    `  ref   ${refCommit.slice(0, 12)}`,
    `  head  ${headCommit.slice(0, 12)}${dirty ? ' (uncommitted changes)' : ''}`,
    `  ${options.rounds} rounds per case, ref and head alternating (A B B A …), each run a fresh process`,
    '',
    renderTable(columns, rows),
    '',
    '  ratio = head / ref per event (median over rounds, range min–max); below 1 is faster.',
    '  cpu-s = process CPU time, every thread; on a shared machine believe it over wall time.',
    ...notes.map((n) => `  - ${n}`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}
