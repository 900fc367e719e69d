// @ts-check
/** Reads evaluation manifests: TSV with a header row and at least `file` and `label` columns. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Video files (manifests also list still images, which the video paths skip). */
export const VIDEO_FILE = /\.(mp4|webm|mov|mkv|avi|m4v)$/i;

/**
 * @typedef {object} ManifestRow
 * @property {string} file    absolute path
 * @property {string} name    as written in the manifest
 * @property {0 | 1} label    1 = fake
 * @property {string} method  generation method ('' for reals when absent)
 * @property {Record<string, string>} columns all columns
 */

/**
 * @param {string} manifestPath
 * @returns {{ rows: ManifestRow[], skipped: { name: string, why: string }[] }}
 */
export function readManifest(manifestPath) {
  const text = readFileSync(manifestPath, 'utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const header = (lines.shift() ?? '').split('\t');
  if (!header.includes('file') || !header.includes('label')) {
    throw new Error(
      `${manifestPath}: the header must have "file" and "label" columns (tab-separated)`,
    );
  }
  const dir = path.dirname(path.resolve(manifestPath));
  /** @type {ManifestRow[]} */
  const rows = [];
  /** @type {{ name: string, why: string }[]} */
  const skipped = [];
  for (const line of lines) {
    const cells = line.split('\t');
    /** @type {Record<string, string>} */
    const columns = {};
    header.forEach((name, i) => (columns[name] = cells[i] ?? ''));
    const name = columns.file ?? '';
    const label = (columns.label ?? '').trim().toLowerCase();
    if (label !== 'real' && label !== 'fake') {
      skipped.push({ name, why: `label "${label}" is neither real nor fake` });
      continue;
    }
    rows.push({
      file: path.resolve(dir, name),
      name,
      label: label === 'fake' ? 1 : 0,
      method: columns.method?.trim() || (label === 'real' ? 'real' : 'unknown'),
      columns,
    });
  }
  return { rows, skipped };
}
