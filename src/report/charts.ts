/**
 * The charts of a report as vega-lite specs: plain JSON objects, pure functions of the results, so
 * that they can be rendered in Node (render.ts), embedded in report.html (html.ts) and saved beside
 * the pictures for users to restyle.
 *
 * Conventions shared by every chart: a title with the unit and a subtitle with the definition;
 * the mean across replications as a line and the middle 95% of replications as a band (or
 * whiskers); tooltips on every point; the Okabe–Ito palette, which stays distinguishable with
 * the common forms of colour blindness; 640 pixels wide. Months are shown as years since the start
 * of measurement (after warm-up).
 *
 * Layers are named (`band`, `mean`, `hover`, …) so that tests can count the marks each one draws.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import type { PairedDifference } from '../stats/paired.js';
import type { MetricSummary } from '../stats/intervals.js';
import type { Summary } from '../batch/aggregate.js';
import type { ReplicationResult } from '../model/result.js';
import { PROGRAMS, type SecurityLevel } from '../scenario/types.js';
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
} from './data.js';

type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
type Layer = LayeredSpec['layer'][number];

export interface Chart {
  /** File stem in charts/ and id in report.html: lower-case letters, digits and dashes. */
  name: string;
  /** The chart's title, also its heading in the report. */
  title: string;
  spec: TopLevelSpec;
}

export const SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v6.json';
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 300;

/** Okabe & Ito (2008), "Color universal design": distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'] as const;

/** One colour per level, the same in every chart. */
export const LEVEL_COLOURS: Record<SecurityLevel, string> = {
  remand: OKABE_ITO[4],
  high: OKABE_ITO[0],
  low: OKABE_ITO[2],
  halfway: OKABE_ITO[1],
};

/**
 * The occupancy the Norwegian Correctional Service plans for: above about 90% of places the
 * system has no room to place people where they belong, and queues grow.
 */
export const PLANNING_OCCUPANCY_TARGET = 0.9;

/** Fonts in order of preference; the PNG renderer takes the first one installed. */
export const CHART_FONT = 'Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif';

export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 10,
  range: { category: [...OKABE_ITO] },
  title: { anchor: 'start', fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444444', offset: 14, subtitlePadding: 6 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#222222', gridColor: '#e6e6e6' },
  legend: { orient: 'bottom', direction: 'horizontal', columns: 4, labelFontSize: 11, titleFontSize: 12, labelLimit: 260, symbolOpacity: 1 },
  view: { stroke: null },
};

/** Legend of line charts: a short thick stroke per line (the bands' pale fill would read as another series). */
export const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 300 };

const YEARS_AXIS_TITLE = 'Years since the start of measurement (after warm-up)';

export function top(title: string, subtitle: string[], rest: object): TopLevelSpec {
  return {
    $schema: SCHEMA_URL,
    title: { text: title, subtitle },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    ...rest,
  } as TopLevelSpec;
}

function replicationsPhrase(n: number): string {
  return `${n} replication${n === 1 ? '' : 's'}`;
}

function bandSubtitle(n: number): string {
  return `Line: mean of ${replicationsPhrase(n)}; band: middle 95% of replications (2.5th to 97.5th percentile).`;
}

interface ColourScale {
  domain: string[];
  range: string[];
  title: string;
}

/**
 * Band, mean line and hover points of monthly rows (SeriesRow), coloured by `series` when a
 * colour scale is given.
 */
