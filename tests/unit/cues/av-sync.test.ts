import { describe, expect, it } from 'vitest';
import {
  avSyncCue,
  estimateOffset,
  mouthOpening,
  movingAverage,
  speechEnvelope,
  speechSpan,
} from '@/lib/cues/av-sync';
import { emptyAudioTrack } from '@/lib/audio/types';
import { synthAudio, synthMouth, syllables } from '../audio/synthetic-speech';

const DURATION = 10;

function offsetOf(delayS: number, seed: number): number {
  const sylls = syllables(seed, DURATION, 1);
  const audio = synthAudio(sylls, { durationS: DURATION, delayS, seed: seed + 1 });
  const mouth = synthMouth(sylls, { durationS: DURATION, seed: seed + 2 });
  const found = speechSpan(audio);
  if (!found) throw new Error('no speech');
  const env = speechEnvelope(audio, found.span);
  const est = estimateOffset(mouth.t, mouth.aperture, audio.times, env, audio.hopS, {
    maxLagS: 0.6,
    lagStepS: 0.02,
    minPairs: 12,
  });
  if (!est) throw new Error('no estimate');
  return est.offsetS;
}

describe('avSync offset estimator', () => {
  it.each([0, 0.1, 0.3, -0.2, 0.45])('recovers a %s s audio delay within 40 ms', (delay) => {
    for (const seed of [1, 2, 3])
      expect(Math.abs(offsetOf(delay, seed) - delay)).toBeLessThan(0.04);
  });
});

describe('avSync cue', () => {
  const sylls = syllables(11, DURATION, 1.5, 1);
  const mouth = synthMouth(sylls, { durationS: DURATION, fps: 12 });

  it('passes lips in sync and flags a 300 ms delay and foreign speech', () => {
    const inSync = avSyncCue(mouth, synthAudio(sylls, { durationS: DURATION }));
    const late = avSyncCue(mouth, synthAudio(sylls, { durationS: DURATION, delayS: 0.3 }));
    const other = syllables(12, DURATION, 1.5, 1);
    const dubbed = avSyncCue(mouth, synthAudio(other, { durationS: DURATION }));
    expect(inSync.status).toBe('ok');
    expect(inSync.score).toBeLessThan(0.3);
    expect(late.score).toBeGreaterThan(0.7);
    expect(dubbed.score).toBeGreaterThan(0.6);
    const offset = late.evidence.find((e) => e.unit === 'ms');
    expect(offset?.value).toBeGreaterThanOrEqual(260);
    expect(offset?.value).toBeLessThanOrEqual(340);
    expect(late.evidence.some((e) => e.unit === 'r')).toBe(true);
  });

  it('is not driven by leading silence', () => {
    // The same lips and speech after 0 s or 4 s of silence (closed mouth) score alike.
    const long = 14;
    const a = syllables(21, long, 0.2, 0.5);
    const b = syllables(21, long + 4, 4.2, 0.5);
    const other = syllables(22, long + 4, 4.2, 0.5);
    const noLead = avSyncCue(
      synthMouth(a, { durationS: long }),
      synthAudio(syllables(22, long, 0.2, 0.5), { durationS: long }),
    );
    const withLead = avSyncCue(
      synthMouth(b, { durationS: long + 4 }),
      synthAudio(other, { durationS: long + 4 }),
    );
    expect(withLead.score).toBeGreaterThan(0.7);
    expect(Math.abs((withLead.score ?? 0) - (noLead.score ?? 0))).toBeLessThan(0.2);
  });

  it('abstains without audio, without speech, or without a face during speech', () => {
    expect(avSyncCue(mouth, emptyAudioTrack('none', 'no track')).status).toBe('insufficient');
    expect(avSyncCue(mouth, emptyAudioTrack('none', 'no track')).reason).toMatch(/no audio track/);
    const silent = synthAudio([], { durationS: DURATION });
    expect(avSyncCue(mouth, silent).reason).toMatch(/no speech/);
    const sparse = avSyncCue(
      synthMouth(sylls, { durationS: DURATION, fps: 3 }),
      synthAudio(sylls, { durationS: DURATION }),
    );
    expect(sparse.reason).toMatch(/too sparsely/);
    const noFace = synthMouth(sylls, { durationS: 0.5 });
    expect(avSyncCue(noFace, synthAudio(sylls, { durationS: DURATION })).status).toBe(
      'insufficient',
    );
  });
});

describe('avSync features', () => {
  it('moving average follows uneven sampling and removes a slow drift from the mouth', () => {
    const t = [0, 0.1, 0.2, 0.5, 0.6, 2, 2.1];
    expect(movingAverage(t, [1, 2, 3, 4, 5, 6, 7], 0.25)).toEqual([
      1.5, 2, 2.5, 4.5, 4.5, 6.5, 6.5,
    ]);
    // A mouth that opens and closes at 4 Hz on top of a slow smile (aperture grows by 0.1/s).
    const times = Array.from({ length: 200 }, (_, i) => i / 25);
    const wave = times.map((x) => Math.sin(2 * Math.PI * 4 * x));
    const series = {
      t: times,
      aperture: times.map((x, i) => 0.2 + 0.1 * x + 0.05 * (wave[i] as number)),
      width: times.map(() => 0.4),
      jawOpen: times.map(() => NaN),
      mouthClose: times.map(() => NaN),
      mouthPucker: times.map(() => NaN),
      mouthFunnel: times.map(() => NaN),
    };
    const idx = times.map((_, i) => i);
    const opening = mouthOpening(series, idx);
    // Detrended: what is left follows the articulation, not the smile.
    let dot = 0;
    let norm = 0;
    for (let i = 20; i < 180; i++) {
      dot += (opening[i] as number) * (wave[i] as number);
      norm += (opening[i] as number) ** 2;
    }
    expect(dot / Math.sqrt(norm * 80)).toBeGreaterThan(0.9);
  });
});
