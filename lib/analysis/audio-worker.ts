/**
 * The audio worker: a module Worker spawned by the offscreen document (entrypoints/offscreen/
 * main.ts; Vite bundles it from `new Worker(new URL(...), { type: 'module' })`). It runs the
 * VAD (onnxruntime-web on wasm, one thread, no proxy worker; see lib/ml/onnx/backend.ts) and
 * HeadAudio's viseme processor (its worklet module imported here, with the globals it expects
 * set on the worker scope; see lib/ml/audio/visemes.ts) away from the thread that runs the face
 * landmarker. Model URLs come from the document: a worker has no `browser.runtime.getURL`.
 */
import { loadAudioModels, type AudioModelUrls } from './audio-models';
import { AudioWorkerHandler } from './audio-worker-handler';
import type { FromAudioWorker } from './audio-worker-protocol';

/** The parts of DedicatedWorkerGlobalScope used here (the project's types are DOM, not worker). */
interface WorkerScope {
  location: { origin: string };
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: FromAudioWorker): void;
}

const scope = self as unknown as WorkerScope;

/** Models load only from the extension itself. */
function ownUrls(urls: AudioModelUrls): AudioModelUrls {
  for (const url of Object.values(urls)) {
    if (new URL(url).origin !== scope.location.origin) {
      throw new Error(`model URL outside the extension: ${url}`);
    }
  }
  return urls;
}

const handler = new AudioWorkerHandler(
  (message) => scope.postMessage(message),
  (urls) => loadAudioModels(ownUrls(urls)),
);
scope.onmessage = (event) => handler.onMessage(event.data);
