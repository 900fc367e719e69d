import { describe, expect, it } from 'vitest';
import {
  SILENCE_DB,
  energyEnvelope,
  energySpeech,
  mixToMono,
  resampleMono,
  speechSegments,
} from '@/lib/audio/envelope';
import { AudioTrackBuilder } from '@/lib/audio/track-builder';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

describe('audio helpers', () => {
  it('resamples 48 kHz to 16 kHz keeping a speech-band tone and its level', () => {
    const out = resampleMono(tone(440, 48000, 1), 48000);
    expect(out.length).toBe(16000);
    const rms = Math.sqrt(out.reduce((s, x) => s + x * x, 0) / out.length);
    expect(rms).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(resampleMono(tone(440, 44100, 1), 44100).length).toBe(16000);
  });

  it('mixes channels to mono', () => {
    expect([...mixToMono([Float32Array.of(1, 0), Float32Array.of(0, 1)])]).toEqual([0.5, 0.5]);
  });

  it('measures the envelope in 20 ms hops and finds speech segments', () => {
    const pcm = new Float32Array(16000);
    pcm.set(tone(200, 16000, 0.5, 0.3), 4000); // 0.25-0.75 s
    const env = energyEnvelope(pcm, 10);
    expect(env.times).toHaveLength(50);
    expect(env.times[0]).toBeCloseTo(10.01, 6);
    expect(env.energyDb[0]).toBe(SILENCE_DB);
    expect(env.energyDb[25]).toBeCloseTo(20 * Math.log10(0.3 / Math.SQRT2), 0);
    const speech = energySpeech(env.energyDb);
    const segs = speechSegments(env.times, speech, 0.02);
    expect(segs).toHaveLength(1);
    expect(segs[0]?.start).toBeCloseTo(10.25, 1);
    expect(segs[0]?.end).toBeCloseTo(10.75, 1);
  });
});

describe('AudioTrackBuilder', () => {
  it('joins contiguous chunks, maps VAD frames to hops, trims the window and handles seeks', () => {
    const b = new AudioTrackBuilder(2);
    expect(b.snapshot().status).toBe('unavailable');
    // 3 chunks of 1000 samples (62.5 ms): hops must continue across chunk edges.
    for (let k = 0; k < 3; k++) b.addPcm(5 + k * 0.0625, tone(200, 16000, 0.0625));
    let s = b.snapshot();
    expect(s.status).toBe('ok');
    expect(s.times).toHaveLength(9);
    expect(s.times[8]).toBeCloseTo(5 + 0.17, 6);
    b.addSpeech([{ start: 5, end: 5.1, p: 0.9 }]);
    s = b.snapshot();
    expect(s.vad).toBe('silero');
    expect(s.speech.slice(0, 6)).toEqual([0.9, 0.9, 0.9, 0.9, 0.9, 0]);
    for (let k = 0; k < 50; k++) b.addPcm(5.25 + k * 0.1, tone(200, 16000, 0.1));
    s = b.snapshot();
    expect((s.times.at(-1) ?? 0) - (s.times[0] ?? 0)).toBeLessThanOrEqual(2.001);
    b.addPcm(6, tone(200, 16000, 0.1)); // seek back
    s = b.snapshot();
    expect(s.times.at(-1)).toBeLessThan(6.11);
  });

  it('keeps the no-audio state until PCM arrives', () => {
    const b = new AudioTrackBuilder();
    b.markStatus('none', 'this video has no audio track');
    expect(b.snapshot()).toMatchObject({ status: 'none', reason: 'this video has no audio track' });
  });
});
