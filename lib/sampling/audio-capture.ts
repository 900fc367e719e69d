/**
 * Captures a video's sound in the page without changing what the user hears:
 * `video.captureStream()` gives a copy of the element's audio as a MediaStream, which feeds a
 * separate AudioContext whose graph ends in a MediaStreamAudioDestinationNode, never the
 * speakers (no echo, no silence, no lag). `createMediaElementSource` is never used: it would
 * re-route the page's own audio (STACK.md). A ScriptProcessorNode collects the samples (an
 * AudioWorklet module cannot be loaded under many page CSPs); they are mixed to mono, resampled
 * to 16 kHz, put on the media clock and handed to `sink` in chunks of 320 ms
 * (lib/audio/chunker.ts).
 */
import { AudioChunker } from '../audio/chunker';
import { mixToMono, resampleMono } from '../audio/envelope';
import { AUDIO_CHUNK_RATE, type AudioChunkMessage } from '../messaging/audio-protocol';
import { closed, opened } from '../debug/live-counts';
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
  private readonly chunker: AudioChunker;
  private active = false;
  private failed: { state: 'none' | 'unavailable'; reason: string } | null = null;
  private noTrackTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly abort = new AbortController();

  constructor(
    readonly video: HTMLVideoElement,
    readonly videoId: string,
    private readonly hooks: AudioCaptureHooks,
  ) {
    this.chunker = new AudioChunker(videoId, (chunk) => hooks.sink(chunk));
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

  /** Why the element's sound cannot be analysed, once that is known. */
  get failure(): { state: 'none' | 'unavailable'; reason: string } | null {
    return this.failed;
  }

  dispose(): void {
    this.active = false;
    this.abort.abort();
    if (this.noTrackTimer !== null) clearTimeout(this.noTrackTimer);
    this.processor?.disconnect();
    if (this.context) {
      void this.context.close().catch(() => undefined);
      closed('audioContexts');
    }
    this.context = null;
    // The element's capture tracks keep receiving its sound until stopped (an element reused
    // by a single-page app outlives this capture).
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
  }

  private fail(state: 'none' | 'unavailable', reason: string): void {
    if (this.failed) return;
    this.failed = { state, reason };
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
    let context: AudioContext | null = null;
    try {
      const made = new AudioContext();
      context = made;
      opened('audioContexts');
      const source = made.createMediaStreamSource(new MediaStream([track]));
      const processor = made.createScriptProcessor(4096, 2, 1);
      // The graph must end somewhere to be pulled: a stream destination, not the speakers.
      const sink = made.createMediaStreamDestination();
      processor.onaudioprocess = (event) => this.onAudio(event.inputBuffer, made.sampleRate);
      source.connect(processor);
      processor.connect(sink);
      this.context = made;
      this.processor = processor;
      void made.resume().catch(() => undefined);
      setTimeout(() => {
        if (this.context?.state === 'suspended') {
          this.fail(
            'unavailable',
            'the browser blocked audio on this page until you interact with it',
          );
        }
      }, NO_TRACK_AFTER_MS);
    } catch (error) {
      // A context made before the graph failed would otherwise stay open for the page's life.
      if (context && context !== this.context) {
        void context.close().catch(() => undefined);
        closed('audioContexts');
      }
      this.fail(
        'unavailable',
        `audio capture failed (${error instanceof Error ? error.name : 'error'})`,
      );
    }
  }

  private resetClock(): void {
    this.chunker.reset();
  }

  private onAudio(buffer: AudioBuffer, rate: number): void {
    const video = this.video;
    if (!this.active || video.paused || video.ended || video.playbackRate !== 1) return;
    const channels: Float32Array[] = [];
    for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(buffer.getChannelData(c));
    this.chunker.push(resampleMono(mixToMono(channels), rate, AUDIO_CHUNK_RATE), video.currentTime);
  }
}
