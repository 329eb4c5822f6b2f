/**
 * Numbers for the tables printed by compare and sweep: an estimate and its interval with as many
 * decimals as the interval's half-width deserves (two significant digits of it), shares in percent
 * or, for differences, in percentage points.
 */
import type { MetricSummary } from '../stats/intervals.js';

const MINUS = '\u2212';

/** Decimals that show the half-width `h` to about two significant digits (0 to 4). */
export function decimalsFor(h: number): number {
  if (!(h > 0) || !Number.isFinite(h)) return 1;
  return Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(h))));
}

/** `x` with `decimals` decimals, thousands grouped; a true minus sign; '+' in front when `sign` and x > 0. */
export function formatFixed(x: number, decimals: number, sign = false): string {
  const text = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (/^[0.,]+$/.test(text)) return text; // rounds to zero: no sign
  return (x < 0 ? MINUS : sign ? '+' : '') + text;
}

/** A difference with its 95% interval, e.g. "−1.2 pp [−1.6, −0.8]" for a share, "+35 [+21, +49]" otherwise. */
export function formatDifference(d: MetricSummary, unit: string): string {
  if (d.mean === null) return 'n/a';
  const scale = unit === 'share' ? 100 : 1;
  const suffix = unit === 'share' ? ' pp' : '';
  const [lo, hi] = d.ci95 ?? [d.mean, d.mean];
  const decimals = decimalsFor(((hi - lo) / 2) * scale);
  const f = (x: number) => formatFixed(x * scale, decimals, true);
  return `${f(d.mean)}${suffix} [${f(lo)}, ${f(hi)}]`;
}

/** A mean with the half-width of its 95% interval, e.g. "12.3% ±0.4" or "4,512 ±31". */
export function formatMeanWithHalfWidth(m: MetricSummary | undefined, unit: string): string {
  if (m === undefined || m.mean === null) return 'n/a';
  const scale = unit === 'share' ? 100 : 1;
  const half = m.ci95 ? ((m.ci95[1] - m.ci95[0]) / 2) * scale : 0;
  const decimals = decimalsFor(half);
  return `${formatFixed(m.mean * scale, decimals)}${unit === 'share' ? '%' : ''} ±${formatFixed(half, decimals)}`;
}

/** A relative difference as a signed percentage, e.g. "−4.3%". */
export function formatRelative(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '';
  const pct = 100 * r;
  return `${formatFixed(pct, Math.abs(pct) >= 10 ? 0 : 1, true)}%`;
}

/** Rows of cells as aligned columns; `align` has one letter per column, 'l' (padded on the right) or 'r'. */
export function table(rows: readonly (readonly string[])[], align: string, gap = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(gap).trimEnd() + '\n')
    .join('');
}
