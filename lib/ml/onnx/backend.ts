/** Choosing onnxruntime-web's execution provider in the offscreen document. */

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
