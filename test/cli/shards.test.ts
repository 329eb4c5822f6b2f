/**
 * --shard K/N and corrsim merge through the real model: the merged folder is byte-identical (after
 * taking out timings, as the golden test does) to the folder of the same command run on one
 * machine, for N = 1, 2 and 3, uneven splits and an empty shard, on run, compare, sweep and bands;
 * and every way shards can fail to belong together is one line and exit 2.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { normalise } from '../golden/capture.js';
import { cli } from './capture.js';
import { folderHashes } from './folders.js';
import { SMALL } from './small.js';

const root = mkdtempSync(join(tmpdir(), 'corrsim-shards-test-'));
const BANDS = ['--set', 'population.projections={low: [{year: 2025, perYear: 1000}], high: [{year: 2025, perYear: 1300}]}', '--band', 'low,high'];

const hashes = (dir: string) => folderHashes(dir, root);

/**
 * Runs `argv` on one machine into root/name (then moved aside), then as N shards merged into
 * root/name, the merge given the shard folders in reverse order; both folders' hashes and what
 * each printed.
 */
async function oneAndSharded(name: string, argv: string[], shards: number) {
  const out = join(root, name);
  const local = await cli([...argv, '-j', '1', '-o', out]);
  expect(local.code, local.stderr).toBe(0);
  renameSync(out, `${out}.local`);
  const dirs: string[] = [];
  for (let k = 0; k < shards; k++) {
    const dir = join(root, `${name}.parts`, String(k));
    const r = await cli([...argv, '-j', '1', '-o', dir, '--shard', `${k}/${shards}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Shard ${k}/${shards}: \\d+ replications? in \\d+ batch`));
    expect(readdirSync(dir)).toEqual(['shard.json']);
    dirs.push(dir);
  }
  const merged = await cli(['merge', ...dirs.reverse(), '-o', out]);
  expect(merged.code, merged.stderr).toBe(0);
  return { local: hashes(`${out}.local`), merged: hashes(out), localOut: normalise(local.stdout, root), mergedOut: normalise(merged.stdout, root) };
}

describe('corrsim merge: byte-identical to one machine', () => {
  test('run, N = 1 and N = 2 (5 replications: 3 + 2), life stories in the report', async () => {
    for (const n of [1, 2]) {
      const r = await oneAndSharded(`run-${n}`, ['run', ...SMALL, '-n', '5', '-s', '3', '--stories', '1'], n);
      expect(Object.keys(r.merged)).toContain('summary.json');
      expect(Object.keys(r.merged)).toContain('charts/population.png');
      expect(r.merged).toEqual(r.local);
      expect(r.mergedOut).toBe(r.localOut);
    }
  });

  test('compare, N = 3 (4 replications: 2 + 1 + 1)', async () => {
    const r = await oneAndSharded('compare-3', ['compare', 'norway-baseline', 'housing-guarantee', ...SMALL, '-n', '4', '-s', '2'], 3);
    expect(Object.keys(r.merged)).toContain('comparison.json');
    expect(r.merged).toEqual(r.local);
  });

  test('sweep, N = 2 (3 replications per point: 2 + 1)', async () => {
    const r = await oneAndSharded('sweep-2', ['sweep', '--vary', 'programs.education.slots=100:200:100', ...SMALL, '-n', '3'], 2);
    expect(Object.keys(r.merged)).toContain('sweep.json');
    expect(r.merged).toEqual(r.local);
  });

  test('bands, N = 3 with 2 replications: shard 2 runs none', async () => {
    const r = await oneAndSharded('bands-3', ['run', ...SMALL, ...BANDS, '-n', '2', '-s', '5', '--stories', '0'], 3);
    const part = JSON.parse(readFileSync(join(root, 'bands-3.parts', '2', 'shard.json'), 'utf8')) as { results: unknown[]; batches: Array<{ ran: number[] }> };
    expect(part.results).toEqual([]);
    expect(part.batches.map((b) => b.ran)).toEqual([[], []]);
    expect(Object.keys(r.merged)).toContain('bands.csv');
    expect(r.merged).toEqual(r.local);
  });
});

