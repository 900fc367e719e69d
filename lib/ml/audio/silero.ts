/**
 * Silero VAD v5 (the ONNX file @ricky0123/vad-web ships, copied into the extension at build)
 * through the project's onnxruntime-web: WebGPU when a real adapter exists, wasm otherwise.
 * vad-web's own loader is not used: it fetches its model and runtime from a CDN by default.
 * The model takes 512-sample frames at 16 kHz with the previous frame's last 64 samples as
 * context and a recurrent state (as silero-vad's utils_vad.py OnnxWrapper does).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { createOnnxSession, type OnnxBackend, type TensorClass } from '../onnx/backend';

export const VAD_FRAME = 512;
const CONTEXT = 64;

/** Per-video recurrent state. */
export interface VadStream {
  state: Tensor;
  context: Float32Array;
}

export class SileroVad {
  /** One run at a time: the session is shared by every video. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sr: Tensor;

  private constructor(
    private readonly session: InferenceSession,
    readonly backend: OnnxBackend,
    private readonly Tensor: TensorClass,
  ) {
    this.sr = new Tensor('int64', BigInt64Array.from([16000n]), []);
  }

  /** Loads the model from `modelUrl` (inside the extension). */
  static async load(modelUrl: string): Promise<SileroVad> {
    const { session, backend, Tensor } = await createOnnxSession(modelUrl);
    return new SileroVad(session, backend, Tensor);
  }

  /** A fresh state for one video (or after a seek). */
  createStream(): VadStream {
    return {
      state: new this.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]),
      context: new Float32Array(CONTEXT),
    };
  }

  /** Speech probability of one 512-sample frame; advances the stream's state. */
  process(stream: VadStream, frame: Float32Array): Promise<number> {
    const run = this.queue.then(async () => {
      const input = new Float32Array(CONTEXT + VAD_FRAME);
      input.set(stream.context, 0);
      input.set(frame.subarray(0, VAD_FRAME), CONTEXT);
      stream.context = frame.slice(VAD_FRAME - CONTEXT, VAD_FRAME);
      const tensor = new this.Tensor('float32', input, [1, input.length]);
      const out = await this.session.run({ input: tensor, state: stream.state, sr: this.sr });
      tensor.dispose();
      const next = out.stateN;
      if (next) {
        stream.state.dispose();
        stream.state = next;
      }
      const p = Number((out.output?.data as Float32Array | undefined)?.[0]);
      out.output?.dispose();
      return Number.isFinite(p) ? p : 0;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
