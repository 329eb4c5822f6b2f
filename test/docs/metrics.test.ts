/**
 * The docs read the model's table of metrics: docs/metrics.md is generated from it (and must be
 * current), and docs/model.md's section 3, which defines the metrics in full, names every metric
 * of the table and no metric that is not in it.
 *
 *   DOCS_UPDATE=1 npx vitest run test/docs     # rewrite docs/metrics.md from the table
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { METRICS, SERIES } from '../../src/model/result.js';
import { metricsReference } from '../../src/report/text/metrics.js';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');

describe('the docs of the metrics', () => {
  test('docs/metrics.md is what the table gives', () => {
    const generated = metricsReference();
    if (process.env.DOCS_UPDATE === '1') writeFileSync(join(DOCS, 'metrics.md'), generated);
    expect(readFileSync(join(DOCS, 'metrics.md'), 'utf8'), 'docs/metrics.md is stale: DOCS_UPDATE=1 npx vitest run test/docs').toBe(generated);
  });

  test('docs/model.md, section 3, names every metric of the table and none beyond it', () => {
    const model = readFileSync(join(DOCS, 'model.md'), 'utf8');
    const section = model.slice(model.indexOf('## 3. What a run measures'), model.indexOf('## 4. '));
    // Metric names in the section's tables, with `program_<name>_…` standing for one per programme.
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    const named = new Set(rows.flatMap((l) => [...l.split('|')[1].matchAll(/`([a-z0-9_<>]+)`/g)].map((m) => m[1])));
    const programme = (name: string) => name.replace(/^program_[A-Za-z]+_/, 'program_<name>_');
    const table = new Set(METRICS.map((m) => programme(m.name)));
    expect([...table].filter((m) => !named.has(m))).toEqual([]);
    expect([...named].filter((m) => !table.has(m))).toEqual([]);
    for (const s of SERIES.filter((x) => x !== 'admissions' && x !== 'releases')) expect(section).toContain(`\`${s}\``);
  });
});