function timeBandLayers(yTitle: string, format: string, colour: ColourScale | undefined, seriesTitle: string): Layer[] {
  const x = { field: 'years', type: 'quantitative', title: YEARS_AXIS_TITLE, axis: { tickMinStep: 0.25 } };
  const color = colour && { field: 'series', type: 'nominal', title: colour.title, scale: { domain: colour.domain, range: colour.range }, legend: LINE_LEGEND };
  const single = colour === undefined ? { color: OKABE_ITO[0] } : {};
  return [
    {
      name: 'band',
      mark: { type: 'area', opacity: 0.18, ...single },
      encoding: {
        x,
        y: { field: 'lo', type: 'quantitative', title: yTitle, axis: { format } },
        y2: { field: 'hi' },
        ...(color && { color }),
      },
    },
    {
      name: 'mean',
      mark: { type: 'line', strokeWidth: 2, ...single },
      encoding: { x, y: { field: 'mean', type: 'quantitative' }, ...(color && { color }) },
    },
    {
      name: 'hover',
      mark: { type: 'point', filled: true, size: 50, opacity: 0, ...single },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' },
        ...(color && { color }),
        tooltip: [
          { field: 'series', type: 'nominal', title: seriesTitle },
          { field: 'month', type: 'quantitative', title: 'Measured month' },
          { field: 'mean', type: 'quantitative', title: 'Mean', format },
          { field: 'lo', type: 'quantitative', title: '2.5th percentile', format },
          { field: 'hi', type: 'quantitative', title: '97.5th percentile', format },
        ],
      },
    },
  ] as Layer[];
}

function levelScale(levels: readonly SecurityLevel[]): ColourScale {
  return { domain: levels.map((l) => LEVEL_LABELS[l]), range: levels.map((l) => LEVEL_COLOURS[l]), title: 'Level' };
}

// --- A single run ------------------------------------------------------------------------------

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

export interface TraceLine {
  /** Day counted from the start of measurement (the scenario's start date). */
  day: number;
  /** Calendar date, when the scenario has a start date. */
  date?: string;
  text: string;
  /** What kind of event (remanded, sentenced, released, …); colours the swimlane when given. */
  kind?: string;
}

export interface TracedPerson {
  id: string | number;
  lines: TraceLine[];
}

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

export interface PolicyDifferences {
  /** The policy scenario's name. */
  policy: string;
  differences: readonly PairedDifference[];
}

export interface MetricLabel {
  /** Short label for the axis. */
  label: string;
  unit: string;
}

/** Metrics a forest plot shows by default: the headline figures of a policy debate. */
export const FOREST_METRICS: readonly string[] = [
  'population_total',
  'occupancy_high',
  'occupancy_low',
  'sentence_queue',
  'queue_wait_days_mean',
  'police_cell_overflow_days_per_year',
  'mean_time_served_days',
  'education_completion_rate',
  'housed_at_release_rate',
  'employed_at_release_rate',
  'incidents_per_100_inmate_years',
  'reconviction_2y',
  'reconviction_any_2y',
  'reconviction_5y',
  'cost_per_year_nok',
];

export interface ForestOptions {
  /** Metrics to show, in order (default FOREST_METRICS that the differences hold). */
  metrics?: readonly string[];
  /** Labels and units per metric (default: the metric's name). */
  labels?: Readonly<Record<string, MetricLabel>>;
}

export interface ForestRow {
  policy: string;
  metric: string;
  label: string;
  unit: string;
  relative: number;
  relativeLo: number;
  relativeHi: number;
  baseline: number;
  policyMean: number;
  difference: number;
  differenceLo: number;
  differenceHi: number;
  verdict: string;
}

/** The rows of a forest plot: each difference relative to the baseline mean, with its interval. */
export function forestRows(policies: readonly PolicyDifferences[], options: ForestOptions = {}): ForestRow[] {
  const available = new Set(policies.flatMap((p) => p.differences.map((d) => d.metric)));
  const metrics = options.metrics ?? FOREST_METRICS.filter((m) => available.has(m));
  const rows: ForestRow[] = [];
  for (const metric of metrics) {
    for (const p of policies) {
      const d = p.differences.find((x) => x.metric === metric);
      if (d === undefined || d.baseline === null || d.baseline === 0 || d.policy === null) continue;
      const s = d.difference;
      if (s.mean === null || s.ci95 === null) continue;
      const base = d.baseline;
      const [a, b] = [s.ci95[0] / base, s.ci95[1] / base];
      const label = options.labels?.[metric];
      rows.push({
        policy: p.policy,
        metric,
        label: label?.label ?? metric,
        unit: label?.unit ?? '',
        relative: s.mean / base,
        relativeLo: Math.min(a, b),
        relativeHi: Math.max(a, b),
        baseline: base,
        policyMean: d.policy,
        difference: s.mean,
        differenceLo: s.ci95[0],
        differenceHi: s.ci95[1],
        verdict: verdict(d),
      });
    }
  }
  return rows;
}

