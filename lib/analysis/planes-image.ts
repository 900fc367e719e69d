/**
 * Draws a rectangle of a planar frame (lib/messaging/frame-planes.ts) into RGBA at another size,
 * in plain TypeScript: bilinear sampling at output pixel centres (as a 2D canvas draws a video
 * with image smoothing), the YCbCr -> RGB conversion of the frame's matrix and range, chroma
 * sampled bilinearly at its own resolution. Pixels whose centre falls outside the frame stay
 * transparent black (a canvas clipped the same way).
 *
 * Why not a canvas: drawing a VideoFrame on a canvas makes Chromium keep a discardable copy of
 * every frame drawn (up to ~510 MiB in the drawing process; scripts/bench/process-memory.mjs),
 * and the extension draws up to 16 frames a second.
 */
import type { FramePlanes, PlanesColorSpace } from '../messaging/frame-planes';

/** A source rectangle in the frame's display pixels. */
export interface SourceRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

interface Plane {
  offset: number;
  stride: number;
  /** Plane pixels per display pixel. */
  scaleX: number;
  scaleY: number;
  width: number;
  height: number;
  /** Bytes per sample and which byte this channel is. */
  step: number;
  channel: number;
}

/** Luma/red, chroma blue/green and chroma red/blue planes of a packed frame (copyTo layout). */
function planesOf(planes: FramePlanes, displayW: number, displayH: number): Plane[] {
  const w = planes.codedWidth;
  const h = planes.codedHeight;
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  const sx = w / displayW;
  const sy = h / displayH;
  const plane = (
    offset: number,
    stride: number,
    pw: number,
    ph: number,
    step = 1,
    channel = 0,
  ): Plane => ({
    offset,
    stride,
    scaleX: (sx * pw) / w,
    scaleY: (sy * ph) / h,
    width: pw,
    height: ph,
    step,
    channel,
  });
  switch (planes.format) {
    case 'I420':
    case 'I420A':
      return [plane(0, w, w, h), plane(w * h, cw, cw, ch), plane(w * h + cw * ch, cw, cw, ch)];
    case 'I422':
      return [plane(0, w, w, h), plane(w * h, cw, cw, h), plane(w * h + cw * h, cw, cw, h)];
    case 'I444':
      return [plane(0, w, w, h), plane(w * h, w, w, h), plane(2 * w * h, w, w, h)];
    case 'NV12':
      return [
        plane(0, w, w, h),
        plane(w * h, 2 * cw, cw, ch, 2, 0),
        plane(w * h, 2 * cw, cw, ch, 2, 1),
      ];
    case 'RGBA':
    case 'RGBX':
      return [0, 1, 2].map((c) => plane(0, 4 * w, w, h, 4, c));
    case 'BGRA':
    case 'BGRX':
      return [2, 1, 0].map((c) => plane(0, 4 * w, w, h, 4, c));
  }
}

/** Kr, Kb of a matrix; BT.601 when unknown (Chromium's default for untagged video). */
function coefficients(matrix: string | undefined): [number, number] {
  if (matrix === 'bt709') return [0.2126, 0.0722];
  if (matrix === 'bt2020-ncl') return [0.2627, 0.0593];
  return [0.299, 0.114];
}

/** RGB from Y, Cb, Cr (0-255 code values) as [r, g, b] multipliers and offsets. */
export function yuvToRgbMatrix(colorSpace: PlanesColorSpace | undefined): number[] {
  const [kr, kb] = coefficients(colorSpace?.matrix);
  const kg = 1 - kr - kb;
  const full = colorSpace?.fullRange === true;
  const ys = full ? 1 : 255 / 219;
  const cs = full ? 1 : 255 / 224;
  const y0 = full ? 0 : 16;
  // r = ys (Y - y0) + a (Cr - 128); g = ys (Y - y0) - b (Cb - 128) - c (Cr - 128); b = ... d (Cb - 128)
  return [
    ys,
    y0,
    2 * (1 - kr) * cs,
    ((2 * kb * (1 - kb)) / kg) * cs,
    ((2 * kr * (1 - kr)) / kg) * cs,
    2 * (1 - kb) * cs,
  ];
}

/** Where plane `plane` is sampled for each output column or row: two indices and a weight. */
interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  f: Float32Array;
}

/**
 * Bilinear taps along one axis: output pixel k's centre is at display position
 * `start + (k + 0.5) * step`, which is `scale` plane pixels per display pixel; plane pixel
 * centres are at +0.5, and positions clamp to the plane's edge. Indices are multiplied by
 * `stride` (bytes per step) and offset by `base`.
 */
