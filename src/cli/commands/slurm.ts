/**
 * `corrsim slurm COMMAND … -o DIR --shards N [--partition P] [--time T] [--mem M] [--cpus-per-task C]`:
 * a study as a Slurm job array of N shards and a merge job that depends on it (src/cli/slurm.ts).
 * Writes the two scripts to the work folder (default DIR.slurm), submits them, and follows them
 * until they are over (unless --no-wait), printing each change and the final states; --dry-run
 * prints the scripts and the sbatch lines instead.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { packageRoot } from '../../scenario/files.node.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, internalError, usageError, type CliIo } from '../io.js';
import { RESUME_FILE } from '../shards.js';
import { arrayScript, execWith, finalStates, isActive, mergeScript, parsableId, queued, shardArguments, submitLines, type Exec, type SlurmPlan } from '../slurm.js';

/** The flags of `corrsim slurm` that take a value, and their defaults; everything else is the study's. */
const VALUE_FLAGS = ['--shards', '--partition', '--account', '--time', '--mem', '--cpus-per-task', '--setup', '--work-dir', '--job-name', '--corrsim', '--poll', '--wait-timeout'] as const;
const SWITCHES = ['--dry-run', '--no-wait'] as const;
type Value = (typeof VALUE_FLAGS)[number];

export const SLURM_DEFAULTS = { time: '1:00:00', mem: '2G', cpusPerTask: 1, poll: 10 };

/** Checks the study's arguments with the real command line, running nothing: undefined when they would run, else the exit code (its messages printed). */
export type CheckStudy = (argv: readonly string[]) => Promise<number | undefined>;

interface SlurmArgs {
  values: Partial<Record<Value, string[]>>;
  switches: Set<string>;
  study: string[];
}

function split(argv: readonly string[], problems: string[]): SlurmArgs {
  const values: SlurmArgs['values'] = {};
  const switches = new Set<string>();
  const study: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const flag = VALUE_FLAGS.find((f) => a === f || a.startsWith(`${f}=`));
    if (flag !== undefined) {
      const value = a === flag ? argv[++i] : a.slice(flag.length + 1);
      if (value === undefined) problems.push(`${flag} needs a value`);
      else (values[flag] ??= []).push(value);
    } else if ((SWITCHES as readonly string[]).includes(a)) switches.add(a);
    else study.push(a);
  }
  return { values, switches, study };
}

const last = (args: SlurmArgs, flag: Value): string | undefined => args.values[flag]?.at(-1);

/** The folder of -o/--out in the study's arguments (the last one), if any. */
function outOf(argv: readonly string[]): string | undefined {
  return withValues(argv, ['-o', '--out']).at(-1);
}

