/**
 * Aggregation across replications: what the records of every study are made from. Pure
 * functions of the replications' results; the records themselves are in src/studies, their files
 * in src/report.
 */
import { METRICS, type ReplicationResult } from '../model/result.js';
import { summarise, type MetricSummary } from '../stats/intervals.js';
import type { BatchPerformance } from './batch.js';

/** Sorted indices as inclusive [first, last] runs of consecutive ones: [0, 1, 2, 4] → [[0, 2], [4, 4]]. */
export function indexRanges(indices: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const i of indices) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && i === last[1] + 1) last[1] = i;
    else ranges.push([i, i]);
  }
  return ranges;
}

/** METRICS in report order, then names the model reported beyond them, in the order first seen. */
export function metricNames(results: readonly ReplicationResult[]): string[] {
  const names: string[] = METRICS.map((m) => m.name);
  const known = new Set(names);
  for (const r of results) {
    for (const name of Object.keys(r.metrics)) {
      if (!known.has(name)) {
        known.add(name);
        names.push(name);
      }
    }
  }
  return names;
}

/** One value per replication; a metric a replication did not report counts as NaN. */
export function metricValues(results: readonly ReplicationResult[], name: string): number[] {
  return results.map((r) => r.metrics[name] ?? NaN);
}

/** YYYY-MM of the month `month` (1-based) months after a start date YYYY-MM-DD. */
export function monthLabel(startDate: string, month: number): string {
  const year = Number(startDate.slice(0, 4));
  const index = Number(startDate.slice(5, 7)) - 1 + (month - 1);
  return `${year + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthlyOf(r: ReplicationResult, name: string): number[] | undefined {
  return (r.monthly as Record<string, number[] | undefined>)[name];
}

/** One measured year of a monthly series: the yearly average in each replication, summarised across them. */
export interface YearSummary {
  /** Measured year, from 1. */
  year: number;
  /** Its months of the horizon, 0-based, [from, to): 12 but for a last, partial year. */
  months: [number, number];
  /** Across replications, of each replication's average over the year's months. */
  summary: MetricSummary;
}

/**
 * A monthly series year by year of the horizon: in each replication the average over the year's
 * months (so a year's figure is what a yearly statistic of that history would say), then its
 * mean and percentiles across replications. A last, partial year averages the months it has.
 */
export function yearlySummaries(results: readonly ReplicationResult[], series: string): YearSummary[] {
  let months = 0;
  for (const r of results) months = Math.max(months, monthlyOf(r, series)?.length ?? 0);
  const years: YearSummary[] = [];
  for (let from = 0; from < months; from += 12) {
    const to = Math.min(months, from + 12);
    const values = results.map((r) => {
      const monthly = monthlyOf(r, series);
      if (monthly === undefined || monthly.length < to) return NaN;
      let sum = 0;
      for (let i = from; i < to; i++) sum += monthly[i];
      return sum / (to - from);
    });
    years.push({ year: years.length + 1, months: [from, to], summary: summarise(values) });
  }
  return years;
}

/**
 * The performance of several batches run one after another as one (a comparison, a sweep, a
 * capacity search, a band run), as the JSON files hold it: events and CPU time summed, the wall
 * time of the whole, the most threads any batch used.
 */
export function combinedPerformance(batches: readonly BatchPerformance[], wallSeconds: number): BatchPerformance {
  const events = batches.reduce((sum, b) => sum + b.events, 0);
  const cpuSeconds = batches.reduce((sum, b) => sum + b.cpuSeconds, 0);
  return performanceRecord({
    events,
    cpuSeconds,
    eventsPerCpuSecond: cpuSeconds > 0 ? events / cpuSeconds : 0,
    wallSeconds,
    workers: Math.max(1, ...batches.map((b) => b.workers)),
  });
}

/** Performance as the JSON files hold it: times to the millisecond, the rate to a whole number, no pool overhead. */
export function performanceRecord(p: BatchPerformance): BatchPerformance {
  return {
    events: p.events,
    cpuSeconds: round(p.cpuSeconds, 3),
    eventsPerCpuSecond: Math.round(p.eventsPerCpuSecond),
    wallSeconds: round(p.wallSeconds, 3),
    workers: p.workers,
  };
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** Each metric's summary across the replications, for every name of metricNames (or those given), in order. */
export function summariseMetrics(results: readonly ReplicationResult[], names: readonly string[] = metricNames(results)): Record<string, MetricSummary> {
  const metrics: Record<string, MetricSummary> = {};
  for (const name of names) metrics[name] = summarise(metricValues(results, name));
  return metrics;
}
