/**
 * Test-only helpers for the hashing tests: where the shared PDQ vectors live, image
 * decoding (jpeg-js / pngjs stay out of lib/), ffmpeg frame extraction, and a seeded PRNG.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '@/lib/hashing/pdq';
import { mulberry32Words } from '../prng';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** ThreatExchange PDQ/vPDQ vectors, outside the repo in ../shared. */
export const vectorsDir = path.resolve(root, '..', 'shared', 'vectors', 'pdq');
export const imagesDir = path.join(vectorsDir, 'images');
export const videoHashesDir = path.join(vectorsDir, 'video-hashes');
export const videosDir = path.join(vectorsDir, 'videos');
export const hasVectors = existsSync(path.join(imagesDir, 'expected-from-wasm-tests.csv'));

/** Logs why a suite is skipped, once, so a green run does not hide missing coverage. */
export function noteSkip(suite: string, ok: boolean, why: string): void {
  if (!ok) console.log(`[hashing/${suite}] skipped: ${why}`);
}

/** Decodes a JPEG or PNG from the vectors into RGBA. */
export function loadImage(name: string): RgbaImage {
  const bytes = readFileSync(path.join(imagesDir, name));
  if (name.endsWith('.png')) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: png.data };
  }
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width: img.width, height: img.height, data: img.data };
}

/** Reference hashes by file name from expected-from-wasm-tests.csv. */
export function expectedImageHashes(): Map<string, string> {
  const text = readFileSync(path.join(imagesDir, 'expected-from-wasm-tests.csv'), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.trim().split(/\r?\n/).slice(1)) {
    const [file = '', hash = ''] = line.split(',');
    out.set(path.basename(file), hash);
  }
  return out;
}

export const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

/**
 * Streams every decoded frame of a video as RGBA, the way vpdq-hash-video prepares them:
 * every frame, no frame-rate conversion, swscale Lanczos to RGB24 at the native size.
 * `accurate_rnd` brings ffmpeg 5's conversion closest to the reference's (see vpdq test).
 */
export async function forEachVideoFrame(
  file: string,
  maxFrames: number,
  onFrame: (image: RgbaImage, index: number) => void,
): Promise<number> {
  const probe = spawnSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ]);
  const [width = 0, height = 0] = probe.stdout.toString().trim().split(',').map(Number);
  const proc = spawn('ffmpeg', [
    '-v',
    'error',
    '-i',
    file,
    '-an',
    '-vsync',
    'passthrough',
    '-frames:v',
    String(maxFrames),
    '-sws_flags',
    'lanczos+accurate_rnd',
    '-pix_fmt',
    'rgb24',
    '-f',
    'rawvideo',
    '-',
  ]);
  const frameBytes = width * height * 3;
  const rgb = new Uint8Array(frameBytes);
  const rgba = new Uint8Array(width * height * 4).fill(255);
  let filled = 0;
  let index = 0;
  for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(frameBytes - filled, chunk.length - offset);
      rgb.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === frameBytes) {
        for (let p = 0, q = 0; p < frameBytes; p += 3, q += 4) {
          rgba[q] = rgb[p]!;
          rgba[q + 1] = rgb[p + 1]!;
          rgba[q + 2] = rgb[p + 2]!;
        }
        onFrame({ width, height, data: rgba }, index++);
        filled = 0;
      }
    }
  }
  return index;
}

/** Small deterministic PRNG (mulberry32, uint32 words) so failures reproduce. */
export const prng = mulberry32Words;

/** `count` random packed hashes. */
export function randomHashes(count: number, next: () => number): Uint32Array {
  const words = new Uint32Array(count * 8);
  for (let i = 0; i < words.length; i++) words[i] = next();
  return words;
}

/** Copy of `words` with `bits` distinct random bits flipped. */
export function flipBits(words: Uint32Array, bits: number, next: () => number): Uint32Array {
  const out = words.slice();
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(next() % 256);
  for (const b of chosen) out[b >>> 5] = (out[b >>> 5]! ^ (1 << (b & 31))) >>> 0;
  return out;
}