export async function slurmCommand(argv: readonly string[], io: CliIo, check: CheckStudy): Promise<number> {
  const problems: string[] = [];
  const args = split(argv, problems);
  const shards = Number(last(args, '--shards'));
  if (last(args, '--shards') === undefined) problems.push('--shards N is needed: how many array tasks (shards) to split the study into, e.g. --shards 8');
  else if (!(Number.isInteger(shards) && shards >= 1 && shards <= 10000)) problems.push(`--shards must be a whole number from 1 to 10000; got '${last(args, '--shards')}'`);
  const cpus = Number(last(args, '--cpus-per-task') ?? SLURM_DEFAULTS.cpusPerTask);
  if (!(Number.isInteger(cpus) && cpus >= 1)) problems.push(`--cpus-per-task must be a whole number ≥ 1; got '${last(args, '--cpus-per-task')}'`);
  const time = last(args, '--time') ?? SLURM_DEFAULTS.time;
  if (!/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(time)) problems.push(`--time must be a Slurm time: minutes, H:MM:SS or D-HH:MM:SS (e.g. 30, 2:00:00); got '${time}'`);
  const mem = last(args, '--mem') ?? SLURM_DEFAULTS.mem;
  if (!/^\d+[KMGT]?$/i.test(mem)) problems.push(`--mem must be a Slurm memory size such as 2G or 1500M; got '${mem}'`);
  const poll = Number(last(args, '--poll') ?? SLURM_DEFAULTS.poll);
  if (!(poll > 0)) problems.push(`--poll must be a positive number of seconds; got '${last(args, '--poll')}'`);
  const timeout = Number(last(args, '--wait-timeout') ?? 0);
  if (!(timeout >= 0)) problems.push(`--wait-timeout must be seconds ≥ 0 (0: no limit); got '${last(args, '--wait-timeout')}'`);
  const command = args.study[0];
  if (command === undefined || command.startsWith('-')) problems.push('name the study to run on Slurm: corrsim slurm run|compare|sweep SCENARIO … -o DIR --shards N');
  else if (!['run', 'compare', 'sweep', 'capacity'].includes(command)) problems.push(`corrsim slurm runs run, compare, sweep or capacity; got '${command}'`);
  // A capacity search runs in rounds (one candidate each), and so does -n auto (the replications up to each checkpoint).
  const auto = (command === 'run' || command === 'compare') && autoReplications(args.study);
  const rounds = command === 'capacity' || auto;
  const eachRound = auto ? 'the replications up to the next checkpoint each' : 'one candidate each';
  if (rounds && args.switches.has('--no-wait')) {
    problems.push(`--no-wait: ${auto ? '-n auto' : 'a capacity search'} runs in rounds (${eachRound}), and corrsim slurm submits each round when the one before is merged; it must wait`);
  }
  if (args.study.some((a) => a === '--shard' || a.startsWith('--shard='))) problems.push('give --shards N to corrsim slurm, not --shard K/N: each array task gets its own');
  const out = outOf(args.study);
  if (command !== undefined && out === undefined) problems.push('corrsim slurm needs the folder of the merged result: give the study -o DIR');
  if (problems.length > 0) return usageError(io, problems);

  const main = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  const corrsim = last(args, '--corrsim');
  if (corrsim === undefined && !existsSync(main)) return usageError(io, [`${main} is missing: build corrsim first (npm run build), or give --corrsim COMMAND`]);
  const work = resolve(last(args, '--work-dir') ?? join(dirname(out!), `${basename(out!)}.slurm`));
  const plan: SlurmPlan = {
    argv: args.study,
    shards,
    out: out!,
    work,
    chdir: process.cwd(),
    corrsim: corrsim !== undefined ? [corrsim] : [process.execPath, main],
    jobName: last(args, '--job-name') ?? `corrsim-${command}`,
    resources: { partition: last(args, '--partition'), account: last(args, '--account'), time, mem, cpusPerTask: cpus, setup: args.values['--setup'] ?? [] },
  };
  // The shard's command line, checked by the real command line before anything is submitted.
  const checked = await check([...shardArguments(plan, '0'), '--shard', `0/${shards}`]);
  if (checked !== undefined) return checked;
  const scriptsOf = (p: SlurmPlan) => {
    const scripts = { array: arrayScript(p), merge: mergeScript(p) };
    // --corrsim is a shell fragment: do not quote it.
    if (corrsim !== undefined) for (const k of ['array', 'merge'] as const) scripts[k] = scripts[k].replace(`exec '${corrsim.replace(/'/g, `'\\''`)}'`, `exec ${corrsim}`);
    return scripts;
  };

  if (args.switches.has('--dry-run')) {
    const scripts = scriptsOf(plan);
    const later = rounds ? `# ${auto ? '-n auto' : 'a capacity search'} runs in rounds, ${eachRound}: from round 2 on, both scripts add --resume ${out}\n` : '';
    io.stdout.write(`# ${join(work, 'array.sbatch')}\n${scripts.array}\n# ${join(work, 'merge.sbatch')}\n${scripts.merge}\n${later}# submit:\n${submitLines(plan).join('\n')}\n`);
    return EXIT_OK;
  }
  const exec = execWith({ ...process.env, ...(io.env ?? {}) });
  // A resume.json left by an earlier search in that folder is not this search's.
  if (rounds) await rm(join(out!, RESUME_FILE), { force: true });
  for (let round = 1; ; round++) {
    const thisRound: SlurmPlan = round === 1 ? plan : { ...plan, resume: out! };
    const scripts = scriptsOf(thisRound);
    try {
      await mkdir(join(work, 'logs'), { recursive: true });
      await mkdir(join(work, 'shards'), { recursive: true });
      await writeFile(join(work, 'array.sbatch'), scripts.array, { mode: 0o755 });
      await writeFile(join(work, 'merge.sbatch'), scripts.merge, { mode: 0o755 });
    } catch (error) {
      return internalError(io, `cannot write the scripts to ${work}`, error);
    }
    const array = await submit(exec, [join(work, 'array.sbatch')]);
    if ('problem' in array) return usageError(io, [`sbatch refused the array job: ${array.problem}`]);
    const merge = await submit(exec, [`--dependency=afterok:${array.id}`, '--kill-on-invalid-dep=yes', join(work, 'merge.sbatch')]);
    if ('problem' in merge) {
      await exec('scancel', [array.id]);
      return usageError(io, [`sbatch refused the merge job: ${merge.problem} (array job ${array.id} cancelled)`]);
    }
    const what = rounds ? `round ${round}: ` : '';
    io.stdout.write(`slurm: ${what}submitted array job ${array.id} (${shards} shard${shards === 1 ? '' : 's'}) and merge job ${merge.id} (afterok:${array.id}); scripts and logs in ${work}\n`);
    if (args.switches.has('--no-wait')) {
      io.stdout.write(`slurm: follow with: squeue -j ${array.id},${merge.id}; the merged files go to ${out}\n`);
      return EXIT_OK;
    }
    const code = await follow(io, exec, { array: array.id, merge: merge.id, shards, work, out: out!, poll, timeout });
    if (code !== EXIT_OK) return code;
    if (!(rounds && existsSync(join(out!, RESUME_FILE)))) {
      io.stdout.write(`slurm: merged into ${out}${rounds ? ` after ${round} round${round === 1 ? '' : 's'}` : ''}\n`);
      return EXIT_OK;
    }
    io.stdout.write(`slurm: round ${round} merged; ${auto ? 'the precision asked for is not reached yet: more replications' : 'the search needs another candidate'}\n`);
  }
}

/** Whether the study's -n/--replications (its last value) is auto. */
function autoReplications(study: readonly string[]): boolean {
  const values = withValues(study, ['-n', '--replications']);
  return values.length > 0 && values[values.length - 1].trim().toLowerCase() === 'auto';
}

/** The values of the flags `names` in argv (`--name V`, `--name=V`), in order. */
function withValues(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = names.find((n) => argv[i] === n || argv[i].startsWith(`${n}=`));
    if (name === undefined) continue;
    const value = argv[i] === name ? argv[++i] : argv[i].slice(name.length + 1);
    if (value !== undefined) out.push(value);
  }
  return out;
}

