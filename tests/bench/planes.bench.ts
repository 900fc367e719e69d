/**
 * Drawing a planar frame in TypeScript (lib/analysis/planes-image.ts), as the offscreen document
 * does for every planar frame: the landmarker's downscaled frame from a 512x512 and from a
 * 1920x1080 I420 frame, and a 440 -> 320 native face crop.
 * Run: npx vitest bench --run --project unit tests/bench/planes.bench.ts
 */
import { bench, describe } from 'vitest';
import { drawPlanes } from '@/lib/analysis/planes-image';
import { planesByteLength, type FramePlanes } from '@/lib/messaging/frame-planes';

/** A textured I420 frame (every sample differs). */
function i420(w: number, h: number): FramePlanes {
  const data = new Uint8Array(planesByteLength('I420', w, h));
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + ((i / w) | 0) * 13) & 255;
  return { format: 'I420', codedWidth: w, codedHeight: h, data: data.buffer };
}

const square = i420(512, 512);
const hd = i420(1920, 1080);

describe('planar frame drawn in TypeScript', () => {
  bench('512x512 -> 384x384 frame', () => {
    drawPlanes(square, 512, 512, { sx: 0, sy: 0, sw: 512, sh: 512 }, 384, 384);
  });
  bench('1920x1080 -> 384x216 frame', () => {
    drawPlanes(hd, 1920, 1080, { sx: 0, sy: 0, sw: 1920, sh: 1080 }, 384, 216);
  });
  bench('1080p face crop 440 -> 320', () => {
    drawPlanes(hd, 1920, 1080, { sx: 1000, sy: 380, sw: 440, sh: 440 }, 320, 320);
  });
});
