/** What `corrsim run` prints: the headline metrics with their 95% intervals, the speed and where the files are; and the line of `--replications auto`. */
import type { AutoReplicationRecord } from '../../experiments/auto.js';
import { startPhrase } from '../../scenario/census.js';
import { metricList, metricUnit } from '../../stats/metric-names.js';
import type { Summary } from '../../studies/summary.js';
import { formatCount, formatPlainValue } from '../numbers.js';

/** The metrics of the human summary, in this order. */
export const HEADLINE_METRICS = metricList(
  'population_total',
  'remand_share',
  'occupancy_high',
  'occupancy_low',
  'sentence_queue',
  'sentence_queue_kdi',
  'admissions_per_year',
  'mean_time_served_days',
  'reconviction_2y',
  'reconviction_any_2y',
  'cost_per_year_nok',
);

/** The short report printed after a run: the headline metrics with their 95% intervals, the speed and where the files are. */
export function humanSummary(summary: Summary, folder: string): string {
  const rows = HEADLINE_METRICS.map((name) => {
    const m = summary.metrics[name];
    const unit = metricUnit(name);
    const ci = m?.ci95 ? `${formatPlainValue(m.ci95[0], unit)} – ${formatPlainValue(m.ci95[1], unit)}` : 'n/a';
    return [name, m?.mean == null ? 'n/a' : formatPlainValue(m.mean, unit), ci];
  });
  const header = ['metric', 'mean', '95% CI'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ').trimEnd() + '\n';
  const p = summary.performance;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let text =
    `${summary.scenario.name}: ${plural(summary.replications, 'replication')}, ${plural(summary.years, 'year')} measured ` +
    `${startPhrase(summary.warmupYears, summary.census)}, seed ${summary.seed}` +
    `${summary.complete ? '' : summary.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${summary.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n`;
  if (summary.replicationRule !== undefined) text += autoSummaryLine(summary.replicationRule, summary.replications) + '\n';
  text += '\n';
  text += line(header);
  for (const r of rows) text += line(r);
  text +=
    `\n${formatCount(p.events)} events in ${p.cpuSeconds.toFixed(1)} CPU s ` +
    `(${formatCount(p.eventsPerCpuSecond)} events/s), ${p.wallSeconds.toFixed(1)} s wall\n`;
  text += `output: ${folder}\n`;
  return text;
}

/** "30 replications reached the asked precision: reconviction_2y ±0.0042 <= 0.005", for the human summary. */
export function autoSummaryLine(record: AutoReplicationRecord, replications: number): string {
  const checks = record.precision
    .map((p) => {
      const width = p.halfWidth === null ? 'not measurable' : `±${Number(p.halfWidth.toPrecision(3))}`;
      return `${p.metric}${p.policy !== undefined ? ` (${p.policy})` : ''} ${width} ${p.met ? '<=' : '>'} ${p.target}`;
    })
    .join(', ');
  if (record.reached) return `--replications auto: ${replications} replications reached the asked precision: ${checks}`;
  return `--replications auto: stopped at ${replications} replications (maximum ${record.max}) before reaching the asked precision: ${checks}`;
}
