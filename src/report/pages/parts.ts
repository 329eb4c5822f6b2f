/** The pieces the report pages share: what a scenario changes, provenance, assumptions, how to reproduce, the table of metrics. */
import type { Scenario } from '../../scenario/types.js';
import { startPhrase } from '../../scenario/census.js';
import type { Summary } from '../../studies/summary.js';
import { formatValue } from '../numbers.js';
import { escapeHtml as esc } from '../page.js';

/** How a scenario differs from what it extends, as the scenario loader reports it. */
export interface ScenarioChanges {
  /** The scenario file's own fields as written, before merging (loadScenario's `patch`). */
  patch?: unknown;
  /** The `--set` overrides applied, in order (loadScenario's `overrides`). */
  overrides?: ReadonlyArray<{ path: string; value: unknown }>;
}

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
export function policyChangesHtml(scenario: Scenario): string {
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
export function provenanceItems(summary: Summary, role: 'run' | 'baseline' = 'run'): string {
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

export function incompleteWarning(summary: Summary): string {
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

export function metricsTable(summary: Summary): string {
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
