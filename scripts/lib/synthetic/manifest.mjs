// @ts-check
/** Tab-separated manifests with a header row (the layout of ../shared/fixtures/media). */
import { readFile, writeFile, rename } from 'node:fs/promises';

/**
 * @param {string} file
 * @returns {Promise<Array<Record<string, string>>>}
 */
export async function readManifest(file) {
  const text = await readFile(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    /** @type {Record<string, string>} */
    const row = {};
    header.forEach((name, i) => {
      row[name] = cells[i] ?? '';
    });
    return row;
  });
}

/** Tabs and newlines cannot appear inside a cell. @param {unknown} value */
function cell(value) {
  return String(value ?? '').replace(/[\t\r\n]+/g, ' ');
}

/**
 * Writes atomically (temp file + rename), so a reader never sees half a manifest.
 * @param {string} file
 * @param {readonly string[]} columns
 * @param {ReadonlyArray<Record<string, unknown>>} rows
 */
export async function writeManifest(file, columns, rows) {
  const lines = [
    columns.join('\t'),
    ...rows.map((row) => columns.map((c) => cell(row[c])).join('\t')),
  ];
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${lines.join('\n')}\n`);
  await rename(tmp, file);
}
