// @ts-check
/**
 * node scripts/bench/feature-ab.mjs OTHER_ROOT [MANIFEST] [--fps 8] [--max-seconds 10]
 *
 * A/B of an analysis change on labelled videos: every video of MANIFEST (default the fixtures,
 * ../shared/fixtures/media/MANIFEST.tsv) is analysed by this checkout's build (A) and by the
 * build of OTHER_ROOT (B, e.g. a git worktree with the change, built), each through its own
 * scripts/lib/analyse-files.mjs and cached in its own bench/out/analysed. Prints, per video, the
 * risk of each, and per classifier feature the mean and the ROC AUC (fake vs real) of each, so a
 * change that moves a feature's separation shows before any refit. Build both first.
 */
import path from 'node:path';
import { parseArgs } from '../lib/args.mjs';
import { analyseFiles } from '../lib/analyse-files.mjs';
import { ROOT } from '../lib/browser.mjs';
import { readManifest, VIDEO_FILE } from '../lib/manifest.mjs';
import { importTs } from '../lib/ts.mjs';

const { positional, options } = parseArgs(process.argv.slice(2), []);
const other = positional[0];
if (!other) {
  console.error('usage: node scripts/bench/feature-ab.mjs OTHER_ROOT [MANIFEST] [--fps 8]');
  process.exit(2);
}
const manifest =
  positional[1] ?? path.join(ROOT, '..', 'shared', 'fixtures', 'media', 'MANIFEST.tsv');
const run = {
  fps: Number(options.fps ?? 8),
  maxSeconds: Number(options['max-seconds'] ?? 10),
  log: (/** @type {string} */ line) => console.error(line),
};
/** @type {typeof import('../../lib/scoring/metrics')} */
const { rocAuc } = await importTs('lib/scoring/metrics.ts');

const rows = readManifest(manifest).rows.filter((r) => VIDEO_FILE.test(r.file));
const files = rows.map((r) => r.file);
const a = await analyseFiles(files, run);
/** @type {{ analyseFiles: typeof analyseFiles }} */
const b = await import(path.resolve(other, 'scripts', 'lib', 'analyse-files.mjs'));
const bResults = await b.analyseFiles(files, run);

/** @param {any} result @returns {Record<string, number>} */
const features = (result) => result?.outcome?.features ?? {};
/** @param {any} result @returns {number | null} */
const risk = (result) => result?.outcome?.risk ?? null;

console.log(`| video | label | risk A | risk B |\n| --- | --- | ---: | ---: |`);
for (const r of rows) {
  const label = r.label ? 'fake' : 'real';
  console.log(`| ${r.name} | ${label} | ${risk(a.get(r.file))} | ${risk(bResults.get(r.file))} |`);
}

/** @param {(file: string) => number | null | undefined} value */
function auc(value) {
  /** @type {number[]} */ const scores = [];
  /** @type {number[]} */ const labels = [];
  for (const r of rows) {
    const v = value(r.file);
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    scores.push(v);
    labels.push(r.label);
  }
  return { n: scores.length, auc: rocAuc(scores, /** @type {(0 | 1)[]} */ (labels)).auc ?? NaN };
}
const names = [...new Set(rows.flatMap((r) => Object.keys(features(a.get(r.file)))))].sort();
const fmt = (/** @type {number} */ x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
/** @param {Map<string, any>} results @param {string} name */
const mean = (results, name) => {
  const v = rows.map((r) => features(results.get(r.file))[name]).filter((x) => x !== undefined);
  return v.length ? v.reduce((s, x) => s + /** @type {number} */ (x), 0) / v.length : NaN;
};
const riskA = auc((f) => risk(a.get(f)));
const riskB = auc((f) => risk(bResults.get(f)));
console.log(
  `\nrisk: ROC AUC A ${fmt(riskA.auc)} (n ${riskA.n}), B ${fmt(riskB.auc)} (n ${riskB.n})\n`,
);
console.log(
  '| feature | n A / B | mean A | mean B | AUC A | AUC B |\n| --- | ---: | ---: | ---: | ---: | ---: |',
);
for (const name of names) {
  const ra = auc((f) => features(a.get(f))[name]);
  const rb = auc((f) => features(bResults.get(f))[name]);
  console.log(
    `| ${name} | ${ra.n} / ${rb.n} | ${fmt(mean(a, name))} | ${fmt(mean(bResults, name))} | ${fmt(ra.auc)} | ${fmt(rb.auc)} |`,
  );
}
