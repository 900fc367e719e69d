/**
 * Cue `motion`: how the head and the face's expression move over the clip (pose spread and
 * smoothness, expression spread and smoothness, face-box jitter). Generated talking heads and
 * enhanced faces move more smoothly than a tracked real face, face swaps often jitter more
 * (issue #15: the temporal and head-pose cues pointed the wrong way on generated video), so
 * these are measurements for the learned classifier that can count in either direction. The
 * score shown is only how much smoother than tracking noise the motion is.
 */
import type { CueReport } from '../messaging/types';
import { blendshapeIndex, type FaceTrack } from '../tracks/types';
import { evidence, insufficient, scored } from './report';
import { clamp01, fmt, mean, median, quantile, std } from './signal';

/** Measurement name -> value. */
export type Dynamics = Record<string, number>;

/** Frames needed for the track dynamics. */
const MIN_FRAMES = 8;
/** A step longer than this multiple of the median step breaks a difference (face lost). */
const MAX_GAP_FACTOR = 1.6;
const DEG = 180 / Math.PI;

/** Expressive blendshapes whose movement the dynamics measure (mouth, brows, cheeks). */
const EXPRESSION_SHAPES = [
  'jawOpen',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthFunnel',
  'mouthPucker',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'browInnerUp',
  'browDownLeft',
  'browDownRight',
  'cheekSquintLeft',
  'cheekSquintRight',
] as const;

/**
 * Smoothness of a series: RMS second difference over the series' own spread. White noise gives
 * about sqrt(6) ~ 2.4; smooth motion sampled densely gives much less. Synthesised faces move
 * more smoothly than tracked real ones (issue #15: temporal and head-pose cues point the wrong
 * way on generated video), so this is a feature in both directions.
 */
function roughness(values: readonly number[], usable: readonly boolean[]): number {
  const spread = std(values);
  if (!(spread > 1e-6)) return NaN;
  const d2: number[] = [];
  for (let k = 1; k < values.length - 1; k++) {
    if (!usable[k]) continue;
    d2.push((values[k + 1]! - 2 * values[k]! + values[k - 1]!) ** 2);
  }
  if (d2.length < MIN_FRAMES - 2) return NaN;
  return Math.sqrt(mean(d2)) / spread;
}

/** Whether frame k has evenly spaced neighbours on both sides (no gap). */
function evenTriples(times: readonly number[]): boolean[] {
  const steps: number[] = [];
  for (let k = 1; k < times.length; k++) steps.push(times[k]! - times[k - 1]!);
  const step = median(steps);
  return times.map((_, k) => {
    if (k === 0 || k === times.length - 1) return false;
    const a = times[k]! - times[k - 1]!;
    const b = times[k + 1]! - times[k]!;
    return a <= MAX_GAP_FACTOR * step && b <= MAX_GAP_FACTOR * step && a > 0 && b > 0;
  });
}

