/** report.html of a run: what was run, the headline figures in words, the charts, life stories, every metric, assumptions, how to reproduce. */
import type { ReplicationResult } from '../../model/result.js';
import { metricList, type MetricName } from '../../stats/metric-names.js';
import type { Summary } from '../../studies/summary.js';
import type { TracedPerson } from '../../studies/trace.js';
import type { Chart } from '../charts/spec.js';
import { formatInterval, formatValue } from '../numbers.js';
import { chartFigures, escapeHtml as esc, page, type Page } from '../page.js';
import { ASSUMPTIONS, changesHtml, incompleteWarning, metricsTable, policyChangesHtml, provenanceItems, reproduceHtml, unitOf, type ScenarioChanges } from './parts.js';

export interface RunReportInput extends ScenarioChanges {
  summary: Summary;
  results: readonly ReplicationResult[];
  /** People followed through a replication (`corrsim trace`); adds the life-stories section. */
  traces?: readonly TracedPerson[];
}

/** Headline sentences: [metric, sentence with {value}]. */
const HEADLINES: ReadonlyArray<readonly [MetricName, string]> = [
  ['population_total', 'On an average day <strong>{value}</strong> people held a prison place (remand, high, low and halfway house)'],
  ['remand_share', '<strong>{value}</strong> of them were on remand, awaiting trial'],
  ['occupancy_high', 'High-security places were <strong>{value}</strong> full on average'],
  ['occupancy_low', 'Open-prison (low-security) places were <strong>{value}</strong> full on average'],
  ['sentence_queue', '<strong>{value}</strong> people were convicted and waiting at liberty to serve (counted from conviction: the call-in lead time included)'],
  ['sentence_queue_kdi', '<strong>{value}</strong> of them had waited more than 60 days since conviction (KDI’s definition of the sentence queue)'],
  ['admissions_per_year', '<strong>{value}</strong> people entered prison each year'],
  ['mean_time_served_days', 'A sentenced prisoner spent <strong>{value}</strong> days in prison after sentencing, on average'],
  ['reconviction_2y', '<strong>{value}</strong> of those released got a new prison sentence for an offence committed within 2 years'],
  ['reconviction_any_2y', '<strong>{value}</strong> got any new correctional sentence within 2 years (the Nordic definition)'],
  ['cost_per_year_nok', 'The correctional system cost <strong>{value}</strong> a year'],
];
metricList(...HEADLINES.map(([metric]) => metric));

function headlinesHtml(summary: Summary): string {
  const items = HEADLINES.flatMap(([metric, sentence]) => {
    const s = summary.metrics[metric];
    if (s === undefined) return [];
    const unit = unitOf(summary, metric);
    if (s.mean === null) return [`<li>${sentence.replace('<strong>{value}</strong>', 'an unmeasurable number of')} (not measurable in this run)</li>`];
    return [`<li>${sentence.replace('{value}', esc(formatValue(s.mean, unit)))} (${esc(formatInterval(s, unit))}).</li>`];
  });
  return `<ul class="headlines">${items.join('\n')}</ul>
<p>Each figure is the mean over the ${esc(summary.replications)} replications of the ${esc(summary.years)} measured years.
The 95% confidence interval (CI) says where the long-run average of this scenario lies, given the model’s randomness;
it does not cover doubt about the model’s assumptions.</p>`;
}

function storiesHtml(traces: readonly TracedPerson[], chart: Chart | undefined): string {
  const people = traces
    .map((t) => {
      const lines = t.lines
        .map((l) => `<li><span class="when">Day ${esc(Math.round(l.day))}${l.date === undefined ? '' : ` (${esc(l.date)})`}</span>: ${esc(l.text)}</li>`)
        .join('');
      return `<h3>Person ${esc(t.id)}</h3><ol class="story">${lines}</ol>`;
    })
    .join('\n');
  return `<p>People followed event by event through one replication (<code>corrsim trace</code>).</p>
${chart === undefined ? '' : chartFigures([chart])}
${people}`;
}

/** The run report's HTML, given the charts made by runCharts. */
export function runReportHtml(input: RunReportInput, charts: readonly Chart[]): string {
  const { summary } = input;
  const scenario = summary.scenario.resolved;
  const policyChanges = policyChangesHtml(scenario);
  const stories = charts.find((c) => c.name === 'life-stories');
  const mainCharts = charts.filter((c) => c !== stories);
  const sections: Page['sections'] = [
    [
      'what-was-run',
      'What was run',
      `${incompleteWarning(summary)}<dl class="facts">
<dt>Scenario</dt><dd><code>${esc(summary.scenario.name)}</code></dd>
${summary.band === undefined ? '' : `<dt>Band</dt><dd><code>${esc(summary.band)}</code>: admissions (<code>population.newCasesByYear</code>) from <code>population.projections.${esc(summary.band)}</code>; the other bands and their comparison are in the folder above this one</dd>\n`}<dt>Description</dt><dd>${esc(scenario.description ?? '')}</dd>
<dt>Changes</dt><dd>${changesHtml(input)}</dd>
${policyChanges === '' ? '' : `<dt>Policy changes</dt><dd>${policyChanges}</dd>`}
${provenanceItems(summary)}
</dl>`,
    ],
    ['headlines', 'Headline figures', headlinesHtml(summary)],
    ['charts', 'Charts', `<p>Hover over a line or a bar for its figures; the “…” menu of each chart saves it as SVG or PNG. The same charts, and their vega-lite specs to restyle them, are in <code>charts/</code>.</p>\n${chartFigures(mainCharts)}`],
  ];
  if (input.traces !== undefined && input.traces.length > 0) sections.push(['life-stories', 'Life stories', storiesHtml(input.traces, stories)]);
  sections.push(
    ['metrics', 'All metrics', metricsTable(summary)],
    ['assumptions', 'Assumptions and limits', ASSUMPTIONS],
    ['reproduce', 'How to reproduce this run', reproduceHtml(summary.command, summary.corrsim, [[summary.scenario.name, summary.scenario.sha256]])],
  );
  return page({
    title: `corrsim report: ${summary.scenario.name}${summary.band === undefined ? '' : `, band ${summary.band}`}`,
    kicker: `corrsim ${summary.corrsim} · seed ${summary.seed} · ${summary.replications} replications · ${summary.years} years`,
    lead: esc(scenario.description ?? ''),
    sections,
    charts,
    version: summary.corrsim,
  });
}

// --- Comparison report ---------------------------------------------------------------------------
