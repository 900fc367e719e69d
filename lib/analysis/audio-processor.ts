/**
 * The audio model work of one video (VAD + visemes) as VideoAudioAnalyser sees it, whichever
 * thread runs it: this one (lib/analysis/in-thread-audio.ts: Node tests, and the fallback when
 * no worker can be started) or the audio worker (lib/analysis/audio-worker-client.ts).
 */
import type { SpeechFrame } from '../audio/track-builder';
import type { VisemeEvent } from '../audio/types';

/** The VAD as the audio work uses it (lib/ml/audio/silero.ts). */
export interface VadModel<S = unknown> {
  createStream(): S;
  process(stream: S, frame: Float32Array): Promise<number>;
}

/** The viseme detector as the audio work uses it (lib/ml/audio/visemes.ts). */
export interface VisemeModel {
  /** A detector for contiguous audio starting at media time `startS`. */
  createStream(startS: number): { push(samples: Float32Array): VisemeEvent[] };
}

/**
 * Chunks waiting for the VAD and visemes beyond this are skipped (their envelope is kept): on
 * a busy device audio analysis must not fall ever further behind or starve the face analysis.
 */
export const MAX_BACKLOG = 6;

/** The loaded models; null where one failed to load (`errors` says why). */
export interface AudioModels {
  vad: VadModel | null;
  visemes: VisemeModel | null;
  errors?: readonly string[];
}

/** Which models loaded (what crosses from the worker instead of the models themselves). */
export interface AudioModelStatus {
  vad: 'silero' | null;
  visemes: boolean;
  errors: string[];
}

/** What one chunk of PCM gave. */
export interface AudioChunkResult {
  speech: SpeechFrame[];
  visemes: VisemeEvent[];
  /** Milliseconds of model work the chunk cost (on whichever thread ran it). */
  costMs: number;
  /** Seconds of audio the work covered (0 when it was abandoned or skipped). */
  audioS: number;
  /** The processor skipped the chunk: its own backlog was full (see `maxOutstanding`). */
  skipped?: boolean;
}

/** One video's model work. */
export interface AudioProcessor {
  /**
   * Chunks VideoAudioAnalyser may have outstanding (sent, result not yet applied) before it
   * skips new ones itself. MAX_BACKLOG where that count is the processor's backlog (this
   * thread); more where results come back late although the work is done (the worker's answers
   * wait for the offscreen thread, which can be busy for seconds): that processor applies
   * MAX_BACKLOG to its own queue and answers `skipped`.
   */
  readonly maxOutstanding: number;
  /** Which models are in use; resolves once they loaded (or failed to). */
  readonly models: Promise<AudioModelStatus>;
  /**
   * Runs the models over `pcm` (16 kHz, media time `startS`). Chunks are processed in call order
   * and the results resolve in that order; the processor may take ownership of `pcm`'s buffer.
   */
  process(startS: number, pcm: Float32Array): Promise<AudioChunkResult>;
  /** The video is gone: queued work is abandoned (its results resolve empty). */
  dispose(): void;
}

/** The result of work abandoned by `dispose`. */
export function emptyResult(): AudioChunkResult {
  return { speech: [], visemes: [], costMs: 0, audioS: 0 };
}

export function modelStatus(models: AudioModels): AudioModelStatus {
  return {
    vad: models.vad ? 'silero' : null,
    visemes: models.visemes !== null,
    errors: [...(models.errors ?? [])],
  };
}
