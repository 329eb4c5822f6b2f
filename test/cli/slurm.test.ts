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
    expect(r.stdout).toMatch(/slurm: merged into /);
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
