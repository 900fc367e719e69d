/**
 * Blending-boundary cue (Face X-ray, Li et al. 2020; Self-Blended Images, Shiohara & Yamasaki
 * 2022): a swapped or reenacted face is generated separately and blended into the frame, so
 * the image statistics that one camera and one encoder make uniform - noise level, sharpness,
 * skin tone, the 8x8 compression grid - change where the pasted face meets the original frame.
 *
 * Geometry: the face oval from the landmarks is mapped into the face crop (the box grown 25 %
 * per side). Every pixel gets a normalised radius rho (1 on the oval, measured from the oval's
 * centre along its own direction) and one of 16 angular sectors. Statistics are taken per
 * (band, sector) and compared:
 *   across the oval   band C (rho 0.75-0.95, inside) vs band D (1.05-1.25, just outside)
 *   control line      band A (0.35-0.55) vs band B (0.55-0.75), well inside the face
 * The control measures how much the statistic changes across an ordinary line on this face in
 * this frame; only the excess of the boundary step over it counts. Medians over sectors ignore
 * the few directions where hair, ears or a collar make the outside genuinely different.
 * Skin tone is compared across rho 0.75 (B vs C) instead: the background outside the oval
 * naturally has another colour, but a skin-tone step inside the oval does not belong there.
 */

import type { CueEvidence, CueReport } from '../messaging/types';
import type { Crop, FaceSample, FaceTrack } from '../tracks/types';
import { isNativeScale, luma } from './image';
import { FACE_OVAL, hasMesh } from './landmarks';
import { evidence, insufficient, peakTimes, scored } from './report';
import { clamp01, excessScore, fmt, median, saturate, selectInPlace, strongest } from './signal';

/** Tunable constants of the boundary cue (see BOUNDARY_DEFAULTS for the reasoning). */
export interface BoundaryOptions {
  /** Abstain with fewer usable face crops than this. */
  minFrames: number;
  /** Abstain when the face oval is narrower than this in the crops' own pixels. */
  minFaceCropPx: number;
  /** Natural upper bound of the noise-level step in excess of the control, |ln ratio|. */
  noiseUpper: number;
  /** Natural upper bound of the sharpness step in excess of the control, |ln ratio|. */
  sharpnessUpper: number;
  /** Natural upper bound of the skin-tone step in excess of the control, chroma levels (0-255). */
  colourUpper: number;
  /** Natural upper bound of the 8x8-grid blockiness step in excess of the control, |ln ratio|. */
  blockinessUpper: number;
}

/**
 * Defaults (assumptions pending calibration on real footage).
 * - noiseUpper 0.4 (x1.5): one sensor and encoder give one noise level; photon noise grows with
 *   the square root of brightness, so a face twice as bright as its surroundings is up to ~1.4x
 *   noisier. Generated faces are typically much smoother than the frame around them.
 * - sharpnessUpper 0.5 (x1.65): depth of field and hair vs skin texture differ naturally.
 * - colourUpper 6: skin chroma drifts by a few levels across a cheek with shading; SBI's
 *   colour-jittered blends differ by roughly 5-20 levels.
 * - blockinessUpper 0.3: re-encoding aligns block artefacts to one grid; a pasted region keeps
 *   traces of its own. Video deblocking weakens this, so its score is capped.
 */
export const BOUNDARY_DEFAULTS: BoundaryOptions = {
  minFrames: 3,
  minFaceCropPx: 48,
  noiseUpper: 0.4,
  sharpnessUpper: 0.5,
  colourUpper: 6,
  blockinessUpper: 0.3,
};

const SECTORS = 16;
const ANGLE_BINS = 90;
/** Band edges in rho: A, B, C (inside the oval) and D (outside). */
const BANDS: readonly [number, number][] = [
  [0.35, 0.55],
  [0.55, 0.75],
  [0.75, 0.95],
  [1.05, 1.25],
];
const A = 0;
const B = 1;
const C = 2;
const D = 3;
/** At most this many pixels per crop are measured (see the stride below). */
const MAX_PIXELS = 16000;
/** Pixels a (band, sector) cell needs for its statistics to count. */
const MIN_CELL_PIXELS = 12;

