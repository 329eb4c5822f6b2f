/** report.html of a comparison: what was compared, the clear differences, the charts, every paired difference, assumptions, how to reproduce. */
import type { ReplicationResult } from '../../model/result.js';
import type { MetricSummary } from '../../stats/intervals.js';
import type { PairedDifference } from '../../stats/paired.js';
import type { CostAccount, PolicyPurchase } from '../../studies/costs.js';
import type { Summary } from '../../studies/summary.js';
import type { Chart } from '../charts/spec.js';
import { formatDifference, formatRelative, formatValue } from '../numbers.js';
import { chartFigures, escapeHtml as esc, page, type Page } from '../page.js';
import { ASSUMPTIONS, changesHtml, incompleteWarning, policyChangesHtml, provenanceItems, reproduceHtml, unitOf, type ScenarioChanges } from './parts.js';

/** One scenario of a comparison: its run, and how it differs from what it extends. */
export interface ScenarioRun extends ScenarioChanges {
  summary: Summary;
  results: readonly ReplicationResult[];
}

export interface CompareReportInput {
  baseline: ScenarioRun;
  /** Each policy's run and its paired differences from the baseline (pairedDifferences(baseline, policy)). */
  policies: ReadonlyArray<ScenarioRun & { differences: readonly PairedDifference[]; buys?: PolicyPurchase }>;
  /** The baseline's unit and marginal costs (comparison.json's `costs`), for the section on what the policies buy. */
  costs?: CostAccount;
  /** The command line of the comparison (default: the baseline run's). */
  command?: string;
}

// --- The libraries -------------------------------------------------------------------------------

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

const LEVEL_NAMES: Readonly<Record<string, string>> = { remand: 'Remand', high: 'High security', low: 'Low security (open)', halfway: 'Halfway houses' };

function placeCostsTable(costs: CostAccount): string {
  const nok = (x: number | null) => esc(formatValue(x, 'NOK'));
  const rows = costs.placeCosts.map(
    (c) =>
      `<tr><td>${esc(LEVEL_NAMES[c.level] ?? c.level)}</td><td class="num">${esc(formatValue(c.places, 'places'))}</td><td class="num">${nok(c.unitCostPerPlaceYearNok)}</td><td class="num">${nok(c.unitCostPerPlaceDayNok)}</td><td class="num">${esc(formatValue(c.occupancy, 'share'))}</td><td class="num">${nok(c.marginalCostPerPersonYearNok)}</td><td class="num">${nok(c.marginalCostPerPersonDayNok)}</td></tr>`,
  );
  return `<div class="scroll"><table>
<thead><tr><th>Level</th><th>Places</th><th>Unit cost per place-year</th><th>per day</th><th>Baseline occupancy</th><th>Marginal cost of one more person, per year</th><th>per day</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
<p>A new offence costs ${nok(costs.costPerOffenceNok)} outside corrections (victims, police, prosecution and courts); EM costs ${nok(costs.emCostPerPlaceDayNok)} a device-day;
the baseline's programme slots cost ${nok(costs.programmeCostPerYearNok)} a year.</p>`;
}

function purchaseTable(policy: string, b: PolicyPurchase): string {
  const rows = Object.entries(b.quantities).map(([name, q]) => {
    const unit = q.unit.startsWith('NOK') ? 'NOK' : q.unit;
    const s = q.paired;
    const ci = s.ci95 === null ? '–' : `${formatDifference(s.ci95[0], unit)} to ${formatDifference(s.ci95[1], unit)}`;
    const better = q.shareBetter === null ? '–' : `${Math.round(q.shareBetter * 100)}%`;
    return `<tr><td><code>${esc(name)}</code><br><small>${esc(q.description)}</small></td><td class="num">${esc(formatValue(q.baselineMean, unit))}</td><td class="num">${esc(formatValue(q.policyMean, unit))}</td><td class="num">${esc(formatDifference(s.mean, unit))}</td><td class="num">${esc(ci)}</td><td class="num">${esc(better)}</td></tr>`;
  });
  const ratios = Object.entries(b.ratios).map(([name, r]) => {
    const unit = r.unit === 'NOK' ? 'NOK' : '';
    const ci = r.ratio.ci95 === null ? 'unbounded' : `${formatValue(r.ratio.ci95[0], unit)} to ${formatValue(r.ratio.ci95[1], unit)}`;
    return `<tr><td><code>${esc(name)}</code><br><small>${esc(r.description)}</small></td><td></td><td></td><td class="num">${esc(formatValue(r.ratio.estimate, unit))}</td><td class="num">${esc(ci)}</td><td>${esc(r.note)}</td></tr>`;
  });
  return `<h3>${esc(policy)}</h3>
<div class="scroll"><table>
<thead><tr><th>Per year</th><th>Baseline</th><th>Policy</th><th>Paired estimate</th><th>95% CI</th><th>Replications better</th></tr></thead>
<tbody>
${[...rows, ...ratios].join('\n')}
</tbody></table></div>`;
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
    ...(input.costs !== undefined && input.policies.some((p) => p.buys !== undefined)
      ? ([
          [
            'what-it-buys',
            'What each policy buys',
            `<p>The effects as counts and money, per year at steady state, undiscounted (method and sources: <code>docs/costs.md</code>).
A policy's cost is its change in correctional spending: the budget of places open, programmes, EM and community sentences,
with each person held above or below the reference occupancy priced at the marginal cost of a place (table below).
Its benefit is the offences it avoids, valued at their cost to victims and to police and courts; the new sentences they would
bring are already in the simulated spending. Each figure is paired replication by replication; the ratios carry Fieller's 95% interval.</p>
${placeCostsTable(input.costs)}
${input.policies.map((p) => (p.buys === undefined ? '' : purchaseTable(p.summary.scenario.name, p.buys))).join('\n')}`,
          ],
        ] as Page['sections'])
      : []),
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
