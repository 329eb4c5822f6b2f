/**
 * The backtest study (`corrsim backtest [SCENARIO] --data FILE`): runs a historical scenario and
 * compares what it simulates with what was observed. For each observation of an outcome series
 * the model can produce (ADP, remand, the sentence queue, occupancy, EM), the mean across
 * replications and the central 80% and 95% of replications; per series the MAPE, the bias and the
 * coverage of those intervals; and the same errors for a naive forecast (the last value observed
 * at an origin, carried forward) from rolling origins 1, 2 and 3 years ahead.
 *
 * The model runs once, from the scenario's start (run.startDate, after its warm-up or from its
 * census): at every origin its forecast is that run's, not a run restarted from a census at the
 * origin (the census machinery restores people, but a census of the real system at each origin
 * does not exist; one taken from the same run would be the same run). So the model's errors at
 * "1, 2, 3 years ahead" are its errors on the observations that fall 1, 2, 3 years after each
 * origin, made with the inputs of the whole history known: a conditional forecast, which the
 * naive forecast is not. docs/backtest.md says how to read that.
 *
 * Only outcome rows are compared, and no row of the data reaches the model: the scenario is
 * written from the input rows beforehand (scenarios/history/).
 */
import type { BatchResult, BatchRunner } from '../../experiments/batch.js';
import { rangePlan } from '../../experiments/plan.js';
import type { ReplicationResult } from '../../model/result.js';
import type { Scenario } from '../../scenario/types.js';
import { forecastScores, predictionBand, type ForecastScores, type PredictionBand } from '../../stats/forecast.js';
import type { RunProvenance, ScenarioIdentity } from '../provenance.js';
import { replicationSettings, runProvenance, StudyProgress, type SimulationRequest, type StudyHooks } from '../study.js';
import type { HistoryData, Observation, Period } from './data.js';

/** Days per measured month, as the model's monthly series count them. */
const DAYS_PER_MONTH = 365.25 / 12;
const DAYS_PER_YEAR = 365.25;
const MS_PER_DAY = 86_400_000;
/** Horizons of the rolling-origin comparison, years. */
export const HORIZONS = [1, 2, 3] as const;

/** What the model's monthly series give for an observed series. */
type ModelQuantity = 'population_total' | 'population_remand' | 'population_em' | 'sentence_queue' | 'occupancy_percent';

interface Comparable {
  /** The family its scores are pooled in (series that measure the same thing by different periods). */
  family: string;
  quantity: ModelQuantity;
}

/**
 * The outcome series the model can be compared with, and what of the model each is compared
 * with. Left out on purpose: totals and stocks that include fine-default (adp_total, stock_total,
 * stock_1jan_total: corrsim does not model fine default), adp_sentence (excludes preventive
 * detention, which the monthly series do not separate), flows and waits.
 */
export const COMPARED: Readonly<Record<string, Comparable>> = {
  adp_excl_fines: { family: 'adp_excl_fines', quantity: 'population_total' },
  adp_remand: { family: 'adp_remand', quantity: 'population_remand' },
  stock_remand: { family: 'remand_stock', quantity: 'population_remand' },
  stock_1jan_remand: { family: 'remand_stock', quantity: 'population_remand' },
  sentence_queue: { family: 'sentence_queue', quantity: 'sentence_queue' },
  occupancy_day: { family: 'occupancy', quantity: 'occupancy_percent' },
  occupancy_month_avg: { family: 'occupancy', quantity: 'occupancy_percent' },
  occupancy_ytd_avg: { family: 'occupancy', quantity: 'occupancy_percent' },
  occupancy_year_avg: { family: 'occupancy', quantity: 'occupancy_percent' },
  em_active: { family: 'em_active', quantity: 'population_em' },
};

