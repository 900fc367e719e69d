// @ts-check
/**
 * npm run eval:lipsync -- [MANIFEST.tsv] [--fps N] [--steps 1,2,3] [--shifts 0.3,-0.3|none] [--methods a,b] [--json] [--out FILE]
 *
 * Frame-accurate evaluation of the lip-sync cues (avSync, phonemeViseme). Every file of the
 * manifest that has sound is tracked once by the extension's diagnostics page (every frame at
 * --fps by seeking, the sound decoded in full; cached under bench/out/tracks/), then the cues run
 * in Node on: each real clip as it is, its dubbed variants (audio moved by each --shifts value,
 * another real clip's audio under its face), and the manifest's fakes that have sound. The face
 * is also thinned to every n-th frame (--steps) to show what a slower sampling rate costs.
 * Prints per-cue ROC AUC (on the cases the cue scored; abstentions are counted, not scored),
 * AUC per variant, and how well the offset is recovered.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/browser.mjs';
import { lipSyncCases, subsample } from './lib/lipsync-cases.mjs';
import { readManifest } from './lib/manifest.mjs';
import { trackFiles } from './lib/track-files.mjs';
import { importTs } from './lib/ts.mjs';
import { parseArgs } from './lib/args.mjs';

const { options, positional } = parseArgs(process.argv.slice(2), ['json']);
const manifestPath =
  positional[0] ?? path.join(ROOT, '..', 'shared', 'fixtures', 'media', 'MANIFEST.tsv');
if (!existsSync(manifestPath)) {
  console.error(
    'usage: npm run eval:lipsync -- [MANIFEST.tsv] [--fps N] [--steps 1,2,3] [--shifts 0.3,-0.3|none] [--methods a,b] [--json] [--out FILE]',
  );
  process.exit(2);
}
const fps = Number(options.fps ?? 25);
const steps = (options.steps ?? '1,2,3').split(',').map(Number);
const shiftsS = (options.shifts ?? '0.3,-0.3')
  .split(',')
  .filter((x) => x.trim() !== '' && x !== 'none')
  .map(Number);
const methodFilter = options.methods ? new Set(options.methods.split(',')) : null;
const log = options.json === 'true' ? console.error : console.log;

/** @type {typeof import('../lib/cues/lip-sync')} */
const { avSyncCue, phonemeVisemeCue } = await importTs('lib/cues/lip-sync.ts');
/** @type {typeof import('../lib/scoring/metrics')} */
const { rocAuc } = await importTs('lib/scoring/metrics.ts');
/** @type {typeof import('../lib/cues/signal')} */
const signal = await importTs('lib/cues/signal.ts');
/** Median, or null for none. @param {number[]} xs */
const median = (xs) => (xs.length ? signal.median(xs) : null);

const rows = readManifest(manifestPath).rows.filter(
  (row) => !methodFilter || methodFilter.has(row.method),
);
const tracked = await trackFiles(
  rows.map((r) => r.file),
  { fps, log, speechOnly: true },
);
/** @type {import('./lib/lipsync-cases.mjs').Tracked[]} */
const usable = [];
/** @type {{ name: string, why: string }[]} */
const left = [];
for (const row of rows) {
  const t = tracked.get(row.file);
  if (!t || t.error) left.push({ name: row.name, why: t?.error ?? 'not tracked' });
  else if (t.audio.status !== 'ok') left.push({ name: row.name, why: 'no sound' });
  else if (t.mouth.t.length < 10)
    left.push({ name: row.name, why: t.frames === 0 ? 'no speech' : 'no face' });
  else
    usable.push({
      name: row.name,
      label: row.label,
      method: row.method,
      durationS: t.durationS,
      mouth: t.mouth,
      audio: t.audio,
    });
}
const cases = lipSyncCases(usable, { shiftsS });

/** @param {any} cue */
const offsetMs = (cue) => cue.evidence.find((/** @type {any} */ e) => e.unit === 'ms')?.value;
const f2 = (/** @type {number | null | undefined} */ x) => (x == null ? '–' : x.toFixed(2));

