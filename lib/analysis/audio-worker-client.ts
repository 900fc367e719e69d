/**
 * The offscreen document's side of the audio worker (lib/analysis/audio-worker.ts): one worker
 * for every video, one `AudioProcessor` per video. Chunks are posted at once (their buffers
 * transferred) and answered in order, so the worker never waits for this thread between chunks.
 *
 * If the worker fails (its script does not load, it throws, or it sends a malformed message)
 * it is terminated: chunks in flight fail, and the audio of every video continues on this
 * thread (lib/analysis/in-thread-audio.ts) with models loaded here.
 */
import type { AudioModelUrls } from './audio-models';
import {
  MAX_BACKLOG,
  emptyResult,
  modelStatus,
  type AudioChunkResult,
  type AudioModelStatus,
  type AudioModels,
  type AudioProcessor,
} from './audio-processor';
import {
  errorText,
  parseFromAudioWorker,
  type FromAudioWorker,
  type ToAudioWorker,
} from './audio-worker-protocol';
import { InThreadAudioProcessor } from './in-thread-audio';

/** The parts of `Worker` used here. */
export interface AudioWorkerPort {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: ToAudioWorker, transfer: Transferable[]): void;
  terminate(): void;
}

/**
 * Chunks a video may have in flight to the worker (VideoAudioAnalyser skips beyond it). The
 * worker applies MAX_BACKLOG to its own queue; this bound is for answers that wait for this
 * thread: measured at load 7-9 on 2 cores, they reached it 0.3 s late (median) and up to 2 s
 * while face landmarking held the thread, and a bound of MAX_BACKLOG here skipped up to 9
 * chunks of the first video that the worker had long finished.
 */
const MAX_IN_FLIGHT = 4 * MAX_BACKLOG;

interface Pending {
  resolve(result: AudioChunkResult): void;
  reject(error: Error): void;
}

export class AudioWorkerClient {
  private readonly pending = new Map<number, Pending[]>();
  private nextKey = 1;
  private readonly workerModels: Promise<AudioModelStatus>;
  private resolveModels: (status: AudioModelStatus) => void = () => undefined;
  private modelsKnown = false;
  /** Set once the worker failed: models loaded on this thread instead. */
  private fallbackModels: Promise<AudioModels> | null = null;

  constructor(
    private readonly worker: AudioWorkerPort,
    urls: AudioModelUrls,
    private readonly loadHere: () => Promise<AudioModels>,
  ) {
    this.workerModels = new Promise((resolve) => (this.resolveModels = resolve));
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(errorText(event.message || 'the worker script failed'));
    };
    worker.onmessageerror = () => this.fail('a message from the worker could not be read');
    worker.postMessage({ type: 'init', urls }, []);
  }

  /** True once the worker failed and audio runs on this thread. */
  get failed(): boolean {
    return this.fallbackModels !== null;
  }

  /** A processor for one video's audio. */
  createProcessor(): AudioProcessor {
    return new WorkerAudioProcessor(this, this.nextKey++);
  }

  /** @internal Which models the worker loaded (or, after a failure, this thread did). */
  get models(): Promise<AudioModelStatus> {
    return this.workerModels;
  }

  /** @internal The models on this thread, after a failure. */
  get localModels(): Promise<AudioModels> | null {
    return this.fallbackModels;
  }

  /** @internal */
  process(key: number, startS: number, pcm: Float32Array): Promise<AudioChunkResult> {
    const whole = pcm.byteOffset === 0 && pcm.byteLength === pcm.buffer.byteLength;
    const samples = (whole ? pcm : pcm.slice()).buffer as ArrayBuffer;
    return new Promise<AudioChunkResult>((resolve, reject) => {
      // Posted first: a chunk that cannot be posted rejects and waits for no answer.
      this.worker.postMessage({ type: 'chunk', key, startS, samples }, [samples]);
      let queue = this.pending.get(key);
      if (!queue) {
        queue = [];
        this.pending.set(key, queue);
      }
      queue.push({ resolve, reject });
    });
  }

  /** @internal Results still due for `key` resolve empty; the worker drops its queued chunks. */
  dispose(key: number): void {
    for (const p of this.pending.get(key) ?? []) p.resolve(emptyResult());
    this.pending.delete(key);
    if (!this.failed) this.worker.postMessage({ type: 'dispose', key }, []);
  }

  private receive(data: unknown): void {
    let message: FromAudioWorker;
    try {
      message = parseFromAudioWorker(data);
    } catch (error) {
      this.fail(`malformed message from the worker: ${errorText(error)}`);
      return;
    }
    if (message.type === 'models') {
      if (!this.modelsKnown) {
        this.modelsKnown = true;
        const { vad, visemes, errors } = message;
        for (const error of errors) console.warn('[telltale] audio worker:', error);
        this.resolveModels({ vad, visemes, errors });
      }
      return;
    }
    const queue = this.pending.get(message.key);
    const next = queue?.shift();
    if (!next) return; // a video disposed here while the worker answered
    if (queue?.length === 0) this.pending.delete(message.key);
    if (message.type === 'failed') {
      next.reject(new Error(message.error));
      return;
    }
    if (message.type === 'skipped') {
      next.resolve({ ...emptyResult(), skipped: true });
      return;
    }
    const { speech, visemes, costMs, audioS } = message;
    next.resolve({ speech, visemes, costMs, audioS });
  }

  private fail(reason: string): void {
    if (this.failed) return;
    console.warn('[telltale] audio worker failed; audio runs on the offscreen thread:', reason);
    this.worker.terminate();
    const models = this.loadHere();
    this.fallbackModels = models;
    if (!this.modelsKnown) {
      this.modelsKnown = true;
      void models.then((loaded) => this.resolveModels(modelStatus(loaded)));
    }
    const error = new Error(`audio worker failed: ${reason}`);
    for (const queue of this.pending.values()) for (const p of queue) p.reject(error);
    this.pending.clear();
  }
}

