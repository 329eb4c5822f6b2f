/**
 * CSV as R's `read.csv` and pandas' `read_csv` read it: comma-separated, a header row, lines ending
 * in "\n", a field quoted only when it holds a comma, a double quote, a line break or edge spaces
 * (inner quotes doubled), and a missing value as an empty field.
 */

export type CsvValue = string | number | null | undefined;

/**
 * Numbers: integers exactly as integers (no ".0", no exponent below 1e21); other finite numbers to
 * 6 significant digits with trailing zeros dropped, except that the integer part is never cut, so
 * from 1e6 up they are rounded to the nearest integer. NaN, ±Infinity, null and undefined are
 * written as an empty field (NA).
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? x.toFixed(0) : String(x);
  if (Math.abs(x) >= 1e6) return Math.round(x).toFixed(0);
  const rounded = Number(x.toPrecision(6));
  return rounded === 0 ? '0' : String(rounded);
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (/[",\r\n]/.test(value) || value !== value.trim()) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\n';
}

/** A whole CSV text: the header and one line per row. */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = csvLine(header);
  for (const row of rows) text += csvLine(row);
  return text;
}

/** A record as its .json file holds it (and `--json` prints it): indented by two, a final line break. */
export function jsonText(record: unknown): string {
  return JSON.stringify(record, null, 2) + '\n';
}