/** @type {any[]} */
const report = [];
for (const step of steps) {
  const results = cases.map((c) => {
    const mouth = subsample(c.mouth, step);
    return {
      ...c,
      avSync: avSyncCue(/** @type {any} */ (mouth), c.audio),
      phonemeViseme: phonemeVisemeCue(/** @type {any} */ (mouth), c.audio),
    };
  });
  const methods = [...new Set(results.filter((r) => r.label === 1).map((r) => r.method))];
  /** @type {Record<string, any>} */
  const perCue = {};
  for (const cue of /** @type {const} */ (['avSync', 'phonemeViseme'])) {
    const scored = results.filter((r) => r[cue].status === 'ok');
    /** @param {typeof results} rs */
    const auc = (rs) =>
      rocAuc(
        rs.map((r) => /** @type {number} */ (r[cue].score)),
        rs.map((r) => r.label),
      ).auc;
    perCue[cue] = {
      auc: auc(scored),
      scored: scored.length,
      cases: results.length,
      byMethod: Object.fromEntries(
        methods.map((m) => [m, auc(scored.filter((r) => r.label === 0 || r.method === m))]),
      ),
    };
  }
  const realOffsets = results
    .filter((r) => r.label === 0 && r.avSync.status === 'ok')
    .map((r) => Math.abs(offsetMs(r.avSync) ?? NaN));
  /** @type {Record<string, number | null>} */
  const shiftErrors = {};
  for (const s of shiftsS) {
    const errs = results
      .filter((r) => r.shiftS === s && r.avSync.status === 'ok')
      .map((r) => Math.abs((offsetMs(r.avSync) ?? NaN) - s * 1000));
    shiftErrors[`${Math.round(s * 1000)}`] = median(errs);
  }
  report.push({
    fps: fps / step,
    perCue,
    realOffsetMs: {
      median: median(realOffsets),
      within80: realOffsets.filter((x) => x <= 80).length,
      of: realOffsets.length,
    },
    shiftErrorMs: shiftErrors,
    cases: results.map((r) => ({
      name: r.name,
      label: r.label,
      method: r.method,
      avSync: { status: r.avSync.status, score: r.avSync.score, reason: r.avSync.reason },
      phonemeViseme: {
        status: r.phonemeViseme.status,
        score: r.phonemeViseme.score,
        reason: r.phonemeViseme.reason,
      },
    })),
  });
}

const out = options.out ?? path.join(ROOT, 'bench', 'out', 'lipsync-eval.json');
mkdirSync(path.dirname(out), { recursive: true });
/** The results as markdown (stdout, and bench/RESULTS.md through npm run bench). */
function tableLines() {
  const methods = Object.keys(report[0]?.perCue.avSync.byMethod ?? {});
  const lines = [
    `${usable.filter((u) => u.label === 0).length} real and ${usable.filter((u) => u.label === 1).length} fake clips with sound -> ${cases.length} cases (left out: ${left.map((l) => `${l.name}: ${l.why}`).join('; ') || 'none'})`,
    '',
    `| face fps | cue | AUC (scored/cases) | ${methods.map((m) => `vs ${m}`).join(' | ')} | real offset median, within 80 ms | shift error median |`,
    `| --- | --- | --- | ${methods.map(() => '---').join(' | ')} | --- | --- |`,
  ];
  for (const r of report) {
    for (const cue of ['avSync', 'phonemeViseme']) {
      const c = r.perCue[cue];
      const sync =
        cue === 'avSync'
          ? `${r.realOffsetMs.median ?? '–'} ms, ${r.realOffsetMs.within80}/${r.realOffsetMs.of} | ${Object.entries(
              r.shiftErrorMs,
            )
              .map(([s, e]) => `${s}: ${e ?? '–'} ms`)
              .join(', ')}`
          : ' | ';
      lines.push(
        `| ${f2(r.fps)} | ${cue} | ${f2(c.auc)} (${c.scored}/${c.cases}) | ${methods.map((m) => f2(c.byMethod[m])).join(' | ')} | ${sync} |`,
      );
    }
  }
  return lines;
}

const summary = {
  date: new Date().toISOString(),
  command: `npm run eval:lipsync -- ${process.argv.slice(2).join(' ')}`.trim(),
  manifest: path.resolve(manifestPath),
  fps,
  reals: usable.filter((u) => u.label === 0).length,
  fakes: usable.filter((u) => u.label === 1).length,
  cases: cases.length,
  left,
  table: tableLines(),
  report,
};
writeFileSync(out, JSON.stringify(summary, null, 2));
if (options.json === 'true') {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`\n${summary.table.join('\n')}`);
  console.log(`\nPer-case results: ${path.relative(process.cwd(), out)}`);
}
