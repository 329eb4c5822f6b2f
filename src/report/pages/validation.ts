/** validation.html: one section per group of checks with its chart and table (the one page shell, with a compact style of its own). */
import { GROUP_TITLES, type ValidationReport } from '../../studies/validation/validation.js';
import type { Chart } from '../charts/spec.js';
import { escapeHtml as esc, htmlDocument } from '../page.js';
import { expectedText, simulatedText, VALIDATION_GROUPS } from '../text/validation.js';

const STYLE = `
body { font: 15px/1.5 "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif; color: #1d1d1d; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; border-bottom: 2px solid #e4e4e4; }
table { border-collapse: collapse; width: 100%; font-size: 0.82rem; }
th, td { text-align: left; padding: 0.3rem 0.45rem; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
th { background: #f3f3f3; }
td.pass { color: #00704a; font-weight: bold; }
td.fail { color: #b00020; font-weight: bold; }
td .detail { color: #555; font-size: 0.92em; }
pre { background: #f5f5f5; padding: 0.7rem 0.9rem; white-space: pre-wrap; }
figure.chart { margin: 1.2rem 0; }
`;

const RUNNER = `
(function () {
  var charts = JSON.parse(document.getElementById('corrsim-charts').textContent);
  var pending = charts.map(function (chart) {
    var element = document.getElementById('chart-' + chart.name);
    return vegaEmbed(element, chart.spec, { mode: 'vega-lite', renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } })
      .then(function () { element.setAttribute('data-rendered', 'yes'); })
      .catch(function (error) { element.textContent = 'This chart could not be drawn: ' + error; element.setAttribute('data-rendered', 'error'); });
  });
  Promise.all(pending).then(function () { document.body.setAttribute('data-charts', 'done'); });
})();
`;

export function validationHtml(report: ValidationReport, charts: readonly Chart[], info: { version: string; command: string }): string {
  const failed = report.checks.filter((c) => !c.pass).length;
  const sections = VALIDATION_GROUPS.map((group) => {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length === 0) return '';
    const chart = charts.find((c) => c.name === `validation-${group}`);
    const rows = checks
      .map(
        (c) =>
          `<tr><td>${esc(c.name)}<div class="detail">${esc(c.detail)}</div></td><td>${esc(expectedText(c))}</td><td>${esc(simulatedText(c))}</td><td>${esc(c.tolerance)}</td><td class="${c.pass ? 'pass' : 'fail'}">${c.pass ? 'pass' : 'FAIL'}</td></tr>`,
      )
      .join('\n');
    return `<section id="${group}"><h2>${esc(GROUP_TITLES[group])}</h2>
${chart === undefined ? '' : `<figure class="chart" aria-label="${esc(chart.title)}"><div id="chart-${esc(chart.name)}"></div></figure>`}
<table><thead><tr><th>Check</th><th>Expected (source)</th><th>Simulated (95% CI)</th><th>Tolerance</th><th>Result</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
  }).join('\n');
  const timings = report.timings.map((t) => `${esc(t.part)}: ${esc(t.seconds.toFixed(1))} s`).join('; ');
  const chartData = charts.map((c) => ({ name: c.name, spec: c.spec }));
  const main = `<h1>corrsim validation</h1>
<p><strong>${esc(report.checks.length - failed)} of ${esc(report.checks.length)} checks pass${failed > 0 ? `; ${esc(failed)} fail` : ''}.</strong>
The model checked against queueing theory, Little's law, conservation of people, the Norwegian calibration targets
and the recovery of a known effect size (${esc(report.mode)} mode, seed ${esc(report.seed)}). What each check means and why its
tolerance is enough: <code>docs/validation.md</code>.</p>
<p>Command: <code>${esc(info.command)}</code>. Timings: ${timings}.</p>
<noscript><p>The charts need JavaScript; the tables below hold every figure.</p></noscript>
${sections}`;
  return htmlDocument({ title: 'corrsim validation', version: info.version, style: STYLE, main, charts: chartData, runner: RUNNER, footer: (madeBy) => `<p>${madeBy}</p>` });
}
