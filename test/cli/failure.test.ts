/** An internal failure of the simulation: exit 1, one line, a stack trace only with CORRSIM_DEBUG. */
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
    const r = await cli(['run', '-n', '1', '-o', join(root, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('corrsim: the simulation failed: event calendar corrupted (set CORRSIM_DEBUG=1 for details)\n');
    expect(readdirSync(root)).toEqual([]);
  });

  test('CORRSIM_DEBUG=1 adds the stack trace', async () => {
    const root = mkdtempSync(join(tmpdir(), 'corrsim-fail-test-'));
    const r = await cli(['run', '-n', '1', '-o', join(root, 'out')], { env: { CORRSIM_DEBUG: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^corrsim: the simulation failed: event calendar corrupted\nError: event calendar corrupted\n[\s\S]*\n\s+at /);
  });
});
