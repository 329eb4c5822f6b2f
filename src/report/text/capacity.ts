/** What `corrsim capacity` prints: the answer, its uncertainty, the candidates, the year-by-year check; under each band side by side. */
import type { BandPlaces, CapacityBandsRecord } from '../../studies/capacity/bands.js';
import type { CandidateEvaluation } from '../../studies/capacity/evaluate.js';
import { LEVEL_WORDS } from '../../studies/capacity/places.js';
import type { CapacityRecord } from '../../studies/capacity/study.js';
import { startPhrase } from '../../scenario/census.js';
import type { SecurityLevel } from '../../scenario/types.js';
import { neededFrom } from '../charts/capacity.js';
import { formatEstimate, formatPercent } from '../numbers.js';
import { table } from './table.js';

/** "  1,815 high-security places: 62% of 100 replications meet the targets (90% needed): misses" */
export function candidateLine(e: CandidateEvaluation, probability: number, level: SecurityLevel): string {
  return (
    `  ${e.places.toLocaleString('en-US')} ${LEVEL_WORDS[level]} places: ${formatPercent(e.shareMeeting)} of ${e.replications} ` +
    `replications meet the targets (${formatPercent(probability)} needed): ${e.meets ? 'meets' : 'misses'}`
  );
}

/** The printed result: the answer, its uncertainty, the candidates, the year-by-year check. */
export function humanCapacity(record: CapacityRecord, folder: string): string {
  const words = LEVEL_WORDS[record.level];
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  const places = (n: number) => n.toLocaleString('en-US');
  const percent = formatPercent(record.probability);
  const targets = record.targets.map((t) => t.text).join(' and ');
  let text =
    `${record.scenario.name}: ${words} places for ${targets} in at least ${percent} of replications\n` +
    `${plural(record.replications, 'replication')} per candidate (common random numbers), ${plural(record.years, 'year')} measured ` +
    `${startPhrase(record.warmupYears, record.census)}, seed ${record.seed}${record.fixedEffects ? ', effect sizes fixed at their estimates' : ''}` +
    `${record.complete ? '' : record.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}\n` +
    `staff per place kept; the level’s facilities scaled in proportion\n\n`;

  const a = record.answer;
  const now = `today ${places(record.currentPlaces)}`;
  const change = (n: number) => `${n >= 0 ? '+' : '−'}${places(Math.abs(n))}`;
  switch (a.status) {
    case 'found':
      text += `answer: ${places(a.places!)} places (${now}, ${change(a.change!)})`;
      text += a.largestFailing !== null ? `; ${places(a.largestFailing)} misses the target${record.targets.length > 1 ? 's' : ''}\n` : '\n';
      break;
    case 'holds-at-min':
      text += `answer: ${places(a.places!)} places or fewer: the target${record.targets.length > 1 ? 's hold' : ' holds'} already at --min (${now})\n`;
      break;
    case 'fails-at-max':
      text += `answer: more than ${places(record.search.max)} places: the target${record.targets.length > 1 ? 's' : ''} still miss${record.targets.length > 1 ? '' : 'es'} at --max (${now}); raise --max\n`;
      break;
    case 'stopped':
      text += `no answer: the search stopped before the bracket closed`;
      text += a.largestFailing !== null ? `; ${places(a.largestFailing)} places miss the target${record.targets.length > 1 ? 's' : ''}` : '';
      {
        const passing = record.candidates.filter((c) => c.meets).map((c) => c.places);
        text += passing.length > 0 ? `; ${places(Math.min(...passing))} meet ${record.targets.length > 1 ? 'them' : 'it'}\n` : '\n';
      }
      break;
  }
  const u = a.uncertainty;
  if (a.status === 'found' && u.resamples > 0) {
    const [lo, hi] = u.ci95;
    const show = (x: number | null) => (x === null ? `more than ${places(Math.max(...record.candidates.map((c) => c.places)))}` : places(x));
    text += `uncertainty: ${show(lo)} to ${show(hi)} places (95% bootstrap interval over replications, ${u.resamples} resamples)\n`;
  }
  if (a.nonMonotone.length > 0) {
    const [p, q] = a.nonMonotone[0];
    text += `note: the verdict is not monotone in places here (${places(p)} meets, ${places(q)} misses); more replications would settle it\n`;
  }

  text += `\ncandidates (order: as run; share: of replications meeting ${record.targets.length > 1 ? 'every target' : 'the target'}; ` +
    `then the statistic's mean across replications [95% CI])\n`;
  const header = ['places', 'order', 'meets', 'share', ...record.targets.map((t) => `${t.series}.${t.stat}`)];
  const rows = record.candidates.map((c) => [
    places(c.places),
    String(c.order),
    c.meets ? 'yes' : 'no',
    formatPercent(c.shareMeeting),
    ...c.targets.map((t) => formatEstimate(t.statistic)),
  ]);
  text += table([header, ...rows], 'rrrr' + 'r'.repeat(record.targets.length), '   ');

  const y = record.yearByYear;
  if (y !== null) {
    const at = `with today’s ${places(y.places)} places`;
    if (y.firstYearFailing === null) text += `\n${at} the target${record.targets.length > 1 ? 's hold' : ' holds'} in every year of the horizon (${percent} of replications each year)\n`;
    else {
      const first = y.years[y.firstYearFailing - 1];
      const when = first.starts !== undefined ? `year ${first.year} (from ${first.starts})` : `year ${first.year} of the horizon`;
      text += `\n${at} the target${record.targets.length > 1 ? 's' : ''} first fail${record.targets.length > 1 ? '' : 's'} in ${when}: ${formatPercent(first.shareMeeting)} of replications meet ${record.targets.length > 1 ? 'them' : 'it'} that year\n`;
    }
  }
  const perf = record.performance;
  text +=
    `\n${plural(record.candidates.length, 'candidate')} × ${plural(record.replications, 'replication')}: ` +
    `${Math.round(perf.events).toLocaleString('en-US')} events in ${perf.cpuSeconds.toFixed(1)} CPU s, ${perf.wallSeconds.toFixed(1)} s wall\n` +
    `output: ${folder}\n`;
  return text;
}

