/**
 * docs/metrics.md: the reference of every metric, written from the model's table (METRICS) so that
 * the docs say what the code computes; test/docs/metrics.test.ts fails when the file is stale
 * (DOCS_UPDATE=1 rewrites it).
 */
import { METRICS, SERIES } from '../../model/result.js';
import { betterWhen } from '../../stats/paired.js';

export function metricsReference(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = METRICS.map((m) => `| \`${m.name}\` | ${cell(m.unit)} | ${betterWhen(m.name) ?? ''} | ${cell(m.description)} |`);
  return [
    '# Metrics',
    '',
    '<!-- Generated from the model\'s table of metrics (METRICS in src/model/metrics.ts) by',
    '     src/report/text/metrics.ts; do not edit by hand: DOCS_UPDATE=1 npx vitest run test/docs -->',
    '',
    `Every scalar metric a replication reports, in the order of \`summary.json\`, \`replications.csv\` and`,
    'the reports; each is summarised across replications (mean, sd, 95% CI of the mean, 2.5/50/97.5',
    'percentiles). *Better when* is the direction `corrsim compare` counts as better (blank: no',
    'direction). How each is measured, and the definitions in full, are in [model.md, section 3](model.md#3-what-a-run-measures).',
    '',
    '| metric | unit | better when | description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## Monthly series',
    '',
    'One value per measured month in `timeseries.csv` (and the series a capacity `--target` may name):',
    SERIES.map((s) => `\`${s}\``).join(', ') + '.',
    '',
  ].join('\n');
}
