/**
 * Named feature vectors for the learned video classifier (lib/scoring/classifier.ts): the cues'
 * raw measurements (`CueReport.measures`), named `cue.measure`. Pure, so the extension (judge)
 * and the training scripts (npm run eval:cv) compute the same numbers from the same reports.
 *
 * A feature is absent when its input is missing (a cue abstained, no pose, too few frames); the
 * classifier treats absent features as the training mean, so missing data is neutral.
 *
 * No cue measures face size, resolution, duration or whether there is sound: those differ
 * between collections of videos far more than between real and fake, and a classifier given them
 * would learn where a clip came from instead of how it was made.
 */
import type { CueReport } from '../messaging/types';

/**
 * Bumped whenever a cue measure or a feature changes meaning, so cached analyses
 * (bench/out/analysed/) are redone.
 */
export const FEATURES_VERSION = 'f4';

/** Feature name -> value; only finite values. */
export type FeatureVector = Record<string, number>;

/** Every finite feature of one video: the cue measures, named `cue.measure`. */
export function videoFeatures(
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
  return out;
}
