/**
 * Minimal RFC 4180 CSV reading and writing for hash lists: comma separated, fields
 * optionally in double quotes with "" as an escaped quote, CRLF or LF line ends.
 * Unquoted fields are trimmed (hand-edited lists often have spaces after commas).
 */

/** One parsed record and the 1-based line it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** Parsed rows, or the first structural error (unbalanced quotes, text after a quote). */
export type CsvParse = { ok: true; rows: CsvRow[] } | { ok: false; error: string };

/** Splits CSV text into rows of cells; blank lines are skipped. */
export function parseCsv(text: string): CsvParse {
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let blank = true;
    for (;;) {
      // One field.
      let cell = '';
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      if (text[i] === '"') {
        blank = false;
        i++;
        for (;;) {
          if (i >= n) return { ok: false, error: `line ${startLine}: unterminated quoted field` };
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          return { ok: false, error: `line ${line}: unexpected text after a closing quote` };
        }
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        cell = text.slice(from, i).trim();
        if (cell.includes('"')) return { ok: false, error: `line ${line}: stray quote in a field` };
        if (cell !== '') blank = false;
      }
      cells.push(cell);
      if (text[i] === ',') {
        blank = false;
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    if (!blank) rows.push({ line: startLine, cells });
    line++;
  }
  return { ok: true, rows };
}

/** Quotes a cell when it holds a comma, quote, line break or edge whitespace. */
export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