function taps(
  n: number,
  start: number,
  step: number,
  scale: number,
  size: number,
  stride: number,
  base: number,
): Taps {
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const f = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const p = Math.min(size - 1, Math.max(0, (start + (k + 0.5) * step) * scale - 0.5));
    const a = Math.floor(p);
    i0[k] = base + a * stride;
    i1[k] = base + Math.min(size - 1, a + 1) * stride;
    f[k] = p - a;
  }
  return { i0, i1, f };
}

/** The display range [lo, hi) of output indices whose centres fall inside [0, limit). */
function inside(n: number, start: number, step: number, limit: number): [number, number] {
  let lo = 0;
  while (lo < n && start + (lo + 0.5) * step < 0) lo++;
  let hi = n;
  while (hi > lo && start + (hi - 0.5) * step >= limit) hi--;
  return [lo, hi];
}

/**
 * `rect` of the frame (display size `displayW` x `displayH`) drawn at `outW` x `outH`, RGBA.
 */
export function drawPlanes(
  planes: FramePlanes,
  displayW: number,
  displayH: number,
  rect: SourceRect,
  outW: number,
  outH: number,
): ArrayBuffer {
  const bytes = new Uint8Array(planes.data);
  const layout = planesOf(planes, displayW, displayH);
  const rgb = planes.format.startsWith('RGB') || planes.format.startsWith('BGR');
  const [ys, y0, rv, gu, gv, bu] = yuvToRgbMatrix(planes.colorSpace) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const out = new Uint8ClampedArray(outW * outH * 4);
  const stepX = rect.sw / outW;
  const stepY = rect.sh / outH;
  const [xLo, xHi] = inside(outW, rect.sx, stepX, displayW);
  const [yLo, yHi] = inside(outH, rect.sy, stepY, displayH);
  const cols = layout.map((p) =>
    taps(outW, rect.sx, stepX, p.scaleX, p.width, p.step, p.channel),
  ) as [Taps, Taps, Taps];
  const rows = layout.map((p) =>
    taps(outH, rect.sy, stepY, p.scaleY, p.height, p.stride, p.offset),
  ) as [Taps, Taps, Taps];
  const [cy, cu, cv] = cols;
  const [ry, ru, rv2] = rows;
  // Hoisted: the hot loop reads typed arrays only. The three planes' bilinear reads are
  // written out on purpose (this runs for every planar frame): the same reads through a small
  // helper function were 3-7% slower in tests/bench/planes.bench.ts (three runs, 2026-12-05
  // evening; the helper variant was not kept), and a loop over the three planes took 5.9
  // against 3.6 ms a frame in an earlier, uncommitted measurement.
  const { i0: y0s, i1: y1s, f: yfs } = cy;
  const { i0: u0s, i1: u1s, f: ufs } = cu;
  const { i0: v0s, i1: v1s, f: vfs } = cv;
  for (let oy = yLo; oy < yHi; oy++) {
    const y00 = ry.i0[oy]!;
    const y10 = ry.i1[oy]!;
    const yf = ry.f[oy]!;
    const u00 = ru.i0[oy]!;
    const u10 = ru.i1[oy]!;
    const uf = ru.f[oy]!;
    const v00 = rv2.i0[oy]!;
    const v10 = rv2.i1[oy]!;
    const vf = rv2.f[oy]!;
    let o = (oy * outW + xLo) * 4;
    for (let ox = xLo; ox < xHi; ox++, o += 4) {
      let c0 = y0s[ox]!;
      let c1 = y1s[ox]!;
      let f = yfs[ox]!;
      let a = bytes[y00 + c0]!;
      let b = bytes[y10 + c0]!;
      let top = a + (bytes[y00 + c1]! - a) * f;
      const p0 = top + (b + (bytes[y10 + c1]! - b) * f - top) * yf;
      c0 = u0s[ox]!;
      c1 = u1s[ox]!;
      f = ufs[ox]!;
      a = bytes[u00 + c0]!;
      b = bytes[u10 + c0]!;
      top = a + (bytes[u00 + c1]! - a) * f;
      const p1 = top + (b + (bytes[u10 + c1]! - b) * f - top) * uf;
      c0 = v0s[ox]!;
      c1 = v1s[ox]!;
      f = vfs[ox]!;
      a = bytes[v00 + c0]!;
      b = bytes[v10 + c0]!;
      top = a + (bytes[v00 + c1]! - a) * f;
      const p2 = top + (b + (bytes[v10 + c1]! - b) * f - top) * vf;
      if (rgb) {
        out[o] = p0;
        out[o + 1] = p1;
        out[o + 2] = p2;
      } else {
        const l = ys * (p0 - y0);
        const u = p1 - 128;
        const v = p2 - 128;
        out[o] = l + rv * v;
        out[o + 1] = l - gu * u - gv * v;
        out[o + 2] = l + bu * u;
      }
      out[o + 3] = 255;
    }
  }
  return out.buffer;
}
