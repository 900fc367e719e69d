/**
 * Independent MesoNet forward pass in plain loops, used only to check the converted ONNX models.
 * It shares no code with scripts/convert-mesonet.mjs: it reads the Keras weights with jsfive itself
 * and hard-codes the layer sequence of classifiers.py (DariusAf/MesoNet): conv 'same' + ReLU,
 * BatchNorm (Keras default eps 1e-3), max-pool, flatten in Keras' channels-last order, dense,
 * optional LeakyReLU(0.1), dense, sigmoid. Dropout is the identity at inference.
 * Activations are kept channels-last (HWC, Keras' layout) with float64 accumulation.
 */
import { Dataset, File } from 'jsfive';

export interface RefTensor {
  shape: number[];
  data: Float32Array;
}

/** Weights keyed `layer/weight`, e.g. `conv2d_5/kernel`; plus the saved layer names in order. */
export interface RefWeights {
  layerNames: string[];
  tensors: Map<string, RefTensor>;
}

/** An activation map, channels-last. */
interface Hwc {
  h: number;
  w: number;
  c: number;
  data: Float64Array;
}

const BN_EPSILON = 1e-3;
const LEAKY_ALPHA = 0.1;

function clean(s: unknown): string {
  return String(s).replace(/\0+$/, '');
}

export function loadRefWeights(bytes: Uint8Array): RefWeights {
  const copy = new Uint8Array(bytes).buffer;
  const file = new File(copy, 'weights.h5');
  const layerNames = (file.attrs['layer_names'] as unknown[]).map(clean);
  const tensors = new Map<string, RefTensor>();
  for (const layer of layerNames) {
    if (!file.keys.includes(layer)) continue;
    const names = (file.get(layer).attrs['weight_names'] as unknown[] | undefined) ?? [];
    for (const full of names.map(clean)) {
      const ds = file.get(`${layer}/${full}`);
      if (!(ds instanceof Dataset)) throw new Error(`${layer}/${full}: not a dataset`);
      const short = full.split('/').pop()!.split(':')[0]!;
      tensors.set(`${layer}/${short}`, { shape: [...ds.shape], data: Float32Array.from(ds.value) });
    }
  }
  return { layerNames, tensors };
}

function get(w: RefWeights, key: string): RefTensor {
  const t = w.tensors.get(key);
  if (!t) throw new Error(`missing weight ${key}`);
  return t;
}

/** Keras Conv2D(padding='same', strides=1, dilation d, activation='relu'); kernel HWIO. */
function conv2dSameRelu(x: Hwc, kernel: RefTensor, bias: RefTensor, dilation: number): Hwc {
  const [kh, kw, cin, cout] = kernel.shape as [number, number, number, number];
  if (cin !== x.c) throw new Error(`conv expects ${cin} channels, got ${x.c}`);
  // 'same' with an odd kernel and stride 1 pads d*(k-1)/2 on each side.
  const padY = (dilation * (kh - 1)) / 2;
  const padX = (dilation * (kw - 1)) / 2;
  const out = new Float64Array(x.h * x.w * cout);
  const acc = new Float64Array(cout);
  const k = kernel.data;
  for (let y = 0; y < x.h; y++) {
    for (let xx = 0; xx < x.w; xx++) {
      for (let o = 0; o < cout; o++) acc[o] = bias.data[o]!;
      for (let ky = 0; ky < kh; ky++) {
        const sy = y + ky * dilation - padY;
        if (sy < 0 || sy >= x.h) continue;
        for (let kx = 0; kx < kw; kx++) {
          const sx = xx + kx * dilation - padX;
          if (sx < 0 || sx >= x.w) continue;
          const inBase = (sy * x.w + sx) * cin;
          const kBase = (ky * kw + kx) * cin * cout;
          for (let i = 0; i < cin; i++) {
            const v = x.data[inBase + i]!;
            if (v === 0) continue;
            const kRow = kBase + i * cout;
            for (let o = 0; o < cout; o++) acc[o]! += v * k[kRow + o]!;
          }
        }
      }
      const outBase = (y * x.w + xx) * cout;
      for (let o = 0; o < cout; o++) out[outBase + o] = Math.max(0, acc[o]!);
    }
  }
  return { h: x.h, w: x.w, c: cout, data: out };
}

function batchNorm(x: Hwc, w: RefWeights, layer: string): Hwc {
  const gamma = get(w, `${layer}/gamma`).data;
  const beta = get(w, `${layer}/beta`).data;
  const mean = get(w, `${layer}/moving_mean`).data;
  const variance = get(w, `${layer}/moving_variance`).data;
  if (gamma.length !== x.c) throw new Error(`${layer}: ${gamma.length} channels, input ${x.c}`);
  const out = new Float64Array(x.data.length);
  for (let p = 0; p < x.h * x.w; p++) {
    for (let c = 0; c < x.c; c++) {
      const v = x.data[p * x.c + c]!;
      out[p * x.c + c] =
        ((v - mean[c]!) / Math.sqrt(variance[c]! + BN_EPSILON)) * gamma[c]! + beta[c]!;
    }
  }
  return { ...x, data: out };
}

/** MaxPooling2D(pool_size=(s, s), padding='same'); sizes here always divide evenly. */
function maxPool(x: Hwc, s: number): Hwc {
  const h = Math.ceil(x.h / s);
  const w = Math.ceil(x.w / s);
  const out = new Float64Array(h * w * x.c).fill(-Infinity);
  for (let y = 0; y < x.h; y++) {
    for (let xx = 0; xx < x.w; xx++) {
      const o = (Math.floor(y / s) * w + Math.floor(xx / s)) * x.c;
      const i = (y * x.w + xx) * x.c;
      for (let c = 0; c < x.c; c++) out[o + c] = Math.max(out[o + c]!, x.data[i + c]!);
    }
  }
  return { h, w, c: x.c, data: out };
}