/** In plain words, whether the interval rules out no difference, and which way is better. */
export function verdict(d: PairedDifference): string {
  const ci = d.difference.ci95;
  if (ci === null || d.difference.n < 2) return 'too few replications to tell';
  if (ci[0] <= 0 && ci[1] >= 0) return 'no clear difference';
  const up = ci[0] > 0;
  if (d.betterWhen === null) return up ? 'higher' : 'lower';
  const better = (d.betterWhen === 'higher') === up;
  return `${up ? 'higher' : 'lower'} (${better ? 'better' : 'worse'})`;
}

/** Paired differences policy − baseline per metric, relative to the baseline, with 95% intervals. */
export function forestChart(policies: readonly PolicyDifferences[], options: ForestOptions = {}): Chart | undefined {
  const rows = forestRows(policies, options);
  if (rows.length === 0) return undefined;
  const names = policies.map((p) => p.policy);
  const labels = [...new Set(rows.map((r) => r.label))];
  const y = { field: 'label', type: 'nominal', title: null, sort: labels, axis: { labelLimit: 260 } };
  const yOffset = names.length > 1 ? { yOffset: { field: 'policy', type: 'nominal', sort: names } } : {};
  const color = { field: 'policy', type: 'nominal', title: 'Policy', scale: { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)) } };
  const title = 'Policy effects: difference from the baseline (% of the baseline mean)';
  return {
    name: 'forest',
    title,
    spec: top(
      title,
      [
        'Policy − baseline for each metric, taken replication by replication with the same random numbers (paired),',
        'divided by the baseline mean so that metrics of different units share one axis. Whiskers: 95% confidence interval.',
      ],
      {
        height: Math.max(120, labels.length * Math.max(22, 14 * names.length)),
        layer: [
          {
            name: 'zero',
            data: { values: [{ zero: 0 }] },
            mark: { type: 'rule', color: '#777777', strokeDash: [3, 3] },
            encoding: { x: { field: 'zero', type: 'quantitative' } },
          },
          {
            data: { values: rows },
            encoding: { y, ...yOffset },
            layer: [
              {
                name: 'intervals',
                mark: { type: 'rule', strokeWidth: 2 },
                encoding: {
                  x: { field: 'relativeLo', type: 'quantitative', title: 'Difference from the baseline (% of the baseline mean)', axis: { format: '+.0%' } },
                  x2: { field: 'relativeHi' },
                  color,
                },
              },
              {
                name: 'estimates',
                mark: { type: 'point', filled: true, size: 70, opacity: 1 },
                encoding: {
                  x: { field: 'relative', type: 'quantitative' },
                  color,
                  tooltip: [
                    { field: 'policy', type: 'nominal', title: 'Policy' },
                    { field: 'label', type: 'nominal', title: 'Metric' },
                    { field: 'unit', type: 'nominal', title: 'Unit' },
                    { field: 'baseline', type: 'quantitative', title: 'Baseline mean', format: ',.4~g' },
                    { field: 'policyMean', type: 'quantitative', title: 'Policy mean', format: ',.4~g' },
                    { field: 'difference', type: 'quantitative', title: 'Difference', format: '+,.3~g' },
                    { field: 'differenceLo', type: 'quantitative', title: '95% CI, low', format: '+,.3~g' },
                    { field: 'differenceHi', type: 'quantitative', title: '95% CI, high', format: '+,.3~g' },
                    { field: 'relative', type: 'quantitative', title: 'Relative difference', format: '+.1%' },
                    { field: 'verdict', type: 'nominal', title: 'Verdict' },
                  ],
                },
              },
            ],
          },
        ],
      },
    ),
  };
}

