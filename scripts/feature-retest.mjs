// @ts-check
/**
 * node scripts/feature-retest.mjs EVAL.json [--fps 8] [--max-seconds 10] [--classifier A.json,B.json]
 *
 * How far each classifier feature moves between the two ways Telltale renders a video: the live
 * path (`npm run eval -- MANIFEST --json --out EVAL.json`: planes drawn in the offscreen
 * document) and the diagnostics page behind `npm run eval:cv` (its cache in bench/out/analysed,
 * read only, never recomputed here). Per feature, over the videos both measured: Pearson r, the
 * mean absolute difference and the spread between videos. A feature whose r is low measures the
 * renderer as much as the video. With --classifier, each classifier JSON (as eval:cv writes
 * lib/scoring/classifier.json) is also scored on the live features: ROC AUC and how many reals
 * and fakes reach its likely-fake threshold.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from './lib/args.mjs';
import { analyseFiles } from './lib/analyse-files.mjs';
import { importTs } from './lib/ts.mjs';

const { positional, options } = parseArgs(process.argv.slice(2), []);
const evalFile = positional[0];
if (!evalFile) {
  console.error(
    'usage: node scripts/feature-retest.mjs EVAL.json [--fps 8] [--max-seconds 10] [--classifier A.json,B.json]',
  );
  process.exit(2);
}
/** @type {typeof import('../lib/scoring/classifier')} */
const { classifyFeatures } = await importTs('lib/scoring/classifier.ts');
/** @type {typeof import('../lib/scoring/metrics')} */
const { rocAuc } = await importTs('lib/scoring/metrics.ts');

/** @type {{ file: string, label: number | string, features?: Record<string, number> }[]} */
const results = JSON.parse(readFileSync(evalFile, 'utf8')).results.filter(
  (/** @type {{ features?: object }} */ r) => r.features && Object.keys(r.features).length > 0,
);
const cached = await analyseFiles(
  results.map((r) => r.file),
  {
    fps: Number(options.fps ?? 8),
    maxSeconds: Number(options['max-seconds'] ?? 10),
    cachedOnly: true,
  },
);

/** @type {Map<string, [number, number][]>} */
const pairs = new Map();
for (const r of results) {
  /** @type {Record<string, number>} */
  const other = cached.get(r.file)?.outcome?.features ?? {};
  for (const [name, live] of Object.entries(r.features ?? {})) {
    const diag = other[name];
    if (Number.isFinite(live) && Number.isFinite(diag)) {
      pairs.set(name, [...(pairs.get(name) ?? []), [live, /** @type {number} */ (diag)]]);
    }
  }
}
const mean = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (/** @type {number[]} */ xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
console.log(`${results.length} live videos, ${cached.size} with a diagnostics cache entry`);
console.log(
  '| feature | videos | r (live vs diagnostics) | mean abs diff | spread between videos |',
);
console.log('| --- | ---: | ---: | ---: | ---: |');
const rows = [...pairs.entries()]
  .filter(([, xy]) => xy.length >= 5)
  .map(([name, xy]) => {
    const [x, y] = [xy.map((p) => p[0]), xy.map((p) => p[1])];
    const cov = mean(xy.map(([a, b]) => (a - mean(x)) * (b - mean(y))));
    const r = std(x) > 0 && std(y) > 0 ? cov / (std(x) * std(y)) : NaN;
    return {
      name,
      n: xy.length,
      r,
      diff: mean(xy.map(([a, b]) => Math.abs(a - b))),
      spread: std(y),
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name));
for (const f of rows) {
  console.log(
    `| ${f.name} | ${f.n} | ${f.r.toFixed(2)} | ${f.diff.toFixed(3)} | ${f.spread.toFixed(3)} |`,
  );
}

const classifiers = String(options.classifier ?? '')
  .split(',')
  .filter(Boolean);
for (const file of classifiers) {
  const model = JSON.parse(readFileSync(file, 'utf8'));
  const labels = results.map(
    (r) => /** @type {0 | 1} */ (r.label === 1 || r.label === 'fake' ? 1 : 0),
  );
  const p = results.map((r) => classifyFeatures(r.features ?? {}, model).probability);
  const keep = p.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
  const auc = rocAuc(
    keep.map((i) => /** @type {number} */ (p[i])),
    keep.map((i) => /** @type {0 | 1} */ (labels[i])),
  ).auc;
  const flagged = (/** @type {0 | 1} */ label) =>
    keep.filter(
      (i) => labels[i] === label && /** @type {number} */ (p[i]) >= model.thresholds.likelyFake,
    ).length;
  console.log(
    `${file}: live-feature ROC AUC ${auc?.toFixed(3)} over ${keep.length} videos; at likely-fake ` +
      `${flagged(0)} reals, ${flagged(1)} fakes`,
  );
}
