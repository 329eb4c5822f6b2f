/**
 * Every output of every command, byte for byte (after taking out timings and the temporary
 * folder), against test/golden/manifest.json. A refactoring or speed-up must keep them all; a
 * change that alters results on purpose updates the manifest in the same commit and says why:
 *
 *   GOLDEN_UPDATE=1 npx vitest run test/golden       # write manifest.json from this code (every case)
 *   GOLDEN_KEEP=/tmp/golden-new npx vitest run test/golden   # keep the outputs (and *.normalised copies) to diff
 *
 * A case with `checkedIn` (cases.ts) is run and compared by that test file instead, which checks
 * the same run further, so that the suite runs it once; GOLDEN_UPDATE=1 runs it here too.
 *
 * To see what changed, capture with GOLDEN_KEEP on the old commit and on the new one, then
 * `diff -r` the two folders.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCompiled } from '../experiments/compiled.js';
import { captureGolden, manifestDifferences, manifestOf, readManifest } from './capture.js';
import { GOLDEN_CASES } from './cases.js';

const MANIFEST = join(import.meta.dirname, 'manifest.json');

describe('golden outputs', () => {
  beforeAll(ensureCompiled, 180_000);

  it('every command writes and prints exactly what it did before', async () => {
    const keep = process.env.GOLDEN_KEEP;
    const root = keep ?? mkdtempSync(join(tmpdir(), 'corrsim-golden-'));
    const update = process.env.GOLDEN_UPDATE === '1';
    const actual = await captureGolden(root, keep !== undefined, (c) => update || c.checkedIn === undefined);
    if (keep === undefined) rmSync(root, { recursive: true, force: true });
    if (update) {
      writeFileSync(MANIFEST, JSON.stringify(actual, null, 1) + '\n');
      return;
    }
    const here = GOLDEN_CASES.filter((c) => c.checkedIn === undefined);
    expect(manifestDifferences(manifestOf(readManifest(), here), actual)).toEqual([]);
  }, 600_000);
});
