/**
 * Head-pose cue (Yang, Li & Lyu 2019, "Exposing Deep Fakes Using Inconsistent Head Poses"):
 * a face swap replaces the central face (eyes, nose, mouth) but keeps the original head outline,
 * so the head pose estimated from the central landmarks disagrees with the pose estimated from
 * the whole face, and the disagreement grows when the head turns.
 *
 * Both poses are fitted from the 3D landmarks by Procrustes (Horn's quaternion method) to the
 * track's own mean shape, so no generic 3D face model is needed and a constant offset between
 * regions (this person's anatomy) cancels; what remains is disagreement that changes over time.
 */

import type { CueEvidence, CueReport } from '../messaging/types';
import type { FaceTrack } from '../tracks/types';
import {
  alignTrack,
  eulerAngles,
  fitSimilarity,
  multiplyTransposed,
  rotationAngle,
  rotationVector,
} from './geometry';
import { CENTRAL_POINTS, WHOLE_FACE_POINTS } from './landmarks';
import { meshFrames } from './mesh-gate';
import { evidence, peakTimes, scored } from './report';
import { clamp01, fmt, median, quantile, ratioScore, saturate } from './signal';

/** Tunable constants of the head-pose cue (see HEAD_POSE_DEFAULTS for the reasoning). */
export interface HeadPoseOptions {
  /** Abstain below this many seconds of face. */
  minDurationS: number;
  /** Abstain below this many frames with a mesh. */
  minFrames: number;
  /** Abstain when the median face width (landmarks 234-454) is below this, px. */
  minFaceWidthPx: number;
  /** Natural upper bound of the median central-vs-whole rotation disagreement, degrees. */
  disagreementUpperDeg: number;
  /** Natural upper bound of |1 - gain|, gain = central rotation / whole-face rotation. */
  gainUpper: number;
  /** Head rotation below which the gain is not estimated, degrees. */
  minMotionForGainDeg: number;
  /** Head rotation (90th percentile from the mean pose) at which confidence is full, degrees. */
  fullMotionDeg: number;
}

/**
 * Defaults.
 * - disagreementUpperDeg 2: with ~0.5 % eye-span landmark noise, a rigid fit on 17 central points
 *   spread over about one eye span is good to a few tenths of a degree, and expressions move
 *   the mouth corners by millimetres; Yang et al. 2019 observe that the two estimates nearly
 *   coincide on real faces and differ clearly on swapped ones. 2 degrees is our assumption,
 *   to be calibrated on real footage.
 * - gainUpper 0.1: both regions belong to one rigid skull, so the central face must turn as much
 *   as the whole face (gain 1); a swapped centre synthesised near-frontal lags (gain < 1) and
 *   the whole-face fit, which includes it, sits in between. 10 % allows for the mesh's own
 *   non-rigidity; an assumption pending calibration.
 * - fullMotionDeg 10: with a still head both poses agree whatever the face (swap artefacts show
 *   when the head turns), so confidence scales with how much the head moves.
 */
export const HEAD_POSE_DEFAULTS: HeadPoseOptions = {
  minDurationS: 3,
  minFrames: 12,
  minFaceWidthPx: 64,
  disagreementUpperDeg: 2,
  gainUpper: 0.1,
  minMotionForGainDeg: 5,
  fullMotionDeg: 10,
};

const DEG = 180 / Math.PI;

/**
 * Scores how much the head pose from the central face disagrees with the whole-face pose: the
 * typical per-frame gap, and whether the centre turns less (or more) than the head.
 * Abstains below `minDurationS` of face, `minFrames` frames or `minFaceWidthPx`.
 */
