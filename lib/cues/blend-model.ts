/**
 * Cue `blend`: Telltale's own frame model (lib/ml/frame-model, trained on self-blended real
 * faces, docs/models.md) summarised over the track. Per-crop scores are noisy (a turned head, a
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
 * The ceiling is low: on the corpus the model separates face swaps and lip-sync repaints but
 * scores fully generated talking heads (VASA-1, FOMM, V-Express) below real clips
 * (docs/models.md), so it must not outvote other cues until fusion learns its weight.
 */
export const BLEND_CUE_DEFAULTS: BlendCueOptions = { minCrops: 4, maxConfidence: 0.3, trim: 0.1 };

export interface BlendFeatures {
  /** Rated crops. */
  n: number;
  mean: number;
  /** Trimmed mean (the cue's score). */
  trimmed: number;
  q90: number;
  /** Share of crops with P(fake) above 0.5. */
  fracAbove05: number;
}

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
        text: `Blend model (trained on self-blended real faces) saw blending traces in ${flagged} of ${crops.length} face crops`,
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
    },
  );
}
