import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FUSION_WEIGHTS,
  PRIOR_FUSION_WEIGHTS,
  parseFusionWeights,
  withPriorFallback,
} from '@/lib/scoring/weights';
import shippedJson from '@/lib/scoring/fusion-weights.json';
import { fuse } from '@/lib/scoring/fusion';

describe('prior fallback for cues the trained weights never saw', () => {
  it('keeps fitted weights (zeros included) and adds the prior for absent cues', () => {
    const trained = parseFusionWeights(shippedJson);
    expect(trained.cues.avSync).toBeUndefined();
    const merged = withPriorFallback(trained, PRIOR_FUSION_WEIGHTS);
    for (const [name, w] of Object.entries(trained.cues)) expect(merged.cues[name]).toEqual(w);
    expect(merged.cues.avSync?.weight).toBe(PRIOR_FUSION_WEIGHTS.cues.avSync?.weight);
    expect(merged.cues.phonemeViseme?.weight).toBe(PRIOR_FUSION_WEIGHTS.cues.phonemeViseme?.weight);
    expect(merged.bias).toBe(trained.bias);
    expect(merged.version).toBe(trained.version);
    expect(DEFAULT_FUSION_WEIGHTS).toEqual(merged);
  });

  it('a prior weight reaches cues the trained weights never saw', () => {
    const prior = {
      ...PRIOR_FUSION_WEIGHTS,
      cues: { ...PRIOR_FUSION_WEIGHTS.cues, avSync: { weight: 0.7, presence: 0 } },
    };
    const weights = withPriorFallback({ ...parseFusionWeights(shippedJson), cues: {} }, prior);
    const base = { mesonet: { score: 0.5, confidence: 0.3 } };
    const low = fuse({ ...base, avSync: { score: 0.1, confidence: 0.9 } }, weights);
    const high = fuse({ ...base, avSync: { score: 0.9, confidence: 0.9 } }, weights);
    expect(high.probability ?? 0).toBeGreaterThan((low.probability ?? 1) + 0.2);
  });

  it('the shipped fusion reports the lip-sync cues without fusing them (prior weight 0)', () => {
    expect(DEFAULT_FUSION_WEIGHTS.cues.avSync?.weight).toBe(0);
    expect(DEFAULT_FUSION_WEIGHTS.cues.phonemeViseme?.weight).toBe(0);
    const base = { mesonet: { score: 0.5, confidence: 0.3 } };
    const low = fuse({ ...base, avSync: { score: 0.1, confidence: 0.9 } });
    const high = fuse({ ...base, avSync: { score: 0.99, confidence: 0.9 } });
    expect(high.probability).toBeCloseTo(low.probability ?? -1, 6);
  });
});
