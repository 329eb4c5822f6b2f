/**
 * The charts of a report as vega-lite specs: plain JSON objects, pure functions of the results, so
 * that they can be rendered in Node (../render.ts), embedded in a page (../page.ts) and saved beside
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
import type { SecurityLevel } from '../../scenario/types.js';
import { LEVEL_LABELS } from '../data.js';

export type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;

export type Layer = LayeredSpec['layer'][number];

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

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const YEARS_AXIS_TITLE = 'Years since the start of measurement (after warm-up)';

export function replicationsPhrase(n: number): string {
  return `${n} replication${n === 1 ? '' : 's'}`;
}

export function bandSubtitle(n: number): string {
  return `Line: mean of ${replicationsPhrase(n)}; band: middle 95% of replications (2.5th to 97.5th percentile).`;
}

export interface ColourScale {
  domain: string[];
  range: string[];
  title: string;
}

/**
 * Band, mean line and hover points of monthly rows (SeriesRow), coloured by `series` when a
 * colour scale is given.
 */
export function timeBandLayers(yTitle: string, format: string, colour: ColourScale | undefined, seriesTitle: string): Layer[] {
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

export function levelScale(levels: readonly SecurityLevel[]): ColourScale {
  return { domain: levels.map((l) => LEVEL_LABELS[l]), range: levels.map((l) => LEVEL_COLOURS[l]), title: 'Level' };
}

// --- A single run ------------------------------------------------------------------------------

export interface MetricLabel {
  /** Short label for the axis. */
  label: string;
  unit: string;
}

export function labelWithUnit(metric: string, labels: Readonly<Record<string, MetricLabel>> | undefined): string {
  const l = labels?.[metric];
  if (l === undefined) return metric;
  return l.unit === '' ? l.label : `${l.label} (${l.unit})`;
}
