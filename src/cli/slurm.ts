/**
 * Slurm: the two batch scripts of a sharded study (a job array running one shard per task, and a
 * merge job), submitting them with sbatch (the merge with --dependency=afterok:<array> and
 * --kill-on-invalid-dep=yes, so a failed shard cancels it rather than leaving it pending), and
 * following them with squeue until they are gone, then their final states from sacct where
 * accounting works, otherwise from scontrol (which keeps finished jobs for MinJobAge seconds).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { shellQuote } from './io.js';
import { withOut } from './shards.js';

export interface SlurmResources {
  partition?: string;
  account?: string;
  /** sbatch --time, e.g. 30, 2:00:00, 1-00:00:00. */
  time: string;
  /** sbatch --mem per task, e.g. 2G. */
  mem: string;
  cpusPerTask: number;
  /** Lines run before corrsim in both scripts (e.g. module load nodejs/20). */
  setup: string[];
}

export interface SlurmPlan {
  /** The study's arguments after `corrsim` (its --out the merged folder). */
  argv: string[];
  shards: number;
  /** Where the merged files go (the study's --out). */
  out: string;
  /** Absolute: the scripts, the logs and the shard folders. */
  work: string;
  /** Absolute: where the jobs run (--chdir), so that relative paths in argv mean what they meant here. */
  chdir: string;
  /** How to start corrsim: e.g. [process.execPath, '/…/dist/src/cli/main.js']. */
  corrsim: string[];
  jobName: string;
  resources: SlurmResources;
  /** A study in rounds (capacity, -n auto), after round 1: the folder of the rounds merged so far (--resume). */
  resume?: string;
}

export function shardFolder(plan: SlurmPlan, index: string): string {
  return join(plan.work, 'shards', `shard-${index}`);
}

function header(plan: SlurmPlan, name: string, log: string): string[] {
  const r = plan.resources;
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${name}`,
    `#SBATCH --chdir=${plan.chdir}`,
    `#SBATCH --output=${log}`,
    `#SBATCH --cpus-per-task=${r.cpusPerTask}`,
    `#SBATCH --mem=${r.mem}`,
    `#SBATCH --time=${r.time}`,
    ...(r.partition !== undefined ? [`#SBATCH --partition=${r.partition}`] : []),
    ...(r.account !== undefined ? [`#SBATCH --account=${r.account}`] : []),
  ];
}

/**
 * The study's arguments for one shard: writing to the shard's folder, on the task's CPUs unless -j
 * was given, and --quiet unless given (the merged records then name the command with them).
 */
export function shardArguments(plan: SlurmPlan, index: string): string[] {
  const argv = withOut(plan.argv, shardFolder(plan, index));
  const hasWorkers = argv.some((a) => a === '-j' || a === '--workers' || a.startsWith('-j=') || a.startsWith('--workers='));
  return [
    ...argv,
    ...(hasWorkers ? [] : ['-j', String(plan.resources.cpusPerTask)]),
    ...(argv.includes('--quiet') ? [] : ['--quiet']),
    ...(plan.resume !== undefined ? ['--resume', plan.resume] : []),
  ];
}

const TASK = '__CORRSIM_TASK__';

/** The job array: task K runs shard K/N of the study. */
export function arrayScript(plan: SlurmPlan): string {
  // The task's index in each word, expanded by bash: closing and reopening a single-quoted word around it.
  const command = [...plan.corrsim, ...shardArguments(plan, TASK), '--shard', `${TASK}/${plan.shards}`]
    .map((word) => {
      const quoted = shellQuote(word);
      return quoted.split(TASK).join(quoted.startsWith("'") ? `'"$SLURM_ARRAY_TASK_ID"'` : '"$SLURM_ARRAY_TASK_ID"');
    })
    .join(' ');
  return [
    ...header(plan, plan.jobName, join(plan.work, 'logs', 'shard-%a.out')),
    `#SBATCH --array=0-${plan.shards - 1}`,
    '# One shard of the study per array task: replications r with r mod N = SLURM_ARRAY_TASK_ID.',
    'set -euo pipefail',
    ...plan.resources.setup,
    `exec ${command}`,
    '',
  ].join('\n');
}

