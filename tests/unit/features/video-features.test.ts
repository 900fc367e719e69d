import { describe, expect, it } from 'vitest';
import { videoFeatures } from '@/lib/features/video-features';
import { motionCue, trackDynamics } from '@/lib/cues/motion';
import { runVisualCues } from '@/lib/cues/index';
import type { CueReport } from '@/lib/messaging/types';
import { synthTrack } from '../cues/synthetic';

describe('videoFeatures and the motion cue', () => {
  it('names every cue measure cue.measure', () => {
    const track = synthTrack({ durationS: 8, fps: 8, seed: 3 });
    const cues = runVisualCues(track);
    const features = videoFeatures(cues);
    expect(Object.keys(features).length).toBeGreaterThan(15);
    for (const [cue, report] of Object.entries(cues)) {
      for (const name of Object.keys(report.measures ?? {})) {
        expect(features[`${cue}.${name}`]).toBe(report.measures![name]);
      }
    }
    expect(features['motion.poseYawStd']).toBeGreaterThan(0);
    expect(features['motion.expressionStd']).toBeGreaterThan(0);
    for (const value of Object.values(features)) expect(Number.isFinite(value)).toBe(true);
  });

  it('leaves out cues that abstained and non-finite measures', () => {
    const cues: Record<string, CueReport> = {
      blink: {
        status: 'insufficient',
        score: null,
        confidence: 0,
        evidence: [],
        measures: { perMin: 3 },
      },
      temporal: {
        status: 'ok',
        score: 0.2,
        confidence: 1,
        evidence: [],
        measures: { jitter: NaN, drift: 0.01 },
      },
    };
    expect(videoFeatures(cues)).toEqual({ 'temporal.drift': 0.01 });
  });

  it('measures no dynamics on a track too short to have any, and says so', () => {
    const short = synthTrack({ durationS: 0.5, fps: 8 });
    expect(trackDynamics(short)).toEqual({});
    expect(motionCue(short).status).toBe('insufficient');
    expect(motionCue(short).reason).toMatch(/not enough data/);
  });

  it('describes the motion in words with the measures behind it', () => {
    const report = motionCue(synthTrack({ durationS: 8, fps: 8, seed: 4 }));
    expect(report.status).toBe('ok');
    expect(report.evidence[0]!.text).toMatch(/Head turns by/);
    expect(report.measures?.poseRoughness).toBeGreaterThan(0);
    expect(report.score).toBeGreaterThanOrEqual(0);
  });

  it('sees a face box that jumps from frame to frame as jitter, and smooth motion as none', () => {
    const track = synthTrack({ durationS: 8, fps: 15, seed: 5 });
    const glide = {
      ...track,
      samples: track.samples.map((s, k) => ({
        ...s,
        box: { x: 100 + 2 * k, y: 50, width: 200, height: 240 },
      })),
    };
    const jumpy = {
      ...track,
      samples: track.samples.map((s, k) => ({
        ...s,
        box: { x: 100 + 2 * k + (k % 2 ? 6 : -6), y: 50, width: 200, height: 240 },
      })),
    };
    expect(trackDynamics(glide).boxJitter).toBeCloseTo(0, 10);
    expect(trackDynamics(jumpy).boxJitter).toBeCloseTo(24 / 200, 6);
  });
});
