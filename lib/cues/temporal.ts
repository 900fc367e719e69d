/**
 * Temporal cue: frame-to-frame flicker of the face geometry and drift of identity proportions.
 *
 * Face swaps and reenactment models synthesise each frame (nearly) independently, so the
 * generated face's geometry flickers and its proportions wander with pose and lighting, while a
 * real face is one rigid skull plus smooth expression. After removing head motion (Procrustes on
 * the rigid points), what remains on the rigid points is tracking noise (small, and set by face
 * size and motion) or synthesis flicker. Identity ratios (eye span / face width, nose length /
 * eye span, ...) are constant for one person up to tracking noise.
 */

import type { CueReport, CueEvidence } from '../messaging/types';
import type { FaceTrack } from '../tracks/types';
import { alignTrack, applySimilarity } from './geometry';
import { LEFT_EYE_OUTER, RIGHT_EYE_OUTER, RIGID_POINTS, dist2, dist3 } from './landmarks';
import { meshFrames } from './mesh-gate';
import { evidence, insufficient, peakTimes, scored } from './report';
import { fmt, median, quantile, ratioScore, saturate, clamp01 } from './signal';

/** Tunable constants of the temporal cue (see TEMPORAL_DEFAULTS for the reasoning). */
export interface TemporalOptions {
  /** Abstain below this many seconds of face. */
  minDurationS: number;
  /** Abstain below this many frames with landmarks. */
  minFrames: number;
  /** Abstain when the median face width (landmarks 234-454) is below this, px. */
  minFaceWidthPx: number;
  /** Typical tracking noise of rigid points on a large, still face, fraction of eye span. */
  jitterFloor: number;
  /** Typical tracking noise that does not shrink with face size, px (sub-pixel localisation). */
  jitterPixelFloor: number;
  /** Extra typical noise per unit of head motion (eye spans per frame): motion blur. */
  jitterMotionGain: number;
  /** The natural upper bound is this multiple of the typical noise. */
  jitterUpperFactor: number;
  /** Natural upper bound of identity-ratio drift (largest 10th-90th percentile range / median). */
  driftUpper: number;
  /** Running-median window for the identity ratios, s (removes jitter, keeps drift). */
  smoothingS: number;
  /** A frame step longer than this multiple of the median step breaks the sequence. */
  maxGapFactor: number;
}

/**
 * Defaults. Calibration on real footage is pending; these are defensible starting points.
 * - jitterFloor 0.4 % of eye span and jitterPixelFloor 0.3 px: landmark regressors on a
 *   192-256 px face crop localise to roughly a pixel of that crop, i.e. a few tenths of a
 *   percent of the eye span, plus sub-pixel noise in the frame.
 * - jitterMotionGain 0.05: motion blur of d pixels adds a few percent of d of localisation error.
 * - jitterUpperFactor 2: a log-normal spread of about 2x across cameras and codecs.
 * - driftUpper 5 %: with per-frame ratio noise of 1-2 % (0.5 % point noise over distances of half
 *   an eye span), a 1 s running median, pose-dependent depth errors and taking the largest of
 *   four ratios, a real face's ratios stay within a few percent; anthropometric ratios of one
 *   adult do not change at all.
 */
export const TEMPORAL_DEFAULTS: TemporalOptions = {
  minDurationS: 3,
  minFrames: 12,
  minFaceWidthPx: 64,
  jitterFloor: 0.004,
  jitterPixelFloor: 0.3,
  jitterMotionGain: 0.05,
  jitterUpperFactor: 2,
  driftUpper: 0.05,
  smoothingS: 1,
  maxGapFactor: 1.6,
};

/** Identity ratios: [numerator a, b, denominator c, d, label]; 3D distances, so pose-invariant. */
const IDENTITY_RATIOS: readonly [number, number, number, number, string][] = [
  [33, 263, 234, 454, 'eye span / face width'],
  [168, 1, 33, 263, 'nose length / eye span'],
  [133, 362, 33, 263, 'inner eye distance / eye span'],
  [98, 327, 33, 263, 'nose width / eye span'],
];

/**
 * Scores landmark flicker and identity-proportion drift of one face track.
 * Abstains when the track is shorter than `minDurationS`, has fewer than `minFrames` frames with
 * a mesh, or the face is narrower than `minFaceWidthPx`.
 */
