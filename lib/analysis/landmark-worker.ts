/**
 * The landmark worker: a module Worker spawned by the offscreen document (Vite bundles it from
 * `new Worker(new URL(...), { type: 'module' })`). It runs MediaPipe's FaceLandmarker for every
 * video, so that landmarking (the costliest step, 27-45 ms a frame) runs on the second core
 * while the document acks frames, measures faces, runs the frame models and judges (issue #16).
 * Asset URLs come from the document: a worker has no `browser.runtime.getURL`.
 */
import type { FaceDetection } from '../ml/face/detections';
import { InThreadLandmarkerPool } from './landmarker-pool';
import {
  errorText,
  type FromLandmarkWorker,
  type LandmarkerUrls,
  type ToLandmarkWorker,
} from './landmark-worker-protocol';

/** The parts of DedicatedWorkerGlobalScope used here (the project's types are DOM, not worker). */
interface WorkerScope {
  location: { origin: string };
  onmessage: ((event: MessageEvent<ToLandmarkWorker>) => void) | null;
  postMessage(message: FromLandmarkWorker, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

/** Assets load only from the extension itself. */
function ownUrls(urls: LandmarkerUrls): LandmarkerUrls {
  for (const url of Object.values(urls)) {
    if (new URL(url).origin !== scope.location.origin) {
      throw new Error(`landmarker URL outside the extension: ${url}`);
    }
  }
  return urls;
}

let pool: InThreadLandmarkerPool | null = null;

function transferables(faces: FaceDetection[]): Transferable[] {
  return faces.flatMap((f) => [f.landmarks.buffer, f.blendshapes.buffer] as ArrayBuffer[]);
}

async function init(urls: LandmarkerUrls): Promise<void> {
  try {
    const own = ownUrls(urls);
    // The model by its URL: MediaPipe fetches it itself, and no copy of it stays here (see
    // LandmarkerAssets.model). No download progress then; it is a local file of the extension.
    pool = new InThreadLandmarkerPool(async () => ({
      wasmLoaderPath: own.wasmLoaderPath,
      wasmBinaryPath: own.wasmBinaryPath,
      model: own.modelUrl,
    }));
    const choice = await pool.init((progress) => scope.postMessage({ type: 'progress', progress }));
    scope.postMessage({ type: 'ready', choice });
  } catch (error) {
    pool = null;
    scope.postMessage({ type: 'unavailable', error: errorText(error) });
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'init') void init(message.urls);
  else if (message.type === 'release') pool?.release(message.key);
  else if (message.type === 'detect') {
    const { id, key, width, height, pixels, mediaTimeMs } = message;
    if (!pool) {
      scope.postMessage({ type: 'failed', id, error: 'landmarker not initialised' });
      return;
    }
    const image = new ImageData(new Uint8ClampedArray(pixels), width, height);
    pool.detect(key, image, mediaTimeMs).then(
      (faces) => scope.postMessage({ type: 'faces', id, faces }, transferables(faces)),
      (error: unknown) => scope.postMessage({ type: 'failed', id, error: errorText(error) }),
    );
  }
};
