// @ts-check
/**
 * npm run eval:cv [-- --corpus MANIFEST.tsv] [--holdout MANIFEST.tsv] [--fps 8]
 *                    [--max-seconds 10] [--l2 0.3] [--no-write] [--out FILE.json]
 *                    [--cues a,b] [--exclude cue.measure,...] [--quadratic cue.measure,...]
 *                    [--grid] [--cached-only] [--frame-oof FILE.json] [--score-with FILE.json]
 *                    [--also-live EVAL.json] [--augment A/MANIFEST.tsv,...]
 *
 * Fits and validates the video classifier (issue #15):
 * 1. Every video of the corpus (default ../shared/corpus/MANIFEST.tsv, with `group` and
 *    `method` columns) and of the held-out set (default ../shared/fixtures/media/MANIFEST.tsv)
 *    is analysed once by the shipped analyser in Chromium (scripts/lib/analyse-files.mjs,
 *    cached in bench/out/analysed/).
 * 2. On the corpus: grouped 5-fold cross-validation and leave-one-method-out, per method, per
 *    cue (a model on that cue's features alone) and per feature (its own AUC).
 * 3. The classifier is fitted on the whole corpus, its likely-fake threshold set so that at most
 *    5% of the reals reach it out of fold, and written to lib/scoring/classifier.json.
 * 4. The held-out set (never trained on) is scored by that model.
 * 5. With --score-with, a classifier already fitted (e.g. the shipped lib/scoring/classifier.json,
 *    fitted at 8 fps) also scores these videos without refitting: to check that a change of
 *    analysis rate (--fps 15) leaves the shipped model's figures where they were.
 *
 * The frame model behind cue `blend` was itself fitted on the corpus, so its scores on corpus
 * videos are in-sample. For every corpus video named in --frame-oof (default
 * training/frame-oof.json, written by `training/run.sh`: each video scored by a frame-model
 * head that never saw it) the blend.* features are replaced by those out-of-fold ones, and a
 * corpus video the file does not name loses its blend.* features (stacking: the classifier
 * learns how far to trust the frame model on videos it has not seen).
 * Figures go to stdout, bench/out/cv-results.json and the eval:cv section of bench/RESULTS.md.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { analyseFiles } from './lib/analyse-files.mjs';
import { ROOT } from './lib/browser.mjs';
import { readManifest, VIDEO_FILE } from './lib/manifest.mjs';
import { importTs } from './lib/ts.mjs';

const argv = process.argv.slice(2);
/** @param {string} name @param {string} fallback */
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? /** @type {string} */ (argv[i + 1]) : fallback;
};
const corpusPath = opt('corpus', path.join(ROOT, '..', 'shared', 'corpus', 'MANIFEST.tsv'));
const holdoutPath = opt(
  'holdout',
  path.join(ROOT, '..', 'shared', 'fixtures', 'media', 'MANIFEST.tsv'),
);
const fps = Number(opt('fps', '8'));
const maxSeconds = Number(opt('max-seconds', '10'));
const write = !argv.includes('--no-write');
const outPath = opt('out', path.join(ROOT, 'bench', 'out', 'cv-results.json'));

for (const p of [corpusPath, holdoutPath]) {
  if (!existsSync(p)) {
    console.error(`eval:cv: ${p} not found`);
    process.exit(2);
  }
}

/** @type {typeof import('../lib/scoring/fit-classifier')} */
const fit = await importTs('lib/scoring/fit-classifier.ts');
/** @type {typeof import('../lib/scoring/classifier')} */
const { classifyFeatures, featureCue } = await importTs('lib/scoring/classifier.ts');
/** @type {typeof import('../lib/scoring/metrics')} */
const { rocAuc } = await importTs('lib/scoring/metrics.ts');

