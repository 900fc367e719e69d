// @ts-check
/**
 * node scripts/bench/ort-builds.mjs — the blend model (models/telltale-blend.onnx) on onnxruntime-web's wasm
 * execution provider (one thread, in Node) through its two builds: the plain wasm build
 * (`onnxruntime-web/wasm`, what the extension uses without a real GPU) and the WebGPU build
 * (`onnxruntime-web/webgpu`, whose wasm is an Asyncify build). Median of 20 runs after 5 warm-up
 * runs on a constant 128 px input.
 * Why lib/ml/onnx/backend.ts picks the build by the GPU, not one build for both.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/browser.mjs';

const file = path.join(ROOT, 'models', 'telltale-blend.onnx');
const dims = [1, 3, 128, 128];
const bytes = new Uint8Array(readFileSync(file));
/** @type {Record<string, number>} */
const medians = {};
for (const build of ['wasm', 'webgpu']) {
  const ort = await import(`onnxruntime-web/${build}`);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const input = new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.5);
  const times = [];
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now();
    await session.run({ image: new ort.Tensor('float32', input, dims) });
    if (i >= 5) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  medians[build] = Number((times[times.length >> 1] ?? NaN).toFixed(1));
  await session.release();
}
console.log(JSON.stringify({ model: path.basename(file), oneThreadMedianMs: medians }));
