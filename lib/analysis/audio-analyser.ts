/**
 * One video's audio in the offscreen document: PCM chunks from the page become the envelope
 * at once, on this thread (it is cheap); the VAD (silero) and the viseme detector (HeadAudio)
 * run behind, in order, in an `AudioProcessor` (lib/analysis/audio-processor.ts): the audio
 * worker, so that they do not compete with face analysis for the offscreen thread, or this
 * thread where no worker can run. Their results are applied in chunk order. A model that failed
 * to load is replaced by what is left (energy gate for the VAD; no visemes, so the
 * phoneme-viseme cue abstains).
 */
import { AudioTrackBuilder } from '../audio/track-builder';
import type { AudioTrack } from '../audio/types';
import { speechSegments, totalSeconds } from '../audio/envelope';
import type { AudioChunkMessage, AudioStateMessage } from '../messaging/audio-protocol';
import type { AudioSummary } from '../messaging/types';
import type { AudioChunkResult, AudioProcessor } from './audio-processor';

/**
 * Audio work that makes no progress for this long no longer holds back the final verdict
 * (a model that never finishes loading must not keep a video from concluding), ms.
 */
const STALL_MS = 10_000;
/** Seconds of sound kept for the live judge (its frames span 10 s). */
const AUDIO_WINDOW_S = 12;

export class VideoAudioAnalyser {
  private readonly builder = new AudioTrackBuilder(AUDIO_WINDOW_S);
  private work: Promise<void> = Promise.resolve();
  private jobs = 0;
  private lastProgress = 0;
  private disposed = false;
  /** Chunks whose VAD and visemes were skipped because the backlog was full. */
  private skippedChunks = 0;
  /** Milliseconds of processing per second of audio (bench). */
  private costMs = 0;
  private audioS = 0;
  private source: AudioSummary['source'] = 'element';

  constructor(private readonly processor: AudioProcessor) {}

  /** True while chunks are still being processed (and the work is not stalled). */
  get busy(): boolean {
    return this.jobs > 0 && performance.now() - this.lastProgress < STALL_MS;
  }

  /** Processing cost so far: ms of VAD + viseme work per second of audio (the processor's). */
  get msPerAudioSecond(): number {
    return this.audioS > 0 ? this.costMs / this.audioS : 0;
  }

  /** Resolves when every chunk received so far has been processed, or the work stalled. */
  whenIdle(): Promise<void> {
    return Promise.race([this.work, new Promise<void>((resolve) => setTimeout(resolve, STALL_MS))]);
  }

  /** Takes ownership of `chunk.samples` (the buffer may be transferred to the audio worker). */
  addChunk(chunk: AudioChunkMessage): void {
    if (this.disposed) return;
    const pcm = new Float32Array(chunk.samples);
    this.builder.addPcm(chunk.mediaTimeS, pcm);
    // Beyond the backlog (lib/analysis/audio-processor.ts MAX_BACKLOG) chunks are skipped.
    if (this.jobs >= this.processor.maxOutstanding) {
      this.skippedChunks++;
      return;
    }
    // The processor starts on the chunk now; its result joins the track in chunk order.
    const result = this.processor.process(chunk.mediaTimeS, pcm);
    result.catch(() => undefined); // handled when its turn comes
    this.enqueue(() => this.apply(result));
  }

  /** The video is gone: queued work is abandoned. */
  dispose(): void {
    this.disposed = true;
    this.processor.dispose();
  }

  /** Chunks skipped by the backlog limit, here or in the processor (no speech or visemes). */
  get skipped(): number {
    return this.skippedChunks;
  }

  /**
   * Keeps as much sound as the frames are judged over (a deep check: 20 s), plus a margin for
   * the lags the lip cues search, instead of the live 12 s.
   */
  setWindow(seconds: number): void {
    this.builder.setWindow(Math.max(AUDIO_WINDOW_S, seconds + 2));
  }

  /** The sound comes from the tab's audio from now on (lib/analysis/tab-audio.ts). */
  setSource(source: AudioSummary['source']): void {
    this.source = source;
  }

  setState(message: AudioStateMessage): void {
    this.builder.markStatus(message.state, message.reason);
  }

  snapshot(): AudioTrack {
    return this.builder.snapshot();
  }

  /** For the report (scan JSON `audio`). */
  summary(): AudioSummary {
    const track = this.snapshot();
    const speech = speechSegments(track.times, track.speech, track.hopS);
    return {
      status: track.status,
      ...(track.reason === undefined ? {} : { reason: track.reason }),
      seconds: Math.round(track.times.length * track.hopS * 100) / 100,
      speechSeconds: Math.round(totalSeconds(speech) * 100) / 100,
      vad: track.vad,
      visemes: track.visemes.length,
      msPerAudioSecond: Math.round(this.msPerAudioSecond * 100) / 100,
      skippedChunks: this.skippedChunks,
      source: this.source,
    };
  }

  private enqueue(job: () => Promise<void>): void {
    if (this.jobs === 0) this.lastProgress = performance.now();
    this.jobs++;
    this.work = this.work.then(job).then(
      () => {
        this.jobs--;
        this.lastProgress = performance.now();
      },
      (error: unknown) => {
        this.jobs--;
        console.warn('[telltale] audio processing failed', error);
      },
    );
  }

  private async apply(pending: Promise<AudioChunkResult>): Promise<void> {
    const [models, result] = await Promise.all([this.processor.models, pending]);
    if (this.disposed) return;
    if (result.skipped) {
      this.skippedChunks++;
      return;
    }
    if (!models.vad) this.builder.markVadFailed();
    this.builder.addSpeech(result.speech);
    this.builder.addVisemes(result.visemes);
    this.costMs += result.costMs;
    this.audioS += result.audioS;
  }
}
