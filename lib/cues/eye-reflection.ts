/**
 * Eye-reflection cue (Hu, Li & Lyu 2021, "Exposing GAN-generated Faces Using Inconsistent
 * Corneal Specular Highlights"): both corneas mirror the same light sources, so for a subject
 * looking roughly at the camera with lights far away the highlights sit at the same place
 * relative to each iris and have the same shape. Generators draw each eye's highlight
 * separately and often disagree.
 *
 * Per frame, each iris (centre 468/473, radius from its four boundary points) is resampled from
 * its eye crop onto a common grid in iris radii; the highlight is the near-saturated blob inside
 * the iris. Disagreement is the distance between the two highlight centroids (iris radii) and
 * one minus the overlap (IoU) of the two masks.
 */

import type { CueEvidence, CueReport } from '../messaging/types';
import type { Crop, FaceTrack } from '../tracks/types';
import { insidePolygon } from './geometry';
import { bilinear, frameToCrop, luma } from './image';
import {
  LEFT_EYE_CONTOUR,
  LEFT_EYE_EAR,
  LEFT_IRIS_CENTER,
  LEFT_IRIS_RING,
  RIGHT_EYE_CONTOUR,
  RIGHT_EYE_EAR,
  RIGHT_IRIS_CENTER,
  RIGHT_IRIS_RING,
  eyeAspectRatio,
  framePoints,
  hasIris,
} from './landmarks';
import { evidence, insufficient, peakTimes, scored } from './report';
import {
  belowScore,
  clamp01,
  fmt,
  median,
  quantile,
  ratioScore,
  saturate,
  sigmoid,
  strongest,
} from './signal';

/** Tunable constants of the eye-reflection cue (see EYE_REFLECTION_DEFAULTS). */
export interface EyeReflectionOptions {
  /** Abstain with fewer frames where both highlights are measurable. */
  minFrames: number;
  /** Smallest iris radius in the eye crop's pixels that can show a highlight's shape. */
  minIrisRadiusPx: number;
  /** An eye counts as open above this fraction of its usual (90th percentile) aspect ratio. */
  openFraction: number;
  /** ...and above this absolute eye aspect ratio (closed eyes measure about 0.05-0.1). */
  minEar: number;
  /** A highlight must be this much brighter (luma levels) than the iris median. */
  minContrast: number;
  /** Natural upper bound of the centroid distance between the eyes' highlights, iris radii. */
  offsetUpper: number;
  /** Overlap (IoU) of the highlight masks below this is suspicious (weak at low resolution). */
  iouLower: number;
}

/**
 * Defaults.
 * - minIrisRadiusPx 4: an 8 px iris holds a highlight of a pixel or two; smaller and position
 *   is all noise. Hu et al. work on 1024 px faces with irises of ~40 px.
 * - offsetUpper 0.3 iris radii: vergence (eyes converge on the camera), slight head yaw and a
 *   nearby light shift the two highlights apart by a fraction of the corneal radius; a human
 *   cornea (7.8 mm radius) vs iris (~5.9 mm radius) makes that about 0.1-0.2 iris radii.
 * - iouLower 0.2: Hu et al. separate real (high IoU) from GAN faces (low IoU); on small crops
 *   a one-pixel offset already halves IoU, so only very low overlap counts, capped.
 * - minContrast 60 levels: specular highlights are near-saturated against a dark iris.
 */
export const EYE_REFLECTION_DEFAULTS: EyeReflectionOptions = {
  minFrames: 3,
  minIrisRadiusPx: 4,
  openFraction: 0.6,
  minEar: 0.12,
  minContrast: 60,
  offsetUpper: 0.3,
  iouLower: 0.2,
};

/** Grid points per side over [-1, 1] iris radii, and the disc radius used (inside the limbus). */
const GRID = 15;
const DISC = 0.8;

/** One eye's highlight on the common grid. */
interface Highlight {
  mask: Uint8Array;
  cx: number;
  cy: number;
}

type EyeResult =
  | { kind: 'ok'; highlight: Highlight; radiusPx: number }
  | { kind: 'none'; radiusPx: number }
  | { kind: 'small'; radiusPx: number }
  | { kind: 'missing' };

/**
 * Scores disagreement of the corneal highlights between the two eyes.
 * Abstains without iris landmarks and eye crops, or with fewer than `minFrames` frames where
 * both eyes are open, large enough and show a highlight.
 */
