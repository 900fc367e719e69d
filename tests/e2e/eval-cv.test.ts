/**
 * `npm run eval:cv` end to end on a small labelled set made of fixture videos: the shipped
 * analyser runs on each file in Chromium (diagnostics page), every video gets named features,
 * and the cross-validation tables and JSON come out. Figures are not asserted (four videos);
 * the classifier file is not rewritten (--no-write).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, MEDIA, runScript } from './helpers';

const FILES = [
  ['real__hdtf__RD_Radio2_000_yuv420p.mp4', 'real', '', 'radio2'],
  ['real__vox__pcavs_input_00098.mp4', 'real', '', 'vox98'],
  ['fake__SadTalker__camera_RD_Radio31.mp4', 'fake', 'SadTalker', 'radio31'],
  ['fake__FOMM__generated.mp4', 'fake', 'FOMM', 'fomm'],
];

describe.skipIf(!HAS_SHARED)('npm run eval:cv', () => {
  it('analyses each video with the shipped analyser and cross-validates the classifier', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'telltale-cv-'));
    const manifest = path.join(dir, 'MANIFEST.tsv');
    writeFileSync(
      manifest,
      [
        'file\tlabel\tmethod\tgroup',
        ...FILES.map(([f, l, m, g]) => `${path.join(MEDIA, f!)}\t${l}\t${m}\t${g}`),
      ].join('\n'),
    );
    const out = path.join(dir, 'cv.json');
    const result = runScript(
      'eval-cv.mjs',
      [
        '--corpus',
        manifest,
        '--holdout',
        manifest,
        '--max-seconds',
        '5',
        '--no-write',
        '--out',
        out,
      ],
      600_000,
    );
    console.log(result.stdout);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/corpus grouped 5-fold ROC AUC/);
    expect(result.stdout).toMatch(/\| lrnet \|/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.validation.corpusVideos, JSON.stringify(json.abstained)).toBe(4);
    expect(json.holdout).toHaveLength(4);
    for (const h of json.holdout) expect(h.probability, h.name).toBeGreaterThanOrEqual(0);
    // Every feature the classifier may use is named cue.measure.
    for (const f of json.perFeature) expect(f.feature).toMatch(/^[a-zA-Z]+\.[a-zA-Z0-9]+$/);
  }, 600_000);
});
