/**
 * The offscreen document's side of the landmark worker (lib/analysis/landmark-worker.ts), and
 * the choice between it and landmarkers on this thread: the worker is tried first; when it
 * cannot load the landmarker (no module workers, no WebGL in workers) the pool runs here, as
 * before issue #16. A worker that fails after it was ready fails the frames in flight, and the
 * following frames run on this thread.
 */
import type { FaceDetection } from '../ml/face/detections';
import type { DelegateChoice } from '../ml/face/landmarker';
import type { LandmarkerPool } from './landmarker-pool';
import {
  errorText,
  parseFromLandmarkWorker,
  type LandmarkerUrls,
  type ToLandmarkWorker,
} from './landmark-worker-protocol';

/** The parts of `Worker` used here. */
export interface LandmarkWorkerPort {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: ToLandmarkWorker, transfer: Transferable[]): void;
  terminate(): void;
}

interface Pending {
  resolve(faces: FaceDetection[]): void;
  reject(error: Error): void;
}

/** The pool in a worker. */
export class WorkerLandmarkerPool implements LandmarkerPool {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private settleInit: ((result: DelegateChoice | Error) => void) | null = null;
  private dead: string | null = null;

  constructor(
    private readonly worker: LandmarkWorkerPort,
    private readonly urls: LandmarkerUrls,
  ) {
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || 'the landmark worker script failed');
    };
    worker.onmessageerror = () => this.fail('a message from the landmark worker could not be read');
  }

  /** Why the worker stopped, or null while it runs. */
  get failure(): string | null {
    return this.dead;
  }

  init(onProgress: (progress: number) => void): Promise<DelegateChoice> {
    this.progress = onProgress;
    return new Promise((resolve, reject) => {
      this.settleInit = (result) => (result instanceof Error ? reject(result) : resolve(result));
      this.worker.postMessage({ type: 'init', urls: this.urls }, []);
    });
  }

  detect(key: number, image: ImageData, mediaTimeMs: number): Promise<FaceDetection[]> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    const id = this.nextId++;
    // A copy goes to the worker: the document still reads the frame's pixels (measurements,
    // frame models) while the worker finds its landmarks.
    const pixels = image.data.slice().buffer;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(
        {
          type: 'detect',
          id,
          key,
          width: image.width,
          height: image.height,
          pixels,
          mediaTimeMs,
        },
        [pixels],
      );
    });
  }

  release(key: number): void {
    if (!this.dead) this.worker.postMessage({ type: 'release', key }, []);
  }

  private progress: (progress: number) => void = () => undefined;

  private receive(data: unknown): void {
    let message;
    try {
      message = parseFromLandmarkWorker(data);
    } catch (error) {
      this.fail(`malformed landmark worker message: ${errorText(error)}`);
      return;
    }
    if (message.type === 'progress') this.progress(message.progress);
    else if (message.type === 'ready') {
      this.settleInit?.(message.choice);
      this.settleInit = null;
    } else if (message.type === 'unavailable') this.fail(message.error);
    else {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'faces') pending?.resolve(message.faces);
      else pending?.reject(new Error(message.error));
    }
  }

  private fail(reason: string): void {
    if (this.dead) return;
    this.dead = reason;
    this.worker.terminate();
    this.settleInit?.(new Error(reason));
    this.settleInit = null;
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}

/**
 * The worker's pool when it loads, else `inThread()`'s; after a later worker failure, new
 * detections go to `inThread()` (loaded then).
 */
export class PreferWorkerPool implements LandmarkerPool {
  private active: LandmarkerPool;
  private fallback: Promise<LandmarkerPool> | null = null;
  /** Where the landmarks are found ('worker' or 'document'), for reports and the bench. */
  where: 'worker' | 'document' = 'worker';

  constructor(
    private readonly worker: WorkerLandmarkerPool | null,
    private readonly inThread: () => LandmarkerPool,
  ) {
    this.active = worker ?? inThread();
    if (!worker) this.where = 'document';
  }

  async init(onProgress: (progress: number) => void): Promise<DelegateChoice> {
    if (this.worker) {
      try {
        return await this.worker.init(onProgress);
      } catch (error) {
        console.warn('[telltale] landmark worker unavailable, landmarking here:', errorText(error));
      }
    }
    return this.useInThread(onProgress);
  }

  async detect(key: number, image: ImageData, mediaTimeMs: number): Promise<FaceDetection[]> {
    if (this.active === this.worker && this.worker.failure) {
      console.warn('[telltale] landmark worker failed, landmarking here:', this.worker.failure);
      this.fallback ??= this.useInThread(() => undefined).then(() => this.active);
    }
    if (this.fallback) await this.fallback;
    return this.active.detect(key, image, mediaTimeMs);
  }

  release(key: number): void {
    this.active.release(key);
  }

  private async useInThread(onProgress: (progress: number) => void): Promise<DelegateChoice> {
    const pool = this.inThread();
    const choice = await pool.init(onProgress);
    this.active = pool;
    this.where = 'document';
    return choice;
  }
}
