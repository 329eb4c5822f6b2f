/**
 * A replication that throws in the main thread (`-n 1` needs no pool): exit 1, one line naming the
 * replication and seed with the command to rerun it, a stack trace only with CORRSIM_DEBUG.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { cli } from './capture.js';

vi.mock('../../src/model/replication.js', () => ({
  runReplication: () => {
    throw new Error('event calendar corrupted\nsecond line');
  },
}));

describe('an internal failure', () => {
  test('exits 1 with one line and writes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'corrsim-fail-test-'));
    const out = join(root, 'out');
    const r = await cli(['run', '-n', '1', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'corrsim: replication 0 (seed 1) failed: event calendar corrupted; ' +
        `rerun it alone with: CORRSIM_DEBUG=1 corrsim run -n 1 -o ${out} --replication 0 -o ${out}-replication-0\n` +
        'corrsim: no replication finished; nothing written\n',
    );
    expect(readdirSync(root)).toEqual([]);
  });

  test('CORRSIM_DEBUG=1 adds the stack trace', async () => {
    const root = mkdtempSync(join(tmpdir(), 'corrsim-fail-test-'));
    const r = await cli(['run', '-n', '1', '-o', join(root, 'out')], { env: { CORRSIM_DEBUG: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^corrsim: replication 0 \(seed 1\) failed: event calendar corrupted; rerun it alone with: .*\nError: event calendar corrupted\n[\s\S]*\n\s+at /);
  });
});