/** Each family's words for tables and charts. */
export const FAMILY_INFO: Readonly<Record<string, { title: string; unit: string; model: string }>> = {
  adp_excl_fines: { title: 'Prison population (ADP, excl. fine default)', unit: 'persons', model: 'population_total: remand + high + low + halfway house' },
  adp_remand: { title: 'Remand population (ADP)', unit: 'persons', model: 'population_remand' },
  remand_stock: { title: 'Remand population on a day', unit: 'persons', model: 'population_remand (the month holding the day)' },
  sentence_queue: { title: 'Sentence queue', unit: 'sentences', model: 'the sentence queue series (see queueSeries)' },
  occupancy: { title: 'Occupancy of all prison places', unit: 'percent', model: '100 × population_total ÷ the places in force (every level, incl. remand and date-window temporary places)' },
  em_active: { title: 'Serving on electronic monitoring', unit: 'persons', model: 'population_em' },
};

/** The model series preferred for the queue: KDI's definition where the model has it, else everyone waiting. */
const QUEUE_SERIES = ['sentence_queue_kdi', 'sentence_queue'] as const;

export interface BacktestRequest extends SimulationRequest {
  scenario: ScenarioIdentity;
  replications: number;
  data: HistoryData;
}

/** One observation with the model's mean and intervals for it. */
export interface BacktestPoint extends PredictionBand {
  series: string;
  date: string;
  period: Period;
  observed: number;
  /** Years from the model's start (run.startDate) to the observation, rounded up. */
  horizonYears: number;
  confidence: string;
  /** The row of the data file. */
  row: number;
}

/** One observation seen from a rolling origin: the model's band (the same run) and the naive forecast. */
export interface RollingPoint {
  series: string;
  date: string;
  observed: number;
  /** 1 January of the origin year. */
  origin: string;
  horizonYears: number;
  model: PredictionBand;
  /** The last value of the family observed on or before the origin. */
  naive: number;
  /** The date of that value. */
  naiveDate: string;
}

export interface HorizonScores {
  horizonYears: number;
  /** Origins with at least one observation at this horizon. */
  origins: number;
  model: ForecastScores;
  naive: ForecastScores;
}

