/** The portable side of shards: K/N, exact JSON, and the checks of mergeShards on hand-made parts. */
import { describe, expect, test } from 'vitest';
import type { ReplicationResult } from '../../src/model/result.js';
import { exactJson, mergeShards, parseExactJson, parseShard, planIdentity, SHARD_FORMAT, type ShardBatch, type ShardManifest, type ShardPart } from '../../src/experiments/shards.js';

describe('parseShard', () => {
  test('K/N with 0 ≤ K < N', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard(' 3 / 8 ')).toEqual({ index: 3, count: 8 });
    for (const bad of ['1/1', '-1/2', '1', '1/0', 'a/b', '1.5/3', '']) expect(parseShard(bad)).toHaveProperty('problem');
  });
});

describe('exactJson', () => {
  test('keeps NaN, ±Infinity, −0 and every double', () => {
    const value = { a: [NaN, Infinity, -Infinity, -0, 0, 0.1 + 0.2, 5e-324, 1.7976931348623157e308], b: { '~': 'x', c: 1 } };
    const back = parseExactJson(exactJson(value)) as typeof value;
    expect(back.a.map((x) => (Object.is(x, -0) ? '-0' : String(x)))).toEqual(['NaN', 'Infinity', '-Infinity', '-0', '0', String(0.1 + 0.2), '5e-324', '1.7976931348623157e+308']);
    expect(back.b).toEqual({ '~': 'x', c: 1 });
  });
});

describe('mergeShards', () => {
  const result = (replication: number): ReplicationResult => ({ replication, seed: 1, events: 10 + replication, people: 1, metrics: {}, monthly: {}, cohorts: [] }) as unknown as ReplicationResult;
  const performance = { events: 0, cpuSeconds: 1, eventsPerCpuSecond: 0, wallSeconds: 1, workers: 1 };
  /** Shard k of n of one batch of replications 0..5, running `ran` (its share unless told). */
  const part = (k: number, n: number, ran?: number[], results?: number[]): ShardPart => {
    const requested = [0, 1, 2, 3, 4];
    const share = ran ?? requested.filter((r) => r % n === k);
    const batches: ShardBatch[] = [{ key: 'K', scenario: 'S', requested, ran: share, complete: true, failures: [], performance }];
    const manifest: ShardManifest = {
      format: SHARD_FORMAT, corrsim: '1.0.0', command: 'run', argv: ['run'], study: ['run'], scenario: { name: 'x', sha256: 'S' }, seed: 1,
      shard: { index: k, count: n }, plan: planIdentity(batches), complete: true, batches,
    };
    return { where: `dir${k}`, manifest, results: (results ?? share).map((r) => ({ key: 'K', result: result(r) })) };
  };

  test('the shards of a batch, in any order, hold every replication once', () => {
    const merged = mergeShards([part(2, 3), part(0, 3), part(1, 3)]);
    expect(merged.ok).toBe(true);
    if (merged.ok) expect([...merged.value.results.get('K')!.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  test('a shard that ran another share, or lacks a result, is named', () => {
    const wrong = mergeShards([part(0, 2), part(1, 2, [1, 3, 4])]);
    expect(wrong.ok ? '' : wrong.problem).toMatch(/^shard 1\/2 \(dir1\) ran replications 1,3,4 of a batch, not its share 1,3$/);
    const lacking = mergeShards([part(0, 2), part(1, 2, undefined, [1])]);
    expect(lacking.ok ? '' : lacking.problem).toMatch(/^shard 1\/2 \(dir1\) lacks the results of replication 3$/);
  });

  test('two shards giving different results for one replication are not of one study', () => {
    const a = part(0, 2);
    const b = part(1, 2);
    b.results.push({ key: 'K', result: { ...result(0), events: 99 } });
    const merged = mergeShards([a, b]);
    expect(merged.ok ? '' : merged.problem).toMatch(/replication 0 of batch K… differs between shards/);
  });
});
