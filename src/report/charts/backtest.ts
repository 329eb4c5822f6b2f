/**
 * The backtest's charts, one per series family: the model's band by month (the central 95% and 80%
 * of replications, and the mean) with the observed points over it, on calendar dates.
 */
import type { BacktestFamily, BacktestRecord } from '../../studies/backtest/backtest.js';
import { OKABE_ITO, top, type Chart, type Layer } from './spec.js';

export function backtestChartName(family: string): string {
  return `backtest-${family.replace(/_/g, '-')}`;
}

export function backtestChart(record: BacktestRecord, f: BacktestFamily): Chart {
  const months = f.monthly.filter((m) => Number.isFinite(m.mean));
  const observed = f.points.map((p) => ({ date: p.date, observed: p.observed, series: p.series, period: p.period, mean: p.mean, confidence: p.confidence }));
  const x = { field: 'date', type: 'temporal', title: 'Date', axis: { format: '%Y', tickCount: { interval: 'year', step: months.length > 180 ? 2 : 1 } } };
  const yTitle = `${f.title} (${f.unit})`;
  const layers: Layer[] = [
    {
      name: 'band95',
      data: { values: months },
      mark: { type: 'area', opacity: 0.15, color: OKABE_ITO[0] },
      encoding: { x, y: { field: 'lo95', type: 'quantitative', title: yTitle }, y2: { field: 'hi95' } },
    },
    {
      name: 'band80',
      data: { values: months },
      mark: { type: 'area', opacity: 0.25, color: OKABE_ITO[0] },
      encoding: { x, y: { field: 'lo80', type: 'quantitative' }, y2: { field: 'hi80' } },
    },
    {
      name: 'mean',
      data: { values: months },
      mark: { type: 'line', strokeWidth: 2, color: OKABE_ITO[0] },
      encoding: { x, y: { field: 'mean', type: 'quantitative' } },
    },
    {
      name: 'observed',
      data: { values: observed },
      mark: { type: 'point', filled: true, size: 45, color: OKABE_ITO[3] },
      encoding: {
        x,
        y: { field: 'observed', type: 'quantitative' },
        shape: { field: 'series', type: 'nominal', title: 'Observed', legend: { orient: 'bottom' } },
        tooltip: [
          { field: 'series', type: 'nominal', title: 'Series' },
          { field: 'date', type: 'temporal', title: 'Date', format: '%Y-%m-%d' },
          { field: 'period', type: 'nominal', title: 'Period' },
          { field: 'observed', type: 'quantitative', title: 'Observed', format: ',.0f' },
          { field: 'mean', type: 'quantitative', title: 'Model mean', format: ',.0f' },
          { field: 'confidence', type: 'nominal', title: 'Confidence' },
        ],
      },
    },
  ] as Layer[];
  const subtitle = [
    `Points: observed (${f.observedSeries.join(', ')}). Line: model mean of ${record.finished} replications; bands: central 80% and 95% of replications.`,
    `Model: ${f.model}. Scenario ${record.scenario.name}, one run from ${record.window.start}.`,
  ];
  return { name: backtestChartName(f.family), title: `${f.title}: observed and simulated`, spec: top(`${f.title}: observed and simulated`, subtitle, { layer: layers }) };
}

export function backtestCharts(record: BacktestRecord): Chart[] {
  return record.families.map((f) => backtestChart(record, f));
}
