/**
 * Turns captured sound into the chunks the analysis host takes (lib/messaging/audio-protocol):
 * 16 kHz mono PCM in whole chunks of 320 ms, each stamped with the media time of its first
 * sample. Capture callbacks carry no media time; each one says where playback was when its
 * last sample was captured, and a MediaClock (lib/sampling/media-clock.ts) turns those into one
 * fixed anchor, so chunks stay exactly contiguous until a discontinuity. Used for the element's
 * own audio (lib/sampling/audio-capture.ts) and for tab audio (lib/analysis/tab-audio.ts).
 */
import { AUDIO_CHUNK_RATE, type AudioChunkMessage } from '../messaging/audio-protocol';
import { MediaClock } from '../sampling/media-clock';

/** Samples per chunk sent (320 ms at 16 kHz: whole 20 ms hops and 32 ms VAD frames). */
export const AUDIO_CHUNK_SAMPLES = 5120;

export class AudioChunker {
  private readonly clock = new MediaClock();
  private pending: Float32Array[] = [];
  private pendingLength = 0;
  /** 16 kHz samples captured since the last reset (sent or pending). */
  private captured16k = 0;
  private sent16k = 0;
  private seq = 0;

  constructor(
    readonly videoId: string,
    /** Receives each chunk (samples may be transferred); false when it could not be sent. */
    private readonly sink: (chunk: AudioChunkMessage) => boolean,
  ) {}

  /** Forget what is pending and the anchor (pause, seek, rate change, a gap in capture). */
  reset(): void {
    this.clock.reset();
    this.pending = [];
    this.pendingLength = 0;
    this.captured16k = 0;
    this.sent16k = 0;
  }

  /**
   * Adds 16 kHz mono samples just captured; playback was at `mediaTimeS` when the last of them
   * was captured.
   */
  push(pcm: Float32Array, mediaTimeS: number): void {
    this.captured16k += pcm.length;
    if (this.clock.observe(this.captured16k / AUDIO_CHUNK_RATE, mediaTimeS)) {
      // A discontinuity: what is pending has the wrong times.
      this.reset();
      return;
    }
    this.pending.push(pcm);
    this.pendingLength += pcm.length;
    const anchor = this.clock.anchor;
    if (anchor === null) return;
    while (this.pendingLength >= AUDIO_CHUNK_SAMPLES) this.flush(anchor);
  }

  private flush(anchor: number): void {
    const all = new Float32Array(this.pendingLength);
    let offset = 0;
    for (const part of this.pending) {
      all.set(part, offset);
      offset += part.length;
    }
    const chunk = all.slice(0, AUDIO_CHUNK_SAMPLES);
    const rest = all.slice(AUDIO_CHUNK_SAMPLES);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    const mediaTimeS = anchor + this.sent16k / AUDIO_CHUNK_RATE;
    this.sent16k += AUDIO_CHUNK_SAMPLES;
    if (mediaTimeS < 0) return;
    const message: AudioChunkMessage = {
      kind: 'audio',
      videoId: this.videoId,
      seq: this.seq,
      mediaTimeS,
      sampleRate: AUDIO_CHUNK_RATE,
      samples: chunk.buffer,
    };
    if (this.sink(message)) this.seq++;
  }
}