async function submit(exec: Exec, args: string[]): Promise<{ id: string } | { problem: string }> {
  const r = await exec('sbatch', ['--parsable', ...args]);
  const id = parsableId(r.stdout);
  if (r.code !== 0 || id === undefined) return { problem: (r.stderr.trim() || r.stdout.trim() || `exit ${r.code}`).split('\n')[0] };
  return { id };
}

/** How many array tasks a squeue id stands for: 12_3 one, 12_[0-3,5]%2 five. */
function tasksOf(id: string): number {
  const m = /_\[([^\]]+)\]/.exec(id);
  if (m === null) return 1;
  return m[1].split(',').reduce((sum, part) => {
    const [a, b] = part.split('-').map(Number);
    return sum + (b === undefined ? 1 : b - a + 1);
  }, 0);
}

interface Followed {
  array: string;
  merge: string;
  shards: number;
  work: string;
  out: string;
  poll: number;
  timeout: number;
}

/** Polls squeue until both jobs are gone, printing each change; then the final states, exit 0 only when every shard and the merge completed. */
async function follow(io: CliIo, exec: Exec, f: Followed): Promise<number> {
  const started = Date.now();
  let said = '';
  for (;;) {
    const states = await queued(exec, [f.array, f.merge]);
    if ('problem' in states) return usageError(io, [states.problem]);
    const counts = new Map<string, number>();
    let mergeState: string | undefined;
    for (const [id, state] of states) {
      if (id === f.merge) mergeState = state;
      else if (id.startsWith(`${f.array}_`) || id === f.array) counts.set(state, (counts.get(state) ?? 0) + tasksOf(id));
    }
    const active = [...counts.values()].reduce((a, b) => a + b, 0);
    if (active === 0 && mergeState === undefined) break;
    const parts = [...counts].map(([state, n]) => `${n} ${state.toLowerCase()}`);
    const line = `slurm: shards: ${[...parts, `${f.shards - active} over`].join(', ')}; merge: ${mergeState?.toLowerCase() ?? 'over'}`;
    if (line !== said) io.stdout.write(`${line}\n`);
    said = line;
    if (f.timeout > 0 && Date.now() - started > f.timeout * 1000) {
      io.stderr.write(`corrsim: slurm: jobs ${f.array} and ${f.merge} still queued after ${f.timeout} s; they go on: follow with squeue -j ${f.array},${f.merge}\n`);
      return EXIT_FAILED;
    }
    if (io.interrupt?.aborted === true) {
      io.stderr.write(`corrsim: slurm: stopped following; jobs ${f.array} and ${f.merge} go on (scancel ${f.array} ${f.merge} to end them)\n`);
      return EXIT_INTERRUPTED;
    }
    await new Promise((r) => setTimeout(r, f.poll * 1000));
  }
  const tasks = await finalStates(exec, f.array);
  const merged = await finalStates(exec, f.merge);
  const byState = new Map<string, number>();
  for (const t of tasks) byState.set(t.state, (byState.get(t.state) ?? 0) + 1);
  const mergeState = merged[0]?.state ?? 'UNKNOWN';
  io.stdout.write(`slurm: array job ${f.array}: ${[...byState].map(([s, n]) => `${n} ${s}`).join(', ') || 'no record'}; merge job ${f.merge}: ${mergeState}\n`);
  const failed = tasks.filter((t) => t.state !== 'COMPLETED');
  for (const t of failed) {
    const index = t.task.split('_')[1] ?? t.task;
    io.stderr.write(`corrsim: slurm: shard ${index} ${t.state} (exit ${t.exit}); its log: ${join(f.work, 'logs', `shard-${index}.out`)}\n`);
  }
  if (mergeState === 'COMPLETED' && failed.length === 0 && tasks.length === f.shards) return EXIT_OK;
  if (mergeState !== 'COMPLETED') io.stderr.write(`corrsim: slurm: the merge did not complete (${mergeState}); its log: ${join(f.work, 'logs', 'merge.out')}\n`);
  return EXIT_FAILED;
}
