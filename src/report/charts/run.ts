/** The charts of a run's report: populations, occupancy, the queue, flows, reconviction, programmes, life stories. */
import type { ReplicationResult } from '../../model/result.js';
import { PROGRAMS, type SecurityLevel } from '../../scenario/types.js';
import type { Summary } from '../../studies/summary.js';
import type { TracedPerson } from '../../studies/trace.js';
import {
  cohortCurves,
  familySubgroups,
  LEVEL_LABELS,
  levelCapacities,
  levelsShown,
  monthlyBand,
  PROGRAM_LABELS,
  round,
  seriesBand,
  SUBGROUP_FAMILIES,
  yearlyFlows,
  type ReconvictionKind,
  type SeriesRow,
  type SubgroupFamilyName,
} from '../data.js';
import { bandSubtitle, capitalise, levelScale, LINE_LEGEND, OKABE_ITO, PLANNING_OCCUPANCY_TARGET, replicationsPhrase, timeBandLayers, top, type Chart, type Layer } from './spec.js';

export interface FacilityCapacity {
  level: SecurityLevel;
  capacity: number;
}

/** Average number held per month by level, with the level's places as a dashed line. */
export function populationChart(results: readonly ReplicationResult[], facilities: readonly FacilityCapacity[]): Chart {
  const capacity = levelCapacities(facilities);
  const levels = levelsShown(results, capacity);
  const rows: SeriesRow[] = levels.flatMap((level) => seriesBand(results, `population_${level}`, LEVEL_LABELS[level]));
  const places = levels.filter((l) => capacity[l] > 0).map((l) => ({ series: LEVEL_LABELS[l], capacity: capacity[l] }));
  const scale = levelScale(levels);
  const title = 'Prison population by level (people)';
  return {
    name: 'population',
    title,
    spec: top(
      title,
      [
        'Average number of people holding a place, per month. Dashed lines: the level’s places (capacity).',
        bandSubtitle(results.length),
      ],
      {
        layer: [
          { data: { values: rows }, layer: timeBandLayers('People held (monthly average)', ',.0f', scale, 'Level') },
          {
            name: 'capacity',
            data: { values: places },
            mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: {
              y: { field: 'capacity', type: 'quantitative' },
              color: { field: 'series', type: 'nominal', title: scale.title, scale: { domain: scale.domain, range: scale.range }, legend: LINE_LEGEND },
              tooltip: [
                { field: 'series', type: 'nominal', title: 'Level' },
                { field: 'capacity', type: 'quantitative', title: 'Places', format: ',.0f' },
              ],
            },
          },
        ],
      },
    ),
  };
}