/** Track-level dynamics of head pose, expression and face box. */
export function trackDynamics(track: FaceTrack): Dynamics {
  const out: Dynamics = {};
  const samples = track.samples;
  if (samples.length < MIN_FRAMES) return out;
  const times = samples.map((s) => s.t);
  const usable = evenTriples(times);

  const posed = samples.filter((s) => s.pose !== null);
  if (posed.length >= MIN_FRAMES && posed.length === samples.length) {
    const yaw = samples.map((s) => s.pose!.yaw * DEG);
    const pitch = samples.map((s) => s.pose!.pitch * DEG);
    const roll = samples.map((s) => s.pose!.roll * DEG);
    out.poseYawStd = std(yaw);
    out.posePitchStd = std(pitch);
    out.poseRollStd = std(roll);
    out.poseRoughness = median(
      [roughness(yaw, usable), roughness(pitch, usable), roughness(roll, usable)].filter((x) =>
        Number.isFinite(x),
      ),
    );
  }

  const shaped = samples.filter((s) => s.blendshapes.length >= 52);
  if (shaped.length === samples.length) {
    const stds: number[] = [];
    const rough: number[] = [];
    for (const name of EXPRESSION_SHAPES) {
      const i = blendshapeIndex(name);
      const series = samples.map((s) => s.blendshapes[i]!);
      const sd = std(series);
      stds.push(sd);
      // Roughness only where the shape actually moves (a flat series is all noise).
      if (sd >= 0.02) {
        const r = roughness(series, usable);
        if (Number.isFinite(r)) rough.push(r);
      }
    }
    out.expressionStd = mean(stds);
    out.expressionMaxStd = Math.max(...stds);
    if (rough.length > 0) out.expressionRoughness = median(rough);
    const jaw = samples.map((s) => s.blendshapes[blendshapeIndex('jawOpen')]!);
    out.jawOpenStd = std(jaw);
    out.jawOpenP90 = quantile(jaw, 0.9);
    const blink = samples.map(
      (s) =>
        (s.blendshapes[blendshapeIndex('eyeBlinkLeft')]! +
          s.blendshapes[blendshapeIndex('eyeBlinkRight')]!) /
        2,
    );
    out.eyeBlinkStd = std(blink);
  }

  // Face box centre jitter relative to the box size: second differences of the centre.
  const cx = samples.map((s) => (s.box.x + s.box.width / 2) / s.box.width);
  const cy = samples.map((s) => (s.box.y + s.box.height / 2) / s.box.height);
  const d2: number[] = [];
  for (let k = 1; k < samples.length - 1; k++) {
    if (!usable[k]) continue;
    d2.push(Math.hypot(cx[k + 1]! - 2 * cx[k]! + cx[k - 1]!, cy[k + 1]! - 2 * cy[k]! + cy[k - 1]!));
  }
  if (d2.length >= MIN_FRAMES - 2) {
    out.boxJitter = median(d2);
    out.boxMotion = Math.hypot(std(cx), std(cy));
  }
  return out;
}

/** Roughness of white noise (RMS second difference over spread): sqrt(6). */
const NOISE_ROUGHNESS = Math.sqrt(6);

/** The motion cue: the dynamics as measures, in plain words. */
export function motionCue(track: FaceTrack): CueReport {
  if (track.samples.length < MIN_FRAMES) {
    return insufficient(`not enough data: ${track.samples.length} frames, need ${MIN_FRAMES}`);
  }
  const d = trackDynamics(track);
  const rough = [d.poseRoughness, d.expressionRoughness].filter(
    (x): x is number => x !== undefined && Number.isFinite(x),
  );
  if (rough.length === 0) return insufficient('no head pose or expression to measure');
  const smoothness = clamp01(1 - median(rough) / NOISE_ROUGHNESS);
  const items = [];
  if (d.poseRoughness !== undefined) {
    items.push(
      evidence(
        `Head turns by ${fmt(d.poseYawStd ?? 0, 2)}° left-right and ${fmt(d.posePitchStd ?? 0, 2)}° up-down (spread); frame-to-frame it moves with roughness ${fmt(d.poseRoughness, 2)} (tracking noise alone: ${fmt(NOISE_ROUGHNESS, 2)}; lower is smoother).`,
        { value: d.poseRoughness, unit: 'roughness' },
      ),
    );
  }
  if (d.expressionRoughness !== undefined) {
    items.push(
      evidence(
        `Expressions change with roughness ${fmt(d.expressionRoughness, 2)} and spread ${fmt(d.expressionStd ?? 0, 2)} (blendshape units).`,
        { value: d.expressionRoughness, unit: 'roughness' },
      ),
    );
  }
  if (d.boxJitter !== undefined) {
    items.push(
      evidence(`The face box jumps by ${fmt(100 * d.boxJitter, 2)}% of its size between frames.`, {
        value: 100 * d.boxJitter,
        unit: '% of face size',
      }),
    );
  }
  const reason = `head and expression move with smoothness ${fmt(smoothness, 2)} over ${track.samples.length} frames`;
  return scored(smoothness, clamp01(track.samples.length / 40), reason, items, d);
}
