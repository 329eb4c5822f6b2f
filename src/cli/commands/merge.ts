/**
 * `corrsim merge DIR… [--out DIR]`: the shards of a study (written with --shard K/N) checked to
 * belong together and made into the files the study writes on one machine, byte-identical: the
 * study's own command runs again, with every batch answered from the shards (no simulation, apart
 * from what a study computes besides its batches: a run's life stories, a synthetic census).
 */
import { mergeShards, type ResumeRecord, type ShardPart } from '../../experiments/shards.js';
import { usageError, type CliIo } from '../io.js';
import { readResume, readShardFolder, withOut, type BatchMode } from '../shards.js';

export interface MergeArgs {
  dirs?: unknown;
  out?: unknown;
  resume?: unknown;
  quiet?: boolean;
}

/** Runs a command line (the study's, in replay mode): runCli, handed down so that this file does not import it. */
export type Rerun = (argv: readonly string[], batch: BatchMode, io: CliIo) => Promise<number>;

export async function mergeCommand(args: MergeArgs, io: CliIo, rerun: Rerun): Promise<number> {
  const dirs = (Array.isArray(args.dirs) ? args.dirs : args.dirs === undefined ? [] : [args.dirs]).map(String).filter((d) => d !== '');
  const outs = (Array.isArray(args.out) ? args.out : args.out === undefined ? [] : [args.out]).map(String);
  if (outs.length > 0 && (outs[outs.length - 1] === '' || outs[outs.length - 1] === 'true')) return usageError(io, ['--out (-o) needs a folder, e.g. --out outputs/merged']);
  if (dirs.length === 0) return usageError(io, ['merge needs the folders of the shards, e.g. corrsim merge outputs/norway-baseline/shard-*']);
  const parts: ShardPart[] = [];
  for (const dir of dirs) {
    const part = await readShardFolder(dir);
    if ('problem' in part) return usageError(io, [`merge: ${part.problem}`]);
    parts.push(part);
  }
  let resume: { where: string; record: ResumeRecord } | undefined;
  if (args.resume !== undefined) {
    const read = await readResume(String(Array.isArray(args.resume) ? args.resume.at(-1) : args.resume));
    if ('problem' in read) return usageError(io, [`merge: ${read.problem}`]);
    resume = read;
  }
  const merged = mergeShards(parts, resume);
  if (!merged.ok) return usageError(io, [`merge: ${merged.problem}`]);
  const argv = outs.length > 0 ? withOut(merged.value.first.argv, outs[outs.length - 1]) : merged.value.first.argv;
  // --quiet: what the command prints is dropped, not the flag added (which would change the command its records name).
  const rerunIo: CliIo = args.quiet === true ? { ...io, stdout: { write: () => true } } : io;
  return rerun(argv, { kind: 'replay', merged: merged.value }, rerunIo);
}