/** A monthly series of several scenarios on one chart (mean and band per scenario). */
export function scenarioSeriesChart(
  scenarios: ReadonlyArray<{ name: string; results: readonly ReplicationResult[] }>,
  series: string,
  options: { title: string; subtitle: string; yTitle: string; format?: string; chartName?: string },
): Chart {
  const names = scenarios.map((s) => s.name);
  const rows = scenarios.flatMap((s) => seriesBand(s.results, series, s.name));
  const n = Math.min(...scenarios.map((s) => s.results.length));
  const scale = { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)), title: 'Scenario' };
  return {
    name: options.chartName ?? `compare-${series.replace(/_/g, '-')}`,
    title: options.title,
    spec: top(options.title, [options.subtitle, bandSubtitle(n)], {
      data: { values: rows },
      layer: timeBandLayers(options.yTitle, options.format ?? ',.0f', scale, 'Scenario'),
    }),
  };
}

/**
 * Policy − baseline of a monthly series, replication by replication (paired: same seeds), one line
 * per policy with the middle 95% of the replications' differences as a band, and a zero line.
 */
export function pairedSeriesChart(
  baseline: readonly ReplicationResult[],
  policies: ReadonlyArray<{ name: string; results: readonly ReplicationResult[] }>,
  series: string,
  options: { title: string; subtitle: string; yTitle: string; format?: string; chartName?: string },
): Chart {
  const names = policies.map((p) => p.name);
  const byReplication = new Map(baseline.map((r) => [r.replication, r]));
  const monthly = (r: ReplicationResult) => (r.monthly as Record<string, number[] | undefined>)[series];
  const rows = policies.flatMap((p) =>
    monthlyBand(p.results, p.name, (r, i) => {
      const base = byReplication.get(r.replication);
      const a = base === undefined ? undefined : monthly(base)?.[i];
      const b = monthly(r)?.[i];
      return a === undefined || b === undefined ? undefined : b - a;
    }),
  );
  const n = Math.min(...policies.map((p) => p.results.filter((r) => byReplication.has(r.replication)).length));
  const scale = { domain: names, range: OKABE_ITO.slice(0, Math.max(names.length, 1)), title: 'Policy' };
  return {
    name: options.chartName ?? `difference-${series.replace(/_/g, '-')}`,
    title: options.title,
    spec: top(options.title, [options.subtitle, `Line: mean difference over ${replicationsPhrase(n)} (paired by seed); band: middle 95% of the replications’ differences.`], {
      layer: [
        {
          name: 'zero',
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', color: '#777777', strokeDash: [3, 3] },
          encoding: { y: { field: 'zero', type: 'quantitative' } },
        },
        { data: { values: rows }, layer: timeBandLayers(options.yTitle, options.format ?? '+,.1~f', scale, 'Policy') },
      ],
    }),
  };
}

// --- Sweeps --------------------------------------------------------------------------------------

export interface SweepRow {
  parameterValue: number;
  metric: string;
  mean: number;
  lo: number;
  hi: number;
  /** The value of a second swept parameter, as a label: one line per value. */
  series?: string;
}

export interface SweepOptions {
  /** The swept parameter's path (e.g. `programs.education.slots`). */
  parameter: string;
  /** Label of the second parameter when rows have `series`. */
  seriesTitle?: string;
  /** What lo–hi is, for the subtitle (default: the 95% confidence interval of the mean). */
  bandMeaning?: string;
  labels?: Readonly<Record<string, MetricLabel>>;
}

