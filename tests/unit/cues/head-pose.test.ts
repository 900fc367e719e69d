import { describe, expect, it } from 'vitest';
import { headPoseCue } from '@/lib/cues/head-pose';
import { synthTrack } from './synthetic';

describe('headPoseCue', () => {
  it('separates a central face that lags the head from a consistent one', () => {
    for (const seed of [1, 2, 3]) {
      const real = headPoseCue(synthTrack({ seed }));
      const fake = headPoseCue(synthTrack({ seed, centralPoseGain: 0.7 }));
      expect(real.status).toBe('ok');
      expect(real.score!).toBeLessThan(0.2);
      expect(fake.score!).toBeGreaterThan(real.score! + 0.4);
      const gain = fake.evidence.find((e) => e.unit === '%')!;
      expect(gain.value!).toBeLessThan(85);
    }
  });

  it('also flags a central face that over-turns', () => {
    const real = headPoseCue(synthTrack({ seed: 6 }));
    const fake = headPoseCue(synthTrack({ seed: 6, centralPoseGain: 1.25 }));
    expect(fake.score!).toBeGreaterThan(real.score! + 0.4);
  });

  it('stays calm with noisier tracking', () => {
    const noisy = headPoseCue(synthTrack({ seed: 7, landmarkNoise: 0.006 }));
    expect(noisy.score!).toBeLessThan(0.25);
  });

  it('has little confidence when the head does not move', () => {
    const still = headPoseCue(synthTrack({ pose: () => ({ yaw: 0.1, pitch: 0, roll: 0 }) }));
    const moving = headPoseCue(synthTrack({}));
    expect(still.status).toBe('ok');
    expect(still.confidence).toBeLessThan(0.1);
    expect(moving.confidence).toBeGreaterThan(0.8);
  });

  it('abstains on short tracks and small faces', () => {
    expect(headPoseCue(synthTrack({ durationS: 1.2 })).reason).toBe(
      'not enough data: 1.1 s of face, need 3 s',
    );
    const small = headPoseCue(synthTrack({ faceWidthPx: 50 }));
    expect(small).toMatchObject({ status: 'insufficient', score: null });
    expect(small.reason).toMatch(/^face too small/);
  });
});
