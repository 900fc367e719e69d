import { describe, expect, it } from 'vitest';
import { parseAudioChunk, parseAudioState, parseMediaClock } from '@/lib/messaging/audio-protocol';
import { parseTabAudio } from '@/lib/messaging/content-protocol';

const good = () => ({
  kind: 'audio',
  videoId: 'v0123456789abcdef0123',
  seq: 3,
  mediaTimeS: 1.25,
  sampleRate: 16000,
  samples: Float32Array.of(0, 0.5, -2).buffer,
});

describe('audio messages from the page are validated', () => {
  it('accepts a chunk, clamps samples to [-1, 1] and drops unknown keys', () => {
    const chunk = parseAudioChunk({ ...good(), extra: 'x' });
    expect([...new Float32Array(chunk.samples)]).toEqual([0, 0.5, -1]);
    expect(chunk).not.toHaveProperty('extra');
  });

  it('rejects bad chunks', () => {
    expect(() => parseAudioChunk({ ...good(), sampleRate: 48000 })).toThrow(/sampleRate/);
    expect(() => parseAudioChunk({ ...good(), samples: [0, 1] })).toThrow(/ArrayBuffer/);
    expect(() => parseAudioChunk({ ...good(), samples: new ArrayBuffer(6) })).toThrow(/float32/);
    expect(() => parseAudioChunk({ ...good(), samples: new ArrayBuffer(4 * 32001) })).toThrow(
      /too long/,
    );
    expect(() => parseAudioChunk({ ...good(), samples: Float32Array.of(NaN).buffer })).toThrow(
      /finite/,
    );
    expect(() => parseAudioChunk({ ...good(), mediaTimeS: -1 })).toThrow(/mediaTimeS/);
    expect(() => parseAudioChunk({ ...good(), videoId: '../x' })).toThrow(/videoId/);
  });

  it('accepts audio states with a bounded reason', () => {
    const state = { kind: 'audio-state', videoId: 'v1', state: 'none', reason: 'no audio track' };
    expect(parseAudioState(state)).toEqual(state);
    expect(() => parseAudioState({ ...state, state: 'ok' })).toThrow(/state/);
    expect(() => parseAudioState({ ...state, reason: 'x'.repeat(300) })).toThrow(/reason/);
  });

  it('accepts playback reports and tab-audio requests only in shape', () => {
    const clock = { kind: 'clock', videoId: 'v1', wallMs: 1.7e12, mediaTimeS: 3.2, rate: 1 };
    expect(parseMediaClock({ ...clock, extra: true })).toEqual(clock);
    expect(() => parseMediaClock({ ...clock, kind: 'audio' })).toThrow(/clock/);
    expect(() => parseMediaClock({ ...clock, wallMs: '1' })).toThrow(/wallMs/);
    expect(() => parseMediaClock({ ...clock, mediaTimeS: Number.NaN })).toThrow(/mediaTimeS/);
    expect(() => parseMediaClock({ ...clock, rate: -1 })).toThrow(/rate/);
    expect(() => parseMediaClock({ ...clock, videoId: 'a b' })).toThrow(/videoId/);
    expect(parseTabAudio({ videoId: 'v1', streamId: 'forged' })).toEqual({ videoId: 'v1' });
    expect(() => parseTabAudio({ videoId: 7 })).toThrow(/videoId/);
  });
});
