// @ts-check
/**
 * MesoNet layer graphs (Meso4, MesoInception4) as a small framework-neutral list of ops, built from
 * the layers actually saved in a Keras weights file. Hyperparameters the file does not store come
 * from classifiers.py in github.com/DariusAf/MesoNet: 'same' padding, stride 1, ReLU after every
 * conv, BatchNormalization with Keras' default epsilon 1e-3, MaxPooling2D pool sizes 2, 2, 2, 4,
 * the inception dilations 1, 1, 2, 3, LeakyReLU(0.1) between the dense layers, sigmoid output.
 * Dropout is the identity at inference and is dropped.
 */

/** @typedef {import('./keras-h5.mjs').Tensor} Tensor */
/** @typedef {import('./keras-h5.mjs').KerasLayer} KerasLayer */
/** @typedef {import('./keras-h5.mjs').KerasWeights} KerasWeights */

/**
 * One op on named values. Spatial values are channels-last [H, W, C] like Keras; the ONNX writer
 * picks its own layout.
 * @typedef {(
 *   | { op: 'conv', name: string, input: string, output: string, kernel: Tensor, bias: Tensor,
 *       dilation: number }
 *   | { op: 'concat', name: string, inputs: string[], output: string }
 *   | { op: 'batchnorm', name: string, input: string, output: string, gamma: Tensor, beta: Tensor,
 *       mean: Tensor, variance: Tensor, epsilon: number }
 *   | { op: 'maxpool', name: string, input: string, output: string, size: number }
 *   | { op: 'flatten', name: string, input: string, output: string }
 *   | { op: 'dense', name: string, input: string, output: string, kernel: Tensor, bias: Tensor }
 *   | { op: 'leakyrelu', name: string, input: string, output: string, alpha: number }
 *   | { op: 'sigmoid', name: string, input: string, output: string }
 * )} Op
 */

/**
 * @typedef {object} MesoGraph
 * @property {'meso4' | 'mesoinception4'} variant
 * @property {number} size        input height and width (256)
 * @property {string} input       name of the input value ([size, size, 3], RGB in [0, 1])
 * @property {string[]} outputs   graph outputs: `p_real` (the sigmoid, P(real)) and `logit` (its
 *                                input, for calibration in logit space)
 * @property {Op[]} ops           in execution order
 * @property {string[]} notes     facts about this file worth recording in the model metadata
 */

export const IMAGE_SIZE = 256;
export const BN_EPSILON = 1e-3; // Keras BatchNormalization default
export const LEAKY_ALPHA = 0.1; // classifiers.py: LeakyReLU(alpha=0.1)
const POOL_SIZES = [2, 2, 2, 4];
/** InceptionLayer(a, b, c, d) filter counts of the two inception blocks. */
const INCEPTION_FILTERS = [
  [1, 4, 4, 2],
  [2, 4, 4, 2],
];

/** @typedef {'meso4' | 'mesoinception4'} MesoVariant */

/**
 * @param {KerasLayer} layer
 * @param {string} weight
 */
function weight(layer, weight) {
  const tensor = layer.weights.get(weight);
  if (!tensor) throw new Error(`${layer.name}: no ${weight} weight`);
  return tensor;
}

/**
 * @param {Tensor} tensor
 * @param {number[]} shape
 * @param {string} what
 */
