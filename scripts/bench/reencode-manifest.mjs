// @ts-check
/**
 * node scripts/bench/reencode-manifest.mjs MANIFEST.tsv OUT_DIR [--scale 0.75] [--crf 30]
 *                                          [--seconds 10]
 *
 * Another encoder's copy of a labelled set, to see how detection holds when the same videos
 * reach the user re-encoded (issue #15: the held-out sets use other encoders). Every video of
 * MANIFEST is scaled by --scale and re-encoded with libx264 at --crf (AAC sound), first
 * --seconds only, into OUT_DIR, with a MANIFEST.tsv there naming the copies and keeping every
 * other column. Then e.g. `npm run eval:cv -- --no-write --holdout OUT_DIR/MANIFEST.tsv`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../lib/args.mjs';
import { readManifest, VIDEO_FILE } from '../lib/manifest.mjs';

const { positional, options } = parseArgs(process.argv.slice(2), []);
const [manifest, outDir] = positional;
if (!manifest || !outDir) {
  console.error(
    'usage: node scripts/bench/reencode-manifest.mjs MANIFEST.tsv OUT_DIR [--scale 0.75] [--crf 30]',
  );
  process.exit(2);
}
const scale = Number(options.scale ?? 0.75);
const crf = Number(options.crf ?? 30);
const seconds = Number(options.seconds ?? 10);

mkdirSync(outDir, { recursive: true });
const { rows } = readManifest(manifest);
const columns = Object.keys(rows[0]?.columns ?? { file: '', label: '' });
const out = [columns.join('\t')];
for (const row of rows) {
  const name = row.name;
  if (!VIDEO_FILE.test(name)) continue;
  const copy = `${path.basename(name, path.extname(name))}.mp4`;
  const result = spawnSync(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-i',
      row.file,
      '-t',
      String(seconds),
      '-vf',
      `scale=trunc(iw*${scale}/2)*2:trunc(ih*${scale}/2)*2`,
      '-c:v',
      'libx264',
      '-crf',
      String(crf),
      '-preset',
      'medium',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      path.join(outDir, copy),
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    console.error(`${name}: ffmpeg failed: ${result.stderr.trim().slice(0, 300)}`);
    continue;
  }
  // Every column as it was, the file renamed to the copy.
  out.push(columns.map((c) => (c === 'file' ? copy : (row.columns[c] ?? ''))).join('\t'));
  console.error(`${name} -> ${copy}`);
}
writeFileSync(path.join(outDir, 'MANIFEST.tsv'), `${out.join('\n')}\n`);
console.log(`${out.length - 1} videos re-encoded (scale ${scale}, CRF ${crf}) into ${outDir}`);
