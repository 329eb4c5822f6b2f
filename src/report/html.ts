/**
 * report.html: one self-contained page per run or comparison. vega, vega-lite and vega-embed are
 * inlined from node_modules and the chart specs embedded as JSON, so the page fetches nothing and
 * works opened from disk with the network off. A Content-Security-Policy forbids any fetch too.
 *
 * Every piece of text from a scenario (its name, description, changed fields) goes through
 * escapeHtml, and the embedded JSON through jsonForScript: a scenario cannot inject markup or
 * script.
 */
import { startPhrase } from '../scenario/census.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PairedDifference } from '../stats/paired.js';
import type { MetricSummary } from '../stats/intervals.js';
import type { Summary } from '../batch/aggregate.js';
import type { ReplicationResult } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';
import type { Chart, TracedPerson } from './charts.js';
import { escapeHtml as esc, formatDifference, formatInterval, formatRelative, formatValue, jsonForScript, scriptSource } from './format.js';

// --- Inputs --------------------------------------------------------------------------------------

/** How a scenario differs from what it extends, as the scenario loader reports it. */
export interface ScenarioChanges {
  /** The scenario file's own fields as written, before merging (loadScenario's `patch`). */
  patch?: unknown;
  /** The `--set` overrides applied, in order (loadScenario's `overrides`). */
  overrides?: ReadonlyArray<{ path: string; value: unknown }>;
}

export interface RunReportInput extends ScenarioChanges {
  summary: Summary;
  results: readonly ReplicationResult[];
  /** People followed through a replication (`corrsim trace`); adds the life-stories section. */
  traces?: readonly TracedPerson[];
}

/** One scenario of a comparison: its run, and how it differs from what it extends. */
export interface ScenarioRun extends ScenarioChanges {
  summary: Summary;
  results: readonly ReplicationResult[];
}

export interface CompareReportInput {
  baseline: ScenarioRun;
  /** Each policy's run and its paired differences from the baseline (pairedDifferences(baseline, policy)). */
  policies: ReadonlyArray<ScenarioRun & { differences: readonly PairedDifference[] }>;
  /** The command line of the comparison (default: the baseline run's). */
  command?: string;
}

// --- The libraries -------------------------------------------------------------------------------

export interface InlineLibrary {
  name: string;
  version: string;
  source: string;
}

let cachedLibraries: InlineLibrary[] | undefined;

/** vega, vega-lite and vega-embed: their minified UMD builds, in load order. */
export function inlineLibraries(): InlineLibrary[] {
  if (cachedLibraries !== undefined) return cachedLibraries;
  const require = createRequire(import.meta.url);
  const read = (pkg: string, file: string): InlineLibrary => {
    // Each package's entry point lies in its build/ folder, beside the minified UMD build.
    const build = dirname(require.resolve(pkg));
    const manifest = JSON.parse(readFileSync(join(build, '..', 'package.json'), 'utf8')) as { version: string };
    return { name: pkg, version: manifest.version, source: readFileSync(join(build, file), 'utf8') };
  };
  cachedLibraries = [read('vega', 'vega.min.js'), read('vega-lite', 'vega-lite.min.js'), read('vega-embed', 'vega-embed.min.js')];
  return cachedLibraries;
}

// --- The page ------------------------------------------------------------------------------------

