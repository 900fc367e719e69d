/** Plain-text tables for command output (the eval script), with aligned columns. */

/** One cell: numbers are formatted and right-aligned; null/undefined print as `nullText`. */
export type Cell = string | number | null | undefined;

/** Formatting options for `formatTable`. */
export interface TableOptions {
  /** Decimals for non-integer numbers (default 3). */
  digits?: number;
  /** Per column; default: right for columns holding any number, else left. */
  align?: readonly ('left' | 'right')[];
  /** Text for null/undefined/NaN cells (default "-"). */
  nullText?: string;
}

function formatCell(cell: Cell, digits: number, nullText: string): string {
  if (cell === null || cell === undefined) return nullText;
  if (typeof cell === 'number') {
    if (Number.isNaN(cell)) return nullText;
    return Number.isInteger(cell) ? String(cell) : cell.toFixed(digits);
  }
  return cell;
}

/**
 * Formats a header row, a dashed rule and the rows, columns separated by two spaces, trailing
 * spaces trimmed, lines joined with "\n" (no final newline). Short rows are padded with blanks.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  const digits = options.digits ?? 3;
  const nullText = options.nullText ?? '-';
  const columns = Math.max(headers.length, ...rows.map((r) => r.length));
  const text = rows.map((row) =>
    Array.from({ length: columns }, (_, c) =>
      c < row.length ? formatCell(row[c], digits, nullText) : '',
    ),
  );
  const head = Array.from({ length: columns }, (_, c) => headers[c] ?? '');
  const widths = head.map((h, c) => Math.max(h.length, ...text.map((r) => (r[c] ?? '').length)));
  const align = head.map(
    (_, c) => options.align?.[c] ?? (rows.some((r) => typeof r[c] === 'number') ? 'right' : 'left'),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => {
        const width = widths[c] ?? 0;
        return align[c] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w));
  return [line(head), line(rule), ...text.map(line)].join('\n');
}
