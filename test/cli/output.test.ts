import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { outputFolderProblem, writeOutputFolder } from '../../src/cli/output.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-output-test-'));

describe('writeOutputFolder', () => {
  test('writes every file, creating the folder, and leaves no temporary file', async () => {
    const root = scratch();
    const out = join(root, 'outputs', 'run1');
    await writeOutputFolder(out, [
      { name: 'summary.json', content: '{}\n' },
      { name: 'charts/a.svg', content: '<svg/>' },
    ]);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{}\n');
    expect(readFileSync(join(out, 'charts', 'a.svg'), 'utf8')).toBe('<svg/>');
    expect(readdirSync(join(root, 'outputs'))).toEqual(['run1']);
    expect(readdirSync(out).sort()).toEqual(['charts', 'summary.json']);
  });

  test('replaces files of an earlier run and keeps unrelated ones', async () => {
    const root = scratch();
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'out', 'summary.json'), 'old');
    writeFileSync(join(root, 'out', 'notes.txt'), 'mine');
    await writeOutputFolder(join(root, 'out'), [{ name: 'summary.json', content: 'new' }]);
    expect(readFileSync(join(root, 'out', 'summary.json'), 'utf8')).toBe('new');
    expect(readFileSync(join(root, 'out', 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(root)).toEqual(['out']);
  });

  test('a failure before the renames writes nothing and creates no output folder', async () => {
    const root = scratch();
    const out = join(root, 'out');
    await expect(writeOutputFolder(out, [{ name: 'a.csv', content: 'x' }, { name: '../escape', content: 'y' }])).rejects.toThrow();
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  test('a failure while writing the set removes the staging folder and leaves the output folder alone', async () => {
    const root = scratch();
    const out = join(root, 'out');
    // 'a' is written as a file, so 'a/b' cannot be: the write fails half-way through the set.
    await expect(writeOutputFolder(out, [{ name: 'a', content: 'x' }, { name: 'a/b', content: 'y' }])).rejects.toThrow();
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('outputFolderProblem', () => {
  test('an existing file in the way is a problem; a missing folder is not', async () => {
    const root = scratch();
    writeFileSync(join(root, 'file'), '');
    expect(await outputFolderProblem(join(root, 'new', 'deeper'))).toBeUndefined();
    expect(await outputFolderProblem(root)).toBeUndefined();
    expect(await outputFolderProblem(join(root, 'file'))).toMatch(/not a folder/);
    expect(await outputFolderProblem(join(root, 'file', 'sub'))).toMatch(/not a folder/);
  });
});
