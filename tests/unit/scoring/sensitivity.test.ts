import { describe, expect, it } from 'vitest';
import { EMPTY_STAT, type VideoReport } from '@/lib/messaging/types';
import {
  applySensitivity,
  applySensitivityAll,
  SHIPPED_RULES,
  thresholdsFor,
} from '@/lib/scoring/sensitivity';

/** Fixed rules, so the cases below do not move when the classifier is refitted. */
const RULES = { thresholds: { likelyFake: 0.85, likelyReal: 0.33 }, cuesForLikelyFake: 2 };

function scored(risk: number, verdict: VideoReport['verdict'], cues = 3): VideoReport {
  return {
    videoId: 'v1',
    state: 'scored',
    risk,
    verdict,
    cues: {},
    frames: { sampled: 1, analysed: 1, dropped: 0 },
    timingsMs: { capture: EMPTY_STAT, transportRtt: EMPTY_STAT, analyse: EMPTY_STAT },
    analyser: { id: 'x', placeholder: false },
    fusion: {
      version: 'v',
      probability: risk / 100,
      drivers: Array.from({ length: cues }, (_, i) => ({
        cue: `c${i}`,
        contribution: 0.1,
        share: 1 / cues,
      })),
    },
    updatedAt: 0,
  };
}

describe('sensitivity presets', () => {
  it('balanced is the shipped thresholds; high is lower, low is higher', () => {
    expect(thresholdsFor('balanced')).toEqual(SHIPPED_RULES.thresholds);
    const shipped = RULES.thresholds;
    const high = thresholdsFor('high', shipped);
    const low = thresholdsFor('low', shipped);
    expect(high.likelyFake).toBeCloseTo(shipped.likelyFake - 0.15);
    expect(low.likelyFake).toBeCloseTo(Math.min(0.99, shipped.likelyFake + 0.1));
    for (const t of [high, low]) expect(t.likelyReal).toBeLessThanOrEqual(t.likelyFake);
  });

  it('balanced keeps the judge’s verdict (with its hysteresis) untouched', () => {
    const report = scored(80, 'likely-fake');
    expect(applySensitivity(report, 'balanced')).toBe(report);
  });

  it('high flags a risk of 75; low does not flag 90 and clears 40', () => {
    expect(applySensitivity(scored(75, 'uncertain'), 'high', RULES).verdict).toBe('likely-fake');
    expect(applySensitivity(scored(75, 'uncertain'), 'low', RULES).verdict).toBe('uncertain');
    expect(applySensitivity(scored(90, 'likely-fake'), 'low', RULES).verdict).toBe('uncertain');
    expect(applySensitivity(scored(40, 'uncertain'), 'low', RULES).verdict).toBe('likely-real');
    expect(applySensitivity(scored(25, 'likely-real'), 'high', RULES).verdict).toBe('uncertain');
  });

  it('likely fake still needs enough cues with data', () => {
    expect(applySensitivity(scored(80, 'uncertain', 1), 'high', RULES).verdict).toBe('uncertain');
  });

  it('leaves unscored reports alone and maps a whole tab', () => {
    const analyzing = { ...scored(0, undefined), state: 'analyzing' as const };
    delete analyzing.risk;
    expect(applySensitivity(analyzing, 'high', RULES)).toBe(analyzing);
    const all = applySensitivityAll({ a: scored(75, 'uncertain'), b: analyzing }, 'high', RULES);
    expect(all.a?.verdict).toBe('likely-fake');
    expect(all.b).toBe(analyzing);
  });
});
