import { describe, expect, it } from 'vitest';
import { temporalCue } from '@/lib/cues/temporal';
import { synthTrack } from './synthetic';

const SEEDS = [1, 2, 3];

describe('temporalCue', () => {
  it('separates injected landmark flicker from smooth natural motion', () => {
    for (const seed of SEEDS) {
      const real = temporalCue(synthTrack({ seed }));
      const fake = temporalCue(synthTrack({ seed, jitter: 0.015 }));
      expect(real.status).toBe('ok');
      expect(fake.score!).toBeGreaterThan(real.score! + 0.4);
      expect(real.score!).toBeLessThan(0.3);
      expect(fake.evidence[0]!.value!).toBeGreaterThan(1); // % of eye span
      expect(fake.evidence[0]!.times!.length).toBeGreaterThan(0);
    }
  });

  it('flags identity proportions that drift over time', () => {
    for (const seed of SEEDS) {
      const real = temporalCue(synthTrack({ seed }));
      const fake = temporalCue(synthTrack({ seed, driftAmplitude: 0.08 }));
      expect(fake.score!).toBeGreaterThan(real.score! + 0.4);
      expect(fake.evidence[1]!.text).toContain('nose length');
    }
  });

  it('is not fooled by head motion or by the face box changing shape', () => {
    const still = temporalCue(synthTrack({ seed: 4, pose: () => ({ yaw: 0, pitch: 0, roll: 0 }) }));
    // Large turns: +-26 degrees of yaw. The box aspect ratio follows the turn every frame.
    const turning = temporalCue(
      synthTrack({
        seed: 4,
        pose: (t) => ({
          yaw: 0.45 * Math.sin(1.3 * t),
          pitch: 0.15 * Math.sin(0.7 * t),
          roll: 0.1 * Math.sin(0.5 * t),
        }),
      }),
    );
    expect(turning.score!).toBeLessThan(0.35);
    expect(Math.abs(turning.score! - still.score!)).toBeLessThan(0.2);
  });

  it('abstains on short tracks and small faces', () => {
    const short = temporalCue(synthTrack({ durationS: 2 }));
    expect(short).toMatchObject({ status: 'insufficient', score: null, confidence: 0 });
    expect(short.reason).toBe('not enough data: 2 s of face, need 3 s');
    const small = temporalCue(synthTrack({ faceWidthPx: 40 }));
    expect(small.status).toBe('insufficient');
    expect(small.reason).toMatch(/^face too small: 4\d px, need 64 px$/);
  });

  it('skips frames without a mesh and uses the rest', () => {
    const track = synthTrack({ seed: 5 });
    for (let k = 0; k < track.samples.length; k += 7)
      track.samples[k]!.landmarks = new Float32Array(0);
    const report = temporalCue(track);
    expect(report.status).toBe('ok');
    expect(report.score!).toBeLessThan(0.3);
  });
});
