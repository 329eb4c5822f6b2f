/** A folder as hashes: what the shard and Slurm tests compare, byte for byte after the golden test's normalisation. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { normalise } from '../golden/capture.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** File (relative to the folder) → SHA-256 of its content; in text files, timings and `root` taken out (test/golden/capture.ts). */
export function folderHashes(dir: string, root: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dir).map((file) => {
      const raw = readFileSync(file);
      const content = /\.(json|csv|html|svg|txt)$/.test(file) ? normalise(raw.toString('utf8'), root) : raw;
      return [relative(dir, file), createHash('sha256').update(content).digest('hex')];
    }),
  );
}
