/**
 * The command line's side of shards (src/experiments/shards.ts): how a batch command runs (on this
 * machine, as one shard, or replaying merged shards), the arguments that name the study, and the
 * shard folder (shard.json, written whole or not at all).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exactJson, parseExactJson, RESUME_FORMAT, SHARD_FORMAT, type KeyedResult, type MergedShards, type ResumeRecord, type ShardManifest, type ShardPart, type ShardSpec } from '../experiments/shards.js';
import { writeOutputFolder } from './output.js';

/** How a batch command runs its study. */
export type BatchMode =
  | { kind: 'local' }
  /** Shard `shard` of the study of `argv` (the arguments without --shard); `outGiven` when --out names the shard's folder. */
  | { kind: 'shard'; shard: ShardSpec; argv: string[]; outGiven: boolean; rounds?: ShardRounds }
  /** Answering every batch from merged shards (of a study in rounds: until the batch of its next round). */
  | { kind: 'replay'; merged: MergedShards }
  /** Checking the flags, scenario and census only, running nothing (corrsim slurm, before it submits). */
  | { kind: 'check' };

/** A shard of a study in rounds (a capacity search, `-n auto`): its round, and the merged rounds before it. */
export interface ShardRounds {
  round: number;
  known?: MergedShards;
  /** resumeIdentity of the merged rounds (null in round 1). */
  resumed: string | null;
  /** `-n auto`: the scenarios of a round run together, and the rounds are sized for one thread (see RoundOptions). */
  auto?: boolean;
}

/** The threads a study in rounds of `-n auto` sizes its rounds by, in the shards and in the merge alike. */
export const AUTO_ROUND_WORKERS = 1;

export const SHARD_FILE = 'shard.json';
export const RESUME_FILE = 'resume.json';

/** Flags that take a value, by every spelling, that do not change what a study computes. */
const OUT = ['--out', '-o'];
const WORKERS = ['--workers', '-j'];
const SHARD = ['--shard', '--resume'];
const QUIET = ['--quiet', '--json', '--no-quiet', '--no-json'];

/** argv without the flags `names` (with their values: `--name V`, `--name=V`, `-n V`, `-n=V`). */
export function withoutFlags(argv: readonly string[], names: readonly string[], booleans: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (booleans.some((b) => a === b || a.startsWith(`${b}=`))) continue;
    const name = names.find((n) => a === n || a.startsWith(`${n}=`));
    if (name === undefined) {
      out.push(a);
      continue;
    }
    if (a === name) i++; // the value is the next argument
  }
  return out;
}

/** The arguments without --shard (and --resume): the command the shards are parts of. */
export function withoutShard(argv: readonly string[]): string[] {
  return withoutFlags(argv, SHARD);
}

/** The arguments that identify a study: neither where it is written, nor on how many threads, nor what it prints. */
export function studyArguments(argv: readonly string[]): string[] {
  return withoutFlags(argv, [...OUT, ...WORKERS, ...SHARD], QUIET);
}

/** argv writing to `folder`: every --out/-o value replaced in place, or `--out folder` added. */
export function withOut(argv: readonly string[], folder: string): string[] {
  const out: string[] = [];
  let replaced = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = OUT.find((n) => a === n || a.startsWith(`${n}=`));
    if (name === undefined) out.push(a);
    else if (a === name) {
      out.push(a, folder);
      i++;
      replaced = true;
    } else {
      out.push(`${name}=${folder}`);
      replaced = true;
    }
  }
  return replaced ? out : [...out, '--out', folder];
}

/** The folder of shard K of N when --out does not name it: beside the files the merge will write. */
export function defaultShardFolder(folder: string, shard: ShardSpec): string {
  return join(folder, `shard-${shard.index}-of-${shard.count}`);
}

/** Writes a shard's folder: shard.json, the manifest and every result, numbers exact. */
export async function writeShardFolder(folder: string, manifest: ShardManifest, results: readonly KeyedResult[]): Promise<void> {
  const body = exactJson({ ...manifest, results: results.map(({ key, result }) => ({ key, result })) });
  await writeOutputFolder(folder, [{ name: SHARD_FILE, content: body + '\n' }]);
}

/** Reads a shard folder (or a path to its shard.json); a one-line problem naming it when it is not one. */
export async function readShardFolder(where: string): Promise<ShardPart | { problem: string }> {
  const path = where.endsWith('.json') ? where : join(where, SHARD_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `${where}: not a shard folder (no ${SHARD_FILE}; was its shard run with --shard K/N, and did it finish?)` : `${where}: cannot read ${path}: ${(error as Error).message}` };
  }
  let data: ShardManifest & { results?: KeyedResult[] };
  try {
    data = parseExactJson(text) as ShardManifest & { results?: KeyedResult[] };
  } catch (error) {
    return { problem: `${path}: not valid JSON (${(error as Error).message}); the shard's folder is damaged, run that shard again` };
  }
  if (data === null || typeof data !== 'object' || data.format !== SHARD_FORMAT || !Array.isArray(data.results) || !Array.isArray(data.batches)) {
    return { problem: `${path}: not a corrsim shard (expected "format": "${SHARD_FORMAT}")` };
  }
  const { results, ...manifest } = data;
  return { where, manifest, results };
}

/** Writes resume.json (the merged rounds so far of a study in rounds) into the folder. */
export async function writeResume(folder: string, record: ResumeRecord): Promise<void> {
  await writeOutputFolder(folder, [{ name: RESUME_FILE, content: exactJson(record) + '\n' }]);
}

/** Reads DIR/resume.json (or that path); a one-line problem naming it when it is not one. */
export async function readResume(where: string): Promise<{ where: string; record: ResumeRecord } | { problem: string }> {
  const path = where.endsWith('.json') ? where : join(where, RESUME_FILE);
  let record: ResumeRecord;
  try {
    record = parseExactJson(await readFile(path, 'utf8')) as ResumeRecord;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `--resume ${where}: no ${RESUME_FILE} there (corrsim merge writes it after a round of a study in rounds)` : `--resume ${where}: cannot read ${path}: ${(error as Error).message}` };
  }
  if (record === null || typeof record !== 'object' || record.format !== RESUME_FORMAT || !Array.isArray(record.results)) {
    return { problem: `--resume ${where}: ${path} is not a corrsim resume file (expected "format": "${RESUME_FORMAT}")` };
  }
  return { where, record };
}
