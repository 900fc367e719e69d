import { describe, expect, it } from 'vitest';
import { analyseFaceCrop, boundaryCue } from '@/lib/cues/boundary';
import { synthTrack } from './synthetic';

// Rendering crops is the slow part of these tests: 3 s at 8 fps, a crop every other frame.
const base = { durationS: 3, speech: false } as const;

describe('boundaryCue', () => {
  it('separates a pasted face with a seam from a seamless one', () => {
    for (const seed of [1, 2]) {
      const real = boundaryCue(synthTrack({ ...base, seed, faceCrops: { every: 2, size: 160 } }));
      const fake = boundaryCue(
        synthTrack({ ...base, seed, faceCrops: { every: 2, size: 160, seam: true } }),
      );
      expect(real.status).toBe('ok');
      expect(real.score!).toBeLessThan(0.25);
      expect(fake.score!).toBeGreaterThan(real.score! + 0.35);
    }
  });

  it('sees the smoother paste as a noise step at the outline', () => {
    const track = synthTrack({ ...base, durationS: 0.5, faceCrops: { size: 160, seam: true } });
    const s = track.samples[0]!;
    const frame = analyseFaceCrop(s, s.crops!.face!)!;
    // Inside noise is about a third of outside noise (sd 1 vs 3): ln ratio well below 0.
    expect(frame.noiseStep).toBeLessThan(-0.4);
    expect(frame.noiseExcess).toBeGreaterThan(0.3);
    expect(frame.colourExcess).toBeGreaterThan(1);
  });

  it('measures the 8x8 grid on native-resolution crops only', () => {
    const native = synthTrack({
      ...base,
      durationS: 1,
      faceWidthPx: 110,
      faceCrops: { every: 4, size: 0 },
    });
    const resized = synthTrack({ ...base, durationS: 1, faceCrops: { every: 4, size: 160 } });
    const n = native.samples[0]!;
    const r = resized.samples[0]!;
    expect(analyseFaceCrop(n, n.crops!.face!)!.blockExcess).toBeTypeOf('number');
    expect(analyseFaceCrop(r, r.crops!.face!)!.blockExcess).toBeUndefined();
    const report = boundaryCue(native);
    expect(report.status).toBe('ok');
    expect(report.evidence.some((e) => e.text.startsWith('Compression-block edges'))).toBe(true);
  });

  it('abstains without crops or with tiny faces', () => {
    expect(boundaryCue(synthTrack({ ...base }))).toMatchObject({
      status: 'insufficient',
      reason: 'not enough data: no face crops',
    });
    const tiny = boundaryCue(
      synthTrack({ ...base, durationS: 1, faceCrops: { every: 2, size: 40 } }),
    );
    expect(tiny.status).toBe('insufficient');
    expect(tiny.reason).toMatch(/^face too small: \d+ px across in the face crops, need 48 px$/);
    const few = boundaryCue(
      synthTrack({ ...base, durationS: 1, faceCrops: { every: 5, size: 160 } }),
    );
    expect(few.reason).toBe('not enough data: 2 usable face crops, need 3');
  });
});
