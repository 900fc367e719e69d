/**
 * FaceLandmarker instances for the playing videos, on the thread that holds the pool (the
 * landmark worker, or the offscreen document when the worker cannot run). VIDEO mode tracks one
 * stream per instance, so each video gets its own, at most MAX_INSTANCES at once; beyond that
 * the least recently used video's instance is taken over (it gets one again when it needs it).
 */
import type { FaceDetection } from '../ml/face/detections';
import {
  chooseDelegate,
  FaceLandmarks,
  type DelegateChoice,
  type LandmarkerAssets,
} from '../ml/face/landmarker';

/** Landmarker instances kept at once (one per playing video). */
export const MAX_INSTANCES = 3;

/** Finds faces for the videos being analysed, wherever the landmarkers run. */
export interface LandmarkerPool {
  /** Loads the model and picks the delegate (0..1 progress). Rejects with a readable message. */
  init(onProgress: (progress: number) => void): Promise<DelegateChoice>;
  /** Faces in one RGBA frame of the video `key`; frames of one video in media-time order. */
  detect(key: number, image: ImageData, mediaTimeMs: number): Promise<FaceDetection[]>;
  /** The video `key` is gone: its instance becomes a spare. */
  release(key: number): void;
  /** Where the landmarks are found, when the pool knows. */
  readonly where?: 'worker' | 'document';
}

interface Held {
  landmarks: FaceLandmarks;
  lastUsed: number;
}

/** The pool on this thread. Detections run one at a time, in the order they were asked for. */
export class InThreadLandmarkerPool implements LandmarkerPool {
  private assets: LandmarkerAssets | null = null;
  private choice: DelegateChoice | null = null;
  private readonly spare: FaceLandmarks[] = [];
  private readonly held = new Map<number, Held>();
  private instances = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly loadAssets: (onProgress: (p: number) => void) => Promise<LandmarkerAssets>,
  ) {}

  async init(onProgress: (progress: number) => void): Promise<DelegateChoice> {
    this.assets = await this.loadAssets(onProgress);
    const chosen = await chooseDelegate(this.assets);
    this.choice = chosen.choice;
    this.spare.push(chosen.instance);
    this.instances = 1;
    return chosen.choice;
  }

  detect(key: number, image: ImageData, mediaTimeMs: number): Promise<FaceDetection[]> {
    const run = this.tail.then(async () => {
      const held = await this.acquire(key);
      held.lastUsed = performance.now();
      return held.landmarks.detect(image, mediaTimeMs);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  release(key: number): void {
    // After the detections already asked for (one of them could otherwise take it again).
    this.tail = this.tail.then(() => {
      const held = this.held.get(key);
      if (!held) return;
      this.held.delete(key);
      this.spare.push(held.landmarks);
    });
  }

  private async acquire(key: number): Promise<Held> {
    const mine = this.held.get(key);
    if (mine) return mine;
    let landmarks = this.spare.pop();
    if (!landmarks && this.instances >= MAX_INSTANCES) {
      const victim = [...this.held.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (victim) {
        this.held.delete(victim[0]);
        landmarks = victim[1].landmarks;
      }
    }
    if (!landmarks) {
      if (!this.assets || !this.choice) throw new Error('landmarker not initialised');
      this.instances++;
      landmarks = await FaceLandmarks.create(this.assets, this.choice.delegate);
    }
    const held = { landmarks, lastUsed: performance.now() };
    this.held.set(key, held);
    return held;
  }
}
