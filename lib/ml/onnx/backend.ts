/** Choosing onnxruntime-web's execution provider (offscreen document and audio worker). */
import * as ort from 'onnxruntime-web/webgpu';

export type OnnxBackend = 'webgpu' | 'wasm';

/** True when WebGPU gives a hardware adapter (not a software fallback such as SwiftShader). */
export async function hasRealGpu(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    const adapter = (await gpu.requestAdapter()) as {
      info?: { isFallbackAdapter?: boolean };
    } | null;
    return adapter !== null && adapter.info?.isFallbackAdapter !== true;
  } catch {
    return false;
  }
}

/**
 * An inference session for the model at `modelUrl` (inside the extension): WebGPU when a real
 * adapter exists and the model runs there, wasm otherwise (one thread: offscreen documents are
 * not cross-origin isolated).
 */
export async function createOnnxSession(
  modelUrl: string,
): Promise<{ session: ort.InferenceSession; backend: OnnxBackend }> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`${modelUrl.split('/').pop()}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (await hasRealGpu()) {
    try {
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] });
      return { session, backend: 'webgpu' };
    } catch {
      // Fall through to wasm.
    }
  }
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  return { session, backend: 'wasm' };
}
