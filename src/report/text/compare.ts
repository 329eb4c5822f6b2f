/** What `corrsim compare` prints: per policy, the headline metrics' differences from the baseline with their 95% intervals. */
import { startPhrase } from '../../scenario/census.js';
import { metricUnit } from '../../stats/metric-names.js';
import type { Comparison } from '../../studies/compare.js';
import { formatDifferenceWithInterval, formatRelativeShort } from '../numbers.js';
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
  }
  const p = c.performance;
  text +=
    `\n${Math.round(p.events).toLocaleString('en-US')} events in ${p.cpuSeconds.toFixed(1)} CPU s, ` +
    `${p.wallSeconds.toFixed(1)} s wall\noutput: ${folder}\n`;
  return text;
}