/** @param {string} name */
const list = (name) =>
  opt(name, '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
/** @type {import('../lib/scoring/fit-classifier').FitOptions} */
const options = {
  ...fit.DEFAULT_FIT_OPTIONS,
  l2: Number(opt('l2', String(fit.DEFAULT_FIT_OPTIONS.l2))),
  exclude: [...(fit.DEFAULT_FIT_OPTIONS.exclude ?? []), ...list('exclude')],
  // --cues all: every cue; --cues a,b: those; default: CLASSIFIER_CUES.
  ...(list('cues').length > 0
    ? list('cues')[0] === 'all'
      ? { cues: undefined }
      : { cues: list('cues') }
    : {}),
  ...(list('quadratic').length > 0 ? { quadratic: list('quadratic') } : {}),
};

const videoRows = (/** @type {string} */ manifest) =>
  readManifest(manifest).rows.filter((r) => VIDEO_FILE.test(r.file));
const corpusRows = videoRows(corpusPath);
const holdoutRows = videoRows(holdoutPath);
// --augment A/MANIFEST.tsv[,B/...]: other renderings of the corpus videos (see below).
const augment = list('augment');
const augmentRows = augment.flatMap(videoRows);
const started = Date.now();
const analysed = await analyseFiles(
  [...corpusRows, ...holdoutRows, ...augmentRows].map((r) => r.file),
  {
    fps,
    maxSeconds,
    cachedOnly: argv.includes('--cached-only'),
    log: (line) => console.error(`[eval:cv] ${line}`),
  },
);

/**
 * @param {import('./lib/manifest.mjs').ManifestRow[]} rows
 * @returns {{ examples: import('../lib/scoring/fit-classifier').Example[], abstained: { name: string, label: number, method: string, why: string }[] }}
 */
function toExamples(rows) {
  /** @type {import('../lib/scoring/fit-classifier').Example[]} */
  const examples = [];
  const abstained = [];
  for (const row of rows) {
    const result = analysed.get(row.file);
    const outcome = result?.outcome;
    const features = outcome?.features ?? {};
    if (!outcome || Object.keys(features).length === 0) {
      abstained.push({
        name: row.name,
        label: row.label,
        method: row.label ? row.method : 'real',
        why: result?.error ?? outcome?.reason ?? 'no features',
      });
      continue;
    }
    examples.push({
      name: row.name,
      label: row.label,
      group: row.columns.group || row.name,
      method: row.label ? row.method : '',
      // real__<source>__name, fake__<Method>__<source>__name (the corpus naming).
      source: row.name.split('__')[row.label ? 2 : 1] ?? row.name,
      features,
    });
  }
  return { examples, abstained };
}

const SHARED_CORPUS = path.join(ROOT, '..', 'shared', 'corpus', 'MANIFEST.tsv');
const oofPath = opt('frame-oof', path.join(ROOT, 'training', 'frame-oof.json'));
const trainedOnCorpus = path.resolve(corpusPath) === path.resolve(SHARED_CORPUS);
if (trainedOnCorpus && !existsSync(oofPath)) {
  console.error(
    `eval:cv: ${oofPath} not found. The frame model was fitted on this corpus, so its in-sample scores ` +
      'must not train the classifier; make the out-of-fold ones with sh training/run.sh (or ' +
      '/usr/bin/python3 -m telltale_train.head --copies 3 --oof frame-oof.json in training/)',
  );
  process.exit(2);
}
/** @type {Record<string, Record<string, number>>} */
const frameOof = trainedOnCorpus ? JSON.parse(readFileSync(oofPath, 'utf8')).videos : {};
/** @param {import('../lib/scoring/fit-classifier').Example[]} examples */
function useOutOfFoldBlend(examples) {
  let replaced = 0;
  for (const e of examples) {
    const features = { ...e.features };
    for (const k of Object.keys(features)) if (k.startsWith('blend.')) delete features[k];
    const oof = frameOof[e.name];
    if (oof) {
      for (const k of ['mean', 'trimmed', 'q90', 'fracAbove05', 'meanLogit']) {
        const v = oof[k];
        if (typeof v === 'number' && Number.isFinite(v)) features[`blend.${k}`] = v;
      }
      replaced += 1;
    }
    e.features = features;
  }
  return replaced;
}

const corpus = toExamples(corpusRows);
// --also-live FILE.json (experiment): the same corpus videos as `npm run eval -- CORPUS --json
// --out FILE.json` measured them through the live (planar) path, added as second examples of
// the same group (each group still weighs 1 per class, so each rendering weighs half): the
// classifier then learns from measures as both renderings give them.
const alsoLive = opt('also-live', '');
if (alsoLive) {
  const live = new Map(
    JSON.parse(readFileSync(alsoLive, 'utf8')).results.map(
      (/** @type {{ file: string, features?: Record<string, number> }} */ r) => [
        path.basename(r.file),
        r.features ?? {},
      ],
    ),
  );
  const copies = [];
  for (const e of corpus.examples) {
    const row = corpusRows.find((r) => r.name === e.name);
    const features = row ? live.get(path.basename(row.file)) : undefined;
    if (features && Object.keys(features).length > 0) copies.push({ ...e, features });
  }
  corpus.examples.push(...copies);
  console.error(`[eval:cv] ${copies.length} live-path copies of corpus videos from ${alsoLive}`);
}
// --augment A/MANIFEST.tsv[,B/...]: other renderings of the corpus videos (e.g. made by
// scripts/bench/reencode-manifest.mjs), matched to them by file name. Each trains as a second
// example of its video's group (each group still weighs 1 per class) and is never scored, so
// CV and leave-one-method-out stay per original video. The frame model's out-of-fold measures
// are the original's (its own would be near in-sample: the frame model saw the original).
if (augmentRows.length > 0) {
  const byName = new Map(corpus.examples.map((e) => [path.parse(e.name).name, e]));
  let added = 0;
  for (const row of augmentRows) {
    const original = byName.get(path.parse(row.name).name);
    const features = analysed.get(row.file)?.outcome?.features ?? {};
    if (!original || original.label !== row.label || Object.keys(features).length === 0) continue;
    corpus.examples.push({ ...original, features, trainOnly: true });
    added += 1;
  }
  console.error(
    `[eval:cv] ${added} training-only renderings of corpus videos from ${augment.join(', ')}`,
  );
}
if (trainedOnCorpus) {
  const n = useOutOfFoldBlend(corpus.examples);
  console.error(
    `[eval:cv] blend.* features of ${n}/${corpus.examples.length} corpus videos from ${path.relative(ROOT, oofPath)} (out of fold)`,
  );
}
const holdout = toExamples(holdoutRows);
const ex = corpus.examples;
const labels = ex.map((e) => e.label);
/** The corpus videos themselves (without --augment's extra renderings), for counts and tables. */
const originals = ex.filter((e) => !e.trainOnly);

if (argv.includes('--grid')) {
  // Exploration only: grouped-CV and leave-one-method-out AUC for a few penalties; writes nothing.
  for (const l2 of [0.03, 0.1, 0.3, 1, 3]) {
    const o = { ...options, l2 };
    const p = fit.outOfFold(ex, fit.groupedFolds(ex, 5), o);
    const lomo = [...fit.leaveOneMethodOut(ex, o, 5).values()].map(
      (r) => rocAuc(r.probabilities, r.labels).auc ?? 0.5,
    );
    const keep = p.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
    const cv = rocAuc(
      keep.map((i) => /** @type {number} */ (p[i])),
      keep.map((i) => /** @type {0|1} */ (labels[i])),
    ).auc;
    const mean = lomo.reduce((a, b) => a + b, 0) / lomo.length;
    console.log(`l2 ${l2}: grouped CV AUC ${cv?.toFixed(3)}, LOMO mean ${mean.toFixed(3)}`);
  }
  process.exit(0);
}

/** @param {(number | null)[]} p @param {(0|1)[]} l */
function auc(p, l) {
  const keep = p.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
  return rocAuc(
    keep.map((i) => /** @type {number} */ (p[i])),
    keep.map((i) => /** @type {0|1} */ (l[i])),
  ).auc;
}

// Grouped 5-fold cross-validation.
const folds = fit.groupedFolds(ex, 5);
const oof = fit.outOfFold(ex, folds, options);
const thresholds = fit.chooseThresholds(oof, labels, options);
const cvAuc = auc(oof, labels);
const methods = [...new Set(originals.filter((e) => e.label === 1).map((e) => e.method))].sort();
/** @param {(number|null)[]} p @param {string} method */
const methodAuc = (p, method) => {
  const idx = ex
    .map((e, i) => (e.label === 0 || e.method === method ? i : -1))
    .filter((i) => i >= 0);
  return auc(
    idx.map((i) => p[i] ?? null),
    idx.map((i) => /** @type {0|1} */ (labels[i])),
  );
};
const realsOof = oof.filter((p, i) => p !== null && labels[i] === 0);
const fakesOof = oof.filter((p, i) => p !== null && labels[i] === 1);
const cvRealsFlagged = realsOof.filter(
  (p) => /** @type {number} */ (p) >= thresholds.likelyFake,
).length;
const cvFakesFlagged = fakesOof.filter(
  (p) => /** @type {number} */ (p) >= thresholds.likelyFake,
).length;

// Leave one method out.
const lomo = fit.leaveOneMethodOut(ex, options, 5);
const lomoRows = [...lomo.entries()].map(([method, r]) => {
  const fakes = r.probabilities.filter((_, i) => r.labels[i] === 1);
  return {
    method,
    fakes: fakes.length,
    auc: rocAuc(r.probabilities, r.labels).auc,
    caught: fakes.filter((p) => p >= thresholds.likelyFake).length,
    realsFlagged: r.probabilities.filter((p, i) => r.labels[i] === 0 && p >= thresholds.likelyFake)
      .length,
    reals: r.labels.filter((l) => l === 0).length,
    groupedCvAuc: methodAuc(oof, method),
  };
});
const lomoAucs = lomoRows.map((r) => r.auc).filter((a) => a !== null);
const lomoMean = lomoAucs.length
  ? lomoAucs.reduce((a, b) => a + /** @type {number} */ (b), 0) / lomoAucs.length
  : null;

// Per cue: grouped CV of a model on that cue's features alone; per feature: its own AUC on the
// corpus and on the held-out set. Every cue and feature, used by the classifier or not.
const allFeatures = fit.selectFeatures(ex, { ...options, cues: undefined, exclude: [] });
const cues = [...new Set(allFeatures.map(featureCue))].sort();
const perCue = cues.map((cue) => {
  const only = allFeatures.filter((f) => featureCue(f) === cue);
  const p = fit.outOfFold(ex, folds, { ...options, cues: undefined, only });
  return {
    cue,
    features: only.length,
    videos: originals.filter((e) => only.some((f) => e.features[f] !== undefined)).length,
    cvAuc: auc(p, labels),
  };
});
/** @param {import('../lib/scoring/fit-classifier').Example[]} set @param {string} f */
const featureAuc = (set, f) => {
  const has = set.filter((e) => e.features[f] !== undefined);
  const a = rocAuc(
    has.map((e) => /** @type {number} */ (e.features[f])),
    has.map((e) => e.label),
  ).auc;
  return { videos: has.length, auc: a };
};
const perFeature = allFeatures.map((f) => {
  const corpusAuc = featureAuc(originals, f);
  const heldOut = featureAuc(holdout.examples, f);
  return { feature: f, ...corpusAuc, heldOutVideos: heldOut.videos, heldOutAuc: heldOut.auc };
});

// Final model on the whole corpus.
const reals = originals.filter((e) => e.label === 0).length;
const extra = ex.length - originals.length;
const model = fit.fitClassifier(
  ex,
  options,
  {
    version: `classifier-${new Date().toISOString().slice(0, 10)}-${originals.length}v${extra ? `+${extra}` : ''}`,
    trainedOn: `${path.basename(path.dirname(path.resolve(corpusPath)))}: ${originals.length} videos (${reals} real, ${originals.length - reals} fake, ${methods.length} methods)${extra ? ` and ${extra} other renderings of them (${augment.join(', ')})` : ''}, analysed at ${fps} fps, first ${maxSeconds} s`,
    createdAt: new Date().toISOString(),
    notes:
      'Fitted by npm run eval:cv (lib/scoring/fit-classifier.ts). Thresholds from grouped 5-fold out-of-fold probabilities: likely-fake reached by at most 5% of corpus reals.',
  },
  thresholds,
);

// The held-out set, scored by the final model.
const held = holdout.examples.map((e) => {
  const r = classifyFeatures(e.features, model);
  return {
    name: e.name,
    label: e.label,
    method: e.method,
    probability: r.probability,
    verdict: r.verdict,
    reason: r.reason ?? null,
  };
});
/**
 * ROC AUC and likely-fake counts of scored videos (those with a probability).
 * @param {{ label: 0 | 1, probability: number | null, verdict: string }[]} rows
 */
function summarise(rows) {
  const scored = rows.filter((r) => r.probability !== null);
  /** @param {0 | 1} label */
  const flagged = (label) => {
    const of = scored.filter((r) => r.label === label);
    return `${of.filter((r) => r.verdict === 'likely-fake').length}/${of.length}`;
  };
  return {
    scored: scored.length,
    auc: rocAuc(
      scored.map((r) => /** @type {number} */ (r.probability)),
      scored.map((r) => r.label),
    ).auc,
    realsFlagged: flagged(0),
    fakesFlagged: flagged(1),
  };
}
const heldScored = held.filter((h) => h.probability !== null);
const heldSummary = summarise(held);
const heldAuc = heldSummary.auc;
const heldMethods = [...new Set(held.filter((h) => h.label === 1).map((h) => h.method))].sort();
const heldPerMethod = heldMethods.map((method) => {
  const g = heldScored.filter((h) => h.label === 0 || h.method === method);
  return {
    method,
    fakes: held.filter((h) => h.method === method).length,
    auc: rocAuc(
      g.map((h) => /** @type {number} */ (h.probability)),
      g.map((h) => /** @type {0|1} */ (h.label)),
    ).auc,
    caught: g.filter((h) => h.label === 1 && h.verdict === 'likely-fake').length,
  };
});

// An existing classifier on these features, not refitted (--score-with).
const scoreWithPath = opt('score-with', '');
/** @param {import('../lib/scoring/fit-classifier').Example[]} set @param {any} m */
const scoredBy = (set, m) =>
  summarise(set.map((e) => ({ label: e.label, ...classifyFeatures(e.features, m) })));
const scoreWith = scoreWithPath
  ? (() => {
      const m = JSON.parse(readFileSync(scoreWithPath, 'utf8'));
      return {
        file: scoreWithPath,
        version: m.version,
        corpus: scoredBy(ex, m),
        held: scoredBy(holdout.examples, m),
      };
    })()
  : null;

// The same protocol for other cue sets, so the choice of CLASSIFIER_CUES can be checked.
/** @param {import('../lib/scoring/fit-classifier').FitOptions} o */
function protocol(o) {
  const p = fit.outOfFold(ex, folds, o);
  const lomoAll = [...fit.leaveOneMethodOut(ex, o, 5).values()].map(
    (r) => rocAuc(r.probabilities, r.labels).auc ?? 0.5,
  );
  const m = fit.fitClassifier(ex, o);
  const h = holdout.examples
    .map((e) => ({
      label: e.label,
      p: classifyFeatures(e.features, { ...m, minFeatures: 0 }).probability,
    }))
    .filter((x) => x.p !== null);
  return {
    cv: auc(p, labels),
    lomo: lomoAll.reduce((a, b) => a + b, 0) / lomoAll.length,
    held: rocAuc(
      h.map((x) => /** @type {number} */ (x.p)),
      h.map((x) => /** @type {0|1} */ (x.label)),
    ).auc,
  };
}
const alternatives = [
  { label: 'shipped (CLASSIFIER_CUES)', cv: cvAuc, lomo: lomoMean, held: heldAuc },
  ...[
    { label: 'every cue', o: { ...options, cues: undefined } },
    { label: 'motion only', o: { ...options, cues: ['motion'] } },
    { label: 'lrnet only', o: { ...options, cues: ['lrnet'] } },
  ].map((a) => ({ label: a.label, ...protocol(a.o) })),
];

const validation = {
  corpusVideos: originals.length,
  corpusAbstained: corpus.abstained.length,
  groupedCvAuc: cvAuc,
  lomoMeanAuc: lomoMean,
  cvRealsFlagged: `${cvRealsFlagged}/${realsOof.length}`,
  cvFakesFlagged: `${cvFakesFlagged}/${fakesOof.length}`,
  holdoutAuc: heldAuc,
  holdoutRealsFlagged: heldSummary.realsFlagged,
  holdoutFakesFlagged: heldSummary.fakesFlagged,
  l2: options.l2,
};
model.validation = validation;

/** @param {number | null | undefined} x */
const f2 = (x) => (x === null || x === undefined ? '—' : x.toFixed(2));
const lines = [];
lines.push(`## Classifier cross-validation (npm run eval:cv)`);
lines.push('');
lines.push(
  `${new Date().toISOString()}; \`npm run eval:cv\` (fps ${fps}, first ${maxSeconds} s, L2 ${options.l2}); model ${model.version}`,
);
lines.push('');
lines.push(
  `Corpus ${path.resolve(corpusPath)}: ${originals.length} videos with features${extra ? ` (and ${extra} training-only renderings)` : ''}, ${corpus.abstained.length} abstained. Held out: ${path.resolve(holdoutPath)} (never trained on).`,
);
lines.push('');
lines.push('| measure | value |');
lines.push('| --- | --- |');
lines.push(`| corpus grouped 5-fold ROC AUC | ${f2(cvAuc)} |`);
lines.push(`| corpus leave-one-method-out mean ROC AUC | ${f2(lomoMean)} |`);
lines.push(
  `| thresholds (likely-fake / likely-real) | ${thresholds.likelyFake} / ${thresholds.likelyReal} |`,
);
lines.push(`| corpus reals at likely-fake, out of fold | ${validation.cvRealsFlagged} |`);
lines.push(`| corpus fakes at likely-fake, out of fold | ${validation.cvFakesFlagged} |`);
lines.push(
  `| held-out ROC AUC | ${f2(heldAuc)} (${heldSummary.scored} scored, ${holdout.abstained.length} abstained) |`,
);
lines.push(`| held-out reals called likely-fake | ${validation.holdoutRealsFlagged} |`);
lines.push(`| held-out fakes called likely-fake | ${validation.holdoutFakesFlagged} |`);
lines.push('');
if (scoreWith) {
  lines.push(
    `Not refitted: ${scoreWith.file} (${scoreWith.version}) on these features (fps ${fps}). Its corpus figures are in-sample when it was fitted on this corpus.`,
  );
  lines.push('');
  lines.push('| set | scored | ROC AUC | reals at likely-fake | fakes at likely-fake |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const [set, r] of /** @type {const} */ ([
    ['corpus', scoreWith.corpus],
    ['held out', scoreWith.held],
  ])) {
    lines.push(`| ${set} | ${r.scored} | ${f2(r.auc)} | ${r.realsFlagged} | ${r.fakesFlagged} |`);
  }
  lines.push('');
}
lines.push('| cues the classifier learns from | grouped CV | LOMO mean | held out |');
lines.push('| --- | ---: | ---: | ---: |');
for (const a of alternatives) {
  lines.push(`| ${a.label} | ${f2(a.cv)} | ${f2(a.lomo)} | ${f2(a.held)} |`);
}
lines.push('');
lines.push(
  '| method (corpus) | fakes | LOMO AUC | grouped-CV AUC | LOMO caught | LOMO reals flagged |',
);
lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of lomoRows) {
  lines.push(
    `| ${r.method} | ${r.fakes} | ${f2(r.auc)} | ${f2(r.groupedCvAuc)} | ${r.caught}/${r.fakes} | ${r.realsFlagged}/${r.reals} |`,
  );
}
lines.push('');
lines.push('| method (held out) | fakes | AUC vs reals | caught |');
lines.push('| --- | ---: | ---: | ---: |');
for (const r of heldPerMethod)
  lines.push(`| ${r.method} | ${r.fakes} | ${f2(r.auc)} | ${r.caught} |`);
