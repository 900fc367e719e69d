/**
 * MesoNet (Meso4 trained on 2018 Deepfakes faces) through onnxruntime-web: the WebGPU execution
 * provider when a real adapter exists, wasm otherwise (single thread: offscreen documents are
 * not cross-origin isolated). A weak, domain-bound cue: fusion weights it accordingly.
 */
import type { InferenceSession } from 'onnxruntime-web';
import { createOnnxSession, type OnnxBackend, type TensorClass } from './backend';
import { MESONET_SIDE } from './mesonet-input';

export type { OnnxBackend } from './backend';

export class MesoNet {
  private constructor(
    private readonly session: InferenceSession,
    readonly backend: OnnxBackend,
    private readonly Tensor: TensorClass,
  ) {}

  /** Loads the model from `modelUrl` (inside the extension). */
  static async load(modelUrl: string): Promise<MesoNet> {
    const { session, backend, Tensor } = await createOnnxSession(modelUrl);
    return new MesoNet(session, backend, Tensor);
  }

  /** P(real) for one 256x256 NHWC crop (see mesonet-input.ts). */
  async pReal(input: Float32Array): Promise<number> {
    const tensor = new this.Tensor('float32', input, [1, MESONET_SIDE, MESONET_SIDE, 3]);
    const outputs = await this.session.run({ image: tensor });
    const out = outputs.p_real;
    const value = out ? Number((out.data as Float32Array)[0]) : Number.NaN;
    tensor.dispose();
    for (const o of Object.values(outputs)) o.dispose();
    return value;
  }
}
