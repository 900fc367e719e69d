/**
 * FaceLandmarker (MediaPipe tasks-vision) in the offscreen document. The wasm and the model ship
 * inside the extension (wxt.config.ts copies the wasm; scripts/setup-models.mjs the model).
 * The delegate (CPU or GPU) is chosen by a measured warm-up, not assumed: on machines without a
 * real GPU, the GPU delegate runs on SwiftShader and is several times slower (STACK.md).
 */
import { FaceLandmarker, type FaceLandmarkerResult } from '@mediapipe/tasks-vision';
import { toDetections, type FaceDetection } from './detections';

export type Delegate = 'CPU' | 'GPU';

export interface LandmarkerAssets {
  /** URL of vision_wasm_module_internal.js, an ES module (its .wasm beside it). */
  wasmLoaderPath: string;
  wasmBinaryPath: string;
  /**
   * The face_landmarker.task bytes, or its URL inside the extension. With a URL MediaPipe fetches
   * the model into its own file system and nobody keeps the bytes: a buffer is kept twice more
   * inside tasks-vision (its options and the graph's config) and once by the pool, 3.6 MiB each
   * (heap snapshot of the landmark worker, bench/RESULTS.md "memory-infra").
   */
  model: Uint8Array | string;
}

export interface DelegateChoice {
  delegate: Delegate;
  /** Median warm-up detect time per delegate, ms (absent when that delegate failed to load). */
  warmupMs: Partial<Record<Delegate, number>>;
  /** Why the GPU delegate was not used, when it was not. */
  note?: string;
}

/** The wasm loader's factory, imported once per thread. */
let moduleFactory: Promise<unknown> | null = null;

/**
 * Sets `self.ModuleFactory` from MediaPipe's ES-module wasm loader before each landmarker is
 * made. tasks-vision 1.1.0 loads its loader itself with importScripts or a <script> tag, and
 * in a module worker with import(), which runs the module once only, while tasks-vision clears
 * `self.ModuleFactory` after every instance: the second instance would fail ("ModuleFactory not
 * set"). Installing the factory here and passing no loader path works in a document and in a
 * module worker alike.
 */
export async function installModuleFactory(loaderUrl: string): Promise<void> {
  moduleFactory ??= import(/* @vite-ignore */ loaderUrl).then(
    (module: { default?: unknown }) => module.default,
  );
  const factory = await moduleFactory;
  if (typeof factory !== 'function') throw new Error(`${loaderUrl}: no wasm module factory`);
  (globalThis as { ModuleFactory?: unknown }).ModuleFactory = factory;
}

/** MediaPipe's model option for `model` (bytes or URL; see LandmarkerAssets.model). */
export function modelAsset(
  model: LandmarkerAssets['model'],
): { modelAssetPath: string } | { modelAssetBuffer: Uint8Array } {
  return typeof model === 'string' ? { modelAssetPath: model } : { modelAssetBuffer: model };
}

/** Options shared by every instance. */
function options(assets: LandmarkerAssets, delegate: Delegate) {
  return {
    baseOptions: { ...modelAsset(assets.model), delegate },
    runningMode: 'VIDEO' as const,
    numFaces: 4,
    minFaceDetectionConfidence: 0.5,
    minFacePresenceConfidence: 0.5,
    minTrackingConfidence: 0.5,
    outputFaceBlendshapes: true,
    outputFacialTransformationMatrixes: true,
  };
}

/** A landmarker that keeps its timestamps strictly increasing, as VIDEO mode requires. */
export class FaceLandmarks {
  private lastTs = 0;

  private constructor(
    private readonly landmarker: FaceLandmarker,
    readonly delegate: Delegate,
  ) {}

  static async create(assets: LandmarkerAssets, delegate: Delegate): Promise<FaceLandmarks> {
    await installModuleFactory(assets.wasmLoaderPath);
    // No loader path: the factory is installed (see installModuleFactory).
    const fileset = { wasmLoaderPath: '', wasmBinaryPath: assets.wasmBinaryPath };
    const landmarker = await FaceLandmarker.createFromOptions(fileset, options(assets, delegate));
    return new FaceLandmarks(landmarker, delegate);
  }

