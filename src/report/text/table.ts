/** Aligned columns of text for what the commands print. */

/** Rows of cells as aligned columns; `align` has one letter per column, 'l' (padded on the right) or 'r'. */
export function table(rows: readonly (readonly string[])[], align: string, gap = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(gap).trimEnd() + '\n')
    .join('');
}