/** The printed result: per band, the places needed, the change, its interval and from when more are needed. */
export function humanCapacityBands(record: CapacityBandsRecord, folder: string): string {
  const words = LEVEL_WORDS[record.level];
  const places = (n: number | null) => (n === null ? '–' : n.toLocaleString('en-US'));
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  const targets = record.targets.map((t) => t.text).join(' and ');
  let text =
    `${record.scenario.name}: ${words} places for ${targets} in at least ${formatPercent(record.probability)} of replications, under each band\n` +
    `${plural(record.replications, 'replication')} per candidate, the same seeds in every band (common random numbers), ` +
    `${plural(record.years, 'year')} measured ${startPhrase(record.warmupYears, record.census)}, seed ${record.seed}` +
    `${record.complete ? '' : record.failures.length > 0 ? ' (incomplete: a replication failed)' : ' (interrupted)'}\n\n`;
  const answer = (b: BandPlaces) => {
    if (b.status === 'fails-at-max') return `more than ${places(record.search.max)} (raise --max)`;
    if (b.status === 'stopped') return 'stopped';
    return `${b.status === 'holds-at-min' ? '≤ ' : ''}${places(b.places)}`;
  };
  const rows = record.bands.map((b) => [
    b.name,
    answer(b),
    b.change === null ? '' : `${b.change >= 0 ? '+' : '−'}${places(Math.abs(b.change))}`,
    b.ci95[0] === null && b.ci95[1] === null ? '' : `${places(b.ci95[0])} to ${b.ci95[1] === null ? 'more' : places(b.ci95[1])}`,
    neededFrom(b),
  ]);
  text += table([['band', 'places needed', `change from ${places(record.currentPlaces)}`, '95% interval', 'with today’s places, more needed from'], ...rows], 'lrrrl', '   ');
  const p = record.performance;
  text +=
    `\n${Math.round(p.events).toLocaleString('en-US')} events in ${p.cpuSeconds.toFixed(1)} CPU s, ${p.wallSeconds.toFixed(1)} s wall\n` +
    `output: ${folder} (each band's search in ${record.bands.map((b) => `${b.folder}/`).join(', ')})\n`;
  return text;
}
