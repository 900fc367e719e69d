import { describe, expect, it } from 'vitest';
import { drawPlanes } from '@/lib/analysis/planes-image';
import type { FramePlanes, PlanarFormat } from '@/lib/messaging/frame-planes';
import { planesByteLength } from '@/lib/messaging/frame-planes';

/** A solid frame of one Y, Cb, Cr in `format`. */
function solid(format: PlanarFormat, w: number, h: number, y: number, u: number, v: number) {
  const data = new Uint8Array(planesByteLength(format, w, h));
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  data.fill(y, 0, w * h);
  if (format === 'NV12') {
    for (let i = w * h; i < data.length; i += 2) {
      data[i] = u;
      data[i + 1] = v;
    }
  } else {
    data.fill(u, w * h, w * h + cw * ch);
    data.fill(v, w * h + cw * ch);
  }
  return data.buffer;
}

const planes = (format: PlanarFormat, w: number, h: number, data: ArrayBuffer, extra = {}) =>
  ({ format, codedWidth: w, codedHeight: h, data, ...extra }) as FramePlanes;

function pixel(rgba: ArrayBuffer, width: number, x: number, y: number): number[] {
  const bytes = new Uint8Array(rgba);
  const i = (y * width + x) * 4;
  return [...bytes.slice(i, i + 4)];
}

describe('drawing planar frames without a canvas', () => {
  it('converts studio-range BT.601 and BT.709 colours to RGB', () => {
    // Red, 8-bit limited range: BT.601 (81, 90, 240), BT.709 (63, 102, 240).
    const red601 = drawPlanes(
      planes('I420', 4, 4, solid('I420', 4, 4, 81, 90, 240)),
      4,
      4,
      { sx: 0, sy: 0, sw: 4, sh: 4 },
      2,
      2,
    );
    const [r, g, b, a] = pixel(red601, 2, 1, 1);
    expect(r).toBeGreaterThanOrEqual(253);
    expect(g).toBeLessThanOrEqual(2);
    expect(b).toBeLessThanOrEqual(2);
    expect(a).toBe(255);
    const red709 = drawPlanes(
      planes('I420', 4, 4, solid('I420', 4, 4, 63, 102, 240), { colorSpace: { matrix: 'bt709' } }),
      4,
      4,
      { sx: 0, sy: 0, sw: 4, sh: 4 },
      2,
      2,
    );
    expect(pixel(red709, 2, 0, 0)[0]).toBeGreaterThanOrEqual(253);
    expect(pixel(red709, 2, 0, 0)[1]).toBeLessThanOrEqual(2);
    // Full range: Y 128 grey with neutral chroma stays 128.
    const grey = drawPlanes(
      planes('I420', 4, 4, solid('I420', 4, 4, 128, 128, 128), { colorSpace: { fullRange: true } }),
      4,
      4,
      { sx: 0, sy: 0, sw: 4, sh: 4 },
      4,
      4,
    );
    expect(pixel(grey, 4, 3, 3)).toEqual([128, 128, 128, 255]);
  });

  it('reads NV12 as it reads I420, and RGBA and BGRA as themselves', () => {
    const i420 = drawPlanes(
      planes('I420', 6, 4, solid('I420', 6, 4, 120, 100, 160)),
      6,
      4,
      { sx: 0, sy: 0, sw: 6, sh: 4 },
      3,
      2,
    );
    const nv12 = drawPlanes(
      planes('NV12', 6, 4, solid('NV12', 6, 4, 120, 100, 160)),
      6,
      4,
      { sx: 0, sy: 0, sw: 6, sh: 4 },
      3,
      2,
    );
    expect(new Uint8Array(nv12)).toEqual(new Uint8Array(i420));
    const rgba = new Uint8Array(2 * 2 * 4).fill(0);
    for (let i = 0; i < 4; i++) rgba.set([10, 20, 30, 255], i * 4);
    const fromRgba = drawPlanes(
      planes('RGBA', 2, 2, rgba.buffer),
      2,
      2,
      { sx: 0, sy: 0, sw: 2, sh: 2 },
      1,
      1,
    );
    expect(pixel(fromRgba, 1, 0, 0)).toEqual([10, 20, 30, 255]);
    const bgra = new Uint8Array(2 * 2 * 4);
    for (let i = 0; i < 4; i++) bgra.set([30, 20, 10, 255], i * 4);
    const fromBgra = drawPlanes(
      planes('BGRA', 2, 2, bgra.buffer),
      2,
      2,
      { sx: 0, sy: 0, sw: 2, sh: 2 },
      1,
      1,
    );
    expect(pixel(fromBgra, 1, 0, 0)).toEqual([10, 20, 30, 255]);
  });

  it('samples bilinearly at pixel centres and scales to the display size', () => {
    // A horizontal luma ramp 0, 64, 128, 192 (full range, neutral chroma) halved: centres fall
    // between columns 0-1 and 2-3.
    const w = 4;
    const h = 2;
    const data = new Uint8Array(planesByteLength('I420', w, h)).fill(128);
    for (let y = 0; y < h; y++) data.set([0, 64, 128, 192], y * w);
    const p = planes('I420', w, h, data.buffer, { colorSpace: { fullRange: true } });
    const half = drawPlanes(p, w, h, { sx: 0, sy: 0, sw: w, sh: h }, 2, 1);
    expect(pixel(half, 2, 0, 0)[0]).toBe(32);
    expect(pixel(half, 2, 1, 0)[0]).toBe(160);
    // Non-square pixels: the same planes shown 8 px wide sample the same columns at 2x.
    const wide = drawPlanes(p, 8, 2, { sx: 0, sy: 0, sw: 8, sh: 2 }, 2, 1);
    expect(new Uint8Array(wide)).toEqual(new Uint8Array(half));
  });

  it('leaves what lies outside the frame transparent, as a clipped canvas draw does', () => {
    const p = planes('I420', 4, 4, solid('I420', 4, 4, 235, 128, 128));
    const out = drawPlanes(p, 4, 4, { sx: -4, sy: 0, sw: 8, sh: 4 }, 8, 4);
    expect(pixel(out, 8, 1, 1)).toEqual([0, 0, 0, 0]);
    expect(pixel(out, 8, 6, 1)).toEqual([255, 255, 255, 255]);
  });
});
