// @ts-check
/**
 * Writes a MesoGraph (architecture.mjs) as an ONNX model (opset 13, IR 7) with onnx-proto.
 *
 * Model interface:
 *   input  `image`  float32 [N, 256, 256, 3]: RGB in [0, 1], channels-last (NHWC, like Keras and
 *                   like RGBA ImageData with alpha dropped), so callers need no transpose.
 *   output `p_real` float32 [N, 1]: the sigmoid, P(real). Keras took classes from alphabetical
 *                   folders (df = 0, real = 1), so low means "looks manipulated".
 *   output `logit`  float32 [N, 1]: the sigmoid's input, for calibration in logit space.
 * Inside, the image is transposed once to NCHW for Conv/MaxPool, and transposed back to NHWC
 * before Flatten so the dense kernel keeps Keras' row order.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { AttributeType } = onnx.AttributeProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

export const OPSET = 13;
export const IR_VERSION = 7;

/** @typedef {import('./architecture.mjs').MesoGraph} MesoGraph */
/** @typedef {import('./keras-h5.mjs').Tensor} Tensor */
/** @typedef {import('onnx-proto').onnx.INodeProto} INodeProto */
/** @typedef {import('onnx-proto').onnx.ITensorProto} ITensorProto */
/** @typedef {import('onnx-proto').onnx.IAttributeProto} IAttributeProto */

/**
 * @param {string} name
 * @param {number[]} dims
 * @param {Float32Array} values
 * @returns {ITensorProto}
 */
function floatTensor(name, dims, values) {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true)); // ONNX raw_data is little-endian
  return { name, dims, dataType: FLOAT, rawData: raw };
}

/** @param {string} name @param {number[]} ints @returns {IAttributeProto} */
const ints = (name, ints) => ({ name, type: AttributeType.INTS, ints });
/** @param {string} name @param {number} i @returns {IAttributeProto} */
const int = (name, i) => ({ name, type: AttributeType.INT, i });
/** @param {string} name @param {number} f @returns {IAttributeProto} */
const float = (name, f) => ({ name, type: AttributeType.FLOAT, f });

/**
 * Keras conv kernel HWIO -> ONNX OIHW.
 * @param {Tensor} kernel
 */
function hwioToOihw(kernel) {
  const [h, w, i, o] = /** @type {[number, number, number, number]} */ (kernel.shape);
  const out = new Float32Array(kernel.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ci = 0; ci < i; ci++)
        for (let co = 0; co < o; co++)
          out[((co * i + ci) * h + y) * w + x] = /** @type {number} */ (
            kernel.data[((y * w + x) * i + ci) * o + co]
          );
  return { dims: [o, i, h, w], data: out };
}

