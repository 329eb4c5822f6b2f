/**
 * Writing the output folder so that every file is whole or absent: the whole set is first written
 * into a temporary sibling folder (`.corrsim-tmp-*`, ignored by git), then each file is renamed
 * into place. A rename within one file system is atomic, so a reader, or a run killed half-way,
 * sees either the old file or the new one, never part of one. If anything fails before the
 * renames, the output folder is left as it was (and not created).
 */
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export interface OutputFile {
  /** Path inside the output folder, '/'-separated (e.g. `charts/population.svg`). */
  name: string;
  content: string | Uint8Array;
}

export const TEMP_PREFIX = '.corrsim-tmp-';

export async function writeOutputFolder(folder: string, files: readonly OutputFile[]): Promise<void> {
  for (const f of files) checkName(f.name);
  const target = resolve(folder);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `${TEMP_PREFIX}${basename(target)}-`));
  try {
    for (const f of files) {
      const path = join(staging, ...f.name.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content);
    }
    await mkdir(target, { recursive: true });
    for (const f of files) {
      const to = join(target, ...f.name.split('/'));
      await mkdir(dirname(to), { recursive: true });
      await rename(join(staging, ...f.name.split('/')), to);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * A problem that rules out writing to `folder` at all, found before a long run starts rather than
 * after it: the path, or a folder on it, is an existing file. Undefined when writing looks possible.
 */
export async function outputFolderProblem(folder: string): Promise<string | undefined> {
  let path = resolve(folder);
  for (;;) {
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined) {
      return info.isDirectory() ? undefined : `output folder ${folder}: ${path} exists and is not a folder`;
    }
    const parent = dirname(path);
    if (parent === path) return undefined;
    path = parent;
  }
}

function checkName(name: string): void {
  const parts = name.split('/');
  if (/[\\\0]/.test(name) || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`bad output file name: ${JSON.stringify(name)}`);
  }
}