/** Content-Security-Policy of every self-contained page: inline scripts and styles only, no fetch of anything. */
export const CSP = [
  "default-src 'none'",
  // vega compiles its expressions with Function(): 'unsafe-eval'.
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif; color: #1d1d1d; margin: 0; background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.3rem; }
h2 { font-size: 1.3rem; margin: 2.4rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 2px solid #e4e4e4; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
.lead { font-size: 1.05rem; color: #333; margin-top: 0; }
.kicker { color: #666; font-size: 0.9rem; margin: 0; }
nav ol { columns: 2; padding-left: 1.2rem; margin: 0.4rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.2rem; margin: 0; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: "Liberation Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 0.86em; }
pre { background: #f5f5f5; padding: 0.7rem 0.9rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: 4px; }
ul.headlines li { margin: 0.3rem 0; }
.warning { background: #fff4e0; border-left: 4px solid #d55e00; padding: 0.6rem 0.9rem; }
figure.chart { margin: 1.6rem 0; }
figure.chart .vega-embed { display: block; }
figure.chart .chart-error { color: #b00020; }
table { border-collapse: collapse; width: 100%; font-size: 0.82rem; }
th, td { text-align: left; padding: 0.3rem 0.45rem; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td code { overflow-wrap: anywhere; }
td .def { color: #555; font-size: 0.95em; margin-top: 0.1rem; }
table.metrics td:first-child { min-width: 15rem; }
td.ci { white-space: normal; min-width: 6rem; }
tbody tr:nth-child(even) { background: #fafafa; }
.scroll { overflow-x: auto; }
ol.story li { margin: 0.15rem 0; }
footer { color: #666; font-size: 0.85rem; margin-top: 3rem; }
`;

/** Sets up every chart with vega-embed; data and specs come from the JSON element. No scenario text appears here. */
const RUNNER = `
(function () {
  var charts = JSON.parse(document.getElementById('corrsim-charts').textContent);
  var views = {};
  var errors = [];
  window.corrsimViews = views;
  window.corrsimErrors = errors;
  var options = {
    mode: 'vega-lite',
    renderer: 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
  };
  var pending = charts.map(function (chart) {
    var element = document.getElementById('chart-' + chart.name);
    return vegaEmbed(element, chart.spec, Object.assign({ downloadFileName: chart.name }, options))
      .then(function (result) {
        views[chart.name] = result.view;
        element.setAttribute('data-rendered', 'yes');
      })
      .catch(function (error) {
        errors.push(chart.name + ': ' + error);
        console.error('corrsim: the chart ' + chart.name + ' could not be drawn:', error);
        var message = document.createElement('p');
        message.className = 'chart-error';
        message.textContent = 'This chart could not be drawn (' + error + '). Its picture is in charts/' + chart.name + '.svg.';
        element.appendChild(message);
        element.setAttribute('data-rendered', 'error');
      });
  });
  Promise.all(pending).then(function () {
    document.body.setAttribute('data-charts', errors.length === 0 ? 'done' : 'failed');
  });
})();
`;

export interface Page {
  title: string;
  /** Small text above the title. */
  kicker: string;
  lead: string;
  /** Sections in order: [id, heading, html]. The table of contents lists them. */
  sections: Array<[string, string, string]>;
  charts: readonly Chart[];
  version: string;
}

export function page(p: Page): string {
  const libs = inlineLibraries();
  const toc = p.sections.map(([id, heading]) => `<li><a href="#${id}">${esc(heading)}</a></li>`).join('');
  const body = p.sections.map(([id, heading, html]) => `<section id="${id}">\n<h2>${esc(heading)}</h2>\n${html}\n</section>`).join('\n');
  const chartData = p.charts.map((c) => ({ name: checkedName(c.name), spec: c.spec }));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="corrsim ${esc(p.version)}">
<title>${esc(p.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<p class="kicker">${esc(p.kicker)}</p>
<h1>${esc(p.title)}</h1>
<p class="lead">${p.lead}</p>
<noscript><p class="warning">The charts need JavaScript. The same charts are in the folder <code>charts/</code> beside this file, as SVG and PNG.</p></noscript>
</header>
<nav aria-label="Contents"><ol>${toc}</ol></nav>
${body}
<footer>Made by corrsim ${esc(p.version)} with ${libs.map((l) => `${esc(l.name)} ${esc(l.version)}`).join(', ')}, all inlined: this file needs no network.</footer>
</main>
${libs.map((l) => `<script>/* ${esc(l.name)} ${esc(l.version)} */\n${scriptSource(l.source)}\n</script>`).join('\n')}
<script type="application/json" id="corrsim-charts">${jsonForScript(chartData)}</script>
<script>${RUNNER}</script>
</body>
</html>
`;
}

function checkedName(name: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`chart name must be lower-case letters, digits and dashes: ${JSON.stringify(name)}`);
  return name;
}

export function chartFigures(charts: readonly Chart[]): string {
  return charts
    .map((c) => `<figure class="chart" aria-label="${esc(c.title)}"><div id="chart-${checkedName(c.name)}" class="chart-view"></div></figure>`)
    .join('\n');
}

// --- Pieces shared by both reports ---------------------------------------------------------------

export function unitOf(summary: Pick<Summary, 'definitions'>, metric: string): string {
  return summary.definitions[metric]?.unit ?? '';
}

/** The scenario's changes from what it extends, as a list of `path: value` lines. */
export function changesHtml(changes: ScenarioChanges): string {
  const patch = changes.patch;
  const overrides = changes.overrides ?? [];
  const items: string[] = [];
  let extendsName: string | undefined;
  if (isObject(patch)) {
    if (typeof patch.extends === 'string') extendsName = patch.extends;
    if (extendsName !== undefined) {
      for (const [path, value] of flatten(patch)) {
        if (path === 'extends' || path === 'name' || path === 'description') continue;
        items.push(`<li>${changeText(path, value)}</li>`);
      }
    }
  }
  for (const o of overrides) items.push(`<li>${changeText(o.path, o.value)} (<code>--set</code>)</li>`);
  let head: string;
  if (extendsName !== undefined) head = `Extends <code>${esc(extendsName)}</code>${items.length > 0 ? ', changing:' : ', changing nothing.'}`;
  else if (patch !== undefined) head = items.length > 0 ? 'A base scenario (it extends no other), with these overrides:' : 'A base scenario: it extends no other, and nothing was overridden.';
  else head = items.length > 0 ? 'Overrides:' : 'Not recorded for this report; the full scenario is in <code>summary.json</code> (<code>scenario.resolved</code>).';
  return items.length > 0 ? `${head}<ul>${items.join('')}</ul>` : head;
}

/** `path: value`; dated policy changes are listed on their own (policyChangesHtml), so only counted here. */
function changeText(path: string, value: unknown): string {
  if (path === 'policyChanges' && Array.isArray(value)) {
    return `<code>policyChanges</code>: ${value.length} dated change${value.length === 1 ? '' : 's'} (listed as policy changes)`;
  }
  return `<code>${esc(path)}</code>: <code>${esc(valueText(value))}</code>`;
}

/** The scenario's dated policy changes, one line each: from when, whom they reach, what they change. Empty without any. */
function policyChangesHtml(scenario: Scenario): string {
  const changes = scenario.policyChanges ?? [];
  if (changes.length === 0) return '';
  const items = changes.map((c) => {
    const reach = c.appliesTo === 'all' ? 'for everyone, those already serving included' : 'for cases that start on or after the date';
    const fields = flatten(c.patch).map(([path, value]) => changeText(path, value));
    const about = c.description !== undefined && c.description !== '' ? `. ${esc(c.description)}` : '';
    return `<li>From ${esc(c.date)}, ${reach} (<code>${esc(c.appliesTo)}</code>): ${fields.length > 0 ? fields.join(', ') : 'nothing changed'}${about}</li>`;
  });
  return `<ol class="policy-changes">${items.join('')}</ol>`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Leaf paths of a plain object; lists are leaves (a scenario replaces a list whole). */
function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isObject(value) && Object.keys(value).length > 0) out.push(...flatten(value, path));
    else out.push([path, value]);
  }
  return out;
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Seed, replications, years, version, hash and computing time of a run; `baseline` labels them for a comparison. */
function provenanceItems(summary: Summary, role: 'run' | 'baseline' = 'run'): string {
  const ranges = summary.replicationRanges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
  return [
    ['Seed', esc(summary.seed)],
    [
      'Replications',
      `${esc(summary.replications)}${summary.replications === summary.replicationsRequested ? '' : ` of ${esc(summary.replicationsRequested)} asked for`} (replications ${esc(ranges)})`,
    ],
    ['Measured years', `${esc(summary.years)} (${esc(summary.census === undefined ? `after ${summary.warmupYears} years of warm-up from an empty system` : startPhrase(summary.warmupYears, summary.census))})`],
    ['corrsim version', esc(summary.corrsim)],
    ...(role === 'run' ? [['Scenario hash', `<code>${esc(summary.scenario.sha256)}</code> (SHA-256 of the resolved scenario)`]] : []),
    [role === 'run' ? 'Computing' : 'Computing (baseline)', computingHtml(summary.performance)],
  ]
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join('');
}

/** "1,234 events in 5.6 CPU seconds; 3.2 s on 2 threads". */
export function computingHtml(perf: Summary['performance']): string {
  return `${esc(perf.events.toLocaleString('en-GB'))} events in ${esc(perf.cpuSeconds)} CPU seconds; ${esc(perf.wallSeconds)} s on ${esc(perf.workers)} thread${perf.workers === 1 ? '' : 's'}`;
}

function incompleteWarning(summary: Summary): string {
  if (summary.complete) return '';
  const failures = summary.failures.map((f) => `<li>replication ${esc(f.replication)}: ${esc(f.message.split('\n', 1)[0])}</li>`).join('');
  return `<p class="warning"><strong>Incomplete run:</strong> ${esc(summary.replications)} of ${esc(summary.replicationsRequested)} replications finished; the figures rest on those alone.</p>${failures === '' ? '' : `<ul>${failures}</ul>`}`;
}

export const ASSUMPTIONS = `
<p>corrsim is an agent-based, discrete-event simulation: each person is followed from their first
case through remand, court, the queue to serve, prison at a security level, programmes, release and
reoffending. Every figure is an average over the measured years of simulated histories; the spread
across replications is the model's randomness, not uncertainty about Norway.</p>
<ul>
<li><strong>Inputs are judgements as well as data.</strong> Parameters come from Norwegian statistics
where they exist and are judgement elsewhere; effect sizes (of education, housing, a job, …) are drawn
from their published intervals. A result is only as good as the scenario behind it.</li>
<li><strong>Cases, not crime.</strong> New cases arrive at a fixed rate (with an optional trend);
reconvictions come from the model's own releases. Crime in the population is not modelled.</li>
<li><strong>Places are pooled per level</strong>: there is no geography, no distance to family, and capacity
is never exceeded (except police cells, which are counted). There is no double-celling and no early release under pressure.</li>
<li><strong>Left out:</strong> leave, escapes, recalls and breaches, deaths in custody, fine defaulters,
expulsions, health care, and treatment institutions.</li>
<li><strong>Policies are constant</strong> through a run; each replication starts empty and is warmed up before measuring.</li>
<li><strong>Reconviction</strong> counts offences committed within the horizon that lead to a new sentence, with a year
allowed for the court; cohorts include releases from the last five warm-up years.</li>
</ul>
<p>The model, every assumption and its source, the calibration against Norwegian figures and the full list of
limitations are in <code>docs/model.md</code> in the corrsim source.</p>
`;

export function reproduceHtml(command: string, version: string, hashes: ReadonlyArray<[string, string]>): string {
  const hashList = hashes.map(([name, hash]) => `<li><code>${esc(name)}</code>: <code>${esc(hash)}</code></li>`).join('');
  return `<p>Run this command with corrsim ${esc(version)}:</p>
<pre><code>${esc(command)}</code></pre>
<p>Replication <em>r</em> depends only on the scenario, the seed and <em>r</em>, so the same command with the same
version gives the same figures on any machine and with any number of threads. The scenario must resolve to the same hash:</p>
<ul>${hashList}</ul>`;
}

function metricsTable(summary: Summary): string {
  const rows = Object.entries(summary.metrics).map(([name, s]) => {
    const d = summary.definitions[name];
    const unit = d?.unit ?? '';
    const cell = (x: number | null) => `<td class="num">${esc(formatValue(x, unit))}</td>`;
    const ci = s.ci95 === null ? '–' : `${formatValue(s.ci95[0], unit)} to ${formatValue(s.ci95[1], unit)}`;
    return `<tr><td><code>${esc(name)}</code><div class="def">${esc(d?.description ?? '')}</div></td><td>${esc(unit)}</td>${cell(s.mean)}<td class="num ci">${esc(ci)}</td>${cell(s.p2_5)}${cell(s.p50)}${cell(s.p97_5)}<td class="num">${esc(s.n)}</td></tr>`;
  });
  return `<p>Every metric of the run: the mean across replications with its 95% confidence interval, and the
percentiles across replications (how much one simulated history varies). <em>n</em> is the number of replications
in which the metric could be measured; “–” means it could not be measured in this run. Shares are shown as percentages.
The same figures are in <code>summary.json</code>, and one row per replication in <code>replications.csv</code>.</p>
<div class="scroll"><table class="metrics">
<thead><tr><th>Metric and definition</th><th>Unit</th><th>Mean</th><th>95% CI of the mean</th><th>2.5th pct</th><th>Median</th><th>97.5th pct</th><th>n</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

// --- Run report ----------------------------------------------------------------------------------

/** Headline sentences: [metric, sentence with {value}]. */
const HEADLINES: ReadonlyArray<[string, string]> = [
  ['population_total', 'On an average day <strong>{value}</strong> people held a prison place (remand, high, low and halfway house)'],
  ['remand_share', '<strong>{value}</strong> of them were on remand, awaiting trial'],
  ['occupancy_high', 'High-security places were <strong>{value}</strong> full on average'],
  ['occupancy_low', 'Open-prison (low-security) places were <strong>{value}</strong> full on average'],
  ['sentence_queue', '<strong>{value}</strong> people were convicted and waiting at liberty to serve'],
  ['admissions_per_year', '<strong>{value}</strong> people entered prison each year'],
  ['mean_time_served_days', 'A sentenced prisoner spent <strong>{value}</strong> days in prison after sentencing, on average'],
  ['reconviction_2y', '<strong>{value}</strong> of those released got a new prison sentence for an offence committed within 2 years'],
  ['reconviction_any_2y', '<strong>{value}</strong> got any new correctional sentence within 2 years (the Nordic definition)'],
  ['cost_per_year_nok', 'The correctional system cost <strong>{value}</strong> a year'],
];

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

function comparisonTable(baseline: Summary, policy: string, differences: readonly PairedDifference[]): string {
  const rows = differences.map((d) => {
    const unit = unitOf(baseline, d.metric);
    const s = d.difference;
    const ci = s.ci95 === null ? '–' : `${formatDifference(s.ci95[0], unit)} to ${formatDifference(s.ci95[1], unit)}`;
    const better = d.shareBetter === null ? '–' : `${Math.round(d.shareBetter * 100)}%`;
    return `<tr><td><code>${esc(d.metric)}</code></td><td>${esc(unit)}</td><td class="num">${esc(formatValue(d.baseline, unit))}</td><td class="num">${esc(formatValue(d.policy, unit))}</td><td class="num">${esc(formatDifference(s.mean, unit))}</td><td class="num">${esc(ci)}</td><td class="num">${esc(formatRelative(d.relative))}</td><td class="num">${esc(better)}</td><td>${esc(d.betterWhen ?? '')}</td></tr>`;
  });
  return `<h3>${esc(policy)} against the baseline</h3>
<div class="scroll"><table>
<thead><tr><th>Metric</th><th>Unit</th><th>Baseline</th><th>Policy</th><th>Difference</th><th>95% CI of the difference</th><th>Relative</th><th>Replications better</th><th>Better when</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function clearDifferences(baseline: Summary, policy: string, differences: readonly PairedDifference[], metrics: readonly string[]): string {
  const items = differences
    .filter((d) => metrics.includes(d.metric))
    .filter((d) => d.difference.ci95 !== null && d.difference.n >= 2 && (d.difference.ci95[0] > 0 || d.difference.ci95[1] < 0))
    .map((d) => {
      const unit = unitOf(baseline, d.metric);
      const s: MetricSummary = d.difference;
      const direction = d.betterWhen === null ? '' : (d.betterWhen === 'lower') === (s.mean! < 0) ? ' — better' : ' — worse';
      const [lo, hi] = s.ci95!;
      const interval = lo === hi ? 'the same in every replication' : `95% CI ${formatDifference(lo, unit)} to ${formatDifference(hi, unit)}`;
      return `<li>${esc(baseline.definitions[d.metric]?.description ?? d.metric)}: ${esc(formatValue(d.baseline, unit))} → <strong>${esc(formatValue(d.policy, unit))}</strong> (${esc(formatDifference(s.mean, unit))}, ${esc(interval)})${direction}</li>`;
    });
  const body = items.length > 0 ? `<ul class="headlines">${items.join('\n')}</ul>` : '<p>No headline figure differs clearly from the baseline (every 95% interval includes no difference).</p>';
  return `<h3>${esc(policy)}</h3>${body}`;
}

/** The comparison report's HTML, given its charts. */
export function compareReportHtml(input: CompareReportInput, charts: readonly Chart[], headlineMetrics: readonly string[]): string {
  const base = input.baseline.summary;
  const runs = [input.baseline, ...input.policies];
  const scenarioRows = runs
    .map((r, i) => {
      const s = r.summary;
      return `<tr><td>${i === 0 ? 'Baseline' : 'Policy'}</td><td><code>${esc(s.scenario.name)}</code></td><td>${esc(s.scenario.resolved.description ?? '')}</td><td>${changesHtml(r)}${policyChangesHtml(s.scenario.resolved)}</td><td><code>${esc(s.scenario.sha256.slice(0, 12))}</code></td></tr>`;
    })
    .join('\n');
  const command = input.command ?? base.command;
  const names = input.policies.map((p) => p.summary.scenario.name);
  const sections: Page['sections'] = [
    [
      'what-was-run',
      'What was compared',
      `${runs.map((r) => incompleteWarning(r.summary)).join('')}
<p>Each policy was run with the same seeds as the baseline (common random numbers): replication <em>r</em> of every scenario
meets the same people with the same random draws, so each difference is taken replication by replication, and the noise the
runs share cancels.</p>
<div class="scroll"><table><thead><tr><th>Role</th><th>Scenario</th><th>Description</th><th>Changes</th><th>Hash</th></tr></thead><tbody>
${scenarioRows}
</tbody></table></div>
<dl class="facts">${provenanceItems(base, 'baseline')}</dl>`,
    ],
    [
      'headlines',
      'Clear differences',
      `<p>Headline figures whose 95% confidence interval of the paired difference excludes zero.</p>
${input.policies.map((p) => clearDifferences(base, p.summary.scenario.name, p.differences, headlineMetrics)).join('\n')}`,
    ],
    ['charts', 'Charts', `<p>Hover over a point or a line for its figures. The same charts are in <code>charts/</code>.</p>\n${chartFigures(charts)}`],
    [
      'differences',
      'All paired differences',
      `<p>Difference = policy − baseline, per replication, then averaged; the interval is the Student-t 95% interval of that mean.
“Replications better” is the share of replications in which the policy did better, for metrics with a direction.</p>
${input.policies.map((p) => comparisonTable(base, p.summary.scenario.name, p.differences)).join('\n')}`,
    ],
    ['assumptions', 'Assumptions and limits', ASSUMPTIONS],
    [
      'reproduce',
      'How to reproduce this comparison',
      reproduceHtml(
        command,
        base.corrsim,
        runs.map((r) => [r.summary.scenario.name, r.summary.scenario.sha256]),
      ),
    ],
  ];
  return page({
    title: `corrsim comparison: ${names.join(', ')} against ${base.scenario.name}`,
    kicker: `corrsim ${base.corrsim} · seed ${base.seed} · ${base.replications} paired replications · ${base.years} years`,
    lead: `Paired differences of ${names.length === 1 ? 'a policy' : `${names.length} policies`} from the baseline <code>${esc(base.scenario.name)}</code>.`,
    sections,
    charts,
    version: base.corrsim,
  });
}
