import { describe, expect, it } from 'vitest';
import { eyeReflectionCue } from '@/lib/cues/eye-reflection';
import { synthTrack } from './synthetic';

const base = { durationS: 2, speech: false } as const;

describe('eyeReflectionCue', () => {
  it('separates mismatched corneal highlights from matched ones', () => {
    for (const seed of [1, 2, 3]) {
      const real = eyeReflectionCue(
        synthTrack({ ...base, seed, eyeCrops: { left: [0.3, -0.3], right: [0.3, -0.3] } }),
      );
      const fake = eyeReflectionCue(
        synthTrack({ ...base, seed, eyeCrops: { left: [0.3, -0.3], right: [-0.35, 0.25] } }),
      );
      expect(real.status).toBe('ok');
      expect(real.score!).toBeLessThan(0.25);
      expect(fake.score!).toBeGreaterThan(real.score! + 0.5);
      expect(fake.evidence[0]!.value!).toBeGreaterThan(0.6); // iris radii apart
    }
  });

  it('matches crops to eyes by position, whatever their names', () => {
    const named = eyeReflectionCue(
      synthTrack({ ...base, seed: 4, eyeCrops: { left: [0.3, -0.3], right: [-0.3, 0.2] } }),
    );
    const swapped = eyeReflectionCue(
      synthTrack({
        ...base,
        seed: 4,
        eyeCrops: { left: [0.3, -0.3], right: [-0.3, 0.2], swapNames: true },
      }),
    );
    expect(swapped.score).toBeCloseTo(named.score!, 6);
  });

  it('skips frames where the eyes are closed', () => {
    const report = eyeReflectionCue(
      synthTrack({ ...base, blinkTimes: [0.2, 1.0], blinkDurationS: 0.6, eyeCrops: {} }),
    );
    expect(report.status).toBe('ok');
    expect(report.reason).toMatch(/over (1\d) frames$/);
  });

  it('abstains with no highlight, small eyes or no crops', () => {
    expect(eyeReflectionCue(synthTrack({ ...base, eyeCrops: { highlight: false } })).reason).toBe(
      'no corneal highlight visible: 0 frames with a highlight in both eyes, need 3',
    );
    expect(eyeReflectionCue(synthTrack({ ...base, faceWidthPx: 80, eyeCrops: {} })).reason).toMatch(
      /^eyes too small: iris \d(\.\d)? px across, need 8 px$/,
    );
    expect(eyeReflectionCue(synthTrack({ ...base }))).toMatchObject({
      status: 'insufficient',
      score: null,
      reason: 'not enough data: no eye crops with iris landmarks',
    });
  });
});
