/**
 * Choosing onnxruntime-web's execution provider (offscreen document and audio worker), and with
 * it the build: the WebGPU build (`onnxruntime-web/webgpu`, an Asyncify wasm) only when a real
 * adapter exists, and the plain wasm build (`onnxruntime-web/wasm`) otherwise. The WebGPU
 * build's wasm runs the CPU kernels about 5x slower (the blend model, one thread, in Node,
 * `node scripts/bench/ort-builds.mjs`: 76-81 ms against 15.7-15.8 ms a crop), and each build
 * loads its wasm only when a session is made.
 * Tensors must come from the build that made the session: use the `Tensor` returned with it.
 */
import type { InferenceSession } from 'onnxruntime-web';
import * as ortGpu from 'onnxruntime-web/webgpu';
import * as ortWasm from 'onnxruntime-web/wasm';

export type OnnxBackend = 'webgpu' | 'wasm';

/** The Tensor constructor of one onnxruntime-web build. */
export type TensorClass = typeof ortWasm.Tensor;

/** A session, where it runs, and the Tensor constructor its inputs must be made with. */
export interface OnnxSession {
  session: InferenceSession;
  backend: OnnxBackend;
  Tensor: TensorClass;
}

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
export async function createOnnxSession(modelUrl: string): Promise<OnnxSession> {
  for (const ort of [ortGpu, ortWasm]) {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
  }
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`${modelUrl.split('/').pop()}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (await hasRealGpu()) {
    try {
      const session = await ortGpu.InferenceSession.create(bytes, {
        executionProviders: ['webgpu'],
      });
      return { session, backend: 'webgpu', Tensor: ortGpu.Tensor as TensorClass };
    } catch {
      // Fall through to wasm.
    }
  }
  const session = await ortWasm.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  return { session, backend: 'wasm', Tensor: ortWasm.Tensor };
}