/** Per-frame measurements. */
export interface BoundaryFrame {
  t: number;
  /** Oval width in crop pixels. */
  facePx: number;
  /** ln(inside / outside) of noise and sharpness, and the control lines' |ln ratio|. */
  noiseStep: number;
  noiseExcess: number;
  sharpStep: number;
  sharpExcess: number;
  /** Skin-tone step inside the oval and its excess over the control, chroma levels. */
  colourStep: number;
  colourExcess: number;
  /** Present only for crops at the frame's own resolution. */
  blockExcess?: number;
}

/**
 * Scores noise, sharpness, skin-tone and compression-grid discontinuities at the face outline.
 * Abstains without `minFrames` usable face crops or when the face spans fewer than
 * `minFaceCropPx` crop pixels.
 */
export function boundaryCue(track: FaceTrack, options: Partial<BoundaryOptions> = {}): CueReport {
  const o = { ...BOUNDARY_DEFAULTS, ...options };
  const withCrops = track.samples.filter((s) => s.crops?.face && hasMesh(s));
  if (withCrops.length === 0) return insufficient('not enough data: no face crops');
  const frames: BoundaryFrame[] = [];
  const sizes: number[] = [];
  let small = 0;
  for (const s of withCrops) {
    const crop = s.crops!.face!;
    const size = faceWidthInCrop(s, crop);
    sizes.push(size);
    if (!(size >= o.minFaceCropPx)) {
      small++;
      continue;
    }
    const f = analyseFaceCrop(s, crop);
    if (f) frames.push(f);
  }
  if (frames.length < o.minFrames) {
    if (small >= withCrops.length / 2) {
      return insufficient(
        `face too small: ${fmt(median(sizes), 2)} px across in the face crops, need ${o.minFaceCropPx} px`,
      );
    }
    return insufficient(`not enough data: ${frames.length} usable face crops, need ${o.minFrames}`);
  }

  const times = frames.map((f) => f.t);
  const noiseExcess = median(frames.map((f) => f.noiseExcess));
  const sharpExcess = median(frames.map((f) => f.sharpExcess));
  const colourExcess = median(frames.map((f) => f.colourExcess));
  const noiseStep = median(frames.map((f) => f.noiseStep));
  const sharpStep = median(frames.map((f) => f.sharpStep));
  const colourStep = median(frames.map((f) => f.colourStep));
  const blockFrames = frames.filter((f) => f.blockExcess !== undefined);
  const blockExcess =
    blockFrames.length >= o.minFrames ? median(blockFrames.map((f) => f.blockExcess!)) : NaN;

  const parts = [
    { score: excessScore(noiseExcess, o.noiseUpper) },
    { score: excessScore(sharpExcess, o.sharpnessUpper) },
    { score: excessScore(colourExcess, o.colourUpper), cap: 0.8 },
  ];
  if (Number.isFinite(blockExcess)) {
    parts.push({ score: excessScore(blockExcess, o.blockinessUpper), cap: 0.6 });
  }
  const score = strongest(parts);
  const facePx = median(frames.map((f) => f.facePx));
  const confidence = saturate(frames.length, 6) * clamp01(facePx / (2 * o.minFaceCropPx));

  const ratio = (x: number) => fmt(Math.exp(x), 2);
  const items: CueEvidence[] = [
    evidence(
      `Image noise just inside the face outline is ${ratio(noiseStep)}x the noise just outside it (the same comparison well inside the face differs by ${fmt(Math.exp(Math.abs(noiseStep) - noiseExcess), 2)}x); one camera gives one noise level.`,
      {
        value: noiseExcess,
        unit: 'ln ratio beyond normal',
        times: peakTimes(
          times,
          frames.map((f) => f.noiseExcess),
        ),
      },
    ),
    evidence(
      `Sharpness just inside the face outline is ${ratio(sharpStep)}x that just outside it, ${fmt(sharpExcess, 2)} (log) beyond the change across a line inside the face.`,
      {
        value: sharpExcess,
        unit: 'ln ratio beyond normal',
        times: peakTimes(
          times,
          frames.map((f) => f.sharpExcess),
        ),
      },
    ),
    evidence(
      `Skin tone changes by ${fmt(colourStep, 2)} chroma levels near the face edge, ${fmt(colourExcess, 2)} more than across the middle of the face.`,
      {
        value: colourExcess,
        unit: 'chroma levels',
        times: peakTimes(
          times,
          frames.map((f) => f.colourExcess),
        ),
      },
    ),
  ];
  if (Number.isFinite(blockExcess)) {
    items.push(
      evidence(
        `Compression-block edges (8x8 grid) differ across the face outline by ${fmt(blockExcess, 2)} (log) beyond normal.`,
        { value: blockExcess, unit: 'ln ratio beyond normal' },
      ),
    );
  }
  const reason = `seam statistics over ${frames.length} face crops: noise step ${fmt(noiseExcess, 2)}, sharpness step ${fmt(sharpExcess, 2)} (log, beyond normal), skin tone step ${fmt(colourExcess, 2)} levels`;
  return scored(score, confidence, reason, items, {
    noiseExcess,
    sharpExcess,
    colourExcess,
    noiseStep,
    sharpStep,
    colourStep,
    blockExcess,
  });
}

