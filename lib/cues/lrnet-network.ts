/**
 * LRNet's classifier, one stream, as a pure function (Float32Array math, no dependency).
 *
 * Architecture (frederickszk/LRNet, demo/utils/model.py at a3cfee48, class
 * `LRNet`, with training/configs/args_model.yaml: feature_size 136, rnn_unit 32, num_layers 1,
 * res_hidden 64), read off the state_dict tensors of the shipped .pth files:
 *
 *   x [T, 136] -> LandmarkDropout (identity at inference)
 *     -> bidirectional GRU (hidden 32; initial states = the learned `hidden_state` [2, 1, 32])
 *     -> concat(final forward state, final backward state) [64]
 *     -> Dropout -> Residual(Linear 64->64, ReLU, Dropout, Linear 64->64) -> Dropout
 *     -> Linear 64->2 -> softmax: [P(real), P(fake)] (labels: original 0, manipulated 1).
 *
 * GRU cell as PyTorch defines it (gate rows in the order r, z, n):
 *   r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * The same network serves g1 (T = 30 landmark frames) and g2 (T = 29 frame differences).
 */

export const LRNET_INPUT = 136;
export const LRNET_HIDDEN = 32;
export const LRNET_DENSE = 64;

/** One direction of the GRU. */
export interface GruDirection {
  /** [3 * hidden, input] row-major, rows r | z | n. */
  wIh: Float32Array;
  /** [3 * hidden, hidden]. */
  wHh: Float32Array;
  /** [3 * hidden]. */
  bIh: Float32Array;
  /** [3 * hidden]. */
  bHh: Float32Array;
  /** Learned initial state [hidden]. */
  h0: Float32Array;
}

/** The weights of one LRNet stream (g1 or g2). */
export interface LrnetStream {
  forward: GruDirection;
  backward: GruDirection;
  /** Residual block: Linear(64, 64) [out, in] + bias, ReLU, Linear(64, 64) + bias. */
  res1W: Float32Array;
  res1B: Float32Array;
  res2W: Float32Array;
  res2B: Float32Array;
  /** Head: Linear(64, 2) [2, 64] + bias. */
  headW: Float32Array;
  headB: Float32Array;
}

/** Both streams, as LRNet combines them. */
export interface LrnetModel {
  /** e.g. "dfo" (DeeperForensics-1.0) or "ffpp" (FaceForensics++). */
  name: string;
  g1: LrnetStream;
  g2: LrnetStream;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Runs one GRU direction over `steps` rows of `x` ([steps, input] row-major), in the given
 * order, and returns the final hidden state.
 */
function runGru(
  d: GruDirection,
  x: Float32Array,
  steps: number,
  input: number,
  reverse: boolean,
): Float64Array {
  const H = d.h0.length;
  const h = Float64Array.from(d.h0);
  const gi = new Float64Array(3 * H);
  const gh = new Float64Array(3 * H);
  for (let s = 0; s < steps; s++) {
    const t = reverse ? steps - 1 - s : s;
    const xo = t * input;
    for (let row = 0; row < 3 * H; row++) {
      let a = d.bIh[row] as number;
      const wo = row * input;
      for (let k = 0; k < input; k++) a += (d.wIh[wo + k] as number) * (x[xo + k] as number);
      gi[row] = a;
      let b = d.bHh[row] as number;
      const ho = row * H;
      for (let k = 0; k < H; k++) b += (d.wHh[ho + k] as number) * (h[k] as number);
      gh[row] = b;
    }
    for (let j = 0; j < H; j++) {
      const r = sigmoid((gi[j] as number) + (gh[j] as number));
      const z = sigmoid((gi[H + j] as number) + (gh[H + j] as number));
      const n = Math.tanh((gi[2 * H + j] as number) + r * (gh[2 * H + j] as number));
      h[j] = (1 - z) * n + z * (h[j] as number);
    }
  }
  return h;
}

/** y = W x + b for W [out, in]. */
function linear(w: Float32Array, b: Float32Array, x: Float64Array): Float64Array {
  const out = b.length;
  const inp = x.length;
  const y = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    let a = b[o] as number;
    for (let k = 0; k < inp; k++) a += (w[o * inp + k] as number) * (x[k] as number);
    y[o] = a;
  }
  return y;
}

/**
 * One stream's [P(real), P(fake)] for one window: `x` holds `steps` rows of 136 values.
 */
export function lrnetForward(
  stream: LrnetStream,
  x: Float32Array,
  steps: number,
): [number, number] {
  if (x.length < steps * LRNET_INPUT)
    throw new Error('lrnetForward: input shorter than steps x 136');
  const hf = runGru(stream.forward, x, steps, LRNET_INPUT, false);
  const hb = runGru(stream.backward, x, steps, LRNET_INPUT, true);
  const feat = new Float64Array(2 * LRNET_HIDDEN);
  feat.set(hf, 0);
  feat.set(hb, LRNET_HIDDEN);
  const hidden = linear(stream.res1W, stream.res1B, feat).map((v) => (v > 0 ? v : 0));
  const res = linear(stream.res2W, stream.res2B, hidden);
  for (let i = 0; i < feat.length; i++) res[i] = (res[i] as number) + (feat[i] as number);
  const logits = linear(stream.headW, stream.headB, res);
  const l0 = logits[0] as number;
  const l1 = logits[1] as number;
  const m = Math.max(l0, l1);
  const e0 = Math.exp(l0 - m);
  const e1 = Math.exp(l1 - m);
  return [e0 / (e0 + e1), e1 / (e0 + e1)];
}
