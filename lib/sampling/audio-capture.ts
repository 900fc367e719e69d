/**
 * Captures a video's sound in the page without changing what the user hears:
 * `video.captureStream()` gives a copy of the element's audio as a MediaStream, which feeds a
 * separate AudioContext whose graph ends in a MediaStreamAudioDestinationNode, never the
 * speakers (no echo, no silence, no lag). `createMediaElementSource` is never used: it would
 * re-route the page's own audio (STACK.md). A ScriptProcessorNode collects the samples (an
 * AudioWorklet module cannot be loaded under many page CSPs); they are mixed to mono, resampled
 * to 16 kHz, put on the media clock (lib/sampling/media-clock.ts) and handed to `sink` in
 * chunks of 320 ms.
 */
import { mixToMono, resampleMono } from '../audio/envelope';
import { AUDIO_CHUNK_RATE, type AudioChunkMessage } from '../messaging/audio-protocol';
import { MediaClock } from './media-clock';

/** Samples per chunk sent (320 ms at 16 kHz: whole 20 ms hops and 32 ms VAD frames). */
export const AUDIO_CHUNK_SAMPLES = 5120;
/** How long a playing video may show no audio track before it is called silent, ms. */
const NO_TRACK_AFTER_MS = 1500;

export interface AudioCaptureHooks {
  /** Receives each chunk (samples may be transferred); false when it could not be sent. */
  sink(chunk: AudioChunkMessage): boolean;
  /** The sound cannot be analysed (no track, unreadable, blocked). */
  onState(state: 'none' | 'unavailable', reason: string): void;
}

type Capturable = HTMLVideoElement & { captureStream?: () => MediaStream };

export class AudioCapture {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private processor: ScriptProcessorNode | null = null;
  private readonly clock = new MediaClock();
  private pending: Float32Array[] = [];
  private pendingLength = 0;
  /** 16 kHz samples captured since the last clock reset (sent or pending). */
  private captured16k = 0;
  private sent16k = 0;
  private seq = 0;
  private active = false;
  private stateSent = false;
  private noTrackTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly abort = new AbortController();

  constructor(
    readonly video: HTMLVideoElement,
    readonly videoId: string,
    private readonly hooks: AudioCaptureHooks,
  ) {
    const signal = this.abort.signal;
    for (const type of ['seeking', 'ratechange', 'pause', 'waiting']) {
      video.addEventListener(type, () => this.resetClock(), { signal });
    }
  }

  /** The sampler started (true) or stopped (false) sampling this video. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (!active) {
      this.resetClock();
      return;
    }
    if (!this.stream) this.open();
    void this.context?.resume().catch(() => undefined);
  }

  dispose(): void {
    this.active = false;
    this.abort.abort();
    if (this.noTrackTimer !== null) clearTimeout(this.noTrackTimer);
    this.processor?.disconnect();
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private fail(state: 'none' | 'unavailable', reason: string): void {
    if (this.stateSent) return;
    this.stateSent = true;
    this.hooks.onState(state, reason);
  }

  private open(): void {
    const video = this.video as Capturable;
    if (typeof video.captureStream !== 'function') {
      this.fail('unavailable', 'this browser cannot capture a video element’s audio');
      return;
    }
    try {
      this.stream = video.captureStream();
    } catch (error) {
      this.fail(
        'unavailable',
        `audio cannot be read (${error instanceof Error ? error.name : 'error'})`,
      );
      return;
    }
    const track = this.stream.getAudioTracks()[0];
    if (track) this.connect(track);
    else {
      this.stream.addEventListener('addtrack', (event) => {
        if (event.track.kind === 'audio' && !this.processor) this.connect(event.track);
      });
      this.noTrackTimer = setTimeout(() => {
        if (!this.processor) this.fail('none', 'this video has no audio track');
      }, NO_TRACK_AFTER_MS);
    }
  }

  private connect(track: MediaStreamTrack): void {
    try {
      const context = new AudioContext();
      const source = context.createMediaStreamSource(new MediaStream([track]));
      const processor = context.createScriptProcessor(4096, 2, 1);
      // The graph must end somewhere to be pulled: a stream destination, not the speakers.
      const sink = context.createMediaStreamDestination();
      processor.onaudioprocess = (event) => this.onAudio(event.inputBuffer, context.sampleRate);
      source.connect(processor);
      processor.connect(sink);
      this.context = context;
      this.processor = processor;
      void context.resume().catch(() => undefined);
      setTimeout(() => {
        if (this.context?.state === 'suspended') {
          this.fail(
            'unavailable',
            'the browser blocked audio on this page until you interact with it',
          );
        }
      }, NO_TRACK_AFTER_MS);
    } catch (error) {
      this.fail(
        'unavailable',
        `audio capture failed (${error instanceof Error ? error.name : 'error'})`,
      );
    }
  }

  private resetClock(): void {
    this.clock.reset();
    this.pending = [];
    this.pendingLength = 0;
    this.captured16k = 0;
    this.sent16k = 0;
  }

  private onAudio(buffer: AudioBuffer, rate: number): void {
    const video = this.video;
    if (!this.active || video.paused || video.ended || video.playbackRate !== 1) return;
    const channels: Float32Array[] = [];
    for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(buffer.getChannelData(c));
    const pcm = resampleMono(mixToMono(channels), rate, AUDIO_CHUNK_RATE);
    this.captured16k += pcm.length;
    if (this.clock.observe(this.captured16k / AUDIO_CHUNK_RATE, video.currentTime)) {
      // A discontinuity: what is pending has the wrong times.
      this.resetClock();
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
    if (this.hooks.sink(message)) this.seq++;
  }
}
