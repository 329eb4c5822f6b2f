/**
 * `corrsim validate --quick` inside npm test: the whole suite with fewer replications (about a
 * minute on one core, -j 1 so no worker threads and no compiled dist/ are needed). Every check must
 * pass, apart from the known issues below, each with its reason; the outputs must be written. The
 * suite is seeded, so it is deterministic: a failure means the model or the suite changed, not bad
 * luck. Why each tolerance is enough is in docs/validation.md.
 *
 * The run is the golden case `validate` (test/golden/cases.ts), so this file also compares its
 * every output with the golden manifest, and golden.test.ts leaves the case to it: the suite runs
 * the validation once.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidationCheck } from '../../src/studies/validation/validation.js';
import { cli, type Captured } from '../cli/capture.js';
import { captureCase, manifestDifferences, readManifest } from '../golden/capture.js';
import { GOLDEN_CASES } from '../golden/cases.js';

/**
 * Checks that fail today, with the reason; each is shown as a todo until the model is fixed, and
 * the test fails if one of them starts passing (so the list is kept honest).
 */
// Checks known to fail, with why; each must still fail (else it is taken off). None at present: the
// high-security drift of quick mode (-2.4% since issue 14's recalibration, sampling noise of 4
// replications) is within its 2% on the merged model of stop 21.
const KNOWN_ISSUES: Record<string, string> = {};

describe('corrsim validate --quick', () => {
  const golden = GOLDEN_CASES.find((c) => c.name === 'validate')!;
  const root = mkdtempSync(join(tmpdir(), 'corrsim-validate-'));
  const out = join(root, golden.name);
  let run: Captured;
  let entry: Record<string, string>;
  let checks: ValidationCheck[] = [];
  beforeAll(async () => {
    ({ run, entry } = await captureCase(golden, root));
    checks = (JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8')) as { checks: ValidationCheck[] }).checks;
  }, 180_000);

  it('writes and prints exactly what the golden manifest holds for it', () => {
    expect(golden.argv).toEqual(['validate', '--quick', '-j', '1', '-o', '$OUT']);
    expect(manifestDifferences({ validate: readManifest().validate }, { validate: entry })).toEqual([]);
  });

  it('writes validation.json, prints the table of every check, and a self-contained validation.html with one chart per group', () => {
    expect(run.stderr).toBe('');
    const json = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8')) as { checks: unknown[]; mode: string; corrsim: string; command: string };
    expect(json.mode).toBe('quick');
    expect(json.command).toBe(`corrsim validate --quick -j 1 -o ${out}`);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('| ')).length).toBe(checks.length + 2);
    expect(existsSync(join(out, 'validation.html'))).toBe(true);
    const html = readFileSync(join(out, 'validation.html'), 'utf8');
    for (const group of ['queueing', 'little', 'conservation', 'calibration', 'effect']) expect(html).toContain(`id="chart-validation-${group}"`);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('covers every group of the issue', () => {
    const groups = new Set(checks.map((c) => c.group));
    expect([...groups].sort()).toEqual(['calibration', 'conservation', 'effect', 'little', 'queueing']);
  });

  it('exits 1 exactly when a check fails', () => {
    expect(run.code).toBe(checks.every((c) => c.pass) ? 0 : 1);
  });

  it('passes every check but the known issues', () => {
    const failing = checks.filter((c) => !c.pass && !(c.id in KNOWN_ISSUES));
    expect(failing.map((c) => `${c.id}: ${c.name}: expected ${c.expected}, simulated ${c.simulated.value} (${c.detail})`)).toEqual([]);
  });

  for (const [id, reason] of Object.entries(KNOWN_ISSUES)) {
    it(`known issue ${id} still fails (${reason})`, () => {
      const check = checks.find((c) => c.id === id);
      expect(check?.pass, `${id} passes now: remove it from KNOWN_ISSUES`).toBe(false);
    });
  }
});

describe('corrsim validate flags', () => {
  it('rejects a bad flag value with one line and exit code 2', async () => {
    const r = await cli(['validate', '-j', 'zero']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--workers (-j)');
  });
  it('rejects an unknown flag with exit code 2', async () => {
    const r = await cli(['validate', '--frob']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
