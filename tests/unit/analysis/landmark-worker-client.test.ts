/**
 * The document's side of the landmark worker (issue #16) with a fake worker: what is posted,
 * in what order answers resolve, and the fall back to landmarkers on this thread when the
 * worker cannot load the landmarker or fails later.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  PreferWorkerPool,
  WorkerLandmarkerPool,
  type LandmarkWorkerPort,
} from '@/lib/analysis/landmark-worker-client';
import type { LandmarkerPool } from '@/lib/analysis/landmarker-pool';
import type { FromLandmarkWorker, ToLandmarkWorker } from '@/lib/analysis/landmark-worker-protocol';
import type { FaceDetection } from '@/lib/ml/face/detections';

const URLS = {
  wasmLoaderPath: 'chrome-extension://abc/mediapipe/vision_wasm_module_internal.js',
  wasmBinaryPath: 'chrome-extension://abc/mediapipe/vision_wasm_module_internal.wasm',
  modelUrl: 'chrome-extension://abc/models/face_landmarker.task',
};

/** A worker that records what it is sent; `answer` delivers a message from it. */
function fakeWorker() {
  const sent: ToLandmarkWorker[] = [];
  const port: LandmarkWorkerPort & { terminated: boolean } = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    terminated: false,
    postMessage: (message) => sent.push(message),
    terminate() {
      this.terminated = true;
    },
  };
  const answer = (message: FromLandmarkWorker) =>
    port.onmessage?.(new MessageEvent('message', { data: message }));
  return { port, sent, answer };
}

function image(value: number): ImageData {
  return { data: new Uint8ClampedArray(16).fill(value), width: 2, height: 2 } as ImageData;
}

function face(x: number): FaceDetection {
  return {
    box: { x, y: 0, width: 10, height: 10 },
    landmarks: new Float32Array(478 * 3),
    blendshapes: new Float32Array(52),
    pose: null,
  };
}

const CHOICE = { delegate: 'CPU' as const, warmupMs: { CPU: 30 } };

/** A pool on "this thread" that finds one face at x = the first pixel's value. */
function fakeInThread(log: string[]): LandmarkerPool {
  return {
    init: async () => {
      log.push('init here');
      return { delegate: 'CPU', warmupMs: { CPU: 50 } };
    },
    detect: async (key, img) => {
      log.push(`detect here ${key}`);
      return [face(img.data[0] ?? 0)];
    },
    release: (key) => log.push(`release here ${key}`),
  };
}

describe('WorkerLandmarkerPool', () => {
  it('initialises the worker, sends copies of the pixels and resolves answers by id', async () => {
    const { port, sent, answer } = fakeWorker();
    const pool = new WorkerLandmarkerPool(port, URLS);
    const progress: number[] = [];
    const ready = pool.init((p) => progress.push(p));
    expect(sent[0]).toEqual({ type: 'init', urls: URLS });
    answer({ type: 'progress', progress: 0.5 });
    answer({ type: 'ready', choice: CHOICE });
    await expect(ready).resolves.toEqual(CHOICE);
    expect(progress).toEqual([0.5]);

    const frame = image(7);
    const first = pool.detect(1, frame, 40);
    const second = pool.detect(2, image(9), 80);
    const [d1, d2] = sent.slice(1) as Extract<ToLandmarkWorker, { type: 'detect' }>[];
    expect(d1).toMatchObject({ type: 'detect', id: 1, key: 1, width: 2, height: 2 });
    expect(d2).toMatchObject({ id: 2, key: 2, mediaTimeMs: 80 });
    // The document keeps its own pixels (the worker got a copy).
    expect(frame.data[0]).toBe(7);
    expect(new Uint8ClampedArray(d1!.pixels)[0]).toBe(7);
    answer({ type: 'faces', id: 2, faces: [face(2)] });
    answer({ type: 'faces', id: 1, faces: [face(1)] });
    expect((await first)[0]?.box.x).toBe(1);
    expect((await second)[0]?.box.x).toBe(2);
    pool.release(1);
    expect(sent.at(-1)).toEqual({ type: 'release', key: 1 });
  });

  it('rejects the frames in flight and terminates a worker that sends garbage', async () => {
    const { port, answer } = fakeWorker();
    const pool = new WorkerLandmarkerPool(port, URLS);
    const ready = pool.init(() => undefined);
    answer({ type: 'ready', choice: CHOICE });
    await ready;
    const pending = pool.detect(1, image(1), 0);
    port.onmessage?.(new MessageEvent('message', { data: { type: 'nonsense' } }));
    await expect(pending).rejects.toThrow(/malformed/);
    expect(port.terminated).toBe(true);
    expect(pool.failure).toMatch(/malformed/);
    await expect(pool.detect(1, image(1), 40)).rejects.toThrow(/malformed/);
  });
});

/** A worker-preferring pool over a fake worker, with the in-thread fallback logging to `log`. */
function preferWorker() {
  const log: string[] = [];
  const { port, answer } = fakeWorker();
  const pool = new PreferWorkerPool(new WorkerLandmarkerPool(port, URLS), () => fakeInThread(log));
  return { log, port, answer, pool };
}

describe('PreferWorkerPool', () => {
  it('uses the worker when it loads', async () => {
    const { log, answer, pool } = preferWorker();
    const ready = pool.init(() => undefined);
    answer({ type: 'ready', choice: CHOICE });
    await expect(ready).resolves.toEqual(CHOICE);
    expect(pool.where).toBe('worker');
    expect(log).toEqual([]);
  });

  it('landmarks on this thread when the worker cannot load the landmarker', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { log, port, answer, pool } = preferWorker();
    const ready = pool.init(() => undefined);
    answer({ type: 'unavailable', error: 'no WebGL in workers' });
    await expect(ready).resolves.toMatchObject({ warmupMs: { CPU: 50 } });
    expect(pool.where).toBe('document');
    expect((await pool.detect(3, image(5), 0))[0]?.box.x).toBe(5);
    expect(log).toEqual(['init here', 'detect here 3']);
    expect(port.terminated).toBe(true);
  });

  it('moves to this thread when the worker fails after it was ready', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { log, port, answer, pool } = preferWorker();
    const ready = pool.init(() => undefined);
    answer({ type: 'ready', choice: CHOICE });
    await ready;
    const inFlight = pool.detect(1, image(1), 0);
    const crash = { message: 'worker crashed', preventDefault: () => undefined };
    port.onerror?.(crash as ErrorEvent);
    await expect(inFlight).rejects.toThrow(/worker crashed/);
    expect((await pool.detect(1, image(4), 40))[0]?.box.x).toBe(4);
    expect(pool.where).toBe('document');
    expect(log).toEqual(['init here', 'detect here 1']);
  });
});
