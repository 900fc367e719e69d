import { describe, expect, it } from 'vitest';
import { lipSyncCases, shiftAudio, subsample } from '../../../scripts/lib/lipsync-cases.mjs';
import { emptyAudioTrack, type AudioTrack } from '../../../lib/audio/types';

function audio(seconds: number, offset = 0): AudioTrack {
  const times = Array.from({ length: seconds * 50 }, (_, i) => 0.01 + i * 0.02);
  return {
    ...emptyAudioTrack('ok'),
    times,
    energyDb: times.map((t) => -30 + 10 * Math.sin(t * 9 + offset)),
    speech: times.map(() => 0.9),
    vad: 'silero',
    visemes: [
      { t: 0.5, viseme: 5, d: 0.016 },
      { t: 3.9, viseme: 0, d: 0.016 },
    ],
  };
}

function mouth(n: number) {
  const t = Array.from({ length: n }, (_, i) => i / 25);
  const col = () => t.map((x) => x);
  return {
    t,
    aperture: col(),
    width: col(),
    jawOpen: col(),
    mouthClose: col(),
    mouthPucker: col(),
    mouthFunnel: col(),
  };
}

describe('lip-sync evaluation cases', () => {
  it('moves the sound against the picture and cuts it to the picture', () => {
    const a = audio(4);
    const late = shiftAudio(a, 0.3, 4);
    expect(late.times[0]).toBeCloseTo(0.31, 6);
    expect(late.energyDb[0]).toBe(a.energyDb[0]);
    expect(late.times.at(-1)).toBeLessThanOrEqual(4);
    expect(late.times).toHaveLength(a.times.length - 15);
    expect(late.visemes.map((v) => v.t)).toEqual([0.8]);
    const early = shiftAudio(a, -0.3, 4);
    expect(early.times[0]).toBeCloseTo(0.01, 6);
    expect(early.energyDb[0]).toBe(a.energyDb[15]);
    expect(early.visemes.map((v) => v.t)).toEqual([0.2, 3.6]);
  });

  it('thins every series of the mouth alike', () => {
    const thin = subsample(mouth(10), 3);
    expect(thin.t).toEqual([0, 3 / 25, 6 / 25, 9 / 25]);
    expect(thin.jawOpen).toEqual(thin.t);
    expect(subsample(mouth(4), 1).t).toHaveLength(4);
  });

  it('makes shifted and swapped fakes from reals and keeps given fakes as they are', () => {
    const tracked = [
      {
        name: 'a',
        label: 0 as const,
        method: 'real',
        durationS: 4,
        mouth: mouth(100),
        audio: audio(4),
      },
      {
        name: 'b',
        label: 0 as const,
        method: 'real',
        durationS: 4,
        mouth: mouth(100),
        audio: audio(4, 1),
      },
      {
        name: 'c',
        label: 1 as const,
        method: 'talker',
        durationS: 4,
        mouth: mouth(100),
        audio: audio(4),
      },
    ];
    const cases = lipSyncCases(tracked, { shiftsS: [0.3, -0.3] });
    expect(cases.map((c) => c.method)).toEqual([
      'real',
      'real',
      'talker',
      'shift +300 ms',
      'shift -300 ms',
      'swap',
      'shift +300 ms',
      'shift -300 ms',
      'swap',
    ]);
    const swapOfA = cases[5];
    expect(swapOfA?.mouth).toBe(tracked[0]?.mouth);
    expect(swapOfA?.audio.energyDb).toEqual(tracked[1]?.audio.energyDb);
    expect(cases.filter((c) => c.label === 1)).toHaveLength(7);
  });
});
