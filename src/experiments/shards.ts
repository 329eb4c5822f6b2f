/**
 * Shards: one study split over N machines (a Slurm job array, a Kubernetes Indexed Job), then
 * merged into the very files one machine writes. Portable: no files here (the command line reads
 * and writes shard folders), only the runners and the checks.
 *
 * A study runs every batch through a `BatchRunner`. Replication r depends on (scenario, seed, r)
 * alone, so:
 * - Shard K of N runs the study with a `shardRunner`: each batch runs only its replications
 *   r ≡ K (mod N) (`shardOf`), and every batch is recorded (its key, the replications asked for,
 *   those run) with the results. The study goes on with the partial batches; what it makes of
 *   them is thrown away. This holds for studies whose batches do not depend on earlier results
 *   (run, compare, sweep, bands with a fixed number of replications). A study whose next batch
 *   depends on the results so far (a capacity search) runs in rounds instead (`RoundOptions`).
 * - The merge checks that the shards belong together (same version, command, scenario, seed,
 *   plan, N; each index once; the replications of every batch split without gap or overlap) and
 *   runs the same study again with a `replayRunner`, which answers each batch from the shards'
 *   results instead of simulating. The study then makes exactly the records, tables and charts of
 *   a run on one machine.
 * A batch is known by its key: the hash of its scenario and of the settings its replications run
 * with (seed, horizon, warm-up, effect sizes, census states), so a batch whose scenario changed
 * between the shards and the merge is not taken for another.
 */
import type { ReplicationResult } from '../model/result.js';
import { canonicalJson, scenarioHash, sha256Hex } from '../scenario/hash.js';
import type { Scenario } from '../scenario/types.js';
import type { BatchPerformance, BatchResult, BatchRunner, ReplicationFailure } from './batch.js';
import { shardOf, type ReplicationPlan, type ReplicationSettings } from './plan.js';

/** Shard `index` (0-based, as SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** `K/N` with whole numbers 0 ≤ K < N, or the one-line problem with it. */
export function parseShard(text: string, flag = '--shard'): ShardSpec | { problem: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && count >= 1 && index < count)) {
    return { problem: `${flag} must be K/N with whole numbers 0 ≤ K < N (K counts from 0, as SLURM_ARRAY_TASK_ID does), e.g. ${flag} 0/4; got '${text}'` };
  }
  return { index, count };
}

export function shardName(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}

const censusHashes = new WeakMap<object, string>();

/** The key of a batch: its scenario and what its replications share, as a hash. */
export function batchKey(scenario: Scenario, settings: ReplicationSettings): string {
  let census: string | null = null;
  if (settings.census !== undefined) {
    census = censusHashes.get(settings.census) ?? sha256Hex(JSON.stringify(settings.census));
    censusHashes.set(settings.census, census);
  }
  return sha256Hex(
    canonicalJson({
      scenario: scenarioHash(scenario),
      seed: settings.seed,
      years: settings.years,
      warmupYears: settings.warmupYears,
      fixedEffects: settings.fixedEffects === true,
      census,
    }),
  );
}

/** One batch as a shard ran it. */
export interface ShardBatch {
  key: string;
  /** SHA-256 of the batch's resolved scenario (for messages). */
  scenario: string;
  /** Every replication the study asked for in this batch, ascending. */
  requested: number[];
  /** The replications this shard ran (its share of `requested`). */
  ran: number[];
  complete: boolean;
  failures: ReplicationFailure[];
  performance: BatchPerformance;
}

/** A finished replication of a batch. */
export interface KeyedResult {
  key: string;
  result: ReplicationResult;
}

export interface ShardRecorder extends BatchRunner {
  readonly batches: ShardBatch[];
  readonly results: KeyedResult[];
  /** In rounds: true once the study asked for a batch after the one this round runs (it then stopped). */
  readonly waiting: boolean;
}

/**
 * How a shard runs a study whose batches depend on earlier results (a capacity search, `-n auto`):
 * in rounds. Each round, every shard answers the batches merged in earlier rounds from `known`,
 * runs its share of the first batch not among them (with `together`, also of every later batch
 * asking for the same replications: the scenarios of a comparison in one round of `-n auto`), and
 * answers any other batch with nothing (the study stops as if interrupted); the merge of the round
 * then knows those batches too.
 */
export interface RoundOptions {
  known?: MergedShards;
  together?: boolean;
  /**
   * The threads the study is told it has, instead of the machine's: `-n auto` sizes its rounds by
   * them, and the shards and the merge must size them alike (1: rounds end at the checkpoints).
   */
  workers?: number;
}