export function eyeReflectionCue(
  track: FaceTrack,
  options: Partial<EyeReflectionOptions> = {},
): CueReport {
  const o = { ...EYE_REFLECTION_DEFAULTS, ...options };
  const samples = track.samples.filter(hasIris);
  const candidates = samples.filter((s) => s.crops?.leftEye || s.crops?.rightEye);
  if (candidates.length === 0) {
    return insufficient('not enough data: no eye crops with iris landmarks');
  }
  // Each eye's usual openness over the whole track, to tell blinks and squints.
  const allPts = samples.map((s) => framePoints(s));
  const openR = quantile(
    allPts.map((p) => eyeAspectRatio(p, RIGHT_EYE_EAR)),
    0.9,
  );
  const openL = quantile(
    allPts.map((p) => eyeAspectRatio(p, LEFT_EYE_EAR)),
    0.9,
  );

  const tally = { closed: 0, small: 0, none: 0, missing: 0, oneSided: 0 };
  const smallRadii: number[] = [];
  const usable: { t: number; offset: number; iou: number; radiusPx: number }[] = [];
  for (const s of candidates) {
    const p = framePoints(s);
    const crops = [s.crops?.leftEye, s.crops?.rightEye].filter((c): c is Crop => !!c);
    const earR = eyeAspectRatio(p, RIGHT_EYE_EAR);
    const earL = eyeAspectRatio(p, LEFT_EYE_EAR);
    if (
      Math.min(earR, earL) < o.minEar ||
      earR < o.openFraction * openR ||
      earL < o.openFraction * openL
    ) {
      tally.closed++;
      continue;
    }
    const right = measureEye(p, RIGHT_IRIS_CENTER, RIGHT_IRIS_RING, RIGHT_EYE_CONTOUR, crops, o);
    const left = measureEye(p, LEFT_IRIS_CENTER, LEFT_IRIS_RING, LEFT_EYE_CONTOUR, crops, o);
    if (right.kind === 'missing' || left.kind === 'missing') {
      tally.missing++;
      continue;
    }
    if (right.kind === 'small' || left.kind === 'small') {
      tally.small++;
      smallRadii.push(Math.min(right.radiusPx, left.radiusPx));
      continue;
    }
    if (right.kind === 'ok' && left.kind === 'ok') {
      const a = right.highlight;
      const b = left.highlight;
      let inter = 0;
      let union = 0;
      for (let i = 0; i < a.mask.length; i++) {
        inter += a.mask[i]! & b.mask[i]!;
        union += a.mask[i]! | b.mask[i]!;
      }
      usable.push({
        t: s.t,
        offset: Math.hypot(a.cx - b.cx, a.cy - b.cy),
        iou: union > 0 ? inter / union : 0,
        radiusPx: Math.min(right.radiusPx, left.radiusPx),
      });
    } else if (right.kind === 'ok' || left.kind === 'ok') {
      tally.oneSided++;
    } else {
      tally.none++;
    }
  }

  if (usable.length < o.minFrames) {
    const why = Object.entries(tally).sort((x, y) => y[1] - x[1])[0]!;
    const base = `${usable.length} frames with a highlight in both eyes, need ${o.minFrames}`;
    if (why[0] === 'small' && why[1] > 0) {
      return insufficient(
        `eyes too small: iris ${fmt(2 * median(smallRadii), 2)} px across, need ${2 * o.minIrisRadiusPx} px`,
      );
    }
    if (why[0] === 'closed' && why[1] > 0) return insufficient(`eyes closed: ${base}`);
    if ((why[0] === 'none' || why[0] === 'oneSided') && why[1] > 0) {
      return insufficient(`no corneal highlight visible: ${base}`);
    }
    return insufficient(`not enough data: ${base}`);
  }

  const times = usable.map((u) => u.t);
  const offset = median(usable.map((u) => u.offset));
  const iou = median(usable.map((u) => u.iou));
  const oneSidedFraction = tally.oneSided / (tally.oneSided + usable.length);
  const score = strongest([
    { score: ratioScore(offset, o.offsetUpper) },
    { score: belowScore(iou, o.iouLower, 0.07), cap: 0.7 },
    // A highlight in only one eye, frame after frame, is also inconsistent.
    { score: sigmoid((oneSidedFraction - 0.5) / 0.1), cap: 0.6 },
  ]);
  const radiusPx = median(usable.map((u) => u.radiusPx));
  const confidence = saturate(usable.length, 5) * clamp01(radiusPx / (2 * o.minIrisRadiusPx));

  const items: CueEvidence[] = [
    evidence(
      `The light reflections in the two eyes sit ${fmt(offset, 2)} iris radii apart relative to each iris (natural: under ${fmt(o.offsetUpper, 2)}); both eyes mirror the same lights.`,
      {
        value: offset,
        unit: 'iris radii',
        times: peakTimes(
          times,
          usable.map((u) => u.offset),
        ),
      },
    ),
    evidence(
      `The reflections' shapes overlap by ${fmt(100 * iou, 2)}% (intersection over union).`,
      {
        value: 100 * iou,
        unit: '%',
        times: peakTimes(
          times,
          usable.map((u) => 1 - u.iou),
        ),
      },
    ),
  ];
  if (tally.oneSided > 0) {
    items.push(
      evidence(
        `In ${tally.oneSided} of ${tally.oneSided + usable.length} frames only one eye shows a reflection.`,
        { value: 100 * oneSidedFraction, unit: '%' },
      ),
    );
  }
  const reason = `eye reflections ${fmt(offset, 2)} iris radii apart, ${fmt(100 * iou, 2)}% overlap, over ${usable.length} frames`;
  return scored(score, confidence, reason, items, {
    offset,
    iou,
    oneSided: oneSidedFraction,
  });
}