export function headPoseCue(track: FaceTrack, options: Partial<HeadPoseOptions> = {}): CueReport {
  const o = { ...HEAD_POSE_DEFAULTS, ...options };
  const gate = meshFrames(track, o);
  if (!gate.ok) return gate.report;
  const { samples, times, pts, faceWidth } = gate.frames;

  const whole = WHOLE_FACE_POINTS as readonly number[];
  const central = CENTRAL_POINTS as readonly number[];
  const { reference } = alignTrack(pts, whole);
  // Rotations taking the reference to each frame, from each region.
  const rWhole = pts.map((p) => fitSimilarity(reference, p, whole).R);
  const rCentral = pts.map((p) => fitSimilarity(reference, p, central).R);

  const disagreement = rWhole.map(
    (rw, k) => rotationAngle(multiplyTransposed(rCentral[k]!, rw)) * DEG,
  );
  const medianDisagreement = median(disagreement);
  // Rotation vectors; the reference is one frame's orientation, so measure turns from the mean.
  const wv = rWhole.map(rotationVector);
  const cv = rCentral.map(rotationVector);
  const wm = [0, 1, 2].map((a) => wv.reduce((s, v) => s + v[a]!, 0) / wv.length);
  const cm = [0, 1, 2].map((a) => cv.reduce((s, v) => s + v[a]!, 0) / cv.length);
  const turn = wv.map((v) => Math.hypot(v[0] - wm[0]!, v[1] - wm[1]!, v[2] - wm[2]!) * DEG);
  const motion = quantile(turn, 0.9);

  // Components in words: which way does the central face lag or lead?
  const yawGap: number[] = [];
  const pitchGap: number[] = [];
  for (let k = 0; k < pts.length; k++) {
    const w = eulerAngles(rWhole[k]!);
    const c = eulerAngles(rCentral[k]!);
    yawGap.push(Math.abs(c.yaw - w.yaw) * DEG);
    pitchGap.push(Math.abs(c.pitch - w.pitch) * DEG);
  }

  // Gain: least-squares slope of the central rotation vector on the whole-face one, means
  // removed. 1 for one rigid head; a lagging (or over-turning) centre shows at any motion.
  let num = 0;
  let den = 0;
  for (let k = 0; k < pts.length; k++) {
    for (let a = 0; a < 3; a++) {
      const w = wv[k]![a]! - wm[a]!;
      num += (cv[k]![a]! - cm[a]!) * w;
      den += w * w;
    }
  }
  const gain = den > 0 ? num / den : 1;
  const gainUsable = motion >= o.minMotionForGainDeg;

  const score = Math.max(
    ratioScore(medianDisagreement, o.disagreementUpperDeg),
    gainUsable ? ratioScore(Math.abs(1 - gain), o.gainUpper) : 0,
  );
  const confidence =
    saturate(samples.length, 24) *
    clamp01(motion / o.fullMotionDeg) *
    clamp01(faceWidth / (2 * o.minFaceWidthPx));

  const items: CueEvidence[] = [
    evidence(
      `Head pose from the eyes, nose and mouth differs from the pose of the whole head by ${fmt(medianDisagreement, 2)}° on a typical frame (up to ${fmt(quantile(disagreement, 0.9), 2)}°); on a real face they agree within ${fmt(o.disagreementUpperDeg, 2)}°.`,
      { value: medianDisagreement, unit: '°', times: peakTimes(times, disagreement) },
    ),
    ...(gainUsable
      ? [
          evidence(
            `The eyes, nose and mouth turn ${fmt(100 * gain, 3)}% as far as the whole head; on one rigid head they turn together (100%, within ${fmt(100 * o.gainUpper, 2)}%).`,
            { value: 100 * gain, unit: '%', times: peakTimes(times, turn, 3) },
          ),
        ]
      : []),
    evidence(
      `Typical gap by direction: ${fmt(median(yawGap), 2)}° left-right, ${fmt(median(pitchGap), 2)}° up-down.`,
      { value: median(yawGap), unit: '°' },
    ),
    evidence(
      `The head turns up to ${fmt(motion, 2)}° from its average pose${motion < o.fullMotionDeg ? ', too little to test this well' : ''}.`,
      { value: motion, unit: '°', times: peakTimes(times, turn, 1) },
    ),
  ];
  const reason = `central vs whole-face pose differ by ${fmt(medianDisagreement, 2)}° (normal up to ${fmt(o.disagreementUpperDeg, 2)}°), central turns ${fmt(100 * gain, 3)}% as far as the head, head turns ${fmt(motion, 2)}°`;
  return scored(score, confidence, reason, items, {
    disagreementDeg: medianDisagreement,
    disagreementP90Deg: quantile(disagreement, 0.9),
    gainError: gainUsable ? Math.abs(1 - gain) : NaN,
    yawGapDeg: median(yawGap),
    pitchGapDeg: median(pitchGap),
    motionDeg: motion,
  });
}