/** One month of the model's band, for the charts: the mean and the central 80% and 95% of replications. */
export interface MonthBand {
  /** The month's first day. */
  date: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface BacktestFamily {
  family: string;
  title: string;
  unit: string;
  /** The observed series pooled here. */
  observedSeries: string[];
  /** What of the model it is compared with. */
  model: string;
  points: BacktestPoint[];
  /** Every point, from the model's start. */
  scores: ForecastScores;
  byHorizon: HorizonScores[];
  rolling: RollingPoint[];
  monthly: MonthBand[];
}

/** backtest.json. */
export interface BacktestRecord extends RunProvenance {
  data: {
    source: string;
    sha256: string;
    rows: number;
    inputRows: number;
    outcomeRows: number;
    /** Outcome rows compared with the model. */
    compared: number;
    /** Outcome rows of compared series outside the simulated window. */
    outsideWindow: number;
    /** Outcome rows not compared because an input of the data was computed from them (DERIVED_INPUTS). */
    derivedFrom: number;
    /** Outcome series the model is not compared with (other definitions; see COMPARED). */
    notCompared: string[];
  };
  /** The simulated window: run.startDate to the end of the measured years. */
  window: { start: string; end: string };
  /** The model series the queue is compared with. */
  queueSeries: string;
  method: { model: string; naive: string; intervals: string };
  families: BacktestFamily[];
  /** Replications that finished. */
  finished: number;
  complete: boolean;
}

export interface BacktestOutcome {
  batch: BatchResult;
  record?: BacktestRecord;
}

// --- dates and months ------------------------------------------------------------------------

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

function dateOfDayNumber(day: number): string {
  return new Date(Math.round(day) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The months (indices from the start) an observation averages over, by its period. */
export function observationMonths(o: Pick<Observation, 'date' | 'period'>, startDate: string): number[] {
  const start = dayNumber(startDate);
  const day = dayNumber(o.date);
  const monthOf = (d: number) => Math.floor((d - start) / DAYS_PER_MONTH);
  const midDay = (k: number) => start + (k + 0.5) * DAYS_PER_MONTH;
  if (o.period === 'day' || o.period === 'month') return [monthOf(day)];
  const year = Number(o.date.slice(0, 4));
  const from = dayNumber(`${year}-01-01`);
  const to = o.period === 'year' ? dayNumber(`${year + 1}-01-01`) : day;
  const months: number[] = [];
  for (let k = monthOf(from) - 1; k <= monthOf(to) + 1; k++) if (midDay(k) >= from && midDay(k) < to) months.push(k);
  return months.length > 0 ? months : [monthOf(day)];
}

/** Years from `from` to `to` (ISO dates), rounded up, at least 1. */
export function horizonYears(from: string, to: string): number {
  return Math.max(1, Math.ceil((dayNumber(to) - dayNumber(from)) / DAYS_PER_YEAR - 1e-9));
}

/** The end of the simulated window: `years` after the start. */
export function windowEnd(startDate: string, years: number): string {
  if (Number.isInteger(years)) return `${String(Number(startDate.slice(0, 4)) + years).padStart(4, '0')}${startDate.slice(4)}`;
  return dateOfDayNumber(Math.floor(dayNumber(startDate) + years * DAYS_PER_YEAR));
}

/**
 * Places of every level in force on a day: each facility's last capacity change on or before it,
 * else its capacity; plus the places of every `tempPlaces` valve whose date window holds the day
 * (they count as places in the model too, docs/model.md 5.2). A valve switched by a rule is not
 * counted: when it is on is known only inside a run.
 */
export function placesOn(scenario: Scenario, date: string): number {
  const day = dayNumber(date);
  let places = 0;
  for (const f of scenario.facilities) {
    let capacity = f.capacity;
    let latest = -Infinity;
    for (const change of f.capacityChanges ?? []) {
      const d = dayNumber(change.date);
      if (d <= day && d >= latest) {
        latest = d;
        capacity = change.capacity;
      }
    }
    places += capacity;
  }
  for (const v of scenario.valves ?? []) {
    if (v.type !== 'tempPlaces' || v.trigger.from === undefined) continue;
    if (dayNumber(v.trigger.from) <= day && (v.trigger.until === undefined || day < dayNumber(v.trigger.until))) places += v.places;
  }
  return places;
}

// --- what is compared ------------------------------------------------------------------------

/**
 * Inputs computed from outcomes (data/README.md): `places_total_derived` is KDI's inmates ÷ its
 * occupancy on the same day, so the occupancy of that day is not compared (a scenario driven by
 * those places would be judged on the figure they came from); `places_total_derived_ytd` likewise
 * from a year-to-date occupancy.
 */
export const DERIVED_INPUTS: Readonly<Record<string, readonly string[]>> = {
  places_total_derived: ['occupancy_day'],
  places_total_derived_ytd: ['occupancy_ytd_avg'],
};

/**
 * The outcome rows of compared series, split into those inside the window of `months` measured
 * months, those outside, and those left out because an input was derived from them.
 */
export function comparedObservations(data: HistoryData, startDate: string, months: number): { inside: Observation[]; outside: Observation[]; derived: Observation[] } {
  const inside: Observation[] = [];
  const outside: Observation[] = [];
  const derived: Observation[] = [];
  const derivedFrom = new Set<string>();
  for (const o of data.observations) {
    if (o.role === 'input') for (const series of DERIVED_INPUTS[o.series] ?? []) derivedFrom.add(`${series} ${o.date}`);
  }
  for (const o of data.observations) {
    if (o.role !== 'outcome' || COMPARED[o.series] === undefined) continue;
    if (derivedFrom.has(`${o.series} ${o.date}`)) {
      derived.push(o);
      continue;
    }
    const ks = observationMonths(o, startDate);
    (ks.every((k) => k >= 0 && k < months) ? inside : outside).push(o);
  }
  return { inside, outside, derived };
}

/**
 * What rules out a backtest before it runs, one line each: no outcome row of a compared series
 * inside the simulated window.
 */
export function backtestProblems(data: HistoryData, startDate: string, years: number): string[] {
  const months = Math.round(years * 12);
  const { inside } = comparedObservations(data, startDate, months);
  if (inside.length > 0) return [];
  return [
    `${data.source}: no observation of a compared outcome series (${Object.keys(COMPARED).join(', ')}) falls inside the simulated window ` +
      `${startDate} to ${windowEnd(startDate, years)} (run.startDate and --years)`,
  ];
}

// --- the study -------------------------------------------------------------------------------

/** The model's monthly values of a quantity in one replication. */
function monthlyValues(r: ReplicationResult, quantity: ModelQuantity, queueSeries: string, places: readonly number[]): number[] {
  const monthly = r.monthly as unknown as Record<string, number[] | undefined>;
  if (quantity === 'occupancy_percent') {
    const total = monthly.population_total ?? [];
    return total.map((x, k) => (places[k] > 0 ? (100 * x) / places[k] : NaN));
  }
  const name = quantity === 'sentence_queue' ? queueSeries : quantity;
  return monthly[name] ?? [];
}

function averageOver(values: readonly number[], months: readonly number[]): number {
  let sum = 0;
  for (const k of months) {
    const x = values[k];
    if (x === undefined || !Number.isFinite(x)) return NaN;
    sum += x;
  }
  return sum / months.length;
}

export async function backtestStudy(request: BacktestRequest, runner: BatchRunner, hooks: StudyHooks = {}): Promise<BacktestOutcome> {
  const progress = new StudyProgress(hooks, request.replications);
  progress.begin();
  const batch = await runner.run(request.scenario.resolved, rangePlan(replicationSettings(request), 0, request.replications), progress.batch());
  if (batch.results.length === 0) return { batch };
  return { batch, record: backtestRecord(request, batch) };
}

/** backtest.json from the finished replications. */
export function backtestRecord(request: BacktestRequest, batch: BatchResult): BacktestRecord {
  const scenario = request.scenario.resolved;
  const startDate = scenario.run.startDate;
  const months = Math.round(request.years * 12);
  const results = batch.results;
  const first = results[0].monthly as unknown as Record<string, number[] | undefined>;
  const queueSeries = QUEUE_SERIES.find((name) => first[name] !== undefined) ?? 'sentence_queue';
  const start = dayNumber(startDate);
  const monthDate = (k: number) => dateOfDayNumber(start + k * DAYS_PER_MONTH);
  const places = Array.from({ length: months }, (_, k) => placesOn(scenario, dateOfDayNumber(start + (k + 0.5) * DAYS_PER_MONTH)));

  const { inside, outside, derived } = comparedObservations(request.data, startDate, months);
  const familyNames = [...new Set(Object.values(COMPARED).map((c) => c.family))];
  const families: BacktestFamily[] = [];
  for (const family of familyNames) {
    const observations = inside.filter((o) => COMPARED[o.series].family === family).sort((a, b) => a.date.localeCompare(b.date) || a.row - b.row);
    if (observations.length === 0) continue;
    const quantity = COMPARED[observations[0].series].quantity;
    const perReplication = results.map((r) => monthlyValues(r, quantity, queueSeries, places));
    const points: BacktestPoint[] = observations.map((o) => {
      const ks = observationMonths(o, startDate);
      const band = predictionBand(perReplication.map((values) => averageOver(values, ks)));
      return { series: o.series, date: o.date, period: o.period, observed: o.value, ...band, horizonYears: horizonYears(startDate, o.date), confidence: o.confidence, row: o.row };
    });
    const rolling = rollingPoints(points, startDate);
    const info = FAMILY_INFO[family];
    families.push({
      family,
      title: info.title,
      unit: info.unit,
      observedSeries: [...new Set(observations.map((o) => o.series))],
      model: family === 'sentence_queue' ? queueSeries : info.model,
      points,
      scores: forecastScores(points.map((p) => ({ observed: p.observed, forecast: p.mean, lo80: p.lo80, hi80: p.hi80, lo95: p.lo95, hi95: p.hi95 }))),
      byHorizon: horizonScores(rolling),
      rolling,
      monthly: Array.from({ length: months }, (_, k) => {
        const b = predictionBand(perReplication.map((values) => values[k] ?? NaN));
        return { date: monthDate(k), mean: b.mean, lo80: b.lo80, hi80: b.hi80, lo95: b.lo95, hi95: b.hi95 };
      }),
    });
  }

  const rows = request.data.observations;
  const outcomeSeries = new Set(rows.filter((o) => o.role === 'outcome').map((o) => o.series));
  const { version, ...provenance } = runProvenance(request, request.scenario, request.replications);
  return {
    corrsim: version,
    ...provenance,
    data: {
      source: request.data.source,
      sha256: request.data.sha256,
      rows: rows.length,
      inputRows: rows.filter((o) => o.role === 'input').length,
      outcomeRows: rows.length - rows.filter((o) => o.role === 'input').length,
      compared: inside.length,
      outsideWindow: outside.length,
      derivedFrom: derived.length,
      notCompared: [...outcomeSeries].filter((s) => COMPARED[s] === undefined).sort(),
    },
    window: { start: startDate, end: windowEnd(startDate, request.years) },
    queueSeries,
    method: {
      model:
        'one run of the scenario from run.startDate; at every origin the forecast is that run (not restarted from a census at the origin), ' +
        'so it knows the inputs of the whole history',
      naive: 'the last value of the series family observed on or before the origin (1 January of the origin year), carried forward',
      intervals: 'the central 80% and 95% of replications (10th–90th and 2.5th–97.5th percentiles, type 7): the spread of the simulation, not of parameter uncertainty beyond the effect sizes drawn per replication',
    },
    families,
    finished: results.length,
    complete: batch.complete,
  };
}

/**
 * Every observation seen from every origin (1 January of each year after the start) 1 to 3 years
 * before it, where a naive forecast exists (an observation of the family on or before the origin).
 */
export function rollingPoints(points: readonly BacktestPoint[], startDate: string): RollingPoint[] {
  const sorted = [...points].sort((a, b) => a.date.localeCompare(b.date));
  if (sorted.length === 0) return [];
  const firstYear = Number(startDate.slice(0, 4)) + (startDate.slice(5) === '01-01' ? 0 : 1);
  const lastYear = Number(sorted[sorted.length - 1].date.slice(0, 4));
  const out: RollingPoint[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const origin = `${year}-01-01`;
    const known = sorted.filter((p) => p.date <= origin);
    if (known.length === 0) continue;
    const last = known[known.length - 1];
    for (const p of sorted) {
      if (p.date <= origin) continue;
      const h = horizonYears(origin, p.date);
      if (h > HORIZONS[HORIZONS.length - 1]) break;
      out.push({
        series: p.series,
        date: p.date,
        observed: p.observed,
        origin,
        horizonYears: h,
        model: { mean: p.mean, lo80: p.lo80, hi80: p.hi80, lo95: p.lo95, hi95: p.hi95, n: p.n },
        naive: last.observed,
        naiveDate: last.date,
      });
    }
  }
  return out;
}

/** The model's and the naive forecast's scores at each horizon, over the same pairs. */
export function horizonScores(rolling: readonly RollingPoint[]): HorizonScores[] {
  return HORIZONS.map((h) => {
    const at = rolling.filter((r) => r.horizonYears === h);
    return {
      horizonYears: h,
      origins: new Set(at.map((r) => r.origin)).size,
      model: forecastScores(at.map((r) => ({ observed: r.observed, forecast: r.model.mean, lo80: r.model.lo80, hi80: r.model.hi80, lo95: r.model.lo95, hi95: r.model.hi95 }))),
      naive: forecastScores(at.map((r) => ({ observed: r.observed, forecast: r.naive }))),
    };
  });
}
