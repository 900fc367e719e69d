// @ts-check
/**
 * Loads the project's TypeScript modules (lib/) from plain Node scripts, through jiti (the same
 * transform WXT uses for its config), so scripts share code with the extension instead of
 * copying it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const jiti = createJiti(import.meta.url, { alias: { '@': ROOT }, interopDefault: true });

/**
 * @template T
 * @param {string} relative  path from the repository root, e.g. 'lib/scoring/metrics.ts'
 * @returns {Promise<T>}
 */
export function importTs(relative) {
  return jiti.import(path.join(ROOT, relative));
}
