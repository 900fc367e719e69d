// @ts-check
/**
 * npm run eval -- MANIFEST.tsv [--json] [--max-seconds N] [--limit N] [--methods a,b] [--out FILE] [--lip-sync]
 *
 * Scans every file of a manifest (TSV: file, label real|fake, optional method; paths relative
 * to the manifest) through the extension and prints detection quality: ROC AUC of the risk,
 * accuracy / FPR / TPR at the shipped thresholds, per-cue AUC, a per-method breakdown, files
 * that failed and why, and throughput. Per-file results go to --out (default
 * bench/out/eval-<manifest folder>.json) for training (npm run train).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/browser.mjs';
import { readManifest } from './lib/manifest.mjs';
import { Scanner, scanOrTranscode } from './lib/scanner.mjs';
import { importTs } from './lib/ts.mjs';
import { parseArgs } from './lib/args.mjs';

const { options, positional } = parseArgs(process.argv.slice(2), ['json', 'lip-sync']);
const manifestPath = positional[0];
const asJson = options.json === 'true';
const maxSeconds = Number(options['max-seconds'] ?? 10);
const limit = Number(options.limit ?? Infinity);

if (!manifestPath || !existsSync(manifestPath)) {
  console.error(
    'usage: npm run eval -- MANIFEST.tsv [--json] [--max-seconds N] [--limit N] [--methods a,b] [--out FILE] [--lip-sync]',
  );
  process.exit(2);
}

/** @type {typeof import('../lib/scoring/metrics')} */
const metrics = await importTs('lib/scoring/metrics.ts');
/** @type {typeof import('../lib/scoring/table')} */
const { formatTable } = await importTs('lib/scoring/table.ts');
/** @type {typeof import('../lib/scoring/classifier')} */
const { SHIPPED_CLASSIFIER } = await importTs('lib/scoring/classifier.ts');

const { rows, skipped } = readManifest(manifestPath);
const methodFilter = options.methods ? new Set(options.methods.split(',')) : null;
const selected = rows
  .filter((row) => !methodFilter || methodFilter.has(row.method))
  .slice(0, limit);
const started = Date.now();
/** @type {any[]} */
const results = [];
/** @type {{ name: string, why: string }[]} */
const failed = [];
const scanner = await Scanner.start({ lipSync: options['lip-sync'] === 'true' });
try {
  for (const [i, row] of selected.entries()) {
    if (!asJson) process.stderr.write(`[eval] ${i + 1}/${selected.length} ${row.name}\n`);
    if (!existsSync(row.file)) {
      failed.push({ name: row.name, why: 'file not found' });
      continue;
    }
    try {
      const json = await scanOrTranscode(scanner, row.file, { maxSeconds });
      results.push({ name: row.name, label: row.label, method: row.method, ...json });
      if (json.state === 'error') failed.push({ name: row.name, why: json.reason ?? 'error' });
    } catch (error) {
      failed.push({ name: row.name, why: error instanceof Error ? error.message : String(error) });
    }
  }
} finally {
  await scanner.close();
}
const wallS = (Date.now() - started) / 1000;

// Overall: risk as the score; abstentions (no risk) are counted, not scored.
const scored = results.filter((r) => typeof r.risk === 'number');
const scores = scored.map((r) => r.risk / 100);
/** @type {(0 | 1)[]} */
const labels = scored.map((r) => r.label);
const auc = metrics.rocAuc(scores, labels);
const thresholds = SHIPPED_CLASSIFIER.thresholds;
const atFake = metrics.ratesAt(scores, labels, thresholds.likelyFake);
const flaggedFake = scored.filter((r) => r.verdict === 'likely-fake');
const reals = scored.filter((r) => r.label === 0);
const fakes = scored.filter((r) => r.label === 1);
const verdictRates = {
  realsCalledFake: reals.length
    ? reals.filter((r) => r.verdict === 'likely-fake').length / reals.length
    : null,
  realsCalledReal: reals.length
    ? reals.filter((r) => r.verdict === 'likely-real').length / reals.length
    : null,
  fakesCalledFake: fakes.length
    ? fakes.filter((r) => r.verdict === 'likely-fake').length / fakes.length
    : null,
  fakesCalledReal: fakes.length
    ? fakes.filter((r) => r.verdict === 'likely-real').length / fakes.length
    : null,
};

// Per cue: AUC of the cue's score over the files where it spoke.
const cueNames = [...new Set(results.flatMap((r) => Object.keys(r.cues ?? {})))].sort();
const perCue = cueNames.map((name) => {
  const spoke = results.filter((r) => r.cues?.[name]?.status === 'ok');
  const cueAuc = metrics.rocAuc(
    spoke.map((r) => r.cues[name].score),
    spoke.map((r) => r.label),
  );
  return {
    cue: name,
    files: spoke.length,
    abstained: results.length - spoke.length,
    auc: cueAuc.auc,
    why: cueAuc.reason ?? null,
  };
});

