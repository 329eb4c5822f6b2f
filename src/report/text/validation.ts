/**
 * The validation suite as text: the table printed by `corrsim validate` (also pasted into
 * docs/validation.md), and each check's expected and simulated figures in words, for the page and its charts.
 */
import type { ValidationCheck, ValidationGroup, ValidationReport } from '../../studies/validation/validation.js';
import { formatFigure } from '../numbers.js';

export const VALIDATION_GROUPS: readonly ValidationGroup[] = ['queueing', 'little', 'conservation', 'calibration', 'effect', 'backtest'];

export function simulatedText(c: ValidationCheck): string {
  const v = formatFigure(c.simulated.value, c.unit);
  if (c.simulated.ci95 === null || c.simulated.ci95[0] === c.simulated.ci95[1]) return v;
  return `${v} (${formatFigure(c.simulated.ci95[0], c.unit)} to ${formatFigure(c.simulated.ci95[1], c.unit)})`;
}

export function expectedText(c: ValidationCheck): string {
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
