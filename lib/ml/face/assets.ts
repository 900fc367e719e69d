/** Loads the landmarker's files from inside the extension (never from a CDN). */
import type { LandmarkerAssets } from './landmarker';

/** Fetches `url` into memory, reporting 0..1 progress when the size is known. */
export async function fetchBytes(
  url: string,
  onProgress: (progress: number) => void = () => undefined,
): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`${url.split('/').pop()}: HTTP ${response.status} (is the build complete?)`);
  }
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total > 0) onProgress(Math.min(1, received / total));
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  onProgress(1);
  return bytes;
}

/** Where the landmarker's files are inside the extension. */
export function landmarkerUrls(resolve: (path: string) => string): {
  wasmLoaderPath: string;
  wasmBinaryPath: string;
  modelUrl: string;
} {
  return {
    wasmLoaderPath: resolve('/mediapipe/vision_wasm_module_internal.js'),
    wasmBinaryPath: resolve('/mediapipe/vision_wasm_module_internal.wasm'),
    modelUrl: resolve('/models/face_landmarker.task'),
  };
}

/** Asset URLs are resolved by the caller (runtime.getURL) so this stays testable. */
export async function loadLandmarkerAssets(
  resolve: (path: string) => string,
  onProgress: (progress: number) => void,
): Promise<LandmarkerAssets> {
  const urls = landmarkerUrls(resolve);
  return {
    wasmLoaderPath: urls.wasmLoaderPath,
    wasmBinaryPath: urls.wasmBinaryPath,
    model: await fetchBytes(urls.modelUrl, onProgress),
  };
}