/**
 * Runs `argv` (with -j 1) on one machine into root/name (then moved aside), then as N shards in
 * rounds, each round merged with --resume, until the merge writes the study's files instead of
 * resume.json; the rounds taken and both folders' hashes. In round 2 a merge without --resume is refused.
 */
async function inRounds(name: string, argv: string[], shards: number) {
  const out = join(root, name);
  const local = await cli([...argv, '-j', '1', '--quiet', '-o', out]);
  expect(local.code, local.stderr).toBe(0);
  renameSync(out, `${out}.local`);
  const dirs = Array.from({ length: shards }, (_, k) => join(root, `${name}.parts`, String(k)));
  let rounds = 0;
  for (let round = 1; round <= 20; round++) {
    const resume = round === 1 ? [] : ['--resume', out];
    for (const [k, dir] of dirs.entries()) {
      const r = await cli([...argv, '-j', '1', '--quiet', '-o', dir, '--shard', `${k}/${shards}`, ...resume]);
      expect(r.code, r.stderr).toBe(0);
    }
    if (round === 2) {
      const without = await cli(['merge', ...dirs, '-o', out]);
      expect(without.code).toBe(2);
      expect(without.stderr.trim()).toMatch(/^corrsim: merge: the shards are of round 2 of a study in rounds: give the merged rounds before it with --resume DIR$/);
    }
    const merged = await cli(['merge', ...dirs, '-o', out, ...resume]);
    expect(merged.code, merged.stderr).toBe(0);
    rounds = round;
    if (!existsSync(join(out, 'resume.json'))) break;
    expect((JSON.parse(readFileSync(join(out, 'resume.json'), 'utf8')) as { round: number }).round).toBe(round);
  }
  return { out, rounds, local: hashes(`${out}.local`), merged: hashes(out) };
}

describe('corrsim merge: studies in rounds', () => {
  test('a capacity search, N = 2, one candidate a round until the search is whole: the files of one run', async () => {
    const r = await inRounds('capacity', ['capacity', '--target', 'occupancy_high.mean<=0.9', ...SMALL, '-n', '3', '-s', '2'], 2);
    const record = JSON.parse(readFileSync(join(r.out, 'capacity.json'), 'utf8')) as { candidates: unknown[] };
    // One round per candidate the search ran.
    expect(r.rounds).toBe(record.candidates.length);
    expect(r.rounds).toBeGreaterThanOrEqual(2);
    expect(r.merged).toEqual(r.local);
  });

  // A precision no batch this small reaches: checkpoints 2 and 5, so two rounds, the second the last.
  const AUTO = ['-n', 'auto', '--precision', 'population_total=0.001', '--min-replications', '2', '--max-replications', '5'];

  test('run -n auto, N = 2: a round per checkpoint (2, then 5 replications), the files of one run', async () => {
    const r = await inRounds('auto-run', ['run', ...SMALL, ...AUTO, '-s', '4', '--stories', '1'], 2);
    expect(r.rounds).toBe(2);
    const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8')) as { replications: number };
    expect(summary.replications).toBe(5);
    expect(r.merged).toEqual(r.local);
  });

  test('compare -n auto, N = 3: both scenarios of a round in the same shards, the files of one run', async () => {
    const r = await inRounds('auto-compare', ['compare', 'norway-baseline', 'housing-guarantee', ...SMALL, ...AUTO, '-s', '2'], 3);
    expect(r.rounds).toBe(2);
    const part = JSON.parse(readFileSync(join(root, 'auto-compare.parts', '0', 'shard.json'), 'utf8')) as { batches: Array<{ requested: number[] }>; rounds: { round: number } };
    expect(part.rounds.round).toBe(2);
    expect(part.batches.map((b) => b.requested)).toEqual([[2, 3, 4], [2, 3, 4]]);
    expect(r.merged).toEqual(r.local);
  });
});

