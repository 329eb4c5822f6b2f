/** What `corrsim backtest` prints: per series family the scores from the start, then the model against the naive forecast by horizon. */
import type { BacktestRecord } from '../../studies/backtest/backtest.js';
import type { ForecastScores } from '../../stats/forecast.js';
import { table } from './table.js';

function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${x < 0 ? '−' : ''}${Math.abs(x).toFixed(digits)}%` : '–';
}

function share(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–';
}

function num(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const sign = x < 0 ? '−' : x > 0 ? '+' : '';
  const abs = Math.abs(x);
  return sign + (abs >= 100 ? Math.round(abs).toLocaleString('en-US') : abs.toFixed(1));
}

function scoreCells(s: ForecastScores): string[] {
  return [String(s.n), pct(s.mapePercent), num(s.bias), pct(s.biasPercent), share(s.coverage80), share(s.coverage95), share(s.withinFactor1_5)];
}

/** The scores as aligned columns, and where the files are. */
export function backtestText(record: BacktestRecord, folder: string): string {
  const whole = [['series', 'obs', 'MAPE', 'bias', 'bias %', 'cover80', 'cover95', '×1.5'], ...record.families.map((f) => [f.family, ...scoreCells(f.scores)])];
  const byHorizon: string[][] = [['series', 'horizon', 'pairs', 'origins', 'model MAPE', 'naive MAPE', 'model bias %', 'naive bias %', 'cover80']];
  for (const f of record.families) {
    for (const h of f.byHorizon) {
      if (h.model.n === 0) continue;
      byHorizon.push([f.family, `${h.horizonYears} y`, String(h.model.n), String(h.origins), pct(h.model.mapePercent), pct(h.naive.mapePercent), pct(h.model.biasPercent), pct(h.naive.biasPercent), share(h.model.coverage80)]);
    }
  }
  const lines = [
    `Backtest of ${record.scenario.name} against ${record.data.source} (${record.window.start} to ${record.window.end}; ${record.finished} replications, seed ${record.seed})`,
    `${record.data.compared} outcome observations compared (${record.data.outsideWindow} outside the window, ${record.data.derivedFrom} left out because an input was derived from them); ` +
      `${record.data.inputRows} input rows never compared.`,
    '',
    'Every observation, model from the start (bias in the series’ unit; cover = share inside the 80%/95% interval; ×1.5 = within a factor of 1.5):',
    table(whole, 'lrrrrrrr').trimEnd(),
    '',
    'Rolling origins (1 January each year), model vs naive (last observed value carried forward), same pairs:',
    table(byHorizon, 'llrrrrrrr').trimEnd(),
    '',
    `Written to ${folder}: backtest.json, backtest.csv, report.html, charts/.`,
  ];
  return lines.join('\n') + '\n';
}