lines.push('');
lines.push('| cue (its features alone, grouped CV) | features | videos | AUC |');
lines.push('| --- | ---: | ---: | ---: |');
for (const c of perCue) lines.push(`| ${c.cue} | ${c.features} | ${c.videos} | ${f2(c.cvAuc)} |`);
lines.push('');
lines.push(
  '| feature | corpus videos | corpus AUC (alone, > 0.5: higher in fakes) | held-out videos | held-out AUC | weight |',
);
lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const f of perFeature) {
  const w = model.terms.find((t) => t.feature === f.feature && t.power === 1)?.weight;
  lines.push(
    `| ${f.feature} | ${f.videos} | ${f2(f.auc)} | ${f.heldOutVideos} | ${f2(f.heldOutAuc)} | ${w === undefined ? '—' : w.toFixed(3)} |`,
  );
}
lines.push('');
if (corpus.abstained.length + holdout.abstained.length > 0) {
  lines.push(
    'Abstained (no features): ' +
      [...corpus.abstained, ...holdout.abstained].map((a) => `${a.name} (${a.why})`).join('; '),
  );
  lines.push('');
}
const text = lines.join('\n');
console.log(text);
console.error(`[eval:cv] ${((Date.now() - started) / 1000).toFixed(0)} s`);

mkdirSync(path.dirname(outPath), { recursive: true });
writeFileSync(
  outPath,
  JSON.stringify(
    {
      validation,
      thresholds,
      lomo: lomoRows,
      perCue,
      perFeature,
      holdout: held,
      ...(scoreWith ? { scoreWith } : {}),
      abstained: [...corpus.abstained, ...holdout.abstained],
      oof: ex.flatMap((e, i) =>
        e.trainOnly
          ? []
          : [{ name: e.name, label: e.label, method: e.method, group: e.group, p: oof[i] }],
      ),
    },
    null,
    2,
  ),
);
if (write) {
  writeFileSync(
    path.join(ROOT, 'lib', 'scoring', 'classifier.json'),
    `${JSON.stringify(model, null, 2)}\n`,
  );
  console.error('[eval:cv] wrote lib/scoring/classifier.json');
  const results = path.join(ROOT, 'bench', 'RESULTS.md');
  const begin = '<!-- eval:cv begin -->';
  const end = '<!-- eval:cv end -->';
  const old = existsSync(results) ? readFileSync(results, 'utf8') : '';
  const section = `${begin}\n${text}\n${end}`;
  const next = old.includes(begin)
    ? old.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section)
    : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(results, next);
  console.error('[eval:cv] updated bench/RESULTS.md');
}
