import { describe, expect, it } from 'vitest';
import { pulseCue } from '@/lib/cues/pulse';
import { synthTrack } from './synthetic';

describe('pulseCue', () => {
  it('separates a 1.2 Hz skin-colour pulse from noise', () => {
    for (const seed of [1, 2, 3, 4]) {
      const real = pulseCue(synthTrack({ seed, durationS: 12, skin: { pulseHz: 1.2 } }));
      const fake = pulseCue(synthTrack({ seed, durationS: 12, skin: { pulseHz: 0 } }));
      expect(real.status).toBe('ok');
      expect(real.score!).toBeLessThan(0.35);
      expect(fake.score!).toBeGreaterThan(real.score! + 0.4);
      expect(real.evidence[0]!.value!).toBeCloseTo(72, -1); // bpm
    }
  });

  it('uses the sample times, not the nominal rate', () => {
    // 7.5 fps with +-30 ms jitter while track.fps still claims 8.
    const track = synthTrack({
      seed: 2,
      durationS: 12,
      fps: 7.5,
      timeJitterS: 0.03,
      skin: { pulseHz: 1.2 },
    });
    track.fps = 8;
    const report = pulseCue(track);
    expect(report.evidence[0]!.value!).toBeGreaterThan(66);
    expect(report.evidence[0]!.value!).toBeLessThan(78);
    expect(report.score!).toBeLessThan(0.35);
  });

  it('finds a fast pulse below the Nyquist limit of 8 fps', () => {
    const report = pulseCue(
      synthTrack({ seed: 3, durationS: 12, skin: { pulseHz: 2.5, amplitude: 0.006 } }),
    );
    expect(report.evidence[0]!.value!).toBeCloseTo(150, -1);
  });

  it('never claims more than its maximum confidence', () => {
    const report = pulseCue(synthTrack({ durationS: 60, skin: { pulseHz: 1.2 } }));
    expect(report.confidence).toBeLessThanOrEqual(0.6);
  });

  it('abstains on short or gappy tracks, slow sampling and missing skin', () => {
    expect(pulseCue(synthTrack({ durationS: 5, skin: { pulseHz: 1.2 } })).reason).toBe(
      'not enough data: 5 s of skin colour without gaps, need 8 s',
    );
    const gappy = synthTrack({ durationS: 12, skin: { pulseHz: 1.2 } });
    gappy.samples = gappy.samples.filter((s) => s.t < 5 || s.t > 7);
    // Two runs of 4.9 s either side of the gap: neither is long enough.
    expect(pulseCue(gappy).reason).toBe(
      'not enough data: 4.9 s of skin colour without gaps, need 8 s',
    );
    expect(pulseCue(synthTrack({ durationS: 12, fps: 3, skin: { pulseHz: 1.2 } })).reason).toBe(
      'sampling too slow for a pulse: 3 frames/s, need 3.3',
    );
    expect(pulseCue(synthTrack({ durationS: 12 }))).toMatchObject({
      status: 'insufficient',
      reason: 'not enough data: no skin colour samples',
    });
    expect(
      pulseCue(synthTrack({ durationS: 12, faceWidthPx: 30, skin: { pulseHz: 1.2 } })).reason,
    ).toMatch(/^face too small/);
  });

  it('judges the face size in the pixels the skin was read from (native face crops)', () => {
    const track = synthTrack({ durationS: 12, faceWidthPx: 30, skin: { pulseHz: 1.2 } });
    for (const s of track.samples) s.measuredScale = 4;
    expect(pulseCue(track).reason ?? '').not.toMatch(/too small/);
  });
});