describe('corrsim merge: shards that do not belong together', () => {
  const base = ['run', ...SMALL, '-n', '2', '--stories', '0', '-j', '1', '--quiet'];
  const shard = async (name: string, k: number, n: number, extra: string[] = []) => {
    const dir = join(root, 'err', name);
    const r = await cli([...base, ...extra, '-o', dir, '--shard', `${k}/${n}`]);
    expect(r.code, r.stderr).toBe(0);
    return dir;
  };
  const refused = async (dirs: string[], message: RegExp) => {
    const r = await cli(['merge', ...dirs, '-o', join(root, 'err', 'merged')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  };

  test('missing, duplicated, other seed, scenario, command, N, version; incomplete; not a shard', async () => {
    const a0 = await shard('a0', 0, 2);
    const a1 = await shard('a1', 1, 2);
    await refused([a0], /^corrsim: merge: shard 1\/2 missing: 1 of 2 shard folders given$/);
    await refused([a0, a1, a0], /shard 0\/2 is given twice: .*a0 and .*a0/);
    await refused([a0, await shard('seed', 1, 2, ['-s', '9'])], /different seeds: .*a0 has \d+, .*seed has 9/);
    await refused([a0, await shard('scenario', 1, 2, ['--set', 'programs.education.slots=123'])], /different scenarios: .*norway-baseline \(sha256 [0-9a-f]{12}…\)/);
    await refused([a0, await shard('command', 1, 2, ['--years', '3'])], /different commands: .*'run .*--years 3'/);
    await refused([a0, await shard('count', 1, 3)], /different shard counts: .*N = 2, .*N = 3/);

    const version = join(root, 'err', 'version');
    cpSync(a1, version, { recursive: true });
    const text = readFileSync(join(version, 'shard.json'), 'utf8');
    writeFileSync(join(version, 'shard.json'), text.replace(/"corrsim":"[^"]*"/, '"corrsim":"0.0.1-other"'));
    await refused([a0, version], /different corrsim versions: .* has [0-9.]+, .*version has 0\.0\.1-other/);

    const broken = join(root, 'err', 'incomplete');
    cpSync(a1, broken, { recursive: true });
    writeFileSync(join(broken, 'shard.json'), text.replace('"complete":true', '"complete":false'));
    await refused([a0, broken], /shard 1\/2 \(.*incomplete\) is incomplete: it was interrupted; run that shard again/);

    await refused([a0, join(root, 'err', 'nothing-here')], /nothing-here: not a shard folder \(no shard.json/);
  });

  test('a scenario file changed between the shards and the merge', async () => {
    const file = join(root, 'err', 'policy.yaml');
    writeFileSync(file, 'extends: norway-baseline\nprograms:\n  education:\n    slots: 300\n');
    const dirs = [await shard('file0', 0, 2, [file]), await shard('file1', 1, 2, [file])];
    writeFileSync(file, 'extends: norway-baseline\nprograms:\n  education:\n    slots: 301\n');
    await refused(dirs, /merge: .* now resolves to sha256 [0-9a-f]{12}…, but the shards ran .* the scenario files changed since the shards ran/);
  });

  test('bad --shard, and the commands it does not go with', async () => {
    for (const [argv, message] of [
      [['run', '--shard', '2/2'], /--shard must be K\/N with whole numbers 0 ≤ K < N .*got '2\/2'/],
      [['run', '--shard', 'one'], /--shard must be K\/N/],
      [['capacity', '--target', 'occupancy_high.mean<=0.9', '--resume', 'somewhere'], /--resume goes with --shard K\/N/],
      [['capacity', '--target', 'occupancy_high.mean<=0.9', '--shard', '0/2', '--resume', join(root, 'no-such-rounds')], /--resume .*no-such-rounds: no resume.json there/],
      [['run', '-n', '3', '--shard', '0/2', '--resume', 'somewhere'], /--resume continues a study in rounds \(a capacity search, -n auto\) .*; this one runs in one go/],
      [['run', '-n', 'auto', '--precision', 'population_total=10', '--shard', '0/2', '--resume', join(root, 'no-such-rounds')], /--resume .*no-such-rounds: no resume.json there/],
      [['merge'], /merge needs the folders of the shards/],
    ] as const) {
      const r = await cli([...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
