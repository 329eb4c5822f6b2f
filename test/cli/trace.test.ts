/**
 * `corrsim trace`: stories on stdout (text or JSON), files with -o, and one-line errors.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './capture.js';
import { SMALL } from './small.js';

// The small scenario, followed for 4 measured years so that people are released and come back.
const BASE = ['trace', 'norway-baseline', ...SMALL, '--years', '4'];

function trace(...extra: string[]) {
  return cli([...BASE, ...extra]);
}

describe('corrsim trace', () => {
  it('tells the stories of N people in dated lines, the same on every run', async () => {
    const a = await trace('--people', '3');
    expect(a.code).toBe(0);
    expect(a.stdout.match(/^Person \d+: /gm)?.length).toBe(3);
    expect(a.stdout).toMatch(/year \d+, day +\d+ {2}new case/);
    const b = await trace('--people', '3');
    expect(b.stdout).toBe(a.stdout);
  });

  it('chooses by --where, prints JSON with --format json, and writes files with -o', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'corrsim-trace-')), 'out');
    const r = await trace('--people', '2', '--where', 'sentence>180', '--format', 'json', '-o', out);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { people: Array<{ facts: { sentence: number }; lines: unknown[] }> };
    expect(json.people.length).toBe(2);
    for (const p of json.people) expect(p.facts.sentence).toBeGreaterThan(180);
    expect(readFileSync(join(out, 'trace.txt'), 'utf8')).toMatch(/^Person \d+: /);
    expect(existsSync(join(out, 'charts', 'life-stories.svg'))).toBe(true);
  });

  it('rejects a bad condition or flag with one line naming it', async () => {
    const r = await trace('--where', 'sentense>3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corrsim: --where sentense>3: unknown field sentense \(did you mean sentence\?/);
    const p = await trace('--people', '0');
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--people: expected a whole number from 1 to 1000, found 0/);
  });
});
