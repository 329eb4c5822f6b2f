/**
 * The validation suite's outputs: the table printed by `corrsim validate` (also pasted into
 * docs/validation.md), validation.json, and validation.html with one chart per group of checks.
 * The page is self-contained like report.html: vega is inlined with the report layer's helpers,
 * all text goes through escapeHtml and the chart specs through jsonForScript.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_WIDTH, OKABE_ITO, SCHEMA_URL, type Chart } from '../report/charts.js';
import { escapeHtml as esc, formatValue, jsonForScript, scriptSource } from '../report/format.js';
import { CSP, inlineLibraries } from '../report/html.js';
import { GROUP_TITLES, type ValidationCheck, type ValidationGroup, type ValidationReport } from './validation.js';

const GROUPS: readonly ValidationGroup[] = ['queueing', 'little', 'conservation', 'calibration', 'effect'];

/** A figure in the unit of its check; ratios and small numbers keep four significant digits. */
export function formatFigure(x: number, unit: string): string {
  if (!Number.isFinite(x)) return '–';
  if (unit === 'ratio' || unit === 'days' || (unit === 'people' && Math.abs(x) < 100)) {
    return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-GB') : Number(x.toPrecision(4)).toString();
  }
  if (unit === 'share') return `${(x * 100).toFixed(2)}%`;
  return formatValue(x, unit);
}

function simulatedText(c: ValidationCheck): string {
  const v = formatFigure(c.simulated.value, c.unit);
  if (c.simulated.ci95 === null || c.simulated.ci95[0] === c.simulated.ci95[1]) return v;
  return `${v} (${formatFigure(c.simulated.ci95[0], c.unit)} to ${formatFigure(c.simulated.ci95[1], c.unit)})`;
}

function expectedText(c: ValidationCheck): string {
  const band = c.group === 'calibration' && c.acceptance !== null ? ` [${formatFigure(c.acceptance[0], c.unit)}–${formatFigure(c.acceptance[1], c.unit)}]` : '';
  return `${formatFigure(c.expected, c.unit)}${band} (${c.expectedSource})`;
}

/** The table as Markdown: readable in a terminal and pasted as is into docs/validation.md. */
export function validationTable(report: ValidationReport): string {
  const header = ['check', 'expected (source)', 'simulated (95% CI)', 'tolerance', 'result'];
  const rows = report.checks.map((c) => [c.name, expectedText(c), simulatedText(c), c.tolerance, c.pass ? 'pass' : 'FAIL']);
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  const failed = report.checks.filter((c) => !c.pass).length;
  lines.push('', `${report.checks.length - failed} of ${report.checks.length} checks pass${failed > 0 ? `; ${failed} FAIL` : ''} (${report.mode} mode, seed ${report.seed}).`);
  return lines.join('\n') + '\n';
}

// --- Charts ----------------------------------------------------------------------------------------

interface ChartRow {
  name: string;
  pass: string;
  value: number;
  lo: number;
  hi: number;
  acceptLo: number;
  acceptHi: number;
  expectedText: string;
  simulatedText: string;
  tolerance: string;
}

/**
 * One chart per group: each check's simulated value (point) with its 95% interval (whisker)
 * against the expected value (the dashed line at 1) and the range that passes (grey bar). Checks
 * of one group differ in units, so every figure is divided by the check's expected value.
 */
