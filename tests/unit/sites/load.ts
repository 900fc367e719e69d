/** Loads a saved page into a DOM document (happy-dom; the page's scripts do not run). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const SHARED_SITES = path.resolve(ROOT, '..', 'shared', 'fixtures', 'sites');
export const LOCAL_SITES = path.join(ROOT, 'tests', 'fixtures', 'sites');
export const HAS_SHARED_SITES = existsSync(SHARED_SITES);

export function loadPage(file: string): Document {
  const html = readFileSync(file, 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}