/**
 * Sweep rows from grid points (a sweep's `points`: the parameter values and the metric summaries
 * at each): the first parameter on the x axis, the second (if any) as one line per value, and the
 * 95% confidence interval of the mean as the band. Points where a metric has no mean are left out.
 */
export function sweepRowsFromPoints(
  points: ReadonlyArray<{ values: Readonly<Record<string, number>>; metrics: Readonly<Record<string, MetricSummary>> }>,
  parameters: readonly string[],
  metrics: readonly string[],
): SweepRow[] {
  const [x, second] = parameters;
  const rows: SweepRow[] = [];
  for (const point of points) {
    for (const metric of metrics) {
      const s = point.metrics[metric];
      if (s === undefined || s.mean === null) continue;
      const [lo, hi] = s.ci95 ?? [s.mean, s.mean];
      rows.push({
        parameterValue: point.values[x],
        metric,
        mean: s.mean,
        lo,
        hi,
        ...(second === undefined ? {} : { series: String(point.values[second]) }),
      });
    }
  }
  return rows;
}

/** Each metric against the swept parameter: mean line, points and band; one panel per metric. */
export function sweepChart(rows: readonly SweepRow[], options: SweepOptions): Chart | undefined {
  if (rows.length === 0) return undefined;
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const data = rows.map((r) => ({ ...r, label: labelWithUnit(r.metric, options.labels), series: r.series ?? '' }));
  const labels = metrics.map((m) => labelWithUnit(m, options.labels));
  const seriesValues = [...new Set(data.map((r) => r.series))];
  const coloured = seriesValues.length > 1 || seriesValues[0] !== '';
  const color = coloured
    ? { color: { field: 'series', type: 'nominal', title: options.seriesTitle ?? 'Series', scale: { domain: seriesValues, range: [...OKABE_ITO] } } }
    : {};
  const single = coloured ? {} : { color: OKABE_ITO[0] };
  const x = { field: 'parameterValue', type: 'quantitative', title: options.parameter };
  // With a panel per metric, each panel's header names it.
  const yTitle = metrics.length === 1 ? labels[0] : null;
  const layers = [
    { name: 'band', mark: { type: 'area', opacity: 0.18, ...single }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, ...color } },
    { name: 'mean', mark: { type: 'line', strokeWidth: 2, ...single }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, ...color } },
    {
      name: 'points',
      mark: { type: 'point', filled: true, size: 40, ...single },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' },
        ...color,
        tooltip: [
          { field: 'label', type: 'nominal', title: 'Metric' },
          { field: 'parameterValue', type: 'quantitative', title: options.parameter },
          ...(coloured ? [{ field: 'series', type: 'nominal', title: options.seriesTitle ?? 'Series' }] : []),
          { field: 'mean', type: 'quantitative', title: 'Mean', format: ',.4~g' },
          { field: 'lo', type: 'quantitative', title: 'Low', format: ',.4~g' },
          { field: 'hi', type: 'quantitative', title: 'High', format: ',.4~g' },
        ],
      },
    },
  ];
  const title = `Sensitivity to ${options.parameter}`;
  const subtitle = [`Line and points: mean; band: ${options.bandMeaning ?? 'the 95% confidence interval of the mean'}.`];
  const spec =
    metrics.length === 1
      ? top(title, subtitle, { data: { values: data }, layer: layers })
      : ({
          $schema: SCHEMA_URL,
          title: { text: title, subtitle },
          config: CHART_CONFIG,
          data: { values: data },
          facet: { row: { field: 'label', type: 'nominal', title: null, sort: labels, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12 } } },
          spec: { width: CHART_WIDTH, height: 180, layer: layers },
          resolve: { scale: { y: 'independent' } },
        } as TopLevelSpec);
  return { name: 'sweep', title, spec };
}

function labelWithUnit(metric: string, labels: Readonly<Record<string, MetricLabel>> | undefined): string {
  const l = labels?.[metric];
  if (l === undefined) return metric;
  return l.unit === '' ? l.label : `${l.label} (${l.unit})`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