export function validationCharts(report: ValidationReport): Chart[] {
  const charts: Chart[] = [];
  for (const group of GROUPS) {
    const rows: ChartRow[] = report.checks
      .filter((c) => c.group === group && Number.isFinite(c.expected) && c.expected !== 0)
      .map((c) => {
        const r = (x: number) => x / c.expected;
        const ci = c.simulated.ci95 ?? [c.simulated.value, c.simulated.value];
        const accept = c.acceptance ?? [c.expected, c.expected];
        return {
          name: c.name,
          pass: c.pass ? 'pass' : 'fail',
          value: r(c.simulated.value),
          lo: r(Math.min(ci[0], ci[1])),
          hi: r(Math.max(ci[0], ci[1])),
          acceptLo: r(Math.min(accept[0], accept[1])),
          acceptHi: r(Math.max(accept[0], accept[1])),
          expectedText: expectedText(c),
          simulatedText: simulatedText(c),
          tolerance: c.tolerance,
        };
      });
    if (rows.length === 0) continue;
    const title = `${GROUP_TITLES[group]}: simulated ÷ expected`;
    const y = { field: 'name', type: 'nominal', title: null, sort: rows.map((r) => r.name), axis: { labelLimit: 330 } };
    const tooltip = [
      { field: 'name', type: 'nominal', title: 'Check' },
      { field: 'expectedText', type: 'nominal', title: 'Expected' },
      { field: 'simulatedText', type: 'nominal', title: 'Simulated (95% CI)' },
      { field: 'tolerance', type: 'nominal', title: 'Tolerance' },
      { field: 'pass', type: 'nominal', title: 'Result' },
    ];
    const spec = {
      $schema: SCHEMA_URL,
      title: {
        text: title,
        subtitle: [
          'Point: simulated value; whisker: its 95% interval; grey bar: the range that passes; dashed line: expected.',
          'Each figure is divided by its expected value so that checks of different units share the axis.',
        ],
      },
      width: CHART_WIDTH,
      height: Math.max(60, rows.length * 26),
      config: CHART_CONFIG,
      layer: [
        {
          data: { values: rows },
          encoding: { y },
          layer: [
            {
              name: 'acceptance',
              mark: { type: 'bar', color: '#d9d9d9', height: 14 },
              encoding: {
                x: { field: 'acceptLo', type: 'quantitative', title: 'Simulated ÷ expected', scale: { zero: false } },
                x2: { field: 'acceptHi' },
                tooltip,
              },
            },
            { name: 'interval', mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, color: passColour } },
            { name: 'simulated', mark: { type: 'point', filled: true, size: 70, opacity: 1 }, encoding: { x: { field: 'value', type: 'quantitative' }, color: passColour, tooltip } },
          ],
        },
        {
          name: 'expected',
          data: { values: [{ one: 1 }] },
          mark: { type: 'rule', color: '#555555', strokeDash: [4, 3] },
          encoding: { x: { field: 'one', type: 'quantitative' } },
        },
      ],
    } as unknown as TopLevelSpec;
    charts.push({ name: `validation-${group}`, title, spec });
  }
  return charts;
}

const passColour = {
  field: 'pass',
  type: 'nominal',
  title: 'Result',
  scale: { domain: ['pass', 'fail'], range: [OKABE_ITO[2], OKABE_ITO[3]] },
};

// --- The page --------------------------------------------------------------------------------------


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
  const libs = inlineLibraries();
  const failed = report.checks.filter((c) => !c.pass).length;
  const sections = GROUPS.map((group) => {
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
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="corrsim ${esc(info.version)}">
<title>corrsim validation</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>corrsim validation</h1>
<p><strong>${esc(report.checks.length - failed)} of ${esc(report.checks.length)} checks pass${failed > 0 ? `; ${esc(failed)} fail` : ''}.</strong>
The model checked against queueing theory, Little's law, conservation of people, the Norwegian calibration targets
and the recovery of a known effect size (${esc(report.mode)} mode, seed ${esc(report.seed)}). What each check means and why its
tolerance is enough: <code>docs/validation.md</code>.</p>
<p>Command: <code>${esc(info.command)}</code>. Timings: ${timings}.</p>
<noscript><p>The charts need JavaScript; the tables below hold every figure.</p></noscript>
${sections}
<footer><p>Made by corrsim ${esc(info.version)} with ${libs.map((l) => `${esc(l.name)} ${esc(l.version)}`).join(', ')}, all inlined: this file needs no network.</p></footer>
</main>
${libs.map((l) => `<script>/* ${esc(l.name)} ${esc(l.version)} */\n${scriptSource(l.source)}\n</script>`).join('\n')}
<script type="application/json" id="corrsim-charts">${jsonForScript(chartData)}</script>
<script>${RUNNER}</script>
</body>
</html>
`;
}
