import { describe, expect, it } from 'vitest';
import { AUDIO_CHUNK_SAMPLES, AudioChunker } from '@/lib/audio/chunker';
import { PlaybackTimeline } from '@/lib/audio/playback-timeline';
import {
  REPORT_WAIT_MS,
  TAB_CAPTURE_LAG_MS,
  TabAudioMapper,
  isTapBatch,
  type TapBatch,
} from '@/lib/audio/tab-audio-mapper';
import type { AudioChunkMessage } from '@/lib/messaging/audio-protocol';

describe('AudioChunker', () => {
  it('sends whole 320 ms chunks, contiguous, stamped from the settled media clock', () => {
    const chunks: AudioChunkMessage[] = [];
    const chunker = new AudioChunker('v1', (c) => (chunks.push(c), true));
    // 100 callbacks of 1600 samples (0.1 s); playback started at media time 5.0.
    for (let k = 1; k <= 100; k++) chunker.push(new Float32Array(1600).fill(k / 1000), 5 + k * 0.1);
    expect(chunks.length).toBe(Math.floor((100 * 1600) / AUDIO_CHUNK_SAMPLES));
    chunks.forEach((c, i) => {
      expect(c.seq).toBe(i);
      expect(c.samples.byteLength).toBe(AUDIO_CHUNK_SAMPLES * 4);
      expect(c.mediaTimeS).toBeCloseTo(5 + (i * AUDIO_CHUNK_SAMPLES) / 16000, 6);
    });
  });

  it('starts over after a jump in media time', () => {
    const chunks: AudioChunkMessage[] = [];
    const chunker = new AudioChunker('v1', (c) => (chunks.push(c), true));
    for (let k = 1; k <= 20; k++) chunker.push(new Float32Array(1600), k * 0.1);
    // A seek to 60 s: the old anchor no longer holds.
    for (let k = 1; k <= 30; k++) chunker.push(new Float32Array(1600), 60 + k * 0.1);
    const last = chunks.at(-1);
    expect(last?.mediaTimeS).toBeGreaterThan(59.9);
    expect(chunks.every((c, i) => i === 0 || c.mediaTimeS > (chunks[i - 1]?.mediaTimeS ?? 0))).toBe(
      true,
    );
  });
});

describe('PlaybackTimeline', () => {
  it('runs media time on from the last report, only while playing at normal speed', () => {
    const timeline = new PlaybackTimeline();
    expect(timeline.mediaAt(1000)).toBe('before');
    timeline.add({ wallMs: 1000, mediaTimeS: 10, rate: 1 });
    timeline.add({ wallMs: 3000, mediaTimeS: 12, rate: 0 }); // paused at 12 s
    timeline.add({ wallMs: 2000, mediaTimeS: 11, rate: 1 }); // late, put in place
    expect(timeline.latestWallMs).toBe(3000);
    expect(timeline.mediaAt(1500)).toBeCloseTo(10.5, 6);
    expect(timeline.mediaAt(2250)).toBeCloseTo(11.25, 6);
    expect(timeline.mediaAt(3100)).toBe('stopped');
    expect(timeline.mediaAt(500)).toBe('before');
    const playing = new PlaybackTimeline();
    playing.add({ wallMs: 1000, mediaTimeS: 1, rate: 1 });
    expect(playing.mediaAt(4000)).toBe('stale');
    playing.add({ wallMs: 5000, mediaTimeS: 1, rate: 2 });
    expect(playing.mediaAt(5100)).toBe('stopped');
  });
});

/** A batch of `n` samples at 48 kHz whose last block ended at `wallMs`. */
function batch(startTime: number, wallMs: number, n = 4800): TapBatch {
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = Math.sin((2 * Math.PI * 440 * i) / 48000) * 0.5;
  return { startTime, wallMs, sampleRate: 48000, samples };
}

/** A mapper for video 'v1' on a settable clock, with the chunks it sends. */
function mapperOnClock() {
  const clock = { now: 0 };
  const chunks: AudioChunkMessage[] = [];
  const mapper = new TabAudioMapper(
    'v1',
    (c) => chunks.push(c),
    () => clock.now,
  );
  return { clock, chunks, mapper };
}

describe('TabAudioMapper', () => {
  /** Feeds 4 s of 0.1 s batches while the video plays from media time 20 s at wall 10 000 ms. */
  function run(order: 'reports-first' | 'batches-first') {
    const { clock, chunks, mapper } = mapperOnClock();
    const reports = Array.from({ length: 17 }, (_, k) => ({
      kind: 'clock' as const,
      videoId: 'v1',
      wallMs: 10_000 + k * 250,
      mediaTimeS: 20 + k * 0.25,
      rate: 1,
    }));
    // The batch ending at wall w carries sound rendered TAB_CAPTURE_LAG_MS earlier.
    const batches = Array.from({ length: 40 }, (_, k) =>
      batch(k * 0.1, 10_000 + (k + 1) * 100 + TAB_CAPTURE_LAG_MS),
    );
    clock.now = 20_000; // everything arrives seconds late, as on a busy offscreen thread
    if (order === 'reports-first') {
      reports.forEach((r) => mapper.onClock(r));
      batches.forEach((b) => mapper.onBatch(b));
    } else {
      batches.forEach((b) => mapper.onBatch(b));
      expect(chunks).toHaveLength(0); // waiting for the reports of their time
      reports.forEach((r) => mapper.onClock(r));
    }
    return { chunks, mapper };
  }

  it.each(['reports-first', 'batches-first'] as const)(
    'maps late batches with the reports of their own time (%s)',
    (order) => {
      const { chunks, mapper } = run(order);
      expect(mapper.counts.dropped).toBe(0);
      expect(mapper.counts.maxLateMs).toBeGreaterThan(5000);
      expect(chunks.length).toBeGreaterThanOrEqual(10);
      // The first captured sample was rendered at media time 20.0.
      expect(chunks[0]?.mediaTimeS).toBeCloseTo(20, 2);
      chunks.forEach((c, i) => expect(c.mediaTimeS).toBeCloseTo(20 + i * 0.32, 3));
    },
  );

  it('drops sound while paused, and maps waiting batches once reports have stopped', () => {
    const { clock, chunks, mapper } = mapperOnClock();
    clock.now = 1000;
    mapper.onClock({ kind: 'clock', videoId: 'v1', wallMs: 1000, mediaTimeS: 5, rate: 0 });
    mapper.onClock({ kind: 'clock', videoId: 'other', wallMs: 1000, mediaTimeS: 5, rate: 1 });
    for (let k = 0; k < 20; k++) mapper.onBatch(batch(k * 0.1, 1100 + k * 100));
    expect(mapper.counts.reports).toBe(1);
    expect(mapper.counts.mapped).toBe(0);
    clock.now = 1000 + 2 * REPORT_WAIT_MS + 2000;
    mapper.onBatch(batch(2, clock.now));
    expect(mapper.counts.stopped).toBeGreaterThanOrEqual(20);
    expect(chunks).toHaveLength(0);
  });

  it('accepts only well-formed batches from the tap', () => {
    expect(isTapBatch(batch(0, 1))).toBe(true);
    expect(isTapBatch({ ...batch(0, 1), sampleRate: 0 })).toBe(false);
    expect(isTapBatch({ ...batch(0, 1), samples: [0, 1] })).toBe(false);
    expect(isTapBatch(null)).toBe(false);
  });
});
