/**
 * Small image helpers for the pixel cues: a luma plane, bilinear sampling and mapping frame pixels
 * into a `Crop`'s own pixel grid. Plain typed arrays; no canvas, so they run in Node.
 */

import type { Crop } from '../tracks/types';

/** BT.601 luma (0-255) of an RGBA crop. */
export function luma(crop: Crop): Float32Array {
  const n = crop.width * crop.height;
  const out = new Float32Array(n);
  const d = crop.data;
  for (let i = 0; i < n; i++) {
    out[i] = 0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!;
  }
  return out;
}

/** Crop pixel coordinates (continuous; pixel centres at +0.5) of a frame-pixel position. */
export function frameToCrop(crop: Crop, x: number, y: number): [number, number] {
  return [
    ((x - crop.box.x) * crop.width) / crop.box.width,
    ((y - crop.box.y) * crop.height) / crop.box.height,
  ];
}

/** Bilinear sample of a plane at continuous pixel coordinates (pixel centres at +0.5). */
export function bilinear(plane: Float32Array, w: number, h: number, u: number, v: number): number {
  const x = Math.min(w - 1, Math.max(0, u - 0.5));
  const y = Math.min(h - 1, Math.max(0, v - 0.5));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  const a = plane[y0 * w + x0]!;
  const b = plane[y0 * w + x1]!;
  const c = plane[y1 * w + x0]!;
  const d = plane[y1 * w + x1]!;
  return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

/** True when the crop holds the frame's pixels 1:1 (no resizing), so the frame grid is known. */
export function isNativeScale(crop: Crop, tolerance = 0.02): boolean {
  return (
    Math.abs(crop.width / crop.box.width - 1) <= tolerance &&
    Math.abs(crop.height / crop.box.height - 1) <= tolerance
  );
}
