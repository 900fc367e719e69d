// @ts-check
/**
 * npm run train -- EVAL.json [EVAL.json ...] [--out FILE] [--dry-run]
 *
 * Fits the fusion weights (lib/scoring/train.ts: logistic regression with non-negative cue
 * weights, thresholds for a low false-positive rate) on the per-file results that
 * `npm run eval` wrote, and writes lib/scoring/fusion-weights.json (or --out).
 * Train on one set and evaluate on another: the fixtures' generators should stay unseen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/browser.mjs';
import { importTs } from './lib/ts.mjs';

const argv = process.argv.slice(2);
const dryRun = argv.includes('--dry-run');
const outIndex = argv.indexOf('--out');
const out =
  outIndex >= 0 ? argv[outIndex + 1] : path.join(ROOT, 'lib', 'scoring', 'fusion-weights.json');
const inputs = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--out');
if (inputs.length === 0) {
  console.error('usage: npm run train -- EVAL.json [EVAL.json ...] [--out FILE] [--dry-run]');
  process.exit(2);
}

/** @type {typeof import('../lib/scoring/train')} */
const { trainFusion } = await importTs('lib/scoring/train.ts');
/** @type {typeof import('../lib/scoring/weights')} */
const { serializeFusionWeights } = await importTs('lib/scoring/weights.ts');

/** @type {import('../lib/scoring/train').TrainingExample[]} */
const examples = [];
/** @type {string[]} */
const sources = [];
for (const file of inputs) {
  const data = JSON.parse(readFileSync(/** @type {string} */ (file), 'utf8'));
  const results = /** @type {any[]} */ (data.results ?? []);
  for (const r of results) {
    if (r.state === 'error' || r.state === 'unsupported') continue;
    examples.push({ label: r.label, cues: r.cues ?? {} });
  }
  sources.push(
    `${path.basename(path.dirname(data.summary?.manifest ?? file))} (${results.length} files)`,
  );
}
const reals = examples.filter((e) => e.label === 0).length;
const fakes = examples.length - reals;
const { weights, probabilities } = trainFusion(examples, {
  trainedOn: `${sources.join(' + ')}: ${reals} real, ${fakes} fake`,
  notes: 'Fitted by npm run train on npm run eval results. Weights >= 0 keep fusion monotone.',
});
const text = serializeFusionWeights(weights);
console.log(text);
const scored = probabilities.filter((p) => p !== null).length;
console.error(
  `[train] ${examples.length} examples (${reals} real, ${fakes} fake), ${scored} with a fused probability`,
);
if (!dryRun) {
  writeFileSync(/** @type {string} */ (out), `${text.trimEnd()}\n`);
  console.error(`[train] wrote ${out}`);
}
