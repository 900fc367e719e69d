import { describe, expect, it } from 'vitest';
import { blinkCue, detectBlinks } from '@/lib/cues/blink';
import { rng, synthTrack } from './synthetic';

/** Blink times with natural, irregular intervals (1.2 s + exponential, mean ~3.7 s). */
function naturalBlinks(seed: number, durationS: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  let t = 1 + 2 * r();
  while (t < durationS - 0.5) {
    out.push(t);
    t += 1.2 - 2.5 * Math.log(Math.max(1e-6, r()));
  }
  return out;
}

describe('blinkCue', () => {
  it('counts synthetic blinks at 8 frames/s', () => {
    const times = naturalBlinks(5, 40);
    const report = blinkCue(synthTrack({ seed: 3, durationS: 40, blinkTimes: times }));
    expect(report.status).toBe('ok');
    expect(report.evidence[0]!.times!.length).toBe(Math.min(10, times.length));
    expect(report.reason).toContain(`${times.length} blinks in 40 s`);
  });

  it('scores a face that never blinks above one that blinks naturally', () => {
    for (const seed of [1, 2, 3]) {
      const real = blinkCue(
        synthTrack({ seed, durationS: 40, blinkTimes: naturalBlinks(seed, 40) }),
      );
      const fake = blinkCue(synthTrack({ seed, durationS: 40 }));
      expect(real.score!).toBeLessThan(0.25);
      expect(fake.score!).toBeGreaterThan(real.score! + 0.35);
      expect(fake.evidence[0]!.text).toMatch(/^No blinks in 40 s/);
    }
  });

  it('the longer a face goes without blinking, the stronger the evidence', () => {
    const s20 = blinkCue(synthTrack({ durationS: 20 })).score!;
    const s40 = blinkCue(synthTrack({ durationS: 40 })).score!;
    const s80 = blinkCue(synthTrack({ durationS: 80 })).score!;
    expect(s20).toBeLessThan(s40);
    expect(s40).toBeLessThan(s80);
    expect(s80).toBeGreaterThan(0.9);
  });

  it('flags metronome-regular blinking', () => {
    const regular = blinkCue(
      synthTrack({
        seed: 2,
        durationS: 40,
        blinkTimes: Array.from({ length: 13 }, (_, i) => 1 + 3 * i),
      }),
    );
    const natural = blinkCue(
      synthTrack({ seed: 2, durationS: 40, blinkTimes: naturalBlinks(2, 40) }),
    );
    expect(regular.score!).toBeGreaterThan(natural.score! + 0.5);
    expect(regular.evidence.some((e) => e.text.startsWith('Time between blinks varies by'))).toBe(
      true,
    );
  });

  it('flags blinks that never close the eye, and perfectly mirrored expressions (capped)', () => {
    const times = naturalBlinks(7, 40);
    const natural = blinkCue(synthTrack({ seed: 7, durationS: 40, blinkTimes: times }));
    const half = blinkCue(
      synthTrack({ seed: 7, durationS: 40, blinkTimes: times, blinkDepth: 0.55 }),
    );
    const mirrored = blinkCue(
      synthTrack({ seed: 7, durationS: 40, blinkTimes: times, symmetricBlendshapes: true }),
    );
    expect(half.score!).toBeGreaterThan(natural.score! + 0.3);
    expect(mirrored.score!).toBeGreaterThan(natural.score! + 0.3);
    // Weak tells stay below a confident verdict on their own.
    expect(mirrored.score!).toBeLessThanOrEqual(0.7);
  });

  it('works from the eye aspect ratio alone when there are no blendshapes', () => {
    const times = naturalBlinks(8, 40);
    const report = blinkCue(
      synthTrack({ seed: 8, durationS: 40, blinkTimes: times, blendshapes: false }),
    );
    expect(report.reason).toContain(`${times.length} blinks`);
  });

  it('abstains on short tracks, slow sampling and small eyes', () => {
    expect(blinkCue(synthTrack({ durationS: 6 }))).toMatchObject({
      status: 'insufficient',
      score: null,
      reason: 'not enough data: 6 s of face, need 10 s',
    });
    expect(blinkCue(synthTrack({ durationS: 20, fps: 2 })).reason).toBe(
      'frame rate too low to see blinks: 2 frames/s, need 4',
    );
    expect(blinkCue(synthTrack({ durationS: 20, faceWidthPx: 40 })).reason).toMatch(
      /^eyes too small: \d(\.\d+)? px wide, need 10 px$/,
    );
  });

  it('detectBlinks splits at gaps and measures peaks', () => {
    const t = [0, 0.125, 0.25, 0.375, 2.0, 2.125, 2.25];
    const c = [0, 0.9, 0.6, 0.1, 0.8, 0.2, 0];
    const blinks = detectBlinks(t, c, 0.125, { closedThreshold: 0.5, reopenThreshold: 0.35 });
    expect(blinks.map((b) => [b.peakTime, b.peak, b.duration])).toEqual([
      [0.125, 0.9, 0.25],
      [2.0, 0.8, 0.125],
    ]);
  });
});
