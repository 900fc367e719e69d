import { describe, expect, it } from 'vitest';
import { countMismatches, phonemeVisemeCue, visemeSegments } from '@/lib/cues/phoneme-viseme';
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

describe('phonemeViseme cue', () => {
  const sylls = syllables(5, DURATION, 1, 0.5);
  const audio = synthAudio(sylls, { durationS: DURATION });

  it('is low when lips close on p/b/m and high when they do not', () => {
    const real = phonemeVisemeCue(synthMouth(sylls, { durationS: DURATION, fps: 10 }), audio);
    const neverCloses = phonemeVisemeCue(
      synthMouth(sylls, { durationS: DURATION, fps: 10, closedAperture: 0.18 }),
      audio,
    );
    expect(real.status).toBe('ok');
    expect(real.score).toBeLessThan(0.3);
    expect(neverCloses.score).toBeGreaterThan(0.8);
    const bilabial = neverCloses.evidence[0];
    expect(bilabial?.text).toMatch(/p\/b\/m/);
    expect(bilabial?.times?.length).toBeGreaterThan(3);
    expect(real.evidence[0]?.value).toBeLessThanOrEqual(0.3);
  });

  it('counts more mismatches when the lips come from other speech (mean over seeds)', () => {
    const rate = (r: ReturnType<typeof phonemeVisemeCue>) => r.evidence.at(-1)?.value ?? NaN;
    let real = 0;
    let dubbed = 0;
    const seeds = [1, 2, 3, 4, 5, 6];
    for (const seed of seeds) {
      const s = syllables(seed, DURATION, 1, 0.5);
      const mouth = synthMouth(s, { durationS: DURATION });
      real += rate(phonemeVisemeCue(mouth, synthAudio(s, { durationS: DURATION })));
      const other = synthAudio(syllables(seed + 100, DURATION, 1, 0.5), { durationS: DURATION });
      dubbed += rate(phonemeVisemeCue(mouth, other));
    }
    expect(dubbed / seeds.length).toBeGreaterThan(real / seeds.length + 0.15);
  });

  it('abstains without audio or speech', () => {
    const mouth = synthMouth(sylls, { durationS: DURATION });
    expect(phonemeVisemeCue(mouth, emptyAudioTrack('none', 'x')).status).toBe('insufficient');
    expect(phonemeVisemeCue(mouth, synthAudio([], { durationS: DURATION })).reason).toMatch(
      /no speech/,
    );
  });
});
