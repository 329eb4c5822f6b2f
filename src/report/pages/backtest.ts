/** report.html of a backtest: the scores per series, the model against the naive forecast by horizon, and a chart per series. */
import type { BacktestRecord } from '../../studies/backtest/backtest.js';
import type { ForecastScores } from '../../stats/forecast.js';
import type { Chart } from '../charts/spec.js';
import { chartFigures, escapeHtml as esc, page } from '../page.js';
import { formatNumber } from '../numbers.js';

function pct(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(1)}%` : '–';
}

function share(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–';
}

function value(x: number): string {
  return Number.isFinite(x) ? formatNumber(x) : '–';
}

function scoreCells(s: ForecastScores): string {
  return [String(s.n), pct(s.mapePercent), value(s.bias), pct(s.biasPercent), share(s.coverage80), share(s.coverage95), share(s.withinFactor1_5)].map((c) => `<td>${esc(c)}</td>`).join('');
}

/** The report section: two tables (also usable inside another page). */
export function backtestSection(record: BacktestRecord): string {
  const whole = record.families.map((f) => `<tr><td>${esc(f.title)}<div class="detail">${esc(f.observedSeries.join(', '))} vs ${esc(f.model)}</div></td>${scoreCells(f.scores)}</tr>`).join('\n');
  const horizons = record.families
    .flatMap((f) =>
      f.byHorizon
        .filter((h) => h.model.n > 0)
        .map(
          (h) =>
            `<tr><td>${esc(f.title)}</td><td>${h.horizonYears}</td><td>${h.model.n}</td><td>${h.origins}</td><td>${esc(pct(h.model.mapePercent))}</td><td>${esc(pct(h.naive.mapePercent))}</td><td>${esc(pct(h.model.biasPercent))}</td><td>${esc(pct(h.naive.biasPercent))}</td><td>${esc(share(h.model.coverage80))}</td></tr>`,
        ),
    )
    .join('\n');
  return `<p>${esc(record.data.compared)} outcome observations of ${esc(record.data.source)} compared with ${esc(record.finished)} replications of
<code>${esc(record.scenario.name)}</code> from ${esc(record.window.start)} to ${esc(record.window.end)}; ${esc(record.data.outsideWindow)} fall outside the window,
${esc(record.data.derivedFrom)} are left out because an input of the data (places_total_derived) was computed from them,
and the ${esc(record.data.inputRows)} input rows are never compared. Not compared (other definitions): ${esc(record.data.notCompared.join(', ') || 'none')}.</p>
<table><thead><tr><th>Series</th><th>Observations</th><th>MAPE</th><th>Bias</th><th>Bias %</th><th>In 80%</th><th>In 95%</th><th>Within ×1.5</th></tr></thead>
<tbody>${whole}</tbody></table>
<h3>Rolling origins: the model against the naive forecast</h3>
<p>From 1 January of each year, the observations 1, 2 and 3 years ahead. Naive: ${esc(record.method.naive)}. Model: ${esc(record.method.model)}.</p>
<table><thead><tr><th>Series</th><th>Horizon (years)</th><th>Pairs</th><th>Origins</th><th>Model MAPE</th><th>Naive MAPE</th><th>Model bias %</th><th>Naive bias %</th><th>Model in 80%</th></tr></thead>
<tbody>${horizons}</tbody></table>
<p>Intervals: ${esc(record.method.intervals)}. How to read these scores: <code>docs/backtest.md</code>.</p>`;
}

export function backtestReportHtml(record: BacktestRecord, charts: readonly Chart[]): string {
  return page({
    title: `Backtest: ${record.scenario.name}`,
    kicker: 'corrsim backtest',
    lead: `The history simulated by ${record.scenario.name} against the observations of ${record.data.source}.`,
    sections: [
      ['scores', 'Scores', backtestSection(record)],
      ['charts', 'Observed and simulated', chartFigures(charts)],
      ['reproduce', 'Reproduce', `<p><code>${esc(record.command)}</code> (corrsim ${esc(record.corrsim)}, seed ${esc(record.seed)}, data sha256 ${esc(record.data.sha256)}).</p>`],
    ],
    charts,
    version: record.corrsim,
  });
}
