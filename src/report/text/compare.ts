/** What `corrsim compare` prints: per policy, the headline metrics' differences from the baseline with their 95% intervals. */
import { startPhrase } from '../../scenario/census.js';
import { metricUnit } from '../../stats/metric-names.js';
import type { Comparison } from '../../studies/compare.js';
import type { PolicyPurchase } from '../../studies/costs.js';
import { formatDifferenceWithInterval, formatMillionsWithInterval, formatRatioWithInterval, formatRelativeShort } from '../numbers.js';
import { autoSummaryLine, HEADLINE_METRICS } from './run.js';
import { table } from './table.js';

/**
 * The printed comparison: per policy, the headline metrics' differences from the baseline with
 * their 95% intervals, the relative difference, and how often the policy did better.
 */
export function humanComparison(c: Comparison, folder: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let text =
    `Compared with ${c.baseline.name}: ${plural(c.replications, 'paired replication')} (common random numbers), ` +
    `${plural(c.years, 'year')} measured ${startPhrase(c.warmupYears, c.census)}, seed ${c.seed}` +
    `${c.complete ? '' : c.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${c.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n`;
  if (c.replicationRule !== undefined) text += autoSummaryLine(c.replicationRule, c.replications) + '\n';
  for (const p of c.comparisons) {
    text += `\n${p.policy} − ${c.baseline.name}   difference [95% CI], relative\n`;
    const rows = HEADLINE_METRICS.map((name) => {
      const m = p.metrics[name];
      if (m === undefined) return ['  ' + name, 'n/a', '', ''];
      const better = m.shareBetter === null ? '' : `better in ${Math.round(100 * m.shareBetter)}% of replications`;
      return ['  ' + name, formatDifferenceWithInterval(m.difference, metricUnit(name)), formatRelativeShort(m.relative), better];
    });
    text += table(rows, 'lrrl', '   ');
    text += `\n  What it buys, per year [95% CI] (docs/costs.md)\n` + table(purchaseRows(p.buys), 'lrl', '   ');
  }
  const p = c.performance;
  text +=
    `\n${Math.round(p.events).toLocaleString('en-US')} events in ${p.cpuSeconds.toFixed(1)} CPU s, ` +
    `${p.wallSeconds.toFixed(1)} s wall\noutput: ${folder}\n`;
  return text;
}

/** The counts and money of a policy, for the terminal: the paired quantities, then the two ratios. */
function purchaseRows(b: PolicyPurchase): string[][] {
  const q = b.quantities;
  const count = (name: string, label: string) => {
    const x = q[name];
    const better = x.shareBetter === null ? '' : `better in ${Math.round(100 * x.shareBetter)}%`;
    return ['  ' + label, formatDifferenceWithInterval(x.paired, ''), better];
  };
  const money = (name: string, label: string, share = '') => {
    const x = q[name];
    const better = x.shareBetter === null ? '' : share === '' ? `better in ${Math.round(100 * x.shareBetter)}%` : `${share} ${Math.round(100 * x.shareBetter)}%`;
    return ['  ' + label, formatMillionsWithInterval(x.paired), better];
  };
  const ratio = (name: string, label: string) => {
    const r = b.ratios[name];
    return ['  ' + label, formatRatioWithInterval(r.ratio.estimate, r.ratio.ci95), r.note];
  };
  return [
    count('reconvictions_avoided_per_year', 'reconvictions avoided (2 y, prison)'),
    count('reconvictions_avoided_per_1000_released', '  per 1,000 released'),
    count('offences_avoided_per_year', 'new offences avoided (2 y)'),
    count('prison_years_change_per_year', 'prison-years, change'),
    money('custody_cost_change_per_year_nok', 'custody cost at marginal prices, change'),
    money('programme_cost_change_per_year_nok', 'programme cost, change'),
    money('cost_change_per_year_nok', 'cost of the policy (all correctional spending)'),
    money('benefits_per_year_nok', 'benefits: victim and police/court costs avoided'),
    money('net_benefit_per_year_nok', 'net benefit', 'benefits exceed costs in'),
    ratio('cost_per_reconviction_avoided_nok', 'cost per reconviction avoided, NOK'),
    ratio('benefit_cost_ratio', 'benefit-cost ratio'),
  ];
}
