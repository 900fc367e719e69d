import { describe, expect, it } from 'vitest';
import {
  countMismatches,
  marginOverNull,
  phonemeVisemeCue,
  shiftAudioTrack,
  visemeSegments,
} from '@/lib/cues/phoneme-viseme';
import { VISEME, emptyAudioTrack } from '@/lib/audio/types';
import { synthAudio, synthMouth, syllables } from '../audio/synthetic-speech';

const DURATION = 12;

describe('mismatch counter', () => {
  it('joins events into sounds and counts the ones without closure', () => {
    const events = [0.5, 0.516, 0.532, 1.5, 1.516, 2.5].map((t) => ({
      t,
      viseme: VISEME.PP,
      d: 0.016,
    }));
    const segs = visemeSegments(events, 0.04);
    expect(segs).toHaveLength(3);
    // Face samples at 0.52 (closed), 1.5 (open), none near 2.5.
    const t = [0.52, 1.5, 3.5];
    const aperture = [0.01, 0.3, 0.01];
    const count = countMismatches(segs, [VISEME.PP], t, 0.09, (near) =>
      near.some((i) => (aperture[i] as number) < 0.05),
    );
    expect(count).toEqual({ judged: 2, missed: 1, times: [1.51] });
  });
});

describe('comparison with moved audio', () => {
  it('moves every series of the track and cuts it to the picture', () => {
    const audio = synthAudio(syllables(1, 4), { durationS: 4 });
    const moved = shiftAudioTrack(audio, 0.5, 4);
    expect(moved.times[0]).toBeCloseTo((audio.times[0] as number) + 0.5, 9);
    expect(moved.times.at(-1)).toBeLessThanOrEqual(4);
    expect(moved.energyDb).toHaveLength(moved.times.length);
    expect(moved.speech).toHaveLength(moved.times.length);
    expect(moved.visemes.every((v) => v.t >= 0 && v.t <= 4)).toBe(true);
    expect(moved.visemes[0]?.t).toBeCloseTo((audio.visemes[0]?.t as number) + 0.5, 9);
    expect(shiftAudioTrack(audio, -1, 4).times[0]).toBeGreaterThanOrEqual(0);
  });

  it('measures the margin in standard deviations of the moved values, with a floor', () => {
    expect(marginOverNull(1, [0, 0.5, 0, 0.5, 0, 0.5])).toBeCloseTo(3, 9);
    // Identical moved values: the spread floor (0.02) keeps the margin finite.
    expect(marginOverNull(0.1, [0, 0, 0, 0, 0])).toBeCloseTo(5, 9);
    expect(marginOverNull(1, [0, NaN, 1])).toBeNaN();
    expect(marginOverNull(NaN, [0, 1, 0, 1, 0])).toBeNaN();
  });
});

describe('phonemeViseme cue', () => {
  const sylls = syllables(5, DURATION, 1, 0.5);
  const audio = synthAudio(sylls, { durationS: DURATION });
  const seeds = [1, 2, 3, 4, 5, 6];
  const meanScore = (make: (seed: number) => ReturnType<typeof phonemeVisemeCue>) =>
    seeds.reduce((sum, seed) => sum + (make(seed).score ?? NaN), 0) / seeds.length;

  it('is low when the mouth fits its own sounds', () => {
    const real = phonemeVisemeCue(synthMouth(sylls, { durationS: DURATION, fps: 10 }), audio);
    expect(real.status).toBe('ok');
    expect(real.score).toBeLessThan(0.3);
    expect(real.evidence.at(-1)?.unit).toBe('z');
    expect(real.evidence.at(-1)?.value).toBeGreaterThan(1);
  });

  it('is high when the sounds come from other speech or are moved (mean over seeds)', () => {
    const real = meanScore((seed) => {
      const s = syllables(seed, DURATION, 1, 0.5);
      return phonemeVisemeCue(
        synthMouth(s, { durationS: DURATION }),
        synthAudio(s, { durationS: DURATION }),
      );
    });
    const dubbed = meanScore((seed) => {
      const s = syllables(seed, DURATION, 1, 0.5);
      const other = synthAudio(syllables(seed + 100, DURATION, 1, 0.5), { durationS: DURATION });
      return phonemeVisemeCue(synthMouth(s, { durationS: DURATION }), other);
    });
    const late = meanScore((seed) => {
      const s = syllables(seed, DURATION, 1, 0.5);
      const moved = synthAudio(s, { durationS: DURATION, delayS: 0.3 });
      return phonemeVisemeCue(synthMouth(s, { durationS: DURATION }), moved);
    });
    expect(real).toBeLessThan(0.3);
    expect(dubbed).toBeGreaterThan(0.7);
    expect(late).toBeGreaterThan(real + 0.3);
  });

  it('is high when the mouth hardly moves while the sound speaks', () => {
    const barelyMoving = synthMouth(sylls, { durationS: DURATION, fps: 10 });
    barelyMoving.aperture = barelyMoving.aperture.map((_, i) => 0.05 + 0.02 * Math.sin(i * 1.7));
    const r = phonemeVisemeCue(barelyMoving, audio);
    expect(r.status).toBe('ok');
    expect(r.score).toBeGreaterThan(0.7);
  });

  it("lists the 'p/b/m' sounds where the lips stay open, without scoring them", () => {
    const real = phonemeVisemeCue(synthMouth(sylls, { durationS: DURATION, fps: 10 }), audio);
    // Lips that neither meet nor narrow around the sound (only tracker jitter).
    const staysOpen = synthMouth(sylls, { durationS: DURATION, fps: 10 });
    staysOpen.aperture = staysOpen.aperture.map((_, i) => 0.3 + 0.01 * Math.sin(i * 1.7));
    const open = phonemeVisemeCue(staysOpen, audio);
    const bilabial = open.evidence[0];
    expect(bilabial?.text).toMatch(/p\/b\/m/);
    expect(bilabial?.value).toBe(1);
    expect(bilabial?.times?.length).toBeGreaterThan(3);
    expect(real.evidence[0]?.text).toMatch(/p\/b\/m/);
    expect(real.evidence[0]?.value).toBeLessThanOrEqual(0.3);
  });

  it('abstains without audio or speech', () => {
    const mouth = synthMouth(sylls, { durationS: DURATION });
    expect(phonemeVisemeCue(mouth, emptyAudioTrack('none', 'x')).status).toBe('insufficient');
    expect(phonemeVisemeCue(mouth, synthAudio([], { durationS: DURATION })).reason).toMatch(
      /no speech/,
    );
  });
});