/** Occupied share of places per level, against the planning target. */
export function occupancyChart(
  results: readonly ReplicationResult[],
  facilities: readonly FacilityCapacity[],
  target = PLANNING_OCCUPANCY_TARGET,
): Chart {
  const capacity = levelCapacities(facilities);
  const levels = levelsShown(results, capacity).filter((l) => capacity[l] > 0);
  const rows = levels.flatMap((level) =>
    monthlyBand(results, LEVEL_LABELS[level], (r, i) => {
      const held = (r.monthly as Record<string, number[] | undefined>)[`population_${level}`]?.[i];
      return held === undefined ? undefined : held / capacity[level];
    }),
  );
  const scale = levelScale(levels);
  const targetLabel = `${Math.round(target * 100)}% planning target`;
  const title = 'Occupancy by level (share of places)';
  return {
    name: 'occupancy',
    title,
    spec: top(
      title,
      [
        `Average number held ÷ places, per month. Grey line: the ${targetLabel}; above it there is little room to place people where they belong.`,
        bandSubtitle(results.length),
      ],
      {
        layer: [
          {
            data: { values: rows },
            layer: timeBandLayers('Occupied share of places', '.0%', scale, 'Level').map((l) => withYScale(l, { zero: false, domainMax: 1 })),
          },
          {
            name: 'target',
            data: { values: [{ target, label: targetLabel }] },
            mark: { type: 'rule', color: '#555555', strokeWidth: 1.5, strokeDash: [2, 3] },
            encoding: { y: { field: 'target', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal', title: 'Target' }] },
          },
          {
            name: 'targetLabel',
            data: { values: [{ target, label: targetLabel }] },
            mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: '#555555', fontSize: 11 },
            encoding: { y: { field: 'target', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
    ),
  };
}

function withYScale(layer: Layer, scale: object): Layer {
  const l = layer as { encoding?: { y?: object } };
  if (l.encoding?.y === undefined || !('title' in l.encoding.y)) return layer;
  return { ...l, encoding: { ...l.encoding, y: { ...l.encoding.y, scale } } } as Layer;
}

/** The sentence queue: people convicted at liberty and waiting to be called in to serve. */
export function queueChart(results: readonly ReplicationResult[]): Chart {
  const rows = seriesBand(results, 'sentence_queue', 'Sentence queue');
  const title = 'Sentence queue (people waiting to serve)';
  return {
    name: 'sentence-queue',
    title,
    spec: top(
      title,
      ['Average number convicted at liberty and waiting to be called in to serve, per month (administrative lead time included).', bandSubtitle(results.length)],
      { data: { values: rows }, layer: timeBandLayers('People waiting (monthly average)', ',.0f', undefined, 'Series') },
    ),
  };
}

/** Admissions and releases per measured year, bars with whiskers. */
export function flowsChart(results: readonly ReplicationResult[]): Chart {
  const rows = yearlyFlows(results, { admissions: 'Admissions', releases: 'Releases' });
  const title = 'Admissions and releases per year (people/year)';
  const x = { field: 'year', type: 'ordinal', title: 'Measured year (after warm-up)', axis: { labelAngle: 0 } };
  const color = { field: 'flow', type: 'nominal', title: 'Flow', scale: { domain: ['Admissions', 'Releases'], range: [OKABE_ITO[0], OKABE_ITO[1]] } };
  return {
    name: 'flows',
    title,
    spec: top(
      title,
      [
        'Admissions: entries into prison (remand, or to serve from liberty). Releases: from prison to the community.',
        `Bars: mean of ${replicationsPhrase(results.length)}; whiskers: middle 95% of replications.`,
      ],
      {
        data: { values: rows },
        encoding: { x, xOffset: { field: 'flow', type: 'nominal', sort: ['Admissions', 'Releases'] } },
        layer: [
          {
            name: 'bars',
            mark: { type: 'bar', opacity: 0.9 },
            encoding: {
              y: { field: 'mean', type: 'quantitative', title: 'People per year', axis: { format: ',.0f' } },
              color,
              tooltip: [
                { field: 'flow', type: 'nominal', title: 'Flow' },
                { field: 'year', type: 'ordinal', title: 'Measured year' },
                { field: 'mean', type: 'quantitative', title: 'Mean per year', format: ',.0f' },
                { field: 'lo', type: 'quantitative', title: '2.5th percentile', format: ',.0f' },
                { field: 'hi', type: 'quantitative', title: '97.5th percentile', format: ',.0f' },
              ],
            },
          },
          {
            name: 'whiskers',
            mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 },
            encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
          },
        ],
      },
    ),
  };
}

export interface ReconvictionOptions {
  /** 'prison' (default): a new prison sentence; 'any': any new correctional sentence. */
  kind?: ReconvictionKind;
  /** Points resting on fewer releases than this (all replications together) are not drawn (default MIN_AT_RISK). */
  minAtRisk?: number;
}

/**
 * A share of fewer releases than this is too noisy to read (its 95% interval is ±15 points or
 * more), so the curves stop where the follow-up thins out below it.
 */
export const MIN_AT_RISK = 40;

/**
 * Share reconvicted against years since release, one line per subgroup of `family`; undefined
 * when the results hold no subgroup of it.
 */
export function reconvictionChart(
  results: readonly ReplicationResult[],
  familyName: SubgroupFamilyName,
  options: ReconvictionOptions = {},
): Chart | undefined {
  const kind = options.kind ?? 'prison';
  const family = SUBGROUP_FAMILIES[familyName];
  const subgroups = familySubgroups(results, family);
  const minAtRisk = options.minAtRisk ?? MIN_AT_RISK;
  const rows = cohortCurves(results, subgroups, kind).filter((r) => r.atRisk >= minAtRisk);
  if (rows.length === 0) return undefined;
  const shown = subgroups.filter((s) => rows.some((r) => r.subgroup === s));
  const sentence = kind === 'prison' ? 'a new prison sentence' : 'any new correctional sentence (prison, EM or community)';
  const title = `Reconviction by ${family.title} (share of releases)`;
  const x = { field: 'yearsSinceRelease', type: 'quantitative', title: 'Years since release', axis: { tickMinStep: 0.25 }, scale: { domainMin: 0 } };
  const color = {
    field: 'subgroup',
    type: 'nominal',
    title: capitalise(family.title),
    scale: { domain: shown, range: OKABE_ITO.slice(0, Math.max(shown.length, 1)) },
    legend: LINE_LEGEND,
  };
  return {
    name: `reconviction-${familyName}${kind === 'any' ? '-any' : ''}`,
    title,
    spec: top(
      title,
      [
        `Reconviction: ${sentence} for an offence committed within N years of release.`,
        `A release counts at N years once followed that long plus a year for the court to decide; points resting on fewer than ${minAtRisk} releases are left out.`,
        bandSubtitle(results.length),
      ],
      {
        data: { values: rows },
        layer: [
          {
            name: 'band',
            mark: { type: 'area', opacity: 0.15 },
            encoding: {
              x,
              y: { field: 'lo', type: 'quantitative', title: 'Share reconvicted', axis: { format: '.0%' } },
              y2: { field: 'hi' },
              color,
            },
          },
          { name: 'mean', mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color } },
          {
            name: 'hover',
            mark: { type: 'point', filled: true, size: 50, opacity: 0 },
            encoding: {
              x,
              y: { field: 'mean', type: 'quantitative' },
              color,
              tooltip: [
                { field: 'subgroup', type: 'nominal', title: 'Subgroup' },
                { field: 'yearsSinceRelease', type: 'quantitative', title: 'Years since release' },
                { field: 'mean', type: 'quantitative', title: 'Share reconvicted (mean)', format: '.1%' },
                { field: 'lo', type: 'quantitative', title: '2.5th percentile', format: '.1%' },
                { field: 'hi', type: 'quantitative', title: '97.5th percentile', format: '.1%' },
                { field: 'atRisk', type: 'quantitative', title: 'Releases followed (all replications)', format: ',.0f' },
              ],
            },
          },
        ],
      },
    ),
  };
}

/** Programme completions and interruptions per year, from the run's metrics (whiskers: 95% CI of the mean). */
export function programmesChart(summary: Pick<Summary, 'metrics' | 'replications'>): Chart | undefined {
  const rows: Array<{ programme: string; outcome: string; mean: number; lo: number; hi: number }> = [];
  for (const program of PROGRAMS) {
    for (const [outcome, label] of [
      ['completed', 'Completed'],
      ['interrupted', 'Interrupted'],
    ] as const) {
      const m = summary.metrics[`program_${program}_${outcome}_per_year`];
      if (m === undefined || m.mean === null) continue;
      const [lo, hi] = m.ci95 ?? [m.mean, m.mean];
      // A count cannot be negative; the t interval of a small, skewed count can reach below 0.
      rows.push({ programme: PROGRAM_LABELS[program], outcome: label, mean: m.mean, lo: Math.max(0, lo), hi });
    }
  }
  if (rows.length === 0) return undefined;
  const title = 'Programmes completed and interrupted per year (people/year)';
  const color = { field: 'outcome', type: 'nominal', title: 'Outcome', scale: { domain: ['Completed', 'Interrupted'], range: [OKABE_ITO[2], OKABE_ITO[3]] } };
  return {
    name: 'programmes',
    title,
    spec: top(
      title,
      [
        'Interrupted: an enrolment broken off by a transfer or a release (giving up a waitlist place is not counted).',
        `Bars: mean of ${replicationsPhrase(summary.replications)}; whiskers: 95% confidence interval of the mean (cut at 0).`,
      ],
      {
        data: { values: rows },
        encoding: {
          x: { field: 'programme', type: 'nominal', title: 'Programme', sort: PROGRAMS.map((p) => PROGRAM_LABELS[p]), axis: { labelAngle: 0 } },
          xOffset: { field: 'outcome', type: 'nominal', sort: ['Completed', 'Interrupted'] },
        },
        layer: [
          {
            name: 'bars',
            mark: { type: 'bar', opacity: 0.9 },
            encoding: {
              y: { field: 'mean', type: 'quantitative', title: 'People per year', axis: { format: ',.0f' } },
              color,
              tooltip: [
                { field: 'programme', type: 'nominal', title: 'Programme' },
                { field: 'outcome', type: 'nominal', title: 'Outcome' },
                { field: 'mean', type: 'quantitative', title: 'Mean per year', format: ',.1f' },
                { field: 'lo', type: 'quantitative', title: '95% CI, low', format: ',.1f' },
                { field: 'hi', type: 'quantitative', title: '95% CI, high', format: ',.1f' },
              ],
            },
          },
          { name: 'whiskers', mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
        ],
      },
    ),
  };
}

// --- Life stories --------------------------------------------------------------------------------

/** One lane per traced person, a point per event (tooltip: the line of the story). */
export function storiesChart(traces: readonly TracedPerson[]): Chart | undefined {
  const people = traces.filter((t) => t.lines.length > 0);
  if (people.length === 0) return undefined;
  const lanes = people.map((t) => ({
    person: `Person ${t.id}`,
    first: Math.min(...t.lines.map((l) => l.day)),
    last: Math.max(...t.lines.map((l) => l.day)),
  }));
  const events = people.flatMap((t) =>
    t.lines.map((l) => ({ person: `Person ${t.id}`, day: round(l.day, 2), date: l.date ?? '', text: l.text, kind: l.kind ?? 'event' })),
  );
  const kinds = [...new Set(events.map((e) => e.kind))];
  const y = { field: 'person', type: 'nominal', title: null, sort: lanes.map((l) => l.person) };
  const x = { field: 'day', type: 'quantitative', title: 'Days since the start of measurement' };
  const title = 'Life stories: traced people, event by event';
  return {
    name: 'life-stories',
    title,
    spec: top(title, ['One lane per person; each point is one line of their story (hover for it).'], {
      height: Math.max(60, 28 * lanes.length),
      layer: [
        {
          name: 'lanes',
          data: { values: lanes },
          mark: { type: 'rule', color: '#bbbbbb', strokeWidth: 2 },
          encoding: { y, x: { field: 'first', type: 'quantitative', title: x.title, scale: { zero: false, padding: 12 } }, x2: { field: 'last' } },
        },
        {
          name: 'events',
          data: { values: events },
          mark: { type: 'point', filled: true, size: 70, opacity: 0.9, ...(kinds.length === 1 ? { color: OKABE_ITO[0] } : {}) },
          encoding: {
            y,
            x,
            ...(kinds.length > 1 && { color: { field: 'kind', type: 'nominal', title: 'Event', scale: { domain: kinds, range: [...OKABE_ITO] } } }),
            tooltip: [
              { field: 'person', type: 'nominal', title: 'Person' },
              { field: 'day', type: 'quantitative', title: 'Day' },
              ...(events.some((e) => e.date !== '') ? [{ field: 'date', type: 'nominal', title: 'Date' }] : []),
              { field: 'text', type: 'nominal', title: 'Event' },
            ],
          },
        },
      ],
    }),
  };
}

// --- The charts of a run -------------------------------------------------------------------------

/** The subgroup families the run report shows reconviction curves for. */
export const REPORT_FAMILIES: readonly SubgroupFamilyName[] = ['age', 'education', 'housing', 'level'];

export interface RunChartsOptions {
  families?: readonly SubgroupFamilyName[];
  traces?: readonly TracedPerson[];
}

/** Every chart of a run's report, in report order; charts without data are left out. */
export function runCharts(summary: Summary, results: readonly ReplicationResult[], options: RunChartsOptions = {}): Chart[] {
  const facilities = summary.scenario.resolved.facilities;
  const charts: Array<Chart | undefined> = [
    populationChart(results, facilities),
    occupancyChart(results, facilities),
    queueChart(results),
    flowsChart(results),
    ...(options.families ?? REPORT_FAMILIES).map((f) => reconvictionChart(results, f)),
    programmesChart(summary),
    options.traces === undefined ? undefined : storiesChart(options.traces),
  ];
  return charts.filter((c): c is Chart => c !== undefined);
}

// --- Comparisons -------------------------------------------------------------------------------