/**
 * Finds the crop holding an iris and extracts its highlight, looking only at the part of the
 * iris between the eyelids (lid skin and sclera are bright too, but are not reflections).
 */
function measureEye(
  p: Float64Array,
  center: number,
  ring: readonly number[],
  contour: readonly number[],
  crops: readonly Crop[],
  o: EyeReflectionOptions,
): EyeResult {
  const x = p[center * 3]!;
  const y = p[center * 3 + 1]!;
  let r = 0;
  for (const i of ring) r += Math.hypot(p[i * 3]! - x, p[i * 3 + 1]! - y) / ring.length;
  // Crops are matched by geometry, not by name: "left" may mean the image's or the subject's.
  let crop: Crop | undefined;
  let bestDist = Infinity;
  for (const c of crops) {
    const [u, v] = frameToCrop(c, x, y);
    if (u < 0 || v < 0 || u >= c.width || v >= c.height) continue;
    const d = Math.hypot(u / c.width - 0.5, v / c.height - 0.5);
    if (d < bestDist) {
      bestDist = d;
      crop = c;
    }
  }
  if (!crop || !(r > 0)) return { kind: 'missing' };
  const [cu, cv] = frameToCrop(crop, x, y);
  const ru = (r * crop.width) / crop.box.width;
  const rv = (r * crop.height) / crop.box.height;
  const radiusPx = Math.min(ru, rv);
  if (radiusPx < o.minIrisRadiusPx) return { kind: 'small', radiusPx };

  const lids = new Float64Array(contour.length * 2);
  contour.forEach((i, k) => {
    const [u, v] = frameToCrop(crop, p[i * 3]!, p[i * 3 + 1]!);
    lids[k * 2] = u;
    lids[k * 2 + 1] = v;
  });
  const Y = luma(crop);
  const values = new Float32Array(GRID * GRID).fill(NaN);
  const inside: number[] = [];
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      const nx = -1 + (2 * gx) / (GRID - 1);
      const ny = -1 + (2 * gy) / (GRID - 1);
      if (nx * nx + ny * ny > DISC * DISC) continue;
      const u = cu + nx * ru;
      const v = cv + ny * rv;
      if (!insidePolygon(u, v, lids)) continue;
      const val = bilinear(Y, crop.width, crop.height, u, v);
      values[gy * GRID + gx] = val;
      inside.push(val);
    }
  }
  if (inside.length < 5) return { kind: 'none', radiusPx };
  const top = Math.max(...inside);
  const base = median(inside);
  if (top - base < o.minContrast) return { kind: 'none', radiusPx };
  // Keep the upper part of the highlight's profile: robust to blur spreading its edge.
  const threshold = top - 0.4 * (top - base);
  const mask = new Uint8Array(GRID * GRID);
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      const val = values[gy * GRID + gx]!;
      if (!(val >= threshold)) continue;
      mask[gy * GRID + gx] = 1;
      const wgt = val - threshold + 1;
      sw += wgt;
      sx += wgt * (-1 + (2 * gx) / (GRID - 1));
      sy += wgt * (-1 + (2 * gy) / (GRID - 1));
    }
  }
  return { kind: 'ok', highlight: { mask, cx: sx / sw, cy: sy / sw }, radiusPx };
}
