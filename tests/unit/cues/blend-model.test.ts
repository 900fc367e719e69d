import { describe, expect, it } from 'vitest';
import { blendCue, blendFeatures } from '@/lib/cues/blend-model';
import type { FaceTrack } from '@/lib/tracks/types';
import { synthTrack } from './synthetic';

/** A synthetic track whose first scores.length samples carry these blend scores. */
function withScores(scores: number[]): FaceTrack {
  const track = synthTrack({ durationS: Math.max(2, scores.length / 8 + 1) });
  scores.forEach((p, i) => {
    const s = track.samples[i];
    if (s) s.blendPFake = p;
  });
  return track;
}

describe('blend cue', () => {
  it('abstains when too few crops were rated', () => {
    const r = blendCue(withScores([0.9, 0.9]));
    expect(r.status).toBe('insufficient');
    expect(r.score).toBeNull();
    expect(r.reason).toMatch(/2 face crop\(s\) rated/);
  });

  it('abstains with the reason when the model is unavailable', () => {
    const r = blendCue(withScores([]), { unavailable: 'HTTP 404' });
    expect(r.status).toBe('insufficient');
    expect(r.score).toBeNull();
    expect(r.reason).toBe('blend model unavailable: HTTP 404');
  });

  it('scores a trimmed mean that one outlier frame does not move much', () => {
    const calm = Array.from({ length: 20 }, () => 0.1);
    const spiked = [...calm.slice(0, 19), 1];
    const a = blendCue(withScores(calm));
    const b = blendCue(withScores(spiked));
    expect(a.status).toBe('ok');
    expect(a.score).toBeCloseTo(0.1, 6);
    expect(b.score).toBeCloseTo(0.1, 6);
    expect(b.evidence[0]?.times).toHaveLength(1);
  });

  it('reports the worst frames with their times', () => {
    const track = withScores([0.2, 0.9, 0.3, 0.8, 0.95, 0.1]);
    const r = blendCue(track);
    expect(r.status).toBe('ok');
    const t = (i: number) => Math.round((track.samples[i]?.t ?? 0) * 100) / 100;
    expect(r.evidence[0]?.times).toEqual([t(4), t(1), t(3)]);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(0.3);
  });
});

describe('blendFeatures', () => {
  it('summarises the rated crops', () => {
    const f = blendFeatures(withScores([0, 0.25, 0.5, 0.75, 1]));
    expect(f).not.toBeNull();
    expect(f?.n).toBe(5);
    expect(f?.mean).toBeCloseTo(0.5, 9);
    expect(f?.q90).toBeCloseTo(0.9, 9);
    expect(f?.fracAbove05).toBeCloseTo(0.4, 9);
  });

  it('is null without rated crops', () => {
    expect(blendFeatures(withScores([]))).toBeNull();
  });
});
