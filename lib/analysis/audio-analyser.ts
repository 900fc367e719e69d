/**
 * One video's audio in the offscreen document: PCM chunks from the page become the envelope
 * at once; the VAD (silero) and the viseme detector (HeadAudio) run behind, in order, on a
 * per-video work queue. Their models load once for all videos; chunks that arrive earlier wait
 * for them. A model that fails to load is replaced by what is left (energy gate for the VAD; no
 * visemes, so the phoneme-viseme cue abstains) and the reason is kept.
 */
import { AudioTrackBuilder, type SpeechFrame } from '../audio/track-builder';
import { AUDIO_SAMPLE_RATE, type AudioTrack, type VisemeEvent } from '../audio/types';
import { speechSegments, totalSeconds } from '../audio/envelope';
import type { AudioChunkMessage, AudioStateMessage } from '../messaging/audio-protocol';
import type { AudioSummary } from '../messaging/types';

/** The VAD as this module uses it (lib/ml/audio/silero.ts). */
export interface VadModel<S = unknown> {
  createStream(): S;
  process(stream: S, frame: Float32Array): Promise<number>;
}

/** The viseme detector as this module uses it (lib/ml/audio/visemes.ts). */
export interface VisemeModel {
  /** A detector for contiguous audio starting at media time `startS`. */
  createStream(startS: number): { push(samples: Float32Array): VisemeEvent[] };
}

export interface AudioModels {
  vad: VadModel | null;
  visemes: VisemeModel | null;
}

/**
 * Audio work that makes no progress for this long no longer holds back the final verdict
 * (a model that never finishes loading must not keep a video from concluding), ms.
 */
const STALL_MS = 10_000;

/**
 * Chunks waiting for the VAD and visemes beyond this are skipped (their envelope is kept): on
 * a busy device audio analysis must not fall ever further behind or starve the face analysis.
 */
const MAX_BACKLOG = 6;

/** Samples per VAD frame (silero v5 at 16 kHz). */
const VAD_FRAME = 512;

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export class VideoAudioAnalyser {
  private readonly builder = new AudioTrackBuilder();
  private work: Promise<void> = Promise.resolve();
  private jobs = 0;
  private lastProgress = 0;
  private disposed = false;
  /** Chunks whose VAD and visemes were skipped because the backlog was full. */
  private skippedChunks = 0;
  private vadStream: unknown = null;
  private vadCarry = new Float32Array(0);
  private vadNext = -1;
  private visemeStream: ReturnType<VisemeModel['createStream']> | null = null;
  /** Milliseconds of processing per second of audio (bench). */
  private costMs = 0;
  private audioS = 0;

  constructor(private readonly models: Promise<AudioModels>) {}

  /** True while chunks are still being processed (and the work is not stalled). */
  get busy(): boolean {
    return this.jobs > 0 && performance.now() - this.lastProgress < STALL_MS;
  }

  /** Processing cost so far: ms of VAD + viseme work per second of audio. */
  get msPerAudioSecond(): number {
    return this.audioS > 0 ? this.costMs / this.audioS : 0;
  }

  /** Resolves when every chunk received so far has been processed, or the work stalled. */
  whenIdle(): Promise<void> {
    return Promise.race([this.work, new Promise<void>((resolve) => setTimeout(resolve, STALL_MS))]);
  }

  addChunk(chunk: AudioChunkMessage): void {
    if (this.disposed) return;
    const pcm = new Float32Array(chunk.samples);
    this.builder.addPcm(chunk.mediaTimeS, pcm);
    if (this.jobs >= MAX_BACKLOG) {
      this.skippedChunks++;
      return;
    }
    this.enqueue(() => this.process(chunk.mediaTimeS, pcm));
  }

  /** The video is gone: queued work is abandoned. */
  dispose(): void {
    this.disposed = true;
  }

  /** Chunks skipped by the backlog limit (their speech and visemes are missing). */
  get skipped(): number {
    return this.skippedChunks;
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

  private async process(startS: number, pcm: Float32Array): Promise<void> {
    const models = await this.models;
    if (this.disposed) return;
    const started = performance.now();
    const contiguous = Math.abs(startS - this.vadNext) < 1.5 / AUDIO_SAMPLE_RATE;
    if (!models.vad) this.builder.markVadFailed();
    else await this.runVad(models.vad, startS, pcm, contiguous);
    if (models.visemes) {
      if (!contiguous || !this.visemeStream)
        this.visemeStream = models.visemes.createStream(startS);
      this.builder.addVisemes(this.visemeStream.push(pcm));
    }
    this.vadNext = startS + pcm.length / AUDIO_SAMPLE_RATE;
    this.costMs += performance.now() - started;
    this.audioS += pcm.length / AUDIO_SAMPLE_RATE;
  }

  private async runVad(vad: VadModel, startS: number, pcm: Float32Array, contiguous: boolean) {
    if (!contiguous || this.vadStream === null) {
      this.vadStream = vad.createStream();
      this.vadCarry = new Float32Array(0);
    }
    const all = concat([this.vadCarry, pcm]);
    const allStart = startS - this.vadCarry.length / AUDIO_SAMPLE_RATE;
    const frames: SpeechFrame[] = [];
    let i = 0;
    for (; i + VAD_FRAME <= all.length && !this.disposed; i += VAD_FRAME) {
      const p = await vad.process(this.vadStream, all.subarray(i, i + VAD_FRAME));
      const start = allStart + i / AUDIO_SAMPLE_RATE;
      frames.push({ start, end: start + VAD_FRAME / AUDIO_SAMPLE_RATE, p });
    }
    this.vadCarry = all.slice(i);
    this.builder.addSpeech(frames);
  }
}