export function temporalCue(track: FaceTrack, options: Partial<TemporalOptions> = {}): CueReport {
  const o = { ...TEMPORAL_DEFAULTS, ...options };
  const gate = meshFrames(track, o);
  if (!gate.ok) return gate.report;
  const { samples, times, pts, faceWidth } = gate.frames;

  const rigid = RIGID_POINTS as readonly number[];
  const { reference, toReference } = alignTrack(pts, rigid);
  const refSpan = dist3(reference, RIGHT_EYE_OUTER, LEFT_EYE_OUTER);
  const eyeSpanPx = median(pts.map((p) => dist2(p, RIGHT_EYE_OUTER, LEFT_EYE_OUTER)));

  // Residuals of the rigid points in the reference frame, in eye spans (x and y only: the
  // regressed depth is noisier and would dominate).
  const n = samples.length;
  const m = rigid.length;
  const residual = new Float64Array(n * m * 2);
  const tmp = new Float64Array(pts[0]!.length);
  for (let k = 0; k < n; k++) {
    applySimilarity(toReference[k]!, pts[k]!, rigid, tmp);
    for (let j = 0; j < m; j++) {
      const i = rigid[j]! * 3;
      residual[(k * m + j) * 2] = (tmp[i]! - reference[i]!) / refSpan;
      residual[(k * m + j) * 2 + 1] = (tmp[i + 1]! - reference[i + 1]!) / refSpan;
    }
  }

  // Head motion per frame (rigid points, frame pixels, in eye spans): fast motion blurs the face
  // and raises natural tracking noise, so it raises the expected jitter too.
  const steps: number[] = [];
  for (let k = 1; k < n; k++) steps.push(times[k]! - times[k - 1]!);
  const medianStep = median(steps);
  const motion: number[] = [];
  for (let k = 1; k < n; k++) {
    let s = 0;
    for (const idx of rigid) {
      const dx = pts[k]![idx * 3]! - pts[k - 1]![idx * 3]!;
      const dy = pts[k]![idx * 3 + 1]! - pts[k - 1]![idx * 3 + 1]!;
      s += dx * dx + dy * dy;
    }
    motion.push(Math.sqrt(s / m) / eyeSpanPx);
  }

  // Second differences over evenly spaced triples: for white noise of sd sigma their variance
  // is 6 sigma^2, while smooth motion contributes almost nothing.
  const jitter: number[] = [];
  const jitterTimes: number[] = [];
  for (let k = 1; k < n - 1; k++) {
    const a = times[k]! - times[k - 1]!;
    const b = times[k + 1]! - times[k]!;
    const maxStep = o.maxGapFactor * medianStep;
    if (a > maxStep || b > maxStep || Math.max(a, b) > 1.5 * Math.min(a, b)) continue;
    let s = 0;
    for (let j = 0; j < m * 2; j++) {
      const d2 =
        residual[(k + 1) * m * 2 + j]! -
        2 * residual[k * m * 2 + j]! +
        residual[(k - 1) * m * 2 + j]!;
      s += d2 * d2;
    }
    jitter.push(Math.sqrt(s / (m * 2) / 6));
    jitterTimes.push(times[k]!);
  }
  if (jitter.length < o.minFrames - 2) {
    return insufficient(
      `not enough data: ${jitter.length} evenly spaced frame triples, need ${o.minFrames - 2}`,
    );
  }
  const jitterLevel = median(jitter);
  const typicalJitter = Math.hypot(
    o.jitterFloor,
    o.jitterPixelFloor / eyeSpanPx,
    o.jitterMotionGain * median(motion),
  );
  const jitterUpper = o.jitterUpperFactor * typicalJitter;
  const jitterScore = ratioScore(jitterLevel, jitterUpper);

  // Identity drift: running median removes jitter; the 10-90 % range of what is left, relative
  // to the median, is how far the proportions wander.
  const drifts = IDENTITY_RATIOS.map(([a, b, c, d, label]) => {
    const raw = pts.map((p) => dist3(p, a, b) / dist3(p, c, d));
    const smooth = runningMedian(times, raw, o.smoothingS / 2);
    const mid = median(smooth);
    const range = (quantile(smooth, 0.9) - quantile(smooth, 0.1)) / mid;
    let hi = 0;
    let lo = 0;
    for (let k = 1; k < n; k++) {
      if (smooth[k]! > smooth[hi]!) hi = k;
      if (smooth[k]! < smooth[lo]!) lo = k;
    }
    return { label, range, times: [times[lo]!, times[hi]!].sort((x, y) => x - y) };
  });
  // The largest drift counts: a swap model may get one proportion (often the nose) wrong.
  const worst = drifts.reduce((w, d) => (d.range > w.range ? d : w));
  const drift = worst.range;
  const driftScore = ratioScore(drift, o.driftUpper);

  const score = Math.max(jitterScore, driftScore);
  const confidence = saturate(jitter.length, 20) * clamp01(faceWidth / (2 * o.minFaceWidthPx));

  const items: CueEvidence[] = [
    evidence(
      `Fixed parts of the face (nose ridge, eye corners, outline) jitter by ${fmt(100 * jitterLevel, 2)}% of the eye span from frame to frame after removing head motion; up to ${fmt(100 * jitterUpper, 2)}% is normal for this face size and motion.`,
      { value: 100 * jitterLevel, unit: '% of eye span', times: peakTimes(jitterTimes, jitter) },
    ),
    evidence(
      `Face proportions drift over the clip: ${worst.label} varies by ${fmt(100 * drift, 2)}% (10th-90th percentile); one person's proportions should stay within ${fmt(100 * o.driftUpper, 2)}%.`,
      { value: 100 * drift, unit: '%', times: worst.times },
    ),
  ];
  const reason = `landmark jitter ${fmt(100 * jitterLevel, 2)}% of eye span (normal up to ${fmt(100 * jitterUpper, 2)}%), proportion drift ${fmt(100 * drift, 2)}% (normal up to ${fmt(100 * o.driftUpper, 2)}%)`;
  return scored(score, confidence, reason, items, {
    jitter: jitterLevel,
    jitterRatio: jitterLevel / typicalJitter,
    jitterP90Ratio: quantile(jitter, 0.9) / typicalJitter,
    drift,
    motion: median(motion),
  });
}

/** Median of the values within +-halfWindow seconds of each time. */
function runningMedian(
  times: readonly number[],
  values: readonly number[],
  halfWindow: number,
): Float64Array {
  const out = new Float64Array(values.length);
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < values.length; k++) {
    const t = times[k]!;
    while (times[lo]! < t - halfWindow) lo++;
    while (hi < values.length && times[hi]! <= t + halfWindow) hi++;
    out[k] = median(values.slice(lo, hi));
  }
  return out;
}