/** Width of the face oval in the crop's own pixels. */
export function faceWidthInCrop(sample: FaceSample, crop: Crop): number {
  const { box, landmarks } = sample;
  let lo = Infinity;
  let hi = -Infinity;
  for (const idx of FACE_OVAL) {
    const x = box.x + landmarks[idx * 3]! * box.width;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return ((hi - lo) * crop.width) / crop.box.width;
}

/**
 * Measures one face crop; null when the oval does not fit the crop (its centre outside it, or
 * too few sectors with pixels on both sides of a band pair). Exported for tests and for tools
 * that want per-frame values.
 */
export function analyseFaceCrop(sample: FaceSample, crop: Crop): BoundaryFrame | null {
  const w = crop.width;
  const h = crop.height;
  if (w < 8 || h < 8 || crop.data.length < w * h * 4) return null;
  const sx = w / crop.box.width;
  const sy = h / crop.box.height;
  const { box, landmarks } = sample;

  // Oval in crop pixels and its centre.
  const m = FACE_OVAL.length;
  const poly = new Float64Array(m * 2);
  let cu = 0;
  let cv = 0;
  for (let k = 0; k < m; k++) {
    const i = FACE_OVAL[k]! * 3;
    const u = (box.x + landmarks[i]! * box.width - crop.box.x) * sx;
    const v = (box.y + landmarks[i + 1]! * box.height - crop.box.y) * sy;
    poly[k * 2] = u;
    poly[k * 2 + 1] = v;
    cu += u / m;
    cv += v / m;
  }
  const facePx = faceWidthInCrop(sample, crop);
  if (cu < 0 || cv < 0 || cu >= w || cv >= h) return null;

  // Oval radius per direction bin: the farthest crossing of a ray from the centre with the
  // polygon. Directions are binned by "diamond angle" (a monotone stand-in for the angle that
  // needs no trigonometry per pixel).
  const radius2 = new Float64Array(ANGLE_BINS);
  const sectorOf = new Int8Array(ANGLE_BINS);
  for (let b = 0; b < ANGLE_BINS; b++) {
    const [dx, dy] = diamondDirection(((b + 0.5) * 4) / ANGLE_BINS);
    let best = 0;
    for (let k = 0; k < m; k++) {
      const j = (k + 1) % m;
      const px = poly[k * 2]!;
      const py = poly[k * 2 + 1]!;
      const ex = poly[j * 2]! - px;
      const ey = poly[j * 2 + 1]! - py;
      const fx = px - cu;
      const fy = py - cv;
      const den = dx * ey - dy * ex;
      if (Math.abs(den) < 1e-12) continue;
      const s = (fx * ey - fy * ex) / den;
      const t = (fx * dy - fy * dx) / den;
      if (s > best && t >= 0 && t <= 1) best = s;
    }
    // Radius along a unit direction: the diamond direction has length |(dx, dy)|.
    const len = Math.hypot(dx, dy);
    radius2[b] = best > 0 ? (best * len) ** 2 : NaN;
    const angle = Math.atan2(dy, dx) + Math.PI;
    sectorOf[b] = Math.min(SECTORS - 1, Math.floor((angle * SECTORS) / (2 * Math.PI)));
  }

  const Y = luma(crop);
  const data = crop.data;
  const cells = BANDS.length * SECTORS;
  const counts = new Int32Array(cells);
  const cbSum = new Float64Array(cells);
  const crSum = new Float64Array(cells);
  const native = isNativeScale(crop);
  const x0 = Math.round(crop.box.x);
  const y0 = Math.round(crop.box.y);
  // Per band: [grid sum, grid count, off-grid sum, off-grid count] of neighbour differences.
  const block = new Float64Array(BANDS.length * 4);
  // Large crops are sampled on a stride: the statistics are medians over hundreds of pixels per
  // cell anyway. At native scale the stride is odd, so every column and row phase of the 8x8
  // grid is still visited.
  let stride = 1;
  while (((w - 2) / stride) * ((h - 2) / stride) > MAX_PIXELS) stride += native ? 2 : 1;
  const bandLimits = BANDS.map(([lo, hi]) => [lo * lo, hi * hi] as const);
  const [aLo, aHi] = bandLimits[A]!;
  const [bLo, bHi] = bandLimits[B]!;
  const [cLo, cHi] = bandLimits[C]!;
  const [dLo, dHi] = bandLimits[D]!;
  const binScale = ANGLE_BINS / 4;
  const pixelCell: number[] = [];
  const pixelIndex: number[] = [];

  for (let v = 1; v < h - 1; v += stride) {
    const dy = v + 0.5 - cv;
    for (let u = 1; u < w - 1; u += stride) {
      const dx = u + 0.5 - cu;
      const bin = Math.min(ANGLE_BINS - 1, Math.floor(diamondAngle(dx, dy) * binScale));
      const rho2 = (dx * dx + dy * dy) / radius2[bin]!;
      let band: number;
      if (rho2 >= cLo && rho2 < cHi) band = C;
      else if (rho2 >= dLo && rho2 < dHi) band = D;
      else if (rho2 >= bLo && rho2 < bHi) band = B;
      else if (rho2 >= aLo && rho2 < aHi) band = A;
      else continue;
      const i = v * w + u;
      const y = Y[i]!;
      // Clipped pixels carry no noise or texture information.
      if (y <= 4 || y >= 251) continue;
      const c = band * SECTORS + sectorOf[bin]!;
      counts[c] = counts[c]! + 1;
      pixelCell.push(c);
      pixelIndex.push(i);
      const r = data[i * 4]!;
      const g = data[i * 4 + 1]!;
      const b = data[i * 4 + 2]!;
      cbSum[c] = cbSum[c]! - 0.168736 * r - 0.331264 * g + 0.5 * b;
      crSum[c] = crSum[c]! + 0.5 * r - 0.418688 * g - 0.081312 * b;
      if (native) {
        // A block boundary lies between frame columns 8k-1 and 8k (rows likewise).
        const base = band * 4;
        const hx = (x0 + u) % 8 === 0 ? 0 : 2;
        const vy = (y0 + v) % 8 === 0 ? 0 : 2;
        block[base + hx] = block[base + hx]! + Math.abs(y - Y[i - 1]!);
        block[base + hx + 1] = block[base + hx + 1]! + 1;
        block[base + vy] = block[base + vy]! + Math.abs(y - Y[i - w]!);
        block[base + vy + 1] = block[base + vy + 1]! + 1;
      }
    }
  }

  // Group per-pixel noise (residual after a 3x3 box blur) and gradient values by cell.
  const start = new Int32Array(cells + 1);
  for (let c = 0; c < cells; c++) start[c + 1] = start[c]! + counts[c]!;
  const fill = start.slice(0, cells);
  const noiseVals = new Float32Array(start[cells]!);
  const gradVals = new Float32Array(start[cells]!);
  for (let k = 0; k < pixelCell.length; k++) {
    const c = pixelCell[k]!;
    const i = pixelIndex[k]!;
    const at = fill[c]!;
    fill[c] = at + 1;
    const l = Y[i - 1]!;
    const r = Y[i + 1]!;
    const up = Y[i - w]!;
    const dn = Y[i + w]!;
    const mean3 =
      (Y[i - w - 1]! + up + Y[i - w + 1]! + l + Y[i]! + r + Y[i + w - 1]! + dn + Y[i + w + 1]!) / 9;
    noiseVals[at] = Math.abs(Y[i]! - mean3);
    gradVals[at] = Math.abs(r - l) + Math.abs(dn - up);
  }
  // Noise: median residual (flat skin dominates it). Sharpness: 90th percentile gradient (edges).
  const noise = new Float64Array(cells).fill(NaN);
  const sharp = new Float64Array(cells).fill(NaN);
  for (let c = 0; c < cells; c++) {
    const len = counts[c]!;
    if (len < MIN_CELL_PIXELS) continue;
    noise[c] = selectInPlace(noiseVals.subarray(start[c]!, start[c + 1]!), 0.5 * (len - 1)) + 0.05;
    sharp[c] = selectInPlace(gradVals.subarray(start[c]!, start[c + 1]!), 0.9 * (len - 1)) + 0.05;
  }

  const logStep = (stat: Float64Array, inner: number, outer: number) =>
    overSectors(counts, inner, outer, (a, b) => Math.log(stat[a]! / stat[b]!));
  const noiseStep = logStep(noise, C, D);
  const sharpStep = logStep(sharp, C, D);
  const noiseCtrl = logStep(noise, A, B);
  const sharpCtrl = logStep(sharp, A, B);
  const chroma = (inner: number, outer: number) =>
    Math.hypot(
      overSectors(counts, inner, outer, (a, b) => cbSum[a]! / counts[a]! - cbSum[b]! / counts[b]!),
      overSectors(counts, inner, outer, (a, b) => crSum[a]! / counts[a]! - crSum[b]! / counts[b]!),
    );
  const colourStep = chroma(B, C);
  const colourCtrl = chroma(A, B);
  if (
    ![noiseStep, sharpStep, noiseCtrl, sharpCtrl, colourStep, colourCtrl].every(Number.isFinite)
  ) {
    // Too few sectors with pixels on both sides (face cut off by the crop, or too small).
    return null;
  }
  const frame: BoundaryFrame = {
    t: sample.t,
    facePx,
    noiseStep,
    noiseExcess: Math.abs(noiseStep) - Math.abs(noiseCtrl),
    sharpStep,
    sharpExcess: Math.abs(sharpStep) - Math.abs(sharpCtrl),
    colourStep,
    colourExcess: colourStep - colourCtrl,
  };
  if (native) {
    const blockiness = (q: number) => {
      const gridMean = block[q * 4]! / Math.max(1, block[q * 4 + 1]!);
      const offMean = block[q * 4 + 2]! / Math.max(1, block[q * 4 + 3]!);
      return (gridMean + 0.05) / (offMean + 0.05);
    };
    if (block[C * 4 + 1]! >= 32 && block[D * 4 + 1]! >= 32 && block[A * 4 + 1]! >= 32) {
      frame.blockExcess =
        Math.abs(Math.log(blockiness(C) / blockiness(D))) -
        Math.abs(Math.log(blockiness(A) / blockiness(B)));
    }
  }
  return frame;
}

/**
 * Median over sectors of f(cell in band `inner`, cell in band `outer`), using sectors where both
 * cells have enough pixels; NaN when fewer than half the sectors qualify.
 */
function overSectors(
  counts: Int32Array,
  inner: number,
  outer: number,
  f: (a: number, b: number) => number,
): number {
  const vals: number[] = [];
  for (let s = 0; s < SECTORS; s++) {
    const a = inner * SECTORS + s;
    const b = outer * SECTORS + s;
    if (counts[a]! >= MIN_CELL_PIXELS && counts[b]! >= MIN_CELL_PIXELS) vals.push(f(a, b));
  }
  return vals.length >= SECTORS / 2 ? median(vals) : NaN;
}

/** Monotone stand-in for atan2 in [0, 4): 0 along +x, 1 along +y, 2 along -x, 3 along -y. */
function diamondAngle(dx: number, dy: number): number {
  if (dy >= 0) return dx >= 0 ? dy / (dx + dy || 1) : 1 - dx / (-dx + dy);
  return dx < 0 ? 2 - dy / (-dx - dy) : 3 + dx / (dx - dy);
}

/** A direction (not unit length) with the given diamond angle. */
function diamondDirection(d: number): [number, number] {
  if (d < 1) return [1 - d, d];
  if (d < 2) return [1 - d, 2 - d];
  if (d < 3) return [d - 3, 2 - d];
  return [d - 3, d - 4];
}
