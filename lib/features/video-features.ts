/**
 * Named feature vectors for the learned video classifier (lib/scoring/classifier.ts): the cues'
 * raw measurements (`CueReport.measures`) plus a few track-level dynamics measured here. Pure,
 * so the extension (judge) and the training scripts (npm run eval:cv) compute the same numbers
 * from the same track.
 *
 * Names are `cue.measure` for cue measurements and `track.*` for the dynamics below. A feature
 * is absent when its input is missing (a cue abstained, no pose, too few frames); the classifier
 * treats absent features as the training mean, so missing data is neutral.
 *
 * Nothing here measures face size, resolution, duration or whether there is sound: those differ
 * between collections of videos far more than between real and fake, and a classifier given them
 * would learn where a clip came from instead of how it was made.
 */
import type { CueReport } from '../messaging/types';
import { blendshapeIndex, type FaceTrack } from '../tracks/types';
import { mean, median, quantile, std } from '../cues/signal';

/**
 * Bumped whenever a cue measure or a feature changes meaning, so cached analyses
 * (bench/out/analysed/) are redone.
 */
export const FEATURES_VERSION = 'f3';

/** Feature name -> value; only finite values. */
export type FeatureVector = Record<string, number>;

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
export function trackDynamics(track: FaceTrack): FeatureVector {
  const out: FeatureVector = {};
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

/** Every finite feature of one video: cue measures (`cue.name`) and `track.*` dynamics. */
export function videoFeatures(
  track: FaceTrack | null,
  cues: Readonly<Record<string, CueReport | undefined>>,
): FeatureVector {
  const out: FeatureVector = {};
  for (const cue of Object.keys(cues).sort()) {
    const report = cues[cue];
    if (!report || report.status !== 'ok' || !report.measures) continue;
    for (const [name, value] of Object.entries(report.measures)) {
      if (Number.isFinite(value)) out[`${cue}.${name}`] = value;
    }
  }
  if (track) {
    for (const [name, value] of Object.entries(trackDynamics(track))) {
      if (Number.isFinite(value)) out[`track.${name}`] = value;
    }
  }
  return out;
}