/** The merge job: the shards into the study's files (submitted with --dependency=afterok:<array>). */
export function mergeScript(plan: SlurmPlan): string {
  const dirs = Array.from({ length: plan.shards }, (_, k) => shardFolder(plan, String(k)));
  const command = [...plan.corrsim, 'merge', ...dirs, '--out', plan.out, ...(plan.resume !== undefined ? ['--resume', plan.resume] : [])].map(shellQuote).join(' ');
  return [
    ...header({ ...plan, resources: { ...plan.resources, cpusPerTask: 1 } }, `${plan.jobName}-merge`, join(plan.work, 'logs', 'merge.out')),
    '# Runs after every shard of the array job succeeded (afterok); cancelled if one failed (--kill-on-invalid-dep=yes).',
    'set -euo pipefail',
    ...plan.resources.setup,
    `exec ${command}`,
    '',
  ].join('\n');
}

/** The sbatch lines that submit the two scripts, for --dry-run and --no-wait. */
export function submitLines(plan: SlurmPlan): string[] {
  return [
    `ARRAY=$(sbatch --parsable ${shellQuote(join(plan.work, 'array.sbatch'))})`,
    `MERGE=$(sbatch --parsable --dependency=afterok:\${ARRAY%%;*} --kill-on-invalid-dep=yes ${shellQuote(join(plan.work, 'merge.sbatch'))})`,
  ];
}

// --- Running Slurm's programs ---------------------------------------------------------------------

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export type Exec = (program: string, args: readonly string[]) => Promise<Run>;

/** Runs a Slurm client program with `env` (SLURM_CONF among it), never through a shell. */
export function execWith(env: Record<string, string | undefined>): Exec {
  return (program, args) =>
    new Promise((resolve) => {
      execFile(program, [...args], { env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 127;
        resolve({ code, stdout: String(stdout), stderr: error !== null && stderr === '' ? error.message : String(stderr) });
      });
    });
}

/** The job id of `sbatch --parsable` (which may add `;cluster`). */
export function parsableId(stdout: string): string | undefined {
  const id = stdout.trim().split(';')[0];
  return /^\d+$/.test(id) ? id : undefined;
}

/** Slurm's states of a job that is not over yet. */
const ACTIVE = new Set(['PENDING', 'RUNNING', 'COMPLETING', 'CONFIGURING', 'SUSPENDED', 'REQUEUED', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'RESV_DEL_HOLD', 'REQUEUE_HOLD', 'REQUEUE_FED']);

export function isActive(state: string): boolean {
  return ACTIVE.has(state);
}

/** The jobs of these ids that squeue still lists: (id as squeue prints it, e.g. 12_3 for an array task) → state. */
export async function queued(exec: Exec, ids: readonly string[]): Promise<Map<string, string> | { problem: string }> {
  const r = await exec('squeue', ['-h', '-j', ids.join(','), '-o', '%i %T']);
  // A job that has left the queue entirely makes squeue exit 1 with "Invalid job id specified".
  if (r.code !== 0 && !/Invalid job id/i.test(r.stderr)) return { problem: `squeue failed: ${r.stderr.trim().split('\n')[0]}` };
  const states = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const [id, state] = line.trim().split(/\s+/);
    if (id && state) states.set(id, state);
  }
  return states;
}

/**
 * Final states of the job (one per array task): from sacct when accounting is on, else from
 * scontrol show job (one record per task). Empty when neither knows the job any more.
 */
export async function finalStates(exec: Exec, id: string): Promise<Array<{ task: string; state: string; exit: string }>> {
  const acct = await exec('sacct', ['-n', '-X', '-P', '-j', id, '-o', 'JobID,State,ExitCode']);
  if (acct.code === 0 && acct.stdout.trim() !== '') {
    return acct.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .filter(([job]) => job !== undefined && !/\[/.test(job))
      .map(([task, state, exit]) => ({ task, state: state.split(' ')[0], exit: exit ?? '' }));
  }
  const show = await exec('scontrol', ['show', 'job', '-o', id]);
  if (show.code !== 0) return [];
  return show.stdout
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(line)?.[1] ?? '';
      const task = field('ArrayTaskId');
      return { task: task === '' ? field('JobId') : `${field('ArrayJobId')}_${task}`, state: field('JobState'), exit: field('ExitCode') };
    });
}
