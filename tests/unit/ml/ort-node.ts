/** onnxruntime-web in Node for tests: wasm backend, one thread, wasm files from node_modules. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';

let configured = false;

/** Points ORT at node_modules/onnxruntime-web/dist and forces a single thread (no workers). */
export function ortForNode(): typeof ort {
  if (!configured) {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
    // Offscreen documents are not cross-origin isolated, so the extension runs single-threaded
    // too; measuring the same way keeps the numbers comparable.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = pathToFileURL(dist + path.sep).href;
    configured = true;
  }
  return ort;
}

/** Creates a wasm-only session from model bytes. */
export function createSession(model: Uint8Array): Promise<ort.InferenceSession> {
  return ortForNode().InferenceSession.create(model, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
}
