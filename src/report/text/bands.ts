/** What `corrsim run --band` prints: the headline metrics of every band side by side, then the last measured year. */
import { yearlySummaries } from '../../experiments/aggregate.js';
import { startPhrase } from '../../scenario/census.js';
import { metricUnit } from '../../stats/metric-names.js';
import type { BandBatch, BandsSummary } from '../../studies/bands.js';
import { decimalsFor, formatFixed, formatMeanWithHalfWidth } from '../numbers.js';
import { BAND_METRICS, BAND_YEARLY_SERIES, yearLabel } from '../tables/bands.js';
import { table } from './table.js';

/** The printed result: the headline metrics of every band side by side, then the last measured year. */
export function humanBands(summary: BandsSummary, runs: readonly BandBatch[], folder: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const names = summary.bands.map((b) => b.name);
  let text =
    `${summary.scenario.name}: ${plural(names.length, 'band')} (${names.join(', ')}), ${plural(summary.replications, 'replication')} each with the ` +
    `same seeds (common random numbers), ${plural(summary.years, 'year')} measured ${startPhrase(summary.warmupYears, summary.census)}, seed ${summary.seed}` +
    `${summary.complete ? '' : summary.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${summary.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n\n`;
  text += 'over the measured years: mean ±half-width of its 95% CI\n';
  const rows = BAND_METRICS.map((metric) => [metric, ...summary.bands.map((b) => formatMeanWithHalfWidth(b.metrics[metric], metricUnit(metric)))]);
  text += table([['metric', ...names], ...rows], 'l' + 'r'.repeat(names.length), '   ');

  const years = yearlySummaries(runs[0].batch.results, 'population_total');
  const last = years[years.length - 1];
  if (last !== undefined) {
    const label = yearLabel(summary.scenario.resolved.run.startDate, last.months);
    text += `\nin ${label}, the last measured year: median [2.5th, 97.5th percentile] across replications of the year's average\n`;
    const yearRows = BAND_YEARLY_SERIES.map((series) => [
      series,
      ...runs.map((run) => {
        const s = yearlySummaries(run.batch.results, series).find((y) => y.year === last.year)?.summary;
        if (s === undefined || s.p50 === null || s.p2_5 === null || s.p97_5 === null) return 'n/a';
        const decimals = s.p50 >= 100 ? 0 : Math.min(1, decimalsFor((s.p97_5 - s.p2_5) / 2));
        return `${formatFixed(s.p50, decimals)} [${formatFixed(s.p2_5, decimals)}, ${formatFixed(s.p97_5, decimals)}]`;
      }),
    ]);
    text += table([['series', ...runs.map((r) => r.band)], ...yearRows], 'l' + 'r'.repeat(runs.length), '   ');
  }
  const p = summary.performance;
  text +=
    `\n${Math.round(p.events).toLocaleString('en-US')} events in ${p.cpuSeconds.toFixed(1)} CPU s, ${p.wallSeconds.toFixed(1)} s wall\n` +
    `output: ${folder} (report.html; each band's own run in ${names.map((n) => `${n}/`).join(', ')})\n`;
  return text;
}
