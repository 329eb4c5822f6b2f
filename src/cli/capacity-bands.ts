/**
 * `corrsim capacity SCENARIO --target … --band low,middle,high`: the capacity search once per
 * admission projection of `population.projections` (each band's search is runCapacitySearch on
 * the band's scenario, with the same seed and replications), and the places needed under each
 * band side by side: capacity-bands.json, capacity-bands.csv, charts/capacity-bands.*, and each
 * band's own capacity.json, capacity.csv and charts in a subfolder named after it.
 */
import { startPhrase } from '../scenario/census.js';
import type { BatchPerformance } from '../batch/runBatch.js';
import { combinedPerformance, type RunProvenance } from '../batch/aggregate.js';
import type { BandIdentity } from '../batch/bands.js';
import { csvText, type CsvValue } from '../batch/csv.js';
import { corrsimVersion } from '../scenario/files.node.js';
import { OKABE_ITO, top, type Chart } from '../report/charts.js';
import type { SecurityLevel, YearlyRate } from '../scenario/types.js';
import type { CapacityTarget, SearchStatus } from '../analysis/capacity.js';
import { formatPercent, LEVEL_WORDS, type CapacityRecord } from './capacity.js';
import { table } from './format.js';

/** One band's search as recorded (its own capacity.json), with the band's table and scenario hash. */
export interface BandCapacity {
  band: string;
  table: YearlyRate[];
  sha256: string;
  record: CapacityRecord;
}

/** A band of capacity-bands.json: the places needed under it, and from when more are needed with today's. */
export interface BandPlaces extends BandIdentity {
  status: SearchStatus;
  /** The places needed (null when the search did not find them: fails-at-max or stopped). */
  places: number | null;
  change: number | null;
  /** 95% bootstrap interval of the places needed (null at an end it cannot say). */
  ci95: [number | null, number | null];
  /**
   * With today's places: the first year of the horizon (1-based) in which the targets fail with
   * the stated probability, i.e. from when more places are needed; null when they hold every year
   * or the year-by-year check was not possible (see the band's capacity.json).
   */
  firstYearFailing: number | null;
  /** The date that year starts. */
  firstYearFailingStarts: string | null;
  /** False when the year-by-year check could not be made (a target on a scalar metric, or today's places outside --min..--max). */
  yearByYearChecked: boolean;
  complete: boolean;
}

/**
 * capacity-bands.json. `scenario` is the scenario before a band's table is put in; `replications`
 * are per candidate, the same at every candidate of every band.
 */
export interface CapacityBandsRecord extends RunProvenance {
  level: SecurityLevel;
  targets: CapacityTarget[];
  probability: number;
  search: CapacityRecord['search'];
  /** The level's places in the scenario (the same in every band). */
  currentPlaces: number;
  bandsRequested: string[];
  /** The bands whose search ran at least one candidate, in order, each with its folder (capacity.json, capacity.csv, charts/) and its scenario's hash at today's places. */
  bands: BandPlaces[];
  complete: boolean;
  failures: Array<{ band: string; places: number; replication: number; seed: number; message: string }>;
  /** Summed over every band's candidates; wallSeconds is the whole run's. */
  performance: BatchPerformance;
}

export function buildCapacityBandsRecord(
  scenario: CapacityBandsRecord['scenario'],
  requested: readonly string[],
  searches: readonly BandCapacity[],
  wallSeconds: number,
  /** Bands that ran but whose search finished no candidate (not in `searches`). */
  empty: ReadonlyArray<{ band: string; failures: CapacityBandsRecord['failures'] }> = [],
  version?: string,
): CapacityBandsRecord {
  const first = searches[0].record;
  return {
    corrsim: version ?? corrsimVersion(),
    scenario,
    seed: first.seed,
    replications: first.replications,
    years: first.years,
    warmupYears: first.warmupYears,
    ...(first.census !== undefined ? { census: first.census } : {}),
    fixedEffects: first.fixedEffects,
    command: first.command,
    level: first.level,
    targets: first.targets,
    probability: first.probability,
    search: first.search,
    currentPlaces: first.currentPlaces,
    bandsRequested: [...requested],
    bands: searches.map(({ band, table, sha256, record }) => {
      const a = record.answer;
      const failing = record.yearByYear?.firstYearFailing ?? null;
      return {
        name: band,
        folder: band,
        newCasesByYear: table,
        sha256,
        status: a.status,
        places: a.places,
        change: a.change,
        ci95: a.uncertainty.resamples > 0 ? a.uncertainty.ci95 : [null, null],
        firstYearFailing: failing,
        firstYearFailingStarts: failing === null ? null : (record.yearByYear?.years[failing - 1]?.starts ?? null),
        yearByYearChecked: record.yearByYear !== null,
        complete: record.complete,
      };
    }),
    complete: searches.length === requested.length && searches.every((s) => s.record.complete),
    failures: [...searches.flatMap((s) => s.record.failures.map((f) => ({ band: s.band, ...f }))), ...empty.flatMap((e) => e.failures)],
    performance: combinedPerformance(searches.map((s) => s.record.performance), wallSeconds),
  };
}

export function capacityBandsJson(record: CapacityBandsRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/** capacity-bands.csv: one row per band. */
export function capacityBandsCsv(record: CapacityBandsRecord): string {
  const rows: CsvValue[][] = record.bands.map((b) => [
    b.name,
    b.status,
    b.places,
    b.change,
    b.ci95[0],
    b.ci95[1],
    record.currentPlaces,
    b.firstYearFailing,
    b.firstYearFailingStarts,
    b.sha256,
  ]);
  return csvText(['band', 'status', 'places', 'change', 'ci_low', 'ci_high', 'current_places', 'first_year_failing', 'first_year_failing_starts', 'sha256'], rows);
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
function neededFrom(b: BandPlaces): string {
  if (!b.yearByYearChecked) return 'not checked';
  if (b.firstYearFailing === null) return 'not within the horizon';
  return b.firstYearFailingStarts !== null ? `${b.firstYearFailingStarts} (year ${b.firstYearFailing})` : `year ${b.firstYearFailing}`;
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

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