/** Runs shard `shard` of every batch on `inner` and records what it ran; with `rounds`, only the first batch not yet known. */
export function shardRunner(inner: BatchRunner, shard: ShardSpec, rounds?: RoundOptions): ShardRecorder {
  const batches: ShardBatch[] = [];
  const results: KeyedResult[] = [];
  let waiting = false;
  return {
    workers: rounds?.workers ?? inner.workers,
    batches,
    results,
    get waiting() {
      return waiting;
    },
    async run(scenario, plan, hooks) {
      const key = batchKey(scenario, plan);
      if (rounds !== undefined) {
        const known = rounds.known && fromMerged(rounds.known, key, plan, inner.workers);
        if (known !== undefined && !('gap' in known)) return known;
        const alongside = rounds.together === true && batches.length > 0 && canonicalJson(batches[0].requested) === canonicalJson(plan.replications);
        if (waiting || (batches.length > 0 && !alongside)) {
          waiting = true;
          return { results: [], requested: plan.replications, complete: false, failures: [], performance: { events: 0, cpuSeconds: 0, eventsPerCpuSecond: 0, wallSeconds: 0, workers: 1 } };
        }
      }
      const part = shardOf(plan, shard.index, shard.count);
      const batch = await inner.run(scenario, part, hooks);
      batches.push({
        key,
        scenario: scenarioHash(scenario),
        requested: [...plan.replications],
        ran: [...part.replications],
        complete: batch.complete && batch.failures.length === 0,
        failures: batch.failures,
        performance: batch.performance,
      });
      for (const result of batch.results) results.push({ key, result });
      return batch;
    },
  };
}

/** The identity of a sequence of batches: which scenarios and replications, in order. */
export function planIdentity(batches: ReadonlyArray<Pick<ShardBatch, 'key' | 'requested'>>): string {
  return sha256Hex(canonicalJson(batches.map((b) => ({ key: b.key, requested: b.requested }))));
}

/** What a shard folder says of itself (shard.json, besides the results). */
export interface ShardManifest {
  format: typeof SHARD_FORMAT;
  corrsim: string;
  /** The command name: run, compare, sweep, capacity. */
  command: string;
  /** The arguments after `corrsim`, without --shard: the study the shards are parts of. */
  argv: string[];
  /** The arguments that identify the study: argv without --out, --workers, --quiet, --json. */
  study: string[];
  scenario: { name: string; sha256: string };
  seed: number;
  shard: ShardSpec;
  /** planIdentity of the batches. */
  plan: string;
  complete: boolean;
  batches: ShardBatch[];
  /**
   * For a study run in rounds (a capacity search, `-n auto`): this shard's round (1, 2, …), the
   * identity of the merged rounds it resumed (null in round 1), and, for `-n auto`, the threads its
   * rounds were sized by (the merge sizes them alike).
   */
  rounds?: { round: number; resumed: string | null; workers?: number };
}

export const SHARD_FORMAT = 'corrsim-shard/1';

/** A shard as the merge is given it: its manifest, its results and where it came from (for messages). */
export interface ShardPart {
  where: string;
  manifest: ShardManifest;
  results: KeyedResult[];
}

/** The results of the shards by batch, for the replay. */
export interface MergedShards {
  /** Shard 0's manifest: the command to run again. */
  first: ShardManifest;
  results: Map<string, Map<number, ReplicationResult>>;
  /** Per batch (key and requested replications): the performance of its shards. */
  performance: Map<string, BatchPerformance[]>;
  /** For a study in rounds: the rounds merged so far. */
  round?: number;
}

/** The merged rounds so far of a study in rounds, as resume.json holds them. */
export interface ResumeRecord {
  format: typeof RESUME_FORMAT;
  corrsim: string;
  study: string[];
  scenario: { name: string; sha256: string };
  seed: number;
  count: number;
  round: number;
  /** Shard 0's manifest of the last round: the command to run again. */
  first: ShardManifest;
  results: KeyedResult[];
  performance: Array<{ batch: string; shards: BatchPerformance[] }>;
}

export const RESUME_FORMAT = 'corrsim-resume/1';

/** The identity of merged rounds: what the shards of the next round say they resumed. */
export function resumeIdentity(record: Pick<ResumeRecord, 'round' | 'results' | 'study' | 'seed'>): string {
  return sha256Hex(canonicalJson({ round: record.round, study: record.study, seed: record.seed, results: record.results.map((r) => [r.key, r.result.replication]) }));
}

/** Merged shards as resume.json holds them, after `round` rounds. */
export function resumeRecord(merged: MergedShards, round: number): ResumeRecord {
  const first = merged.first;
  return {
    format: RESUME_FORMAT,
    corrsim: first.corrsim,
    study: first.study,
    scenario: first.scenario,
    seed: first.seed,
    count: first.shard.count,
    round,
    first,
    results: [...merged.results].flatMap(([key, m]) => [...m.values()].sort((a, b) => a.replication - b.replication).map((result) => ({ key, result }))),
    performance: [...merged.performance].map(([batch, shards]) => ({ batch, shards })),
  };
}