function expectShape(tensor, shape, what) {
  if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${what}: shape [${tensor.shape}], expected [${shape}]`);
  }
}

/** The layer kinds a variant must list, in order; `leaky_re_lu?` may be absent. */
/** @param {MesoVariant} variant */
function expectedKinds(variant) {
  const block = ['conv2d', 'batch_normalization', 'max_pooling2d'];
  const inception = [...Array(7).fill('conv2d'), 'concatenate', 'batch_normalization'];
  const body =
    variant === 'meso4'
      ? [...block, ...block, ...block, ...block]
      : [...inception, 'max_pooling2d', ...inception, 'max_pooling2d', ...block, ...block];
  return ['input', ...body, 'flatten', 'dropout', 'dense', 'leaky_re_lu?', 'dropout', 'dense'];
}

/**
 * @param {KerasLayer[]} layers
 * @param {MesoVariant} variant
 * @returns {boolean} whether the file lists a LeakyReLU layer
 */
function checkLayerSequence(layers, variant) {
  const kinds = layers.map((l) => l.kind);
  const hasLeaky = kinds.includes('leaky_re_lu');
  const expected = expectedKinds(variant)
    .filter((k) => hasLeaky || k !== 'leaky_re_lu?')
    .map((k) => k.replace('?', ''));
  if (kinds.length !== expected.length || kinds.some((k, i) => k !== expected[i])) {
    throw new Error(
      `not a ${variant} weight file: layers are ${kinds.join(', ')}; expected ${expected.join(', ')}`,
    );
  }
  return hasLeaky;
}

/**
 * Builds the op list for one MesoNet weight file, checking every weight shape on the way.
 * @param {KerasWeights} keras
 * @param {MesoVariant} variant
 * @returns {MesoGraph}
 */
export function buildMesoGraph(keras, variant) {
  const { layers } = keras;
  const hasLeaky = checkLayerSequence(layers, variant);
  /** @param {string} kind */
  const ofKind = (kind) => layers.filter((l) => l.kind === kind).sort((a, b) => a.index - b.index); // creation order
  const convs = ofKind('conv2d');
  const bns = ofKind('batch_normalization');
  const denses = ofKind('dense');

  /** @type {Op[]} */
  const ops = [];
  const notes = [`keras ${keras.kerasVersion} (${keras.backend}) weights`];
  let h = IMAGE_SIZE;
  let c = 3;
  let current = 'image';

  /**
   * @param {KerasLayer} layer
   * @param {string} input
   * @param {number} cin
   * @param {number} k
   * @param {number} cout
   * @param {number} dilation
   */
  const conv = (layer, input, cin, k, cout, dilation) => {
    const kernel = weight(layer, 'kernel');
    expectShape(kernel, [k, k, cin, cout], `${layer.name}/kernel`);
    expectShape(weight(layer, 'bias'), [cout], `${layer.name}/bias`);
    ops.push({
      op: 'conv',
      name: layer.name,
      input,
      output: layer.name,
      kernel,
      bias: weight(layer, 'bias'),
      dilation,
    });
    return layer.name;
  };
  /** @param {KerasLayer} layer */
  const batchnorm = (layer) => {
    const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(
      (w) => {
        const t = weight(layer, w);
        expectShape(t, [c], `${layer.name}/${w}`);
        return t;
      },
    );
    ops.push({
      op: 'batchnorm',
      name: layer.name,
      input: current,
      output: layer.name,
      gamma: /** @type {Tensor} */ (gamma),
      beta: /** @type {Tensor} */ (beta),
      mean: /** @type {Tensor} */ (mean),
      variance: /** @type {Tensor} */ (variance),
      epsilon: BN_EPSILON,
    });
    current = layer.name;
  };
  /** @param {number} size */
  const maxpool = (size) => {
    // 'same' pooling equals 'valid' pooling when the size divides the input, as it does here.
    if (h % size !== 0) throw new Error(`max-pool ${size} does not divide ${h}`);
    const name = `max_pool_${ops.filter((o) => o.op === 'maxpool').length + 1}`;
    ops.push({ op: 'maxpool', name, input: current, output: name, size });
    current = name;
    h /= size;
  };
  /**
   * @param {KerasLayer} layer
   * @param {number} cin
   * @param {number} cout
   * @param {string} [output]
   */
  const denseLayer = (layer, cin, cout, output = layer.name) => {
    expectShape(weight(layer, 'kernel'), [cin, cout], `${layer.name}/kernel`);
    expectShape(weight(layer, 'bias'), [cout], `${layer.name}/bias`);
    ops.push({
      op: 'dense',
      name: layer.name,
      input: current,
      output,
      kernel: weight(layer, 'kernel'),
      bias: weight(layer, 'bias'),
    });
    current = output;
  };

  let convIndex = 0;
  const nextConv = () => {
    const layer = convs[convIndex++];
    if (!layer) throw new Error('ran out of conv2d layers');
    return layer;
  };

  if (variant === 'meso4') {
    const filters = [8, 8, 16, 16];
    const kernels = [3, 5, 5, 5];
    for (let i = 0; i < 4; i++) {
      const cout = /** @type {number} */ (filters[i]);
      current = conv(nextConv(), current, c, /** @type {number} */ (kernels[i]), cout, 1);
      c = cout;
      batchnorm(/** @type {KerasLayer} */ (bns[i]));
      maxpool(/** @type {number} */ (POOL_SIZES[i]));
    }
  } else {
    for (let block = 0; block < 2; block++) {
      const [a, b, cc, d] = /** @type {[number, number, number, number]} */ (
        INCEPTION_FILTERS[block]
      );
      // InceptionLayer creates its convs in this order (so Keras numbers them so):
      // a 1x1; b 1x1, b 3x3; c 1x1, c 3x3 dilation 2; d 1x1, d 3x3 dilation 3.
      const input = current;
      const x1 = conv(nextConv(), input, c, 1, a, 1);
      /** 1x1 reduction then 3x3 (dilated) conv; the layers are taken in that order. */
      /** @param {number} filters @param {number} dilation */
      const branch = (filters, dilation) => {
        const reduced = conv(nextConv(), input, c, 1, filters, 1);
        return conv(nextConv(), reduced, filters, 3, filters, dilation);
      };
      const x2 = branch(b, 1);
      const x3 = branch(cc, 2);
      const x4 = branch(d, 3);
      const name = `concat_${block + 1}`;
      ops.push({ op: 'concat', name, inputs: [x1, x2, x3, x4], output: name });
      current = name;
      c = a + b + cc + d;
      batchnorm(/** @type {KerasLayer} */ (bns[block]));
      maxpool(/** @type {number} */ (POOL_SIZES[block]));
    }
    for (let i = 2; i < 4; i++) {
      current = conv(nextConv(), current, c, 5, 16, 1);
      c = 16;
      batchnorm(/** @type {KerasLayer} */ (bns[i]));
      maxpool(/** @type {number} */ (POOL_SIZES[i]));
    }
  }

  ops.push({ op: 'flatten', name: 'flatten', input: current, output: 'flatten' });
  current = 'flatten';
  denseLayer(/** @type {KerasLayer} */ (denses[0]), h * h * c, 16);
  // classifiers.py puts LeakyReLU(0.1) here for both models and the authors' scripts load these
  // weights into it. The Meso4 files list no leaky_re_lu layer (they were saved from an earlier
  // graph), but LeakyReLU has no weights, so Keras loads them into today's graph all the same.
  if (!hasLeaky)
    notes.push('weight file lists no LeakyReLU layer; LeakyReLU(0.1) applied as in classifiers.py');
  ops.push({
    op: 'leakyrelu',
    name: 'leaky_relu',
    input: current,
    output: 'leaky_relu',
    alpha: LEAKY_ALPHA,
  });
  current = 'leaky_relu';
  denseLayer(/** @type {KerasLayer} */ (denses[1]), 16, 1, 'logit');
  ops.push({ op: 'sigmoid', name: 'sigmoid', input: current, output: 'p_real' });

  return { variant, size: IMAGE_SIZE, input: 'image', outputs: ['p_real', 'logit'], ops, notes };
}
