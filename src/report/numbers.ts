/**
 * The one number formatter: every figure a person reads, in a report page or in the terminal,
 * is written here. Two styles, because they are read differently:
 *
 * - Pages (report.html, validation.html): a value in its unit, in words where that helps
 *   ("NOK 3.60 billion", "+1.2 points", "95% CI 3,090 to 3,150"), en-GB grouping.
 * - Terminal tables (what the commands print): plain figures that line up in columns, with as
 *   many decimals as the interval deserves ("12.3% ±0.4", "−1.2 pp [−1.6, −0.8]"), en-US grouping.
 */
import type { MetricSummary } from '../stats/intervals.js';

// --- Pages ---------------------------------------------------------------------------------------

const grouped = (digits: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const INTEGER = grouped(0);

const ONE = grouped(1);

const TWO = grouped(2);

/** A value in its unit: shares as percentages, NOK in millions or billions, counts grouped by thousands. */
export function formatValue(x: number | null | undefined, unit: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (unit === 'share') return `${ONE.format(x * 100)}%`;
  if (unit.startsWith('NOK')) {
    const abs = Math.abs(x);
    if (abs >= 1e9) return `NOK ${TWO.format(x / 1e9)} billion`;
    if (abs >= 1e6) return `NOK ${ONE.format(x / 1e6)} million`;
    return `NOK ${INTEGER.format(x)}`;
  }
  return formatNumber(x);
}

/** A plain number: grouped integers from 100 up, otherwise up to three significant digits. */
export function formatNumber(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 100) return INTEGER.format(x);
  if (abs >= 10) return ONE.format(x);
  if (abs === 0) return '0';
  return new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 3 }).format(x);
}

/** A difference in its unit, with its sign: shares in percentage points. */
export function formatDifference(x: number | null | undefined, unit: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  if (unit === 'share') return `${sign}${ONE.format(Math.abs(x) * 100)} points`;
  return `${sign}${formatValue(Math.abs(x), unit)}`;
}

/** "95% CI 3,090 to 3,150", or a note when there is no interval. */
export function formatInterval(s: MetricSummary, unit: string): string {
  if (s.ci95 === null) return 'no interval';
  if (s.n < 2) return 'one replication: no interval';
  if (s.ci95[0] === s.ci95[1]) return 'the same in every replication';
  return `95% CI ${formatValue(s.ci95[0], unit)} to ${formatValue(s.ci95[1], unit)}`;
}

/** "+4.2%" for a relative difference. */
export function formatRelative(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  return `${sign}${ONE.format(Math.abs(x) * 100)}%`;
}

/** A figure of a validation check in the check's unit; ratios and small numbers keep four significant digits. */
export function formatFigure(x: number, unit: string): string {
  if (!Number.isFinite(x)) return '–';
  if (unit === 'ratio' || unit === 'days' || (unit === 'people' && Math.abs(x) < 100)) {
    return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-GB') : Number(x.toPrecision(4)).toString();
  }
  if (unit === 'share') return `${(x * 100).toFixed(2)}%`;
  return formatValue(x, unit);
}

// --- Terminal tables -----------------------------------------------------------------------------

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
export function formatDifferenceWithInterval(d: MetricSummary, unit: string): string {
  if (d.mean === null) return 'n/a';
  const scale = unit === 'share' ? 100 : 1;
  const suffix = unit === 'share' ? ' pp' : '';
  const [lo, hi] = d.ci95 ?? [d.mean, d.mean];
  const decimals = decimalsFor(((hi - lo) / 2) * scale);
  const f = (x: number) => formatFixed(x * scale, decimals, true);
  return `${f(d.mean)}${suffix} [${f(lo)}, ${f(hi)}]`;
}

/** NOK as millions with the 95% interval, for the terminal: "+63.0 M NOK [+62.9, +63.1]". */
export function formatMillionsWithInterval(d: MetricSummary): string {
  if (d.mean === null) return 'n/a';
  const [lo, hi] = (d.ci95 ?? [d.mean, d.mean]).map((x) => x / 1e6);
  const decimals = decimalsFor((hi - lo) / 2);
  const f = (x: number) => formatFixed(x, decimals, true);
  return `${f(d.mean / 1e6)} M NOK [${f(lo)}, ${f(hi)}]`;
}

/** A ratio with Fieller's interval, or "(interval unbounded)": "1,234,000 [800,000, 2,100,000]". */
export function formatRatioWithInterval(estimate: number | null, ci95: [number, number] | null): string {
  if (estimate === null) return 'n/a';
  if (ci95 === null) return `${formatFixed(estimate, decimalsFor(Math.abs(estimate) / 20))} (interval unbounded)`;
  const decimals = decimalsFor((ci95[1] - ci95[0]) / 2);
  return `${formatFixed(estimate, decimals)} [${formatFixed(ci95[0], decimals)}, ${formatFixed(ci95[1], decimals)}]`;
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
export function formatRelativeShort(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '';
  const pct = 100 * r;
  return `${formatFixed(pct, Math.abs(pct) >= 10 ? 0 : 1, true)}%`;
}

/** A plain figure: shares as percentages, counts and money grouped by thousands, small figures to 2 decimals. */
export function formatPlainValue(x: number, unit: string): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (unit === 'share') return `${(100 * x).toFixed(1)}%`;
  const a = Math.abs(x);
  if (a >= 1000) return formatCount(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** A count, rounded and grouped by thousands: "12,345". */
export function formatCount(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** A share as a percentage, to one decimal only when it needs one: "62%", "62.5%". */
export function formatPercent(x: number): string {
  const pct = x * 100;
  return `${Number.isInteger(Math.round(pct * 10) / 10) ? Math.round(pct) : (Math.round(pct * 10) / 10).toFixed(1)}%`;
}

/** A statistic's mean with its 95% CI, with decimals to suit the interval: "0.873 [0.861, 0.885]". */
export function formatEstimate(s: MetricSummary): string {
  if (s.mean === null) return 'n/a';
  const [lo, hi] = s.ci95 ?? [s.mean, s.mean];
  const half = (hi - lo) / 2;
  const magnitude = Math.abs(s.mean);
  const decimals = half > 0 ? Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(half)))) : magnitude < 10 ? 3 : 0;
  return `${formatFixed(s.mean, decimals)} [${formatFixed(lo, decimals)}, ${formatFixed(hi, decimals)}]`;
}

/** A duration for a time left: "42s", "3m 05s", "2h 07m". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
