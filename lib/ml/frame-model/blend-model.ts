/**
 * Telltale's own frame model (training/, model card in docs/models.md): a MobileNetV2 trained on
 * self-blended real faces, so it looks for blending traces (boundaries, colour and sharpness
 * mismatches inside a face) rather than one generator. onnxruntime-web, WebGPU when a real
 * adapter exists, else wasm (lib/ml/onnx/backend.ts).
 *
 * ONNX signature: input "image" float32 [1, 3, 128, 128] (input.ts); outputs "p_fake" [1, 1]
 * (sigmoid of the logit) and "cam" [1, 1, 4, 4] (per-cell logits: where the blend is seen).
 * A file that is missing, does not parse, has another signature or gives a non-finite score on
 * a test input is refused at load time with an error that says which: never a score.
 */
import type { InferenceSession } from 'onnxruntime-web';
import { createOnnxSession, type OnnxBackend, type TensorClass } from '../onnx/backend';
import { BLEND_SIDE } from './input';

export const BLEND_MODEL_PATH = '/models/telltale-blend.onnx';

export interface BlendScore {
  /** P(fake) of the crop, 0..1. */
  pFake: number;
  /** Coarse map of per-cell logits, row-major `size` x `size` (higher = more blend-like). */
  cam: { size: number; values: Float32Array } | null;
}

export class BlendModel {
  private constructor(
    private readonly session: InferenceSession,
    readonly backend: OnnxBackend,
    private readonly Tensor: TensorClass,
  ) {}

  /** Loads and checks the model at `modelUrl` (inside the extension). */
  static async load(modelUrl: string): Promise<BlendModel> {
    let created;
    try {
      created = await createOnnxSession(modelUrl);
    } catch (error) {
      throw new Error(
        `blend model could not be loaded (${modelUrl.split('/').pop()}): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    const { session, backend, Tensor } = created;
    if (!session.inputNames.includes('image') || !session.outputNames.includes('p_fake')) {
      throw new Error(
        `blend model has an unexpected signature (inputs ${session.inputNames.join(',')}; outputs ${session.outputNames.join(',')})`,
      );
    }
    const model = new BlendModel(session, backend, Tensor);
    const probe = await model.score(new Float32Array(3 * BLEND_SIDE * BLEND_SIDE).fill(0.5));
    if (!Number.isFinite(probe.pFake) || probe.pFake < 0 || probe.pFake > 1) {
      throw new Error(`blend model gives no valid score on a test input (${probe.pFake})`);
    }
    return model;
  }

  /** Scores one input made by blendInput (input.ts). */
  async score(input: Float32Array): Promise<BlendScore> {
    const tensor = new this.Tensor('float32', input, [1, 3, BLEND_SIDE, BLEND_SIDE]);
    const outputs = await this.session.run({ image: tensor });
    tensor.dispose();
    const p = outputs.p_fake;
    const pFake = p ? Number((p.data as Float32Array)[0]) : Number.NaN;
    const c = outputs.cam;
    const size = c ? Number(c.dims.at(-1)) : 0;
    const cam = c && size > 0 ? { size, values: Float32Array.from(c.data as Float32Array) } : null;
    for (const o of Object.values(outputs)) o.dispose();
    return { pFake, cam };
  }
}
