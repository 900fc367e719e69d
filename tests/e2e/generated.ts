/** Test media made with ffmpeg at test time (never committed): tests/fixtures/generated/. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/browser.mjs';

export const GENERATED = path.join(ROOT, 'tests', 'fixtures', 'generated');

/** Runs ffmpeg to make `name` unless it exists; returns its path. */
export function generate(name: string, args: string[]): string {
  mkdirSync(GENERATED, { recursive: true });
  const out = path.join(GENERATED, name);
  if (existsSync(out)) return out;
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args, out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg failed for ${name}: ${result.stderr}`);
  return out;
}

/** A 4 s H.264 clip of an ffmpeg lavfi source (`source` without its duration). */
function lavfiClip(name: string, source: string): string {
  return generate(name, [
    '-f',
    'lavfi',
    '-i',
    `${source}:rate=25:duration=4`,
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
  ]);
}

/** A clip with moving colour bars and no face. */
export function noFaceClip(): string {
  return lavfiClip('no-face.mp4', 'testsrc2=size=480x360');
}

/** Black frames only (a stream that shows nothing), without sound. */
export function blackClip(): string {
  return lavfiClip('black.mp4', 'color=c=black:size=640x360');
}

/** A still image shown for `seconds` as an H.264 clip. */
export function stillClip(image: string, seconds = 3): string {
  const name = `still-${path.basename(image, path.extname(image))}.mp4`;
  return generate(name, [
    '-loop',
    '1',
    '-i',
    image,
    '-t',
    String(seconds),
    '-r',
    '25',
    '-vf',
    'scale=trunc(iw/2)*2:trunc(ih/2)*2',
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
  ]);
}

/** Output options of the derived clips: no sound, 8-bit 4:2:0 H.264, encoded fast. */
const SILENT_H264 = ['-an', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'veryfast'];

/**
 * `clip` scaled to `side` x `side` and placed on a large black canvas (default 1920x1080): the
 * face stays large in the video but becomes small in the downscaled sampled frame.
 */
export function paddedClip(clip: string, side: number, seconds = 6, canvas = '1920:1080'): string {
  const name = `padded-${path.basename(clip, path.extname(clip))}-${side}-${canvas.replace(':', 'x')}.mp4`;
  return generate(name, [
    '-i',
    clip,
    '-t',
    String(seconds),
    '-vf',
    `scale=${side}:${side},pad=${canvas}:(ow-iw)*2/3:(oh-ih)*2/3:black`,
    ...SILENT_H264,
  ]);
}

/** Two clips of `side` x `side` side by side: two faces in every frame. */
export function sideBySideClip(left: string, right: string, side = 320, seconds = 5): string {
  const stem = (clip: string) => path.basename(clip, path.extname(clip));
  return generate(`pair-${stem(left)}-${stem(right)}-${side}.mp4`, [
    '-i',
    left,
    '-i',
    right,
    '-t',
    String(seconds),
    '-filter_complex',
    `[0:v]scale=${side}:${side}[a];[1:v]scale=${side}:${side}[b];[a][b]hstack=inputs=2`,
    ...SILENT_H264,
  ]);
}
