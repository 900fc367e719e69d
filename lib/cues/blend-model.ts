/**
 * Cue `blend`: Telltale's own frame model (lib/ml/frame-model, docs/models.md: the ImageNet
 * MobileNetV2 with a head fitted on the corpus' real and fake videos and on self-blended real
 * faces) summarised over the track. Per-crop scores are noisy (a turned head, a
 * blurred frame), so the video's score is a trimmed mean: the highest and lowest tenth of the
 * crops are dropped before averaging. `blendFeatures` gives the numbers the fusion classifier
 * uses as features.
 */
import type { CueReport } from '../messaging/types';
import type { FaceSample, FaceTrack } from '../tracks/types';
import { scored } from './report';
import { mean, quantileSorted } from './signal';

export interface BlendCueOptions {
  /** Rated crops needed before the cue speaks. */
  minCrops: number;
  /** Confidence ceiling (an unseen generator can leave no blending trace). */
  maxConfidence: number;
  /** Fraction dropped at each end before averaging. */
  trim: number;
  /** Why the model is not running, when it is not (the cue abstains with it). */
  unavailable?: string;
}

/**
 * The ceiling is moderate: the model separates unseen generators of the corpus (leave one
 * method out, ROC AUC 0.84) but scores smooth, filtered real faces high (fixtures 0.66,
 * docs/models.md); the verdict's weight for it is the learned classifier's.
 */
export const BLEND_CUE_DEFAULTS: BlendCueOptions = { minCrops: 4, maxConfidence: 0.5, trim: 0.1 };

export interface BlendFeatures {
  /** Rated crops. */
  n: number;
  mean: number;
  /** Trimmed mean (the cue's score). */
  trimmed: number;
  q90: number;
  /** Share of crops with P(fake) above 0.5. */
  fracAbove05: number;
  /** Mean of the crops' logits, log(p / (1 - p)), p clamped to [1e-6, 1 - 1e-6]. */
  meanLogit: number;
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

type Rated = FaceSample & { blendPFake: number };

function rated(track: FaceTrack): Rated[] {
  return track.samples.filter(
    (s): s is Rated => s.blendPFake !== undefined && Number.isFinite(s.blendPFake),
  );
}

/** Numeric summary of the track's blend scores; null when no crop was rated. */
export function blendFeatures(
  track: FaceTrack,
  trim = BLEND_CUE_DEFAULTS.trim,
): BlendFeatures | null {
  const values = rated(track)
    .map((s) => s.blendPFake)
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  const cut = Math.floor(values.length * trim);
  const kept = values.slice(cut, values.length - cut);
  return {
    n: values.length,
    mean: mean(values),
    trimmed: mean(kept.length > 0 ? kept : values),
    q90: quantileSorted(values, 0.9),
    fracAbove05: values.filter((v) => v > 0.5).length / values.length,
    meanLogit: mean(values.map(logit)),
  };
}

export function blendCue(track: FaceTrack, options: Partial<BlendCueOptions> = {}): CueReport {
  const o = { ...BLEND_CUE_DEFAULTS, ...options };
  const crops = rated(track);
  if (crops.length === 0 && o.unavailable) {
    return {
      status: 'insufficient',
      score: null,
      confidence: 0,
      reason: `blend model unavailable: ${o.unavailable}`,
      evidence: [],
    };
  }
  const features = blendFeatures(track, o.trim);
  if (!features || crops.length < o.minCrops) {
    return {
      status: 'insufficient',
      score: null,
      confidence: 0,
      reason: `not enough data: ${crops.length} face crop(s) rated by the blend model, need ${o.minCrops}`,
      evidence: [],
    };
  }
  const score = features.trimmed;
  const worst = [...crops]
    .sort((a, b) => b.blendPFake - a.blendPFake)
    .slice(0, 3)
    .filter((s) => s.blendPFake > 0.5);
  const flagged = crops.filter((s) => s.blendPFake > 0.5).length;
  return scored(
    score,
    o.maxConfidence * Math.min(1, crops.length / 12),
    `blend model trimmed-mean P(fake) ${score.toFixed(2)} over ${crops.length} crops`,
    [
      {
        text: `Frame model (trained on real and fake videos and self-blended faces) rated ${flagged} of ${crops.length} face crops as manipulated`,
        value: Math.round(score * 1000) / 1000,
        unit: 'trimmed-mean P(fake)',
        ...(worst.length > 0 ? { times: worst.map((s) => Math.round(s.t * 100) / 100) } : {}),
      },
    ],
    {
      mean: features.mean,
      trimmed: features.trimmed,
      q90: features.q90,
      fracAbove05: features.fracAbove05,
      meanLogit: features.meanLogit,
    },
  );
}
