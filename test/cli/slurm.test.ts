/**
 * corrsim slurm on a real Slurm: the private one-node cluster of scripts/slurm/local-cluster.sh
 * (Debian's slurmctld, slurmd and munge on this machine; .ci/run installs them). A small sharded
 * run is submitted as a job array and an afterok merge job, followed to the end, and the merged
 * folder compared byte for byte (after the golden test's normalisation) with the same run on this
 * machine. Where Slurm is not installed or cannot start here, the test skips and says why; with
 * CORRSIM_SLURM_REQUIRED=1 (set by .ci/run once Slurm is installed) it fails instead.
 * Never a mock: every sbatch, squeue and scontrol is the real one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../src/scenario/files.node.js';
import { ensureCompiled } from '../experiments/compiled.js';
import { cli } from './capture.js';
import { folderHashes } from './folders.js';
import { SMALL } from './small.js';

const CLUSTER = join(packageRoot(), 'scripts', 'slurm', 'local-cluster.sh');
const root = mkdtempSync(join(tmpdir(), 'corrsim-slurm-test-'));
let why: string | undefined;
let started = false;
let slurmConf = '';

describe('on the private one-node cluster', () => {
  beforeAll(async () => {
    await ensureCompiled();
    if (spawnSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).status !== 0) {
      why = 'Slurm is not installed (no sbatch on the PATH); scripts/slurm/local-cluster.sh install installs it, as .ci/run does';
      return;
    }
    if (spawnSync(CLUSTER, ['status'], { encoding: 'utf8' }).status !== 0) {
      const start = spawnSync(CLUSTER, ['start'], { encoding: 'utf8', env: { ...process.env, CORRSIM_SLURM_TIMEOUT: '30' } });
      if (start.status === 3 || start.status === 4) {
        why = `the local Slurm cluster cannot start here: ${start.stderr.trim().split('\n').at(-1)}`;
        return;
      }
      if (start.status !== 0) throw new Error(`scripts/slurm/local-cluster.sh start failed (exit ${start.status}):\n${start.stderr}`);
      started = true;
    }
    slurmConf = /SLURM_CONF=(\S+)/.exec(spawnSync(CLUSTER, ['env'], { encoding: 'utf8' }).stdout)?.[1] ?? '';
  }, 120_000);

  afterAll(() => {
    if (started) spawnSync(CLUSTER, ['stop'], { encoding: 'utf8' });
  });

  describe('corrsim slurm on a real Slurm', () => {
    test('a run in 3 shards (4 replications: 2 + 1 + 1) and its merge job: the same files as on one machine', async (ctx) => {
      if (why !== undefined) {
        if (process.env.CORRSIM_SLURM_REQUIRED === '1') throw new Error(`CORRSIM_SLURM_REQUIRED=1 but ${why}`);
        console.warn(`corrsim slurm test skipped: ${why}`);
        ctx.skip(why);
      }
      const out = join(root, 'run');
      const study = ['run', ...SMALL, '-n', '4', '-s', '2', '-j', '1', '--quiet', '--stories', '1', '-o', out];
      const r = await cli(['slurm', ...study, '--shards', '3', '--time', '10', '--mem', '1G', '--poll', '0.5', '--wait-timeout', '600'], { env: { SLURM_CONF: slurmConf } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toMatch(/^slurm: submitted array job (\d+) \(3 shards\) and merge job (\d+) \(afterok:\1\)/);
      expect(r.stdout).toMatch(/slurm: array job \d+: 3 COMPLETED; merge job \d+: COMPLETED\n/);
      expect(r.stdout).toMatch(/slurm: merged into [^\n]*\n$/);
      const work = `${out}.slurm`;
      expect(readdirSync(join(work, 'shards')).sort()).toEqual(['shard-0', 'shard-1', 'shard-2']);
      expect(readFileSync(join(work, 'array.sbatch'), 'utf8')).toMatch(/#SBATCH --array=0-2/);
      const shard1 = JSON.parse(readFileSync(join(work, 'shards', 'shard-1', 'shard.json'), 'utf8')) as { shard: unknown; results: Array<{ result: { replication: number } }> };
      expect(shard1.shard).toEqual({ index: 1, count: 3 });
      expect(shard1.results.map((x) => x.result.replication)).toEqual([1]);

      renameSync(out, `${out}.merged`);
      const local = await cli(study);
      expect(local.code, local.stderr).toBe(0);
      const merged = folderHashes(`${out}.merged`, root);
      expect(Object.keys(merged)).toContain('report.html');
      expect(merged).toEqual(folderHashes(out, root));
    });
  });

  describe('corrsim slurm on a real Slurm: a capacity search in rounds', () => {
    test('2 shards, one array and merge job a round, until the search is whole: the files of one run', async (ctx) => {
      if (why !== undefined) {
        if (process.env.CORRSIM_SLURM_REQUIRED === '1') throw new Error(`CORRSIM_SLURM_REQUIRED=1 but ${why}`);
        ctx.skip(why);
      }
      const out = join(root, 'capacity');
      const study = ['capacity', '--target', 'occupancy_high.mean<=0.9', ...SMALL, '-n', '2', '-s', '2', '-j', '1', '--quiet', '-o', out];
      const r = await cli(['slurm', ...study, '--shards', '2', '--time', '10', '--mem', '1G', '--poll', '0.5', '--wait-timeout', '600'], { env: { SLURM_CONF: slurmConf } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const rounds = Number(/slurm: merged into .* after (\d+) rounds\n/.exec(r.stdout)?.[1]);
      const record = JSON.parse(readFileSync(join(out, 'capacity.json'), 'utf8')) as { candidates: unknown[] };
      expect(rounds).toBe(record.candidates.length);
      expect(r.stdout.match(/^slurm: round \d+: submitted array job/gm)).toHaveLength(rounds);
      renameSync(out, `${out}.merged`);
      const local = await cli(study);
      expect(local.code, local.stderr).toBe(0);
      expect(folderHashes(`${out}.merged`, root)).toEqual(folderHashes(out, root));
    }, 1_200_000);

    test('run -n auto, 2 shards: a round per checkpoint (2, then 4 replications): the files of one run', async (ctx) => {
      if (why !== undefined) {
        if (process.env.CORRSIM_SLURM_REQUIRED === '1') throw new Error(`CORRSIM_SLURM_REQUIRED=1 but ${why}`);
        ctx.skip(why);
      }
      const out = join(root, 'auto');
      const auto = ['-n', 'auto', '--precision', 'population_total=0.001', '--min-replications', '2', '--max-replications', '4'];
      const study = ['run', ...SMALL, ...auto, '-s', '6', '--stories', '0', '-j', '1', '--quiet', '-o', out];
      const r = await cli(['slurm', ...study, '--shards', '2', '--time', '10', '--mem', '1G', '--poll', '0.5', '--wait-timeout', '600'], { env: { SLURM_CONF: slurmConf } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toMatch(/slurm: round 1 merged; the precision asked for is not reached yet: more replications\n/);
      expect(r.stdout).toMatch(/slurm: merged into .* after 2 rounds\n/);
      renameSync(out, `${out}.merged`);
      const local = await cli(study);
      expect(local.code, local.stderr).toBe(0);
      expect(folderHashes(`${out}.merged`, root)).toEqual(folderHashes(out, root));
    }, 1_200_000);
  });

});

describe('corrsim slurm --dry-run (no Slurm needed)', () => {
  test('the scripts: an array of N tasks, each one shard, and a merge of the N folders; words survive bash, a space in a path too', async () => {
    const out = join(root, 'with space', 'out');
    const study = ['run', '-n', '4', '--set', 'programs.education.slots=400', '-o', out];
    // --corrsim printf: the scripts, run by bash, print the arguments corrsim would be given, one per line.
    const r = await cli(['slurm', ...study, '--shards', '3', '--partition', 'short', '--time', '20', '--mem', '1500M', '--cpus-per-task', '2', '--corrsim', "printf '%s\\n'", '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const [array, merge] = r.stdout.split(/^# .*merge\.sbatch$/m);
    for (const line of ['#SBATCH --array=0-2', '#SBATCH --partition=short', '#SBATCH --time=20', '#SBATCH --mem=1500M', '#SBATCH --cpus-per-task=2']) expect(array).toContain(line);
    expect(r.stdout).toMatch(/--dependency=afterok:\$\{ARRAY%%;\*\} --kill-on-invalid-dep=yes/);
    const body = (script: string) => script.slice(script.indexOf('#!/bin/bash'), script.indexOf('\n# submit:') < 0 ? undefined : script.indexOf('\n# submit:'));
    const work = `${out}.slurm`;
    for (const k of [0, 2]) {
      const run = spawnSync('bash', ['-c', body(array)], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: String(k) } });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n')).toEqual([...study.slice(0, -1), join(work, 'shards', `shard-${k}`), '-j', '2', '--quiet', '--shard', `${k}/3`]);
    }
    const merged = spawnSync('bash', ['-c', body(merge)], { encoding: 'utf8' });
    expect(merged.stdout.trim().split('\n')).toEqual(['merge', ...[0, 1, 2].map((k) => join(work, 'shards', `shard-${k}`)), '--out', out]);
  });

  test('bad slurm flags and studies it cannot shard are refused before anything is written', async () => {
    for (const [argv, message] of [
      [['slurm', 'run', '-o', 'x'], /--shards N is needed/],
      [['slurm', 'run', '-o', 'x', '--shards', '0'], /--shards must be a whole number from 1 to 10000; got '0'/],
      [['slurm', 'run', '--shards', '2'], /give the study -o DIR/],
      [['slurm', 'trace', '-o', 'x', '--shards', '2'], /runs run, compare, sweep or capacity; got 'trace'/],
      [['slurm', 'capacity', '--target', 'occupancy_high.mean<=0.9', '-o', 'x', '--shards', '2', '--no-wait'], /--no-wait: a capacity search runs in rounds/],
      [['slurm', 'compare', 'norway-baseline', 'housing-guarantee', '-n', 'auto', '--precision', 'reconviction_2y=0.01', '-o', 'x', '--shards', '2', '--no-wait'], /--no-wait: -n auto runs in rounds \(the replications up to the next checkpoint each\)/],
      [['slurm', 'run', '-o', 'x', '--shards', '2', '--time', 'soon'], /--time must be a Slurm time/],
      [['slurm', 'run', 'no-such-scenario', '-o', 'x', '--shards', '2', '--dry-run'], /scenario file not found: no-such-scenario/],
      [['slurm', 'run', '--replicatoins', '3', '-o', 'x', '--shards', '2', '--dry-run'], /unknown option --replicatoins/],
    ] as const) {
      const r = await cli([...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
