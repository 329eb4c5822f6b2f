/** What `corrsim sweep` prints: one row per grid point, a few headline metrics as mean ± the half-width of the 95% CI. */
import { startPhrase } from '../../scenario/census.js';
import { metricList, metricUnit } from '../../stats/metric-names.js';
import type { Sweep } from '../../studies/sweep.js';
import { formatMeanWithHalfWidth } from '../numbers.js';
import { table } from './table.js';

/** The metrics of the printed table, by grid point. */
const SWEEP_TABLE_METRICS = metricList('population_total', 'occupancy_high', 'sentence_queue', 'reconviction_2y', 'cost_per_year_nok');

/** The printed sweep: one row per grid point, a few headline metrics as mean ± the half-width of the 95% CI. */
export function humanSweep(sweep: Sweep, folder: string): string {
  const paths = sweep.grid.parameters.map((p) => p.path);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let text =
    `${sweep.scenario.name}: ${plural(sweep.grid.points, 'grid point')} × ${plural(sweep.replications, 'replication')} ` +
    `(common random numbers), ${plural(sweep.years, 'year')} measured ${startPhrase(sweep.warmupYears, sweep.census)}, ` +
    `seed ${sweep.seed}${sweep.complete ? '' : sweep.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}` +
    `${sweep.fixedEffects ? ', effect sizes fixed at their estimates' : ''}\n` +
    'mean ± half-width of the 95% CI\n\n';
  const header = [...paths, ...SWEEP_TABLE_METRICS];
  const rows = sweep.points.map((p) => [
    ...paths.map((path) => String(p.values[path])),
    ...SWEEP_TABLE_METRICS.map((m) => formatMeanWithHalfWidth(p.metrics[m], metricUnit(m))),
  ]);
  text += table([header, ...rows], 'r'.repeat(header.length), '   ');
  const perf = sweep.performance;
  text +=
    `\n${Math.round(perf.events).toLocaleString('en-US')} events in ${perf.cpuSeconds.toFixed(1)} CPU s, ` +
    `${perf.wallSeconds.toFixed(1)} s wall\noutput: ${folder}\n`;
  return text;
}