function concatChannels(parts: Hwc[]): Hwc {
  const first = parts[0]!;
  const c = parts.reduce((n, p) => n + p.c, 0);
  const out = new Float64Array(first.h * first.w * c);
  for (let p = 0; p < first.h * first.w; p++) {
    let offset = 0;
    for (const part of parts) {
      for (let k = 0; k < part.c; k++) out[p * c + offset + k] = part.data[p * part.c + k]!;
      offset += part.c;
    }
  }
  return { h: first.h, w: first.w, c, data: out };
}

/** Dense on a flat vector; kernel [in, out]. */
function dense(v: Float64Array, kernel: RefTensor, bias: RefTensor): Float64Array {
  const [nIn, nOut] = kernel.shape as [number, number];
  if (nIn !== v.length) throw new Error(`dense expects ${nIn} inputs, got ${v.length}`);
  const out = new Float64Array(nOut);
  for (let o = 0; o < nOut; o++) {
    let s = bias.data[o]!;
    for (let i = 0; i < nIn; i++) s += v[i]! * kernel.data[i * nOut + o]!;
    out[o] = s;
  }
  return out;
}

/** Names of a kind in the saved layer list, in Keras creation order (numeric suffix). */
function layersOfKind(w: RefWeights, kind: string): string[] {
  const suffix = (n: string) => Number(n.slice(kind.length + 1));
  return w.layerNames
    .filter((n) => new RegExp(`^${kind}_\\d+$`).test(n))
    .sort((a, b) => suffix(a) - suffix(b));
}

export interface RefOptions {
  /** Apply LeakyReLU(0.1) between the two dense layers (classifiers.py has it). */
  leakyRelu: boolean;
}

function head(x: Hwc, w: RefWeights, options: RefOptions): { logit: number; pReal: number } {
  const [d1, d2] = layersOfKind(w, 'dense') as [string, string];
  // Keras Flatten on channels-last data: (h, w, c) row-major, which is our storage order.
  let hidden = dense(x.data, get(w, `${d1}/kernel`), get(w, `${d1}/bias`));
  if (options.leakyRelu) hidden = hidden.map((v) => (v < 0 ? LEAKY_ALPHA * v : v));
  const logit = dense(hidden, get(w, `${d2}/kernel`), get(w, `${d2}/bias`))[0]!;
  return { logit, pReal: 1 / (1 + Math.exp(-logit)) };
}

function toHwc(image: Float32Array, size: number): Hwc {
  if (image.length !== size * size * 3) throw new Error(`expected ${size}x${size}x3 RGB`);
  return { h: size, w: size, c: 3, data: Float64Array.from(image) };
}

/**
 * Meso4 on one 256x256 RGB image in [0, 1], HWC order. Returns the sigmoid output, P(real).
 */
export function meso4Reference(
  w: RefWeights,
  image: Float32Array,
  options: RefOptions,
): { logit: number; pReal: number } {
  const convs = layersOfKind(w, 'conv2d');
  const bns = layersOfKind(w, 'batch_normalization');
  if (convs.length !== 4 || bns.length !== 4) throw new Error('not a Meso4 weight file');
  const pools = [2, 2, 2, 4];
  let x = toHwc(image, 256);
  for (let i = 0; i < 4; i++) {
    const c = convs[i]!;
    x = conv2dSameRelu(x, get(w, `${c}/kernel`), get(w, `${c}/bias`), 1);
    x = batchNorm(x, w, bns[i]!);
    x = maxPool(x, pools[i]!);
  }
  return head(x, w, options);
}

/**
 * MesoInception4 on one 256x256 RGB image in [0, 1], HWC order. Each InceptionLayer(a, b, c, d)
 * creates, in this order: a 1x1; b 1x1, b 3x3; c 1x1, c 3x3 dilation 2; d 1x1, d 3x3 dilation 3;
 * then concatenates [a, b, c, d] on channels.
 */
export function mesoInception4Reference(
  w: RefWeights,
  image: Float32Array,
  options: RefOptions,
): { logit: number; pReal: number } {
  const convs = layersOfKind(w, 'conv2d');
  const bns = layersOfKind(w, 'batch_normalization');
  if (convs.length !== 16 || bns.length !== 4) throw new Error('not a MesoInception4 weight file');
  const conv = (x: Hwc, name: string, dilation: number) =>
    conv2dSameRelu(x, get(w, `${name}/kernel`), get(w, `${name}/bias`), dilation);
  let x = toHwc(image, 256);
  for (let block = 0; block < 2; block++) {
    const [a, b1, b3, c1, c3, d1, d3] = convs.slice(block * 7, block * 7 + 7) as string[];
    const branches = [
      conv(x, a!, 1),
      conv(conv(x, b1!, 1), b3!, 1),
      conv(conv(x, c1!, 1), c3!, 2),
      conv(conv(x, d1!, 1), d3!, 3),
    ];
    x = maxPool(batchNorm(concatChannels(branches), w, bns[block]!), 2);
  }
  x = maxPool(batchNorm(conv(x, convs[14]!, 1), w, bns[2]!), 2);
  x = maxPool(batchNorm(conv(x, convs[15]!, 1), w, bns[3]!), 4);
  return head(x, w, options);
}
