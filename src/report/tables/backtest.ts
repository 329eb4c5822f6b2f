/** backtest.csv: every observation with the model's mean and intervals, from the start and from each rolling origin, and the naive forecast. */
import type { BacktestRecord } from '../../studies/backtest/backtest.js';
import { csvText, type CsvValue } from '../csv.js';

export const BACKTEST_COLUMNS = ['series', 'date', 'observed', 'mean', 'lo80', 'hi80', 'lo95', 'hi95', 'origin', 'horizon_years', 'forecast'] as const;

/**
 * One row per observation from the model's start (origin = run.startDate, forecast = model), then
 * per rolling origin and horizon of 1–3 years a model row (the same run's band) and a naive row
 * (mean = the last value observed on or before the origin; no intervals).
 */
export function backtestCsv(record: BacktestRecord): string {
  const rows: CsvValue[][] = [];
  const start = record.window.start;
  for (const f of record.families) {
    for (const p of f.points) rows.push([p.series, p.date, p.observed, p.mean, p.lo80, p.hi80, p.lo95, p.hi95, start, p.horizonYears, 'model']);
  }
  for (const f of record.families) {
    for (const r of f.rolling) {
      const m = r.model;
      rows.push([r.series, r.date, r.observed, m.mean, m.lo80, m.hi80, m.lo95, m.hi95, r.origin, r.horizonYears, 'model']);
      rows.push([r.series, r.date, r.observed, r.naive, null, null, null, null, r.origin, r.horizonYears, 'naive']);
    }
  }
  return csvText(BACKTEST_COLUMNS, rows);
}
