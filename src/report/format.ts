/**
 * Text for people: numbers in the unit they are measured in, and HTML-escaping of everything that
 * did not come from this file.
 */
import type { MetricSummary } from '../stats/intervals.js';

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

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an HTML element or a quoted attribute. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON safe inside `<script type="application/json">`: no `<` (so no `</script>` and no `<!--`),
 * `>` or `&` appears literally, nor U+2028/U+2029 (line breaks to old JavaScript parsers); each
 * is written as a \u escape, which JSON.parse reads back as the same character.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * JavaScript source safe inside a `<script>` element: `</script` can only occur inside a string,
 * a regular expression or a comment, where `<\/script` means the same.
 */
export function scriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
