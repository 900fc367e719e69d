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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../lib/args.mjs';
import { VIDEO_FILE } from '../lib/manifest.mjs';

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
const lines = readFileSync(manifest, 'utf8')
  .split(/\r?\n/)
  .filter((l) => l.trim() !== '');
const header = lines.shift() ?? '';
const out = [header];
for (const line of lines) {
  if (line.startsWith('#')) continue;
  const cells = line.split('\t');
  const name = cells[0] ?? '';
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
      path.join(path.dirname(manifest), name),
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
  out.push([copy, ...cells.slice(1)].join('\t'));
  console.error(`${name} -> ${copy}`);
}
writeFileSync(path.join(outDir, 'MANIFEST.tsv'), `${out.join('\n')}\n`);
console.log(`${out.length - 1} videos re-encoded (scale ${scale}, CRF ${crf}) into ${outDir}`);
