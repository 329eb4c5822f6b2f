/**
 * The report of a band run (`corrsim run SCENARIO --band low,middle,high`): the admission
 * projections side by side, as official projections present their alternatives, each with its
 * Monte Carlo interval. Charts by measured year: in each replication the year's average of a
 * monthly series, then across replications the median (line) and the middle 95% (shaded), one
 * colour per band; places (capacity) dashed. Tables of the same figures, and of the main metrics.
 */
import { yearlySummaries } from '../../experiments/aggregate.js';
import { newCasesInYear } from '../../model/arrival.js';
import type { ReplicationResult } from '../../model/result.js';
import { type Facility, type Scenario, type SecurityLevel } from '../../scenario/types.js';
import type { BandsSummary } from '../../studies/bands.js';
import type { Summary } from '../../studies/summary.js';
import { LEVEL_LABELS, levelCapacities, levelsShown } from '../data.js';
import type { ScenarioChanges } from '../pages/parts.js';
import { yearLabel } from '../tables/bands.js';
import { LINE_LEGEND, OKABE_ITO, top, type Chart } from './spec.js';

export interface BandsReportInput extends ScenarioChanges {
  summary: BandsSummary;
  /** Each band's own run, in the order of summary.bands. */
  bands: ReadonlyArray<{ summary: Summary; results: readonly ReplicationResult[] }>;
}

/** One point of a chart by year: a band's figure for one measured year. */
export interface YearPoint {
  band: string;
  /** Calendar time at the middle of the measured year, in years (2025.5 for 2025). */
  x: number;
  /** "2025", or "2025-07 to 2026-06" when measurement does not start on 1 January. */
  label: string;
  median: number;
  lo: number;
  hi: number;
  mean: number;
}

// --- Calendar time as a number of years ------------------------------------------------------------

/** A date YYYY-MM-DD as years: 2025-01-01 → 2025, 2025-07-02 → 2025.5. */
export function decimalYear(date: string): number {
  const year = Number(date.slice(0, 4));
  const start = Date.UTC(year, 0, 1);
  return year + (Date.parse(`${date}T00:00:00Z`) - start) / (Date.UTC(year + 1, 0, 1) - start);
}

/** Measured month `month` (0-based, fractional) as calendar years. */
function monthToDecimalYear(startDate: string, month: number): number {
  return decimalYear(startDate) + month / 12;
}

/** The places of a facility on a date: its capacity, or that of its last dated change on or before the date. */
function placesOn(facility: Pick<Facility, 'capacity' | 'capacityChanges'>, date: string): number {
  let places = facility.capacity;
  for (const change of facility.capacityChanges ?? []) if (change.date <= date) places = change.capacity;
  return places;
}

/**
 * The places of some facilities through the horizon, as steps: the start, every dated change inside
 * the horizon, and the end (drawn with step-after interpolation).
 */
