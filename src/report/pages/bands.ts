/** report.html of a band run: the projections, the populations and the queue by year under each band, the main metrics side by side. */
import { SECURITY_LEVELS } from '../../scenario/types.js';
import { LEVEL_LABELS } from '../data.js';
import { BAND_METRICS } from '../tables/bands.js';
import type { BandsSummary } from '../../studies/bands.js';
import { yearPoints, type BandsReportInput, type YearPoint } from '../charts/bands.js';
import type { Chart } from '../charts/spec.js';
import { formatInterval, formatValue } from '../numbers.js';
import { chartFigures, escapeHtml as esc, page, type Page } from '../page.js';
import { ASSUMPTIONS, changesHtml, computingHtml, reproduceHtml, unitOf } from './parts.js';

const YEAR_TABLES: ReadonlyArray<[string, string]> = [
  ['population_total', 'Prison population (all levels)'],
  ...SECURITY_LEVELS.map((level): [string, string] => [`population_${level}`, LEVEL_LABELS[level]]),
  ['sentence_queue', 'Sentence queue'],
  ['police_cell_population', 'In police cells for want of a remand place'],
];

/** Per year, each band's median [2.5th–97.5th percentile] of the yearly average of a series. */
function yearTable(input: BandsReportInput, series: string, heading: string): string {
  const points = yearPoints(input, series);
  if (points.length === 0 || points.every((p) => p.hi === 0)) return '';
  const names = input.bands.map((b) => b.summary.band ?? b.summary.scenario.name);
  const labels = [...new Set(points.map((p) => p.label))];
  const cell = (p: YearPoint | undefined) =>
    p === undefined ? '<td class="num">–</td>' : `<td class="num">${esc(formatValue(p.median, 'people'))} <span class="def">(${esc(formatValue(p.lo, 'people'))}–${esc(formatValue(p.hi, 'people'))})</span></td>`;
  const rows = labels.map((label) => `<tr><td>${esc(label)}</td>${names.map((n) => cell(points.find((p) => p.band === n && p.label === label))).join('')}</tr>`);
  return `<h3>${esc(heading)}</h3>
<div class="scroll"><table><thead><tr><th>Year</th>${names.map((n) => `<th>${esc(n)}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

/** BAND_METRICS side by side: each band's mean with its 95% confidence interval. */
function metricsSideBySide(input: BandsReportInput): string {
  const { summary } = input;
  const rows = BAND_METRICS.map((metric) => {
    const unit = unitOf(summary, metric);
    const cells = summary.bands.map((b) => {
      const s = b.metrics[metric];
      if (s === undefined || s.mean === null) return '<td class="num">–</td>';
      return `<td class="num">${esc(formatValue(s.mean, unit))}<div class="def">${esc(formatInterval(s, unit))}</div></td>`;
    });
    return `<tr><td><code>${esc(metric)}</code><div class="def">${esc(summary.definitions[metric]?.description ?? '')}</div></td>${cells.join('')}</tr>`;
  });
  return `<p>Each figure is the mean over the replications of the whole measured period, with the 95% confidence interval of that
mean. Every metric of every band is in <code>bands.csv</code>, and in each band’s folder (<code>summary.json</code>, <code>report.html</code>).</p>
<div class="scroll"><table class="metrics"><thead><tr><th>Metric</th>${summary.bands.map((b) => `<th>${esc(b.name)}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function bandsTable(input: BandsReportInput): string {
  const { summary } = input;
  const rows = summary.bands.map((b) => {
    const table = b.newCasesByYear;
    const first = table[0];
    const last = table[table.length - 1];
    const range = first === undefined ? '–' : `${formatValue(first.perYear, 'people')} (${first.year}) → ${formatValue(last.perYear, 'people')} (${last.year})`;
    const done = b.replications === summary.replications ? `${b.replications}` : `${b.replications} of ${summary.replications}`;
    return `<tr><td><code>${esc(b.name)}</code></td><td>${esc(range)}</td><td class="num">${esc(done)}</td><td><a href="${esc(b.folder)}/report.html"><code>${esc(b.folder)}/</code></a></td><td><code>${esc(b.sha256.slice(0, 12))}</code></td></tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th>Band</th><th>New cases per year (first and last row of its table)</th><th>Replications</th><th>Its own run</th><th>Hash</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function warningHtml(summary: BandsSummary): string {
  if (summary.complete) return '';
  const missing = summary.bandsRequested.filter((b) => !summary.bands.some((x) => x.name === b));
  const failures = summary.failures.map((f) => `<li>band ${esc(f.band)}, replication ${esc(f.replication)}: ${esc(f.message.split('\n', 1)[0])}</li>`).join('');
  return `<p class="warning"><strong>Incomplete run:</strong> not every replication of every band finished${missing.length > 0 ? ` (not run: ${esc(missing.join(', '))})` : ''}; the figures rest on what finished.</p>${failures === '' ? '' : `<ul>${failures}</ul>`}`;
}

/** Last measured year, in words: the prison population and the queue under each band. */
function headlinesHtml(input: BandsReportInput): string {
  const items = (['population_total', 'sentence_queue'] as const).flatMap((series) => {
    const points = yearPoints(input, series);
    const lastX = Math.max(...points.map((p) => p.x));
    const last = points.filter((p) => p.x === lastX);
    if (last.length === 0) return [];
    const what = series === 'population_total' ? 'people held a prison place on an average day' : 'people were convicted and waiting at liberty to serve';
    const parts = last.map((p) => `<strong>${esc(formatValue(p.median, 'people'))}</strong> under <code>${esc(p.band)}</code> (95% of replications ${esc(formatValue(p.lo, 'people'))}–${esc(formatValue(p.hi, 'people'))})`);
    return [`<li>In ${esc(last[0].label)}, ${parts.join(', ')} ${what}.</li>`];
  });
  return `<ul class="headlines">${items.join('\n')}</ul>
<p>Medians across replications of the year’s average. The range between bands is the uncertainty of the admission projections;
the range within a band is the model’s own randomness (one possible history against another). Neither covers doubt about the
model’s assumptions.</p>`;
}

export function bandsReportHtml(input: BandsReportInput, charts: readonly Chart[]): string {
  const { summary } = input;
  const scenario = summary.scenario.resolved;
  const names = summary.bands.map((b) => b.name);
  const facts = [
    ['Scenario', `<code>${esc(summary.scenario.name)}</code>`],
    ['Description', esc(scenario.description ?? '')],
    ['Changes', changesHtml(input)],
    ['Seed', esc(summary.seed)],
    ['Replications', `${esc(summary.replications)} per band, replications 0–${esc(summary.replications - 1)} of every band with the same seeds`],
    ['Measured years', `${esc(summary.years)} from ${esc(scenario.run.startDate)} (after ${esc(summary.warmupYears)} years of warm-up from an empty system)`],
    ['corrsim version', esc(summary.corrsim)],
    ['Scenario hash', `<code>${esc(summary.scenario.sha256)}</code> (SHA-256 of the resolved scenario before a band’s table is put in)`],
    ['Computing', computingHtml(summary.performance)],
  ];
  const sections: Page['sections'] = [
    [
      'what-was-run',
      'What was run',
      `${warningHtml(summary)}<p>The scenario ran once per admission projection (band). A band replaces
<code>population.newCasesByYear</code> with its table from <code>population.projections</code> and changes nothing else. Every band
ran the same replications with the same seeds (common random numbers), so the bands differ by their admissions alone.</p>
${bandsTable(input)}
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    ],
    ['headlines', 'The last measured year', headlinesHtml(input)],
    ['charts', 'Charts', `<p>Hover over a line for its figures; the “…” menu of each chart saves it as SVG or PNG. The same charts are in <code>charts/</code>; the figures behind them are in <code>bands-yearly.csv</code>, month by month in <code>bands-timeseries.csv</code>.</p>\n${chartFigures(charts)}`],
    [
      'by-year',
      'By year',
      `<p>Each band’s median across replications of the year’s average, with the middle 95% of replications in brackets.</p>\n${YEAR_TABLES.map(([series, heading]) => yearTable(input, series, heading)).join('\n')}`,
    ],
    ['metrics', 'Main metrics side by side', metricsSideBySide(input)],
    ['assumptions', 'Assumptions and limits', ASSUMPTIONS],
    [
      'reproduce',
      'How to reproduce this run',
      reproduceHtml(summary.command, summary.corrsim, [[summary.scenario.name, summary.scenario.sha256], ...summary.bands.map((b): [string, string] => [`${summary.scenario.name}, band ${b.name}`, b.sha256])]),
    ],
  ];
  return page({
    title: `corrsim bands: ${summary.scenario.name} (${names.join(', ')})`,
    kicker: `corrsim ${summary.corrsim} · seed ${summary.seed} · ${summary.replications} replications per band · ${summary.years} years`,
    lead: `${esc(scenario.description ?? '')} Admission projections side by side: ${names.map((n) => `<code>${esc(n)}</code>`).join(', ')}.`,
    sections,
    charts,
    version: summary.corrsim,
  });
}