/** resume.json as merged shards: the known batches of the next round. */
export function fromResume(record: ResumeRecord): MergedShards {
  const results = new Map<string, Map<number, ReplicationResult>>();
  for (const { key, result } of record.results) {
    let m = results.get(key);
    if (m === undefined) results.set(key, (m = new Map()));
    m.set(result.replication, result);
  }
  return { first: record.first, results, performance: new Map(record.performance.map((p) => [p.batch, p.shards])), round: record.round };
}

function batchId(key: string, requested: readonly number[]): string {
  return `${key}:${requested.join(',')}`;
}

type Check<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Checks that the parts are the N shards of one study, and holds their results by batch; or the
 * one-line problem (a missing or duplicated shard named by its index and folder, shards of
 * different versions, commands, scenarios, seeds or plans, an incomplete shard, a gap or an
 * overlap in a batch's replications).
 */
export function mergeShards(parts: readonly ShardPart[], resume?: { where: string; record: ResumeRecord }): Check<MergedShards> {
  if (parts.length === 0) return { ok: false, problem: 'merge needs the folders of the shards, e.g. corrsim merge outputs/run/shard-*' };
  const fail = (problem: string): Check<MergedShards> => ({ ok: false, problem });
  const first = parts[0].manifest;
  const same = <T>(what: string, of: (m: ShardManifest) => T, show: (v: T) => string = String): string | undefined => {
    const want = canonicalJson(of(first));
    const other = parts.find((p) => canonicalJson(of(p.manifest)) !== want);
    if (other === undefined) return undefined;
    return `the shards are of different ${what}: ${parts[0].where} has ${show(of(first))}, ${other.where} has ${show(of(other.manifest))}`;
  };
  const problem =
    same('corrsim versions', (m) => m.corrsim) ??
    same('scenarios', (m) => m.scenario, (s) => `${s.name} (sha256 ${s.sha256.slice(0, 12)}…)`) ??
    same('seeds', (m) => m.seed) ??
    same('commands', (m) => m.study, (a) => `'${a.join(' ')}'`) ??
    same('shard counts', (m) => m.shard.count, (n) => `N = ${n}`) ??
    same('plans (batches and replications)', (m) => m.plan, (p) => `plan ${p.slice(0, 12)}…`);
  if (problem !== undefined) return fail(problem);
  const resumed = first.rounds?.resumed ?? null;
  const other = parts.find((p) => (p.manifest.rounds?.resumed ?? null) !== resumed);
  if (other !== undefined) return fail(`the shards are of different rounds: ${parts[0].where} resumed ${resumed ?? 'nothing (round 1)'}, ${other.where} ${other.manifest.rounds?.resumed ?? 'nothing (round 1)'}`);
  if (resumed !== null && resume === undefined) return fail(`the shards are of round ${first.rounds?.round} of a study in rounds: give the merged rounds before it with --resume DIR`);
  if (resume !== undefined) {
    const r = resume.record;
    if (resumed === null) return fail(`--resume ${resume.where}: the shards are of round 1; they resumed nothing`);
    if (resumeIdentity(r) !== resumed) return fail(`--resume ${resume.where}: not the rounds the shards resumed (it holds round ${r.round}; the shards are of round ${first.rounds?.round})`);
  }

  const count = first.shard.count;
  const byIndex = new Map<number, ShardPart>();
  for (const p of parts) {
    const twin = byIndex.get(p.manifest.shard.index);
    if (twin !== undefined) return fail(`shard ${shardName(p.manifest.shard)} is given twice: ${twin.where} and ${p.where}`);
    byIndex.set(p.manifest.shard.index, p);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    return fail(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: ${parts.length} of ${count} shard folders given`);
  }
  for (const p of parts) {
    if (!p.manifest.complete) {
      const f = p.manifest.batches.flatMap((b) => b.failures)[0];
      const why = f !== undefined ? `replication ${f.replication} failed: ${f.message}` : 'it was interrupted';
      return fail(`shard ${shardName(p.manifest.shard)} (${p.where}) is incomplete: ${why}; run that shard again`);
    }
  }

  const known = resume === undefined ? undefined : fromResume(resume.record);
  const results = known?.results ?? new Map<string, Map<number, ReplicationResult>>();
  const performance = known?.performance ?? new Map<string, BatchPerformance[]>();
  for (const p of [...parts].sort((a, b) => a.manifest.shard.index - b.manifest.shard.index)) {
    const got = new Map<string, Set<number>>();
    for (const { key, result } of p.results) {
      let s = got.get(key);
      if (s === undefined) got.set(key, (s = new Set()));
      s.add(result.replication);
      let m = results.get(key);
      if (m === undefined) results.set(key, (m = new Map()));
      const earlier = m.get(result.replication);
      if (earlier !== undefined && canonicalJson(earlier) !== canonicalJson(result)) {
        return fail(`replication ${result.replication} of batch ${key.slice(0, 12)}… differs between shards (${p.where}): not the same study`);
      }
      m.set(result.replication, result);
    }
    for (const b of p.manifest.batches) {
      const want = b.requested.filter((r) => r % count === p.manifest.shard.index);
      if (canonicalJson(want) !== canonicalJson(b.ran)) return fail(`shard ${shardName(p.manifest.shard)} (${p.where}) ran replications ${b.ran.join(',')} of a batch, not its share ${want.join(',')}`);
      const have = got.get(b.key) ?? new Set<number>();
      const lost = b.ran.filter((r) => !have.has(r));
      if (lost.length > 0) return fail(`shard ${shardName(p.manifest.shard)} (${p.where}) lacks the results of replication${lost.length > 1 ? 's' : ''} ${lost.join(', ')}`);
      const id = batchId(b.key, b.requested);
      const list = performance.get(id) ?? [];
      list.push(b.performance);
      performance.set(id, list);
    }
  }
  // Every batch whole: each requested replication from exactly one shard.
  for (const b of first.batches) {
    const m = results.get(b.key);
    const gap = b.requested.filter((r) => m?.has(r) !== true);
    if (gap.length > 0) return fail(`replication${gap.length > 1 ? 's' : ''} ${gap.join(', ')} of a batch ${gap.length > 1 ? 'are' : 'is'} in no shard`);
  }
  return { ok: true, value: { first, results, performance, ...(first.rounds !== undefined ? { round: first.rounds.round } : {}) } };
}

/** A batch the shards do not hold, asked for by the study being merged: they are not of this study. */
export class NotInShards extends Error {}

/**
 * A runner that simulates nothing: it answers each batch from the merged shards, with the
 * performance the shards measured for it (events and CPU seconds summed, the longest wall time)
 * and the threads a run on one machine with `workers` threads would have used, so that the
 * merged records are those of that run.
 */
export function replayRunner(merged: MergedShards, workers: number, rounds = false): BatchRunner & { readonly missing: boolean } {
  let missing = false;
  return {
    workers,
    get missing() {
      return missing;
    },
    async run(scenario: Scenario, plan: ReplicationPlan, hooks = {}): Promise<BatchResult> {
      const key = batchKey(scenario, plan);
      const batch = fromMerged(merged, key, plan, workers);
      if (!('gap' in batch)) {
        hooks.onProgress?.({ done: batch.results.length, total: batch.results.length, elapsedSeconds: 0, workers: batch.performance.workers });
        return batch;
      }
      // A study in rounds asks for the batch of its next round: it stops here, as if interrupted.
      if (rounds) {
        missing = true;
        return { results: [], requested: plan.replications, complete: false, failures: [], performance: { events: 0, cpuSeconds: 0, eventsPerCpuSecond: 0, wallSeconds: 0, workers: 1 } };
      }
      const gap = batch.gap;
      throw new NotInShards(
        `the shards do not hold replication${gap.length > 1 ? 's' : ''} ${gap.slice(0, 5).join(', ')}${gap.length > 5 ? ', …' : ''} of a batch of scenario ` +
          `${scenarioHash(scenario).slice(0, 12)}… the study asks for; were the scenario files or the census changed since the shards ran?`,
      );
    },
  };
}

/** A batch answered from merged shards, or the replications they lack. */
function fromMerged(merged: MergedShards, key: string, plan: ReplicationPlan, workers: number): BatchResult | { gap: number[] } {
  const m = merged.results.get(key);
  const results = plan.replications.map((r) => m?.get(r));
  const gap = plan.replications.filter((_, i) => results[i] === undefined);
  if (gap.length > 0) return { gap };
  const done = results as ReplicationResult[];
  const perfs = merged.performance.get(batchId(key, plan.replications)) ?? [];
  const events = done.reduce((sum, r) => sum + r.events, 0);
  const cpuSeconds = perfs.reduce((sum, p) => sum + p.cpuSeconds, 0);
  const threads = Math.max(1, Math.min(workers, done.length));
  return {
    results: done,
    requested: plan.replications,
    complete: true,
    failures: [],
    performance: {
      events,
      cpuSeconds,
      eventsPerCpuSecond: cpuSeconds > 0 ? events / cpuSeconds : 0,
      wallSeconds: Math.max(0, ...perfs.map((p) => p.wallSeconds)),
      workers: threads,
    },
  };
}

/**
 * JSON that keeps every number exactly: JSON.stringify writes the shortest text that reads back as
 * the same double, but turns NaN and ±Infinity into null and −0 into 0; those become {"~": "NaN"}.
 */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { '~': Object.is(v, -0) ? '-0' : String(v) } : v));
}

export function parseExactJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '~') return Number((v as { '~': string })['~']);
    }
    return v;
  });
}