/** @param {string} name @param {Array<string | number>} dims */
function valueInfo(name, dims) {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

/**
 * @param {MesoGraph} graph
 * @param {Record<string, string>} metadata  stored as ONNX metadata_props
 * @returns {Uint8Array} the serialised ModelProto
 */
export function writeOnnx(graph, metadata) {
  /** @type {INodeProto[]} */
  const nodes = [];
  /** @type {ITensorProto[]} */
  const initializers = [];
  /** @type {Map<string, string>} IR value name -> ONNX tensor name */
  const names = new Map();
  /** @param {string} value */
  const onnxName = (value) => {
    const n = names.get(value);
    if (!n) throw new Error(`value ${value} used before it is produced`);
    return n;
  };

  const nchw = `${graph.input}_nchw`;
  nodes.push({
    name: 'to_nchw',
    opType: 'Transpose',
    input: [graph.input],
    output: [nchw],
    attribute: [ints('perm', [0, 3, 1, 2])],
  });
  names.set(graph.input, nchw);

  for (const op of graph.ops) {
    switch (op.op) {
      case 'conv': {
        const { dims, data } = hwioToOihw(op.kernel);
        const k = /** @type {number} */ (dims[2]);
        // Keras 'same', stride 1, odd kernel: dilation * (k - 1) / 2 zeros on every side.
        const pad = (op.dilation * (k - 1)) / 2;
        initializers.push(floatTensor(`${op.name}/W`, dims, data));
        initializers.push(floatTensor(`${op.name}/B`, [op.bias.data.length], op.bias.data));
        nodes.push({
          name: op.name,
          opType: 'Conv',
          input: [onnxName(op.input), `${op.name}/W`, `${op.name}/B`],
          output: [`${op.name}/conv`],
          attribute: [
            ints('kernel_shape', [k, k]),
            ints('pads', [pad, pad, pad, pad]),
            ints('dilations', [op.dilation, op.dilation]),
            ints('strides', [1, 1]),
            int('group', 1),
          ],
        });
        nodes.push({
          name: `${op.name}/relu`,
          opType: 'Relu',
          input: [`${op.name}/conv`],
          output: [op.output],
        });
        break;
      }
      case 'concat':
        nodes.push({
          name: op.name,
          opType: 'Concat',
          input: op.inputs.map(onnxName),
          output: [op.output],
          attribute: [int('axis', 1)],
        });
        break;
      case 'batchnorm': {
        const params = /** @type {const} */ ([
          ['scale', op.gamma],
          ['bias', op.beta],
          ['mean', op.mean],
          ['var', op.variance],
        ]);
        for (const [suffix, t] of params) {
          initializers.push(floatTensor(`${op.name}/${suffix}`, [t.data.length], t.data));
        }
        nodes.push({
          name: op.name,
          opType: 'BatchNormalization',
          input: [onnxName(op.input), ...params.map(([suffix]) => `${op.name}/${suffix}`)],
          output: [op.output],
          attribute: [float('epsilon', op.epsilon)],
        });
        break;
      }
      case 'maxpool':
        nodes.push({
          name: op.name,
          opType: 'MaxPool',
          input: [onnxName(op.input)],
          output: [op.output],
          attribute: [
            ints('kernel_shape', [op.size, op.size]),
            ints('strides', [op.size, op.size]),
          ],
        });
        break;
      case 'flatten':
        // Keras flattens channels-last data: go back to NHWC first.
        nodes.push({
          name: `${op.name}/to_nhwc`,
          opType: 'Transpose',
          input: [onnxName(op.input)],
          output: [`${op.name}/nhwc`],
          attribute: [ints('perm', [0, 2, 3, 1])],
        });
        nodes.push({
          name: op.name,
          opType: 'Flatten',
          input: [`${op.name}/nhwc`],
          output: [op.output],
          attribute: [int('axis', 1)],
        });
        break;
      case 'dense':
        initializers.push(floatTensor(`${op.name}/W`, op.kernel.shape, op.kernel.data));
        initializers.push(floatTensor(`${op.name}/B`, op.bias.shape, op.bias.data));
        nodes.push({
          name: op.name,
          opType: 'Gemm',
          input: [onnxName(op.input), `${op.name}/W`, `${op.name}/B`],
          output: [op.output],
        });
        break;
      case 'leakyrelu':
        nodes.push({
          name: op.name,
          opType: 'LeakyRelu',
          input: [onnxName(op.input)],
          output: [op.output],
          attribute: [float('alpha', op.alpha)],
        });
        break;
      case 'sigmoid':
        nodes.push({
          name: op.name,
          opType: 'Sigmoid',
          input: [onnxName(op.input)],
          output: [op.output],
        });
        break;
    }
    names.set(op.output, op.output);
  }
  for (const output of graph.outputs) {
    if (!names.has(output)) throw new Error(`graph never produces ${output}`);
  }

  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'telltale scripts/convert-mesonet.mjs',
    producerVersion: '1',
    docString: metadata.description ?? '',
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: graph.variant,
      node: nodes,
      initializer: initializers,
      input: [valueInfo(graph.input, ['N', graph.size, graph.size, 3])],
      output: graph.outputs.map((output) => valueInfo(output, ['N', 1])),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
