/**
 * What the audio worker does with its messages (lib/analysis/audio-worker.ts wires it to the
 * worker scope; tests drive it directly). The models load once, on `init`; chunks of every video
 * run one at a time in arrival order (the models are shared, and one thread runs them anyway),
 * each answered in order by exactly one `result`, `skipped` or `failed`, except chunks of a
 * disposed video, which are dropped unanswered (the document has already given up on them).
 * The backlog limit is applied here, where the work waits: a chunk that finds MAX_BACKLOG of
 * its video's chunks still unfinished is skipped; LOADING_BACKLOG while the models are still
 * loading (the worker starts with the first audio, so its first chunks wait for the load, which
 * a backlog of MAX_BACKLOG chunks does not cover on a busy machine).
 */
import { AudioModelStream } from './audio-model-stream';
import type { AudioModelUrls } from './audio-models';
import { MAX_BACKLOG, modelStatus, type AudioModels } from './audio-processor';
import {
  errorText,
  parseToAudioWorker,
  type FromAudioWorker,
  type ToAudioWorker,
} from './audio-worker-protocol';

/** Backlog while the models load: about 8 s of 0.32 s chunks, worked off at ~4x real time. */
export const LOADING_BACKLOG = 4 * MAX_BACKLOG;

/** One video as the worker knows it. */
interface Video {
  stream: AudioModelStream | null;
  disposed: boolean;
  /** Chunks accepted and not yet finished. */
  unfinished: number;
}

export class AudioWorkerHandler {
  private models: Promise<AudioModels> | null = null;
  private loaded = false;
  private readonly videos = new Map<number, Video>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly post: (message: FromAudioWorker) => void,
    private readonly load: (urls: AudioModelUrls) => Promise<AudioModels>,
  ) {}

  onMessage(data: unknown): void {
    let message: ToAudioWorker;
    try {
      message = parseToAudioWorker(data);
    } catch (error) {
      console.warn('[telltale] audio worker: rejected a message:', error);
      return;
    }
    if (message.type === 'init') this.init(message.urls);
    else if (message.type === 'chunk') this.chunk(message.key, message.startS, message.samples);
    else this.dispose(message.key);
  }

  private init(urls: AudioModelUrls): void {
    if (this.models) return;
    const models = this.load(urls).catch((error: unknown): AudioModels => ({
      vad: null,
      visemes: null,
      errors: [`audio models unavailable: ${errorText(error)}`],
    }));
    this.models = models;
    void models.then((loaded) => {
      this.loaded = true;
      this.post({ type: 'models', ...modelStatus(loaded) });
    });
  }

  private chunk(key: number, startS: number, samples: ArrayBuffer): void {
    let video = this.videos.get(key);
    if (!video) {
      video = { stream: null, disposed: false, unfinished: 0 };
      this.videos.set(key, video);
    }
    const target = video;
    if (target.unfinished >= (this.loaded ? MAX_BACKLOG : LOADING_BACKLOG)) {
      // Answered in turn: the document matches answers to chunks by order.
      this.queue = this.queue.then(() => {
        if (!target.disposed) this.post({ type: 'skipped', key });
      });
      return;
    }
    target.unfinished++;
    this.queue = this.queue.then(async () => {
      try {
        if (!this.models) throw new Error('audio worker: chunk before init');
        const models = await this.models;
        if (target.disposed) return;
        target.stream ??= new AudioModelStream(models);
        const result = await target.stream.process(startS, new Float32Array(samples));
        if (!target.disposed) this.post({ type: 'result', key, ...result });
      } catch (error) {
        if (!target.disposed) this.post({ type: 'failed', key, error: errorText(error) });
      } finally {
        target.unfinished--;
      }
    });
  }

  private dispose(key: number): void {
    const video = this.videos.get(key);
    if (!video) return;
    video.disposed = true;
    video.stream?.dispose();
    this.videos.delete(key);
  }
}
