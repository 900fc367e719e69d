/**
 * Audio on the frame path (lib/messaging/frame-protocol.ts): the content script sends 16 kHz
 * mono PCM chunks stamped with the media time of their first sample, and says when a video has
 * no sound it can read. Both travel through the same bridge iframe / BroadcastChannel (or the
 * Port fallback, samples as base64) and are validated as untrusted page data.
 */
import { int, num, oneOf, record, str, videoId } from './validate';

/** The only sample rate accepted. */
export const AUDIO_CHUNK_RATE = 16000;
/** Largest chunk accepted, samples (2 s). */
export const MAX_AUDIO_CHUNK = 32000;

/** A chunk of PCM as the content script sends it. */
export interface AudioChunkMessage {
  kind: 'audio';
  videoId: string;
  /** 0-based count of chunks this video has sent. */
  seq: number;
  /** Media time of the first sample, s. */
  mediaTimeS: number;
  sampleRate: typeof AUDIO_CHUNK_RATE;
  /** Float32 mono samples in [-1, 1]. */
  samples: ArrayBuffer;
  transport?: 'bridge' | 'port';
}

/** The video's sound cannot be analysed, and why. */
export interface AudioStateMessage {
  kind: 'audio-state';
  videoId: string;
  state: 'none' | 'unavailable';
  reason: string;
}

/** Parses an untrusted audio chunk (whole Float32 samples, finite, at most 2 s). */
export function parseAudioChunk(value: unknown): AudioChunkMessage {
  const data = record(value, 'audio');
  if (data.kind !== 'audio') throw new Error('not an audio chunk');
  const samples = data.samples;
  if (!(samples instanceof ArrayBuffer)) throw new Error('samples must be an ArrayBuffer');
  if (samples.byteLength % 4 !== 0 || samples.byteLength === 0) {
    throw new Error('samples must hold whole float32 values');
  }
  if (samples.byteLength / 4 > MAX_AUDIO_CHUNK) throw new Error('audio chunk is too long');
  const pcm = new Float32Array(samples);
  for (let i = 0; i < pcm.length; i++) {
    const x = pcm[i] as number;
    if (!Number.isFinite(x)) throw new Error('samples must be finite');
    if (x > 1 || x < -1) pcm[i] = x > 1 ? 1 : -1;
  }
  const chunk: AudioChunkMessage = {
    kind: 'audio',
    videoId: videoId(data.videoId),
    seq: int(data.seq, 'seq', 0, Number.MAX_SAFE_INTEGER),
    mediaTimeS: num(data.mediaTimeS, 'mediaTimeS', 0, 1e7),
    sampleRate: int(data.sampleRate, 'sampleRate', AUDIO_CHUNK_RATE, AUDIO_CHUNK_RATE) as 16000,
    samples,
  };
  if (data.transport !== undefined) {
    chunk.transport = oneOf(data.transport, 'transport', ['bridge', 'port'] as const);
  }
  return chunk;
}

/** Parses an untrusted audio state. */
export function parseAudioState(value: unknown): AudioStateMessage {
  const data = record(value, 'audio-state');
  if (data.kind !== 'audio-state') throw new Error('not an audio state');
  return {
    kind: 'audio-state',
    videoId: videoId(data.videoId),
    state: oneOf(data.state, 'state', ['none', 'unavailable'] as const),
    reason: str(data.reason, 'reason', 200),
  };
}

/**
 * Where a video's playback was at a moment of wall-clock time. Sent while the tab's audio stands
 * in for the element's (lib/analysis/tab-audio.ts): tab audio has no media clock of its own.
 */
export interface MediaClockMessage {
  kind: 'clock';
  videoId: string;
  /** `Date.now()` when `mediaTimeS` was read, ms (one clock for every process). */
  wallMs: number;
  /** The element's currentTime, s. */
  mediaTimeS: number;
  /** Playback rate; 0 while paused, ended, seeking or stalled. */
  rate: number;
}

/** Parses an untrusted media-clock sample. */
export function parseMediaClock(value: unknown): MediaClockMessage {
  const data = record(value, 'clock');
  if (data.kind !== 'clock') throw new Error('not a media clock sample');
  return {
    kind: 'clock',
    videoId: videoId(data.videoId),
    wallMs: num(data.wallMs, 'wallMs', 0, 1e14),
    mediaTimeS: num(data.mediaTimeS, 'mediaTimeS', 0, 1e7),
    rate: num(data.rate, 'rate', 0, 16),
  };
}