  /** Faces in an RGBA frame. `mediaTimeMs` orders frames; it is forced to increase. */
  detect(image: ImageData, mediaTimeMs: number): FaceDetection[] {
    const ts = Math.max(this.lastTs + 1, Math.round(mediaTimeMs));
    this.lastTs = ts;
    const result: FaceLandmarkerResult = this.landmarker.detectForVideo(image, ts);
    return toDetections(result, image.width, image.height);
  }

  close(): void {
    this.landmarker.close();
  }
}

/** A grey test card with a light oval: enough for a timing warm-up. */
function warmupImage(): ImageData {
  const size = 256;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = ((x - 128) / 60) ** 2 + ((y - 128) / 80) ** 2 < 1;
      const v = inside ? 200 : 90;
      data.set([v, v * 0.85, v * 0.75, 255], (y * size + x) * 4);
    }
  }
  return new ImageData(data, size, size);
}

async function timeDetects(instance: FaceLandmarks, runs = 4): Promise<number> {
  const image = warmupImage();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    instance.detect(image, i * 40);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  // The first run includes one-off set-up: the median of the rest is the steady cost.
  return times[Math.floor(times.length / 2)] ?? Infinity;
}

/** Why faces cannot be read at all without WebGL (Firefox headless, WebGL turned off). */
export const NO_WEBGL =
  'face landmarking needs WebGL (MediaPipe takes every frame as a WebGL texture, even on the CPU), and this browser gives the extension none';

function hasContext(kind: 'webgl' | 'webgl2'): boolean {
  return (
    typeof OffscreenCanvas !== 'undefined' && new OffscreenCanvas(1, 1).getContext(kind) !== null
  );
}

/** Renderers that draw WebGL on the CPU (no GPU behind them). */
const SOFTWARE_RENDERER =
  /SwiftShader|llvmpipe|softpipe|Software Rasterizer|Microsoft Basic Render/i;

/**
 * The WebGL renderer's name when it is a software one (SwiftShader on machines without a GPU),
 * else null. Its GPU delegate measured 200-334 ms per detect against 27-71 ms on the CPU
 * (STACK.md, bench/RESULTS.md): timing it at start-up cost over a second of the first verdict.
 */
export function softwareRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE_RENDERER.test(name) ? name : null;
}

/**
 * Loads CPU and (when WebGL2 exists on a real GPU) GPU instances, times a few detections on
 * each, keeps the faster and closes the other.
 */
export async function chooseDelegate(
  assets: LandmarkerAssets,
): Promise<{ instance: FaceLandmarks; choice: DelegateChoice }> {
  const webgl2 = hasContext('webgl2');
  // tasks-vision hands every frame to its graph as a WebGL texture, whatever the delegate.
  if (!webgl2 && !hasContext('webgl')) throw new Error(NO_WEBGL);
  const cpu = await FaceLandmarks.create(assets, 'CPU');
  const warmupMs: Partial<Record<Delegate, number>> = { CPU: await timeDetects(cpu) };
  let gpu: FaceLandmarks | null = null;
  let note: string | undefined;
  const software = webgl2 ? softwareRenderer() : null;
  if (!webgl2) {
    note = 'no WebGL2 context';
  } else if (software) {
    note = `GPU delegate not tried: software WebGL renderer (${software.slice(0, 120)})`;
  } else {
    try {
      gpu = await FaceLandmarks.create(assets, 'GPU');
      warmupMs.GPU = await timeDetects(gpu);
    } catch (error) {
      note = `GPU delegate failed to load: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const gpuMs = warmupMs.GPU;
  const cpuMs = warmupMs.CPU ?? Infinity;
  if (gpu && gpuMs !== undefined && gpuMs < cpuMs) {
    cpu.close();
    return { instance: gpu, choice: { delegate: 'GPU', warmupMs } };
  }
  gpu?.close();
  if (gpu && gpuMs !== undefined)
    note = `GPU ${gpuMs.toFixed(1)} ms vs CPU ${cpuMs.toFixed(1)} ms per detect`;
  return {
    instance: cpu,
    choice: note ? { delegate: 'CPU', warmupMs, note } : { delegate: 'CPU', warmupMs },
  };
}