export function placesSteps(facilities: readonly Facility[], startDate: string, months: number): Array<{ x: number; places: number; date: string }> {
  const end = monthToDecimalYear(startDate, months);
  const dates = [...new Set(facilities.flatMap((f) => (f.capacityChanges ?? []).map((c) => c.date)))]
    .filter((d) => d > startDate && decimalYear(d) < end)
    .sort();
  const at = (date: string) => facilities.reduce((sum, f) => sum + placesOn(f, date), 0);
  const steps = [startDate, ...dates].map((date) => ({ x: round4(decimalYear(date)), places: at(date), date }));
  return [...steps, { x: round4(end), places: steps[steps.length - 1].places, date: 'end of the horizon' }];
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

// --- Charts ------------------------------------------------------------------------------------------

function bandColours(names: readonly string[]) {
  return { field: 'band', type: 'nominal', title: 'Band', scale: { domain: [...names], range: OKABE_ITO.slice(0, Math.max(names.length, 1)) }, legend: LINE_LEGEND };
}

/** Invisible points that carry the tooltip (the band first, then `tooltip`) where a band's line is. */
function hoverLayer(x: object, yField: string, color: object, tooltip: object[]) {
  return {
    name: 'hover',
    mark: { type: 'point', filled: true, size: 80, opacity: 0 },
    encoding: { x, y: { field: yField, type: 'quantitative' }, color, tooltip: [{ field: 'band', type: 'nominal', title: 'Band' }, ...tooltip] },
  };
}

/** The points of a monthly series by measured year for every band. */
export function yearPoints(input: BandsReportInput, series: string): YearPoint[] {
  const startDate = input.summary.scenario.resolved.run.startDate;
  return input.bands.flatMap((b) =>
    yearlySummaries(b.results, series).flatMap((y): YearPoint[] => {
      const s = y.summary;
      if (s.mean === null || s.p50 === null || s.p2_5 === null || s.p97_5 === null) return [];
      const x = round4(monthToDecimalYear(startDate, (y.months[0] + y.months[1]) / 2));
      return [{ band: b.summary.band ?? b.summary.scenario.name, x, label: yearLabel(startDate, y.months), median: sig(s.p50), lo: sig(s.p2_5), hi: sig(s.p97_5), mean: sig(s.mean) }];
    }),
  );
}

function sig(x: number): number {
  return Number(x.toPrecision(6));
}

function monthsOf(input: BandsReportInput): number {
  let months = 0;
  for (const b of input.bands) for (const r of b.results) for (const values of Object.values(r.monthly) as number[][]) months = Math.max(months, values.length);
  return months;
}

function yearAxis(input: BandsReportInput) {
  const startDate = input.summary.scenario.resolved.run.startDate;
  const domain = [round4(decimalYear(startDate)), round4(monthToDecimalYear(startDate, monthsOf(input)))];
  return { field: 'x', type: 'quantitative', title: 'Year', scale: { domain, nice: false }, axis: { format: 'd', tickMinStep: 1 } };
}

interface ByYearOptions {
  name: string;
  title: string;
  /** What the series is, for the subtitle. */
  what: string;
  yTitle: string;
  series: string;
  /** Facilities whose places to draw (dashed), if any. */
  facilities?: readonly Facility[];
}

/** A monthly series by measured year under each band: median line, middle-95% area, places dashed. */
export function bandsByYearChart(input: BandsReportInput, options: ByYearOptions): Chart | undefined {
  const points = yearPoints(input, options.series);
  if (points.length === 0) return undefined;
  const names = input.bands.map((b) => b.summary.band ?? b.summary.scenario.name);
  const x = yearAxis(input);
  const color = bandColours(names);
  const format = ',.0f';
  const layers: object[] = [
    {
      name: 'band',
      data: { values: points },
      mark: { type: 'area', opacity: 0.15 },
      encoding: { x, y: { field: 'lo', type: 'quantitative', title: options.yTitle, axis: { format }, scale: { zero: false, padding: 12 } }, y2: { field: 'hi' }, color },
    },
    { name: 'median', data: { values: points }, mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 30 } }, encoding: { x, y: { field: 'median', type: 'quantitative' }, color } },
    {
      data: { values: points },
      ...hoverLayer(x, 'median', color, [
        { field: 'label', type: 'nominal', title: 'Year' },
        { field: 'median', type: 'quantitative', title: 'Median', format },
        { field: 'lo', type: 'quantitative', title: '2.5th percentile', format },
        { field: 'hi', type: 'quantitative', title: '97.5th percentile', format },
        { field: 'mean', type: 'quantitative', title: 'Mean', format },
      ]),
    },
  ];
  const startDate = input.summary.scenario.resolved.run.startDate;
  const places = options.facilities !== undefined && options.facilities.length > 0 ? placesSteps(options.facilities, startDate, monthsOf(input)) : [];
  if (places.some((p) => p.places > 0)) {
    layers.push({
      name: 'capacity',
      data: { values: places },
      mark: { type: 'line', interpolate: 'step-after', strokeDash: [6, 4], strokeWidth: 1.5, color: '#555555' },
      encoding: {
        x,
        y: { field: 'places', type: 'quantitative' },
        tooltip: [
          { field: 'date', type: 'nominal', title: 'From' },
          { field: 'places', type: 'quantitative', title: 'Places', format: ',.0f' },
        ],
      },
    });
    const last = places[places.length - 1];
    layers.push({
      name: 'capacityLabel',
      data: { values: [{ x: last.x, places: last.places, label: `${last.places.toLocaleString('en-US')} places` }] },
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, color: '#555555', fontSize: 11 },
      encoding: { x, y: { field: 'places', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  const n = Math.min(...input.bands.map((b) => b.results.length));
  const subtitle = [
    `${options.what}, the year's average in each replication.`,
    `Line: the median of ${n} replication${n === 1 ? '' : 's'} per band; shaded: the middle 95% of replications (2.5th to 97.5th percentile).`,
    ...(places.length > 0 ? ['Dashed: places. The model never holds more people than places: pressure shows in the queue and police cells.'] : []),
    'Every band ran the same seeds (common random numbers): they differ by their admissions alone.',
  ];
  return { name: options.name, title: options.title, spec: top(options.title, subtitle, { layer: layers }) };
}

/** The admission projections themselves: new cases per year under each band, over the horizon. */
export function bandsAdmissionsChart(input: BandsReportInput): Chart | undefined {
  if (input.bands.length === 0) return undefined;
  const startDate = input.summary.scenario.resolved.run.startDate;
  const end = monthToDecimalYear(startDate, monthsOf(input));
  const firstYear = Number(startDate.slice(0, 4));
  const rows = input.bands.flatMap((b) => {
    const band = b.summary.band ?? b.summary.scenario.name;
    const population = b.summary.scenario.resolved.population;
    const points: Array<{ band: string; x: number; year: number; perYear: number }> = [];
    for (let year = firstYear; year < end; year++) points.push({ band, x: round4(Math.max(year, decimalYear(startDate))), year, perYear: newCasesInYear(population, startDate, year) });
    if (points.length > 0) points.push({ ...points[points.length - 1], x: round4(end) });
    return points;
  });
  const names = input.bands.map((b) => b.summary.band ?? b.summary.scenario.name);
  const x = yearAxis(input);
  const color = bandColours(names);
  const title = 'Admission projections: new cases per year by band (input)';
  const subtitle = [
    'New cases a year (people entering the system for the first time) as each band of population.projections sets them,',
    'each value from 1 January of its year. Reconvicted people come back on top of these, from the model’s own releases.',
  ];
  return {
    name: 'bands-admissions',
    title,
    spec: top(title, subtitle, {
      data: { values: rows },
      layer: [
        { name: 'steps', mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 }, encoding: { x, y: { field: 'perYear', type: 'quantitative', title: 'New cases per year', axis: { format: ',.0f' }, scale: { zero: false, padding: 12 } }, color } },
        hoverLayer(x, 'perYear', color, [
          { field: 'year', type: 'ordinal', title: 'Year' },
          { field: 'perYear', type: 'quantitative', title: 'New cases per year', format: ',.0f' },
        ]),
      ],
    }),
  };
}

/** The levels a band report draws: those with places, or anyone held, in any band. */
function levelsOf(input: BandsReportInput): SecurityLevel[] {
  const capacity = levelCapacities(scenarioOf(input).facilities);
  return levelsShown(input.bands.flatMap((b) => b.results), capacity);
}

function scenarioOf(input: BandsReportInput): Scenario {
  return input.summary.scenario.resolved;
}

/** Every chart of the band report, in report order. */
export function bandsCharts(input: BandsReportInput): Chart[] {
  const facilities = scenarioOf(input).facilities;
  const charts: Array<Chart | undefined> = [
    bandsAdmissionsChart(input),
    bandsByYearChart(input, {
      name: 'bands-population-total',
      title: 'Prison population by year under each band (people)',
      what: 'Average number holding a prison place (remand, high, low, halfway house)',
      yTitle: 'People held (yearly average)',
      series: 'population_total',
      facilities,
    }),
    ...levelsOf(input).map((level) =>
      bandsByYearChart(input, {
        name: `bands-population-${level}`,
        title: `${LEVEL_LABELS[level]}: people held by year under each band`,
        what: `Average number held in ${LEVEL_LABELS[level].toLowerCase()}`,
        yTitle: 'People held (yearly average)',
        series: `population_${level}`,
        facilities: facilities.filter((f) => f.level === level),
      }),
    ),
    bandsByYearChart(input, {
      name: 'bands-sentence-queue',
      title: 'Sentence queue by year under each band (people waiting to serve)',
      what: 'Average number convicted at liberty and waiting to be called in to serve',
      yTitle: 'People waiting (yearly average)',
      series: 'sentence_queue',
    }),
  ];
  return charts.filter((c): c is Chart => c !== undefined);
}

// --- The page ----------------------------------------------------------------------------------------
