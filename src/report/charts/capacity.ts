/** The charts of a capacity search (the statistic and the share meeting the targets against places) and of its bands (the places needed under each). */
import type { CapacityBandsRecord, BandPlaces } from '../../studies/capacity/bands.js';
import { LEVEL_WORDS } from '../../studies/capacity/places.js';
import type { CapacityRecord } from '../../studies/capacity/study.js';
import { formatPercent } from '../numbers.js';
import { capitalise, OKABE_ITO, top, type Chart } from './spec.js';

/**
 * One target's statistic against places: the mean over replications (line and points), the middle
 * 95% of replications (band), the value that the required share of replications reach (dashed),
 * the target (red rule) and the answer (vertical rule).
 */
export function capacityChart(record: CapacityRecord, index: number): Chart | undefined {
  const target = record.targets[index];
  const rows = record.candidates.flatMap((c) => {
    const t = c.targets[index];
    const s = t?.statistic;
    if (s === undefined || s.mean === null) return [];
    return [{ places: c.places, mean: sig(s.mean), lo: sig(s.p2_5 ?? s.mean), hi: sig(s.p97_5 ?? s.mean), decisive: t.decisive === null ? null : sig(t.decisive), share: c.shareMeeting, meets: c.meets ? 'meets' : 'misses' }];
  });
  if (rows.length === 0 || target === undefined) return undefined;
  const x = { field: 'places', type: 'quantitative', title: `${capitalise(LEVEL_WORDS[record.level])} places`, scale: { zero: false } };
  const yTitle = `${target.series}, ${statWords(target.stat)} over the months of a replication`;
  const percent = Math.round(record.probability * 1000) / 10;
  const better = target.operator === '<=' || target.operator === '<' ? 'at or below' : 'at or above';
  const answer = record.answer.status === 'found' || record.answer.status === 'holds-at-min' ? record.answer.places : null;
  const tooltip = [
    { field: 'places', type: 'quantitative', title: 'Places', format: ',' },
    { field: 'mean', type: 'quantitative', title: 'Mean', format: ',.4~g' },
    { field: 'lo', type: 'quantitative', title: '2.5th percentile', format: ',.4~g' },
    { field: 'hi', type: 'quantitative', title: '97.5th percentile', format: ',.4~g' },
    { field: 'decisive', type: 'quantitative', title: `Reached by ${percent}%`, format: ',.4~g' },
    { field: 'share', type: 'quantitative', title: 'Share meeting the targets', format: '.0%' },
  ];
  const layers: object[] = [
    { name: 'band', data: { values: rows }, mark: { type: 'area', opacity: 0.18, color: OKABE_ITO[0] }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'hi' } } },
    { name: 'mean', data: { values: rows }, mark: { type: 'line', strokeWidth: 2, color: OKABE_ITO[0] }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } },
    { name: 'decisive', data: { values: rows }, mark: { type: 'line', strokeWidth: 1.5, strokeDash: [6, 4], color: OKABE_ITO[6] }, encoding: { x, y: { field: 'decisive', type: 'quantitative' } } },
    {
      name: 'points',
      data: { values: rows },
      mark: { type: 'point', filled: true, size: 50 },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' },
        color: { field: 'meets', type: 'nominal', title: 'Candidate', scale: { domain: ['meets', 'misses'], range: [OKABE_ITO[2], OKABE_ITO[3]] } },
        tooltip,
      },
    },
    {
      name: 'target',
      data: { values: [{ value: target.value, label: `target ${target.operator} ${target.value}` }] },
      mark: { type: 'rule', color: OKABE_ITO[3], strokeWidth: 1.5 },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    },
    {
      name: 'targetLabel',
      data: { values: [{ value: target.value, label: `target ${target.operator} ${target.value}` }] },
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: OKABE_ITO[3], fontSize: 11 },
      encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
  if (answer !== null) {
    const label = `answer: ${answer.toLocaleString('en-US')} places`;
    layers.push(
      { name: 'answer', data: { values: [{ places: answer, label }] }, mark: { type: 'rule', color: '#555555', strokeDash: [2, 3] }, encoding: { x: { field: 'places', type: 'quantitative' } } },
      {
        name: 'answerLabel',
        data: { values: [{ places: answer, label }] },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 0, color: '#555555', fontSize: 11 },
        encoding: { x: { field: 'places', type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  }
  const title = `${target.text}: ${target.series} against ${LEVEL_WORDS[record.level]} places`;
  const subtitle = [
    `Line and points: mean of ${record.replications} replications per candidate (green: the candidate meets the targets, red: misses); band: middle 95% of replications.`,
    `Dashed: the value ${percent}% of replications reach; it must be ${better} the red target line for the target to hold with probability ${record.probability}.`,
    'Every candidate ran the same replications (common random numbers).',
  ];
  const name = record.targets.length === 1 ? 'capacity' : `capacity-${index + 1}`;
  return { name, title, spec: topSpec(title, subtitle, layers) };
}

/** The share of replications meeting every target against places, with the required share. */
export function capacityShareChart(record: CapacityRecord): Chart | undefined {
  if (record.candidates.length === 0) return undefined;
  const rows = record.candidates.map((c) => ({ places: c.places, share: c.shareMeeting, meets: c.meets ? 'meets' : 'misses' }));
  const x = { field: 'places', type: 'quantitative', title: `${capitalise(LEVEL_WORDS[record.level])} places`, scale: { zero: false } };
  const title = `Share of replications meeting ${record.targets.length === 1 ? 'the target' : 'every target'}, by ${LEVEL_WORDS[record.level]} places`;
  const layers = [
    { name: 'line', data: { values: rows }, mark: { type: 'line', strokeWidth: 2, color: OKABE_ITO[0], interpolate: 'step-after' }, encoding: { x, y: { field: 'share', type: 'quantitative', title: 'Share of replications', axis: { format: '.0%' }, scale: { domain: [0, 1] } } } },
    {
      name: 'points',
      data: { values: rows },
      mark: { type: 'point', filled: true, size: 50 },
      encoding: {
        x,
        y: { field: 'share', type: 'quantitative' },
        color: { field: 'meets', type: 'nominal', title: 'Candidate', scale: { domain: ['meets', 'misses'], range: [OKABE_ITO[2], OKABE_ITO[3]] } },
        tooltip: [
          { field: 'places', type: 'quantitative', title: 'Places', format: ',' },
          { field: 'share', type: 'quantitative', title: 'Share meeting', format: '.0%' },
        ],
      },
    },
    { name: 'probability', data: { values: [{ p: record.probability }] }, mark: { type: 'rule', color: OKABE_ITO[3], strokeWidth: 1.5 }, encoding: { y: { field: 'p', type: 'quantitative' } } },
  ];
  const subtitle = [
    `${record.targets.map((t) => t.text).join(' and ')}; red line: the required share, ${record.probability}. ${record.replications} replications per candidate, the same at every candidate.`,
  ];
  return { name: 'capacity-share', title, spec: topSpec(title, subtitle, layers) };
}

function topSpec(title: string, subtitle: string[], layer: object[]): Chart['spec'] {
  return top(title, subtitle, { layer });
}

function statWords(stat: string): string {
  if (stat === 'mean') return 'mean';
  if (stat === 'max') return 'maximum';
  return `${stat.slice(1)}th percentile`;
}

function sig(x: number): number {
  return Number(x.toPrecision(6));
}

/** The places needed under each band with its bootstrap interval, against today's places. */
export function capacityBandsChart(record: CapacityBandsRecord): Chart | undefined {
  const rows = record.bands.flatMap((b) =>
    b.places === null || (b.status !== 'found' && b.status !== 'holds-at-min')
      ? []
      : [{ band: b.name, places: b.places, lo: b.ci95[0] ?? b.places, hi: b.ci95[1] ?? b.places, change: b.change ?? 0, needed: neededFrom(b) }],
  );
  if (rows.length === 0) return undefined;
  const words = LEVEL_WORDS[record.level];
  const names = record.bands.map((b) => b.name);
  const x = { field: 'band', type: 'nominal', title: 'Band', sort: names, axis: { labelAngle: 0 } };
  const color = { field: 'band', type: 'nominal', legend: null, scale: { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)) } };
  const today = [{ places: record.currentPlaces, label: `today: ${record.currentPlaces.toLocaleString('en-US')} places` }];
  const title = `${capitalise(words)} places needed under each band`;
  const subtitle = [
    `The fewest places at which ${record.targets.map((t) => t.text).join(' and ')} in at least ${formatPercent(record.probability)} of ${record.replications} replications.`,
    'Whiskers: 95% bootstrap interval over replications. Dashed: today’s places. Every band ran the same seeds.',
  ];
  return {
    name: 'capacity-bands',
    title,
    spec: top(title, subtitle, {
      layer: [
        {
          name: 'interval',
          data: { values: rows },
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'Places', scale: { zero: false, padding: 20 }, axis: { format: ',.0f' } }, y2: { field: 'hi' }, color },
        },
        {
          name: 'answer',
          data: { values: rows },
          mark: { type: 'point', filled: true, size: 90, opacity: 1 },
          encoding: {
            x,
            y: { field: 'places', type: 'quantitative' },
            color,
            tooltip: [
              { field: 'band', type: 'nominal', title: 'Band' },
              { field: 'places', type: 'quantitative', title: 'Places needed', format: ',' },
              { field: 'change', type: 'quantitative', title: 'Change from today', format: '+,' },
              { field: 'lo', type: 'quantitative', title: '95% interval, low', format: ',' },
              { field: 'hi', type: 'quantitative', title: '95% interval, high', format: ',' },
              { field: 'needed', type: 'nominal', title: 'More places needed from' },
            ],
          },
        },
        {
          name: 'answerLabel',
          data: { values: rows },
          mark: { type: 'text', align: 'left', dx: 9, fontSize: 12 },
          encoding: { x, y: { field: 'places', type: 'quantitative' }, text: { field: 'places', type: 'quantitative', format: ',' } },
        },
        { name: 'today', data: { values: today }, mark: { type: 'rule', color: '#555555', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'places', type: 'quantitative' } } },
        {
          name: 'todayLabel',
          data: { values: today },
          mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: '#555555', fontSize: 11 },
          encoding: { y: { field: 'places', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    }),
  };
}

/** When more places are needed, in words: "2029-01-01 (year 5)", "not within the horizon", or why it is not known. */
export function neededFrom(b: BandPlaces): string {
  if (!b.yearByYearChecked) return 'not checked';
  if (b.firstYearFailing === null) return 'not within the horizon';
  return b.firstYearFailingStarts !== null ? `${b.firstYearFailingStarts} (year ${b.firstYearFailing})` : `year ${b.firstYearFailing}`;
}
