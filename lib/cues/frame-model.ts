/**
 * Cue `mesonet`: the learned frame model's per-crop P(real) (lib/ml/onnx/mesonet.ts) summarised
 * over the track. MesoNet was trained on 2018 Deepfakes faces and generalises poorly to newer
 * generators, so its confidence is capped low and fusion weights it accordingly.
 */
import type { CueReport } from '../messaging/types';
import type { FaceTrack } from '../tracks/types';
import { scored } from './report';
import { mean, median, quantile } from './signal';

export interface FrameModelOptions {
  /** Crops needed before the cue speaks. */
  minCrops: number;
  /** Confidence ceiling (the model is domain-bound). */
  maxConfidence: number;
}

export const FRAME_MODEL_DEFAULTS: FrameModelOptions = { minCrops: 3, maxConfidence: 0.35 };

export function frameModelCue(
  track: FaceTrack,
  options: Partial<FrameModelOptions> = {},
): CueReport {
  const o = { ...FRAME_MODEL_DEFAULTS, ...options };
  const rated = track.samples.filter((s) => s.mesonetPReal !== undefined);
  if (rated.length < o.minCrops) {
    return {
      status: 'insufficient',
      score: null,
      confidence: 0,
      reason: `not enough data: ${rated.length} face crop(s) rated, need ${o.minCrops}`,
      evidence: [],
    };
  }
  const pFake = rated.map((s) => 1 - (s.mesonetPReal ?? 0.5));
  const score = median(pFake);
  const flagged = rated.filter((s) => 1 - (s.mesonetPReal ?? 0.5) > 0.5);
  const worst = [...rated]
    .sort((a, b) => (a.mesonetPReal ?? 1) - (b.mesonetPReal ?? 1))
    .slice(0, 3)
    .filter((s) => (s.mesonetPReal ?? 1) < 0.5);
  return scored(
    score,
    o.maxConfidence * Math.min(1, rated.length / 8),
    `MesoNet median P(fake) ${score.toFixed(2)} over ${rated.length} crops`,
    [
      {
        text: `Learned frame model (MesoNet, trained on 2018 deepfakes) rated ${flagged.length} of ${rated.length} face crops as manipulated`,
        value: score,
        unit: 'median P(fake)',
        ...(worst.length > 0 ? { times: worst.map((s) => Math.round(s.t * 100) / 100) } : {}),
      },
    ],
    {
      median: score,
      mean: mean(pFake),
      q90: quantile(pFake, 0.9),
      fracAbove05: flagged.length / rated.length,
    },
  );
}
