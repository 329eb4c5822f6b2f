/** The charts of validation.html: one per group of checks, each check's simulated value against the expected one. */
import type { TopLevelSpec } from 'vega-lite';
import { GROUP_TITLES, type ValidationReport } from '../../studies/validation/validation.js';
import { expectedText, simulatedText, VALIDATION_GROUPS } from '../text/validation.js';
import { CHART_CONFIG, CHART_WIDTH, OKABE_ITO, SCHEMA_URL, type Chart } from './spec.js';

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
  for (const group of VALIDATION_GROUPS) {
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