// Per method: each method's fakes against all reals.
const methods = [...new Set(results.filter((r) => r.label === 1).map((r) => r.method))].sort();
const perMethod = methods.map((method) => {
  const group = scored.filter((r) => r.label === 0 || r.method === method);
  const g = metrics.rocAuc(
    group.map((r) => r.risk / 100),
    group.map((r) => r.label),
  );
  const fakesOf = results.filter((r) => r.method === method);
  const scoredFakes = fakesOf.filter((r) => typeof r.risk === 'number');
  return {
    method,
    files: fakesOf.length,
    scored: scoredFakes.length,
    meanRisk: scoredFakes.length
      ? scoredFakes.reduce((s, r) => s + r.risk, 0) / scoredFakes.length
      : null,
    caught: scoredFakes.filter((r) => r.verdict === 'likely-fake').length,
    aucVsReals: g.auc,
  };
});

const mediaSeconds = results.reduce((s, r) => s + Math.min(maxSeconds, r.durationS ?? 0), 0);
const summary = {
  date: new Date().toISOString(),
  manifest: path.resolve(manifestPath),
  files: selected.length,
  scanned: results.length,
  scored: scored.length,
  abstained: results.length - scored.length,
  reals: results.filter((r) => r.label === 0).length,
  fakes: results.filter((r) => r.label === 1).length,
  auc: auc.auc,
  aucReason: auc.reason ?? null,
  thresholds,
  fusionVersion: SHIPPED_CLASSIFIER.version,
  atLikelyFakeThreshold: { accuracy: atFake.accuracy, fpr: atFake.fpr, tpr: atFake.tpr },
  verdictRates,
  flaggedLikelyFake: flaggedFake.length,
  perCue,
  perMethod,
  failed,
  skipped,
  throughput: {
    mediaSeconds,
    wallSeconds: wallS,
    realtimeFactor: wallS > 0 ? mediaSeconds / wallS : null,
  },
  maxSeconds,
};

const out =
  options.out ??
  path.join(
    ROOT,
    'bench',
    'out',
    `eval-${path.basename(path.dirname(path.resolve(manifestPath)))}.json`,
  );
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ summary, results }, null, 2));

if (asJson) {
  console.log(
    JSON.stringify(
      {
        summary,
        results: results.map(({ cues, ...rest }) => ({
          ...rest,
          cueScores: Object.fromEntries(
            Object.entries(cues ?? {}).map(([k, v]) => [k, /** @type {any} */ (v).score]),
          ),
        })),
      },
      null,
      2,
    ),
  );
} else {
  const pct = (/** @type {number | null} */ x) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
  const lines = [
    `Telltale eval: ${summary.manifest}`,
    `fusion ${summary.fusionVersion}; thresholds likely-fake >= ${thresholds.likelyFake}, likely-real < ${thresholds.likelyReal}; max ${maxSeconds} s per file`,
    '',
    formatTable(
      [
        'files',
        'reals',
        'fakes',
        'scored',
        'abstained',
        'failed',
        'ROC AUC',
        'reals->fake',
        'reals->real',
        'fakes->fake',
        'fakes->real',
      ],
      [
        [
          summary.files,
          summary.reals,
          summary.fakes,
          summary.scored,
          summary.abstained,
          failed.length,
          auc.auc,
          pct(verdictRates.realsCalledFake),
          pct(verdictRates.realsCalledReal),
          pct(verdictRates.fakesCalledFake),
          pct(verdictRates.fakesCalledReal),
        ],
      ],
    ),
    '',
    'Per cue (AUC of the cue score where it spoke; 0.5 = chance):',
    formatTable(
      ['cue', 'files', 'abstained', 'AUC'],
      perCue.map((c) => [c.cue, c.files, c.abstained, c.auc ?? c.why]),
    ),
    '',
    'Per method (its fakes against all reals):',
    formatTable(
      ['method', 'files', 'scored', 'mean risk', 'caught', 'AUC vs reals'],
      perMethod.map((m) => [m.method, m.files, m.scored, m.meanRisk, m.caught, m.aucVsReals]),
    ),
    '',
    'Per file:',
    formatTable(
      ['file', 'label', 'state', 'risk', 'verdict'],
      results.map((r) => [
        r.name,
        r.label ? 'fake' : 'real',
        r.state,
        r.risk,
        r.verdict ?? r.reason,
      ]),
    ),
    '',
    failed.length
      ? `Failed:\n${failed.map((f) => `  ${f.name}: ${f.why}`).join('\n')}`
      : 'Failed: none',
    skipped.length
      ? `Skipped rows: ${skipped.length} (${skipped.map((s) => s.name).join(', ')})`
      : '',
    `Throughput: ${mediaSeconds.toFixed(1)} s of video in ${wallS.toFixed(1)} s (${(summary.throughput.realtimeFactor ?? 0).toFixed(2)}x realtime)`,
    `Per-file results: ${out}`,
  ];
  console.log(lines.join('\n'));
}
