// @ts-check
/**
 * Sections of bench/RESULTS.md that a script other than `npm run bench` owns (eval:cv,
 * bench:feed, bench:soak), each between `<!-- NAME begin -->` and `<!-- NAME end -->`: a
 * script replaces its own section and `npm run bench` keeps them all when it rewrites the rest.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/browser.mjs';

export const RESULTS_FILE = path.join(ROOT, 'bench', 'RESULTS.md');

/**
 * Replaces (or appends) the section `name` of bench/RESULTS.md with `text`.
 * @param {string} name
 * @param {string} text
 */
export function writeResultsSection(name, text) {
  const begin = `<!-- ${name} begin -->`;
  const end = `<!-- ${name} end -->`;
  const old = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
  const section = `${begin}\n${text.trim()}\n${end}`;
  const at = old.indexOf(begin);
  const stop = old.indexOf(end, at);
  const next =
    at >= 0 && stop > at
      ? `${old.slice(0, at)}${section}${old.slice(stop + end.length)}`
      : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS_FILE, next);
}

/**
 * Every owned section of `text`, in order, ready to be written back.
 * @param {string} text
 */
export function ownedSections(text) {
  return [...text.matchAll(/<!-- ([\w:-]+) begin -->[\s\S]*?<!-- \1 end -->/g)].map((m) => m[0]);
}