/** One video's audio through the shared worker (or, after it failed, on this thread). */
class WorkerAudioProcessor implements AudioProcessor {
  private local: InThreadAudioProcessor | null = null;
  private disposed = false;

  constructor(
    private readonly client: AudioWorkerClient,
    private readonly key: number,
  ) {}

  get maxOutstanding(): number {
    return this.here()?.maxOutstanding ?? MAX_IN_FLIGHT;
  }

  get models(): Promise<AudioModelStatus> {
    return this.here()?.models ?? this.client.models;
  }

  process(startS: number, pcm: Float32Array): Promise<AudioChunkResult> {
    if (this.disposed) return Promise.resolve(emptyResult());
    const local = this.here();
    return local ? local.process(startS, pcm) : this.client.process(this.key, startS, pcm);
  }

  dispose(): void {
    this.disposed = true;
    this.local?.dispose();
    this.client.dispose(this.key);
  }

  /** The processor on this thread once the worker failed. */
  private here(): InThreadAudioProcessor | null {
    const models = this.client.localModels;
    if (models && !this.local) this.local = new InThreadAudioProcessor(models);
    return this.local;
  }
}

/**
 * A processor whose real one (and with it the worker and its models) is made on first use: most
 * videos never send audio (lip sync is off by default; audio comes with the deep check or the
 * setting), and the worker's onnxruntime instance and models cost memory (issue #16) for
 * nothing until then. A processor disposed before any use makes nothing.
 */
class DeferredAudioProcessor implements AudioProcessor {
  private made: AudioProcessor | null = null;
  private disposed = false;

  constructor(private readonly make: () => AudioProcessor) {}

  get maxOutstanding(): number {
    return this.inner.maxOutstanding;
  }

  get models(): Promise<AudioModelStatus> {
    return this.inner.models;
  }

  process(startS: number, pcm: Float32Array): Promise<AudioChunkResult> {
    if (this.disposed) return Promise.resolve(emptyResult());
    return this.inner.process(startS, pcm);
  }

  dispose(): void {
    this.disposed = true;
    this.made?.dispose();
  }

  private get inner(): AudioProcessor {
    return (this.made ??= this.make());
  }
}

/**
 * Processors for the offscreen document's videos: through one worker from `spawn`, or on this
 * thread when it throws (no Worker support). The worker is spawned, and `loadHere` called (at
 * most once), only when a video first uses its processor (its first audio chunk), not when the
 * document or a video starts.
 */
export function audioProcessors(
  spawn: () => AudioWorkerPort,
  urls: AudioModelUrls,
  loadHere: () => Promise<AudioModels>,
): () => AudioProcessor {
  let local: Promise<AudioModels> | null = null;
  const loadOnce = () => (local ??= loadHere());
  let source: (() => AudioProcessor) | null = null;
  const start = (): (() => AudioProcessor) => {
    try {
      const client = new AudioWorkerClient(spawn(), urls, loadOnce);
      return () => client.createProcessor();
    } catch (error) {
      console.warn('[telltale] no audio worker; audio runs on the offscreen thread:', error);
      return () => new InThreadAudioProcessor(loadOnce());
    }
  };
  return () => new DeferredAudioProcessor(() => (source ??= start())());
}
