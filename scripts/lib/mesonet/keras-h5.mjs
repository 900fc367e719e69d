// @ts-check
/**
 * Reads the weights of a Keras 2.x `save_weights` HDF5 file (root attribute `layer_names`, one
 * group per layer with a `weight_names` attribute) using jsfive, so no Python is needed.
 */
import { Dataset, File } from 'jsfive';

/**
 * @typedef {object} Tensor
 * @property {number[]} shape   as stored by Keras (conv kernels HWIO, dense kernels [in, out])
 * @property {Float32Array} data row-major
 */

/**
 * @typedef {object} KerasLayer
 * @property {string} name    e.g. `conv2d_5`
 * @property {string} kind    the name without its numeric suffix, e.g. `conv2d`
 * @property {number} index   the numeric suffix (Keras numbers layers of a kind by creation order)
 * @property {Map<string, Tensor>} weights keyed by short name: kernel, bias, gamma, beta, ...
 */

/**
 * @typedef {object} KerasWeights
 * @property {string} kerasVersion
 * @property {string} backend
 * @property {KerasLayer[]} layers every layer of the saved model, in the model's layer order
 */

/** HDF5 fixed-length strings come back NUL-padded. @param {unknown} value */
function str(value) {
  return String(value).replace(/\0+$/, '');
}

/** @param {unknown} value @returns {string[]} */
function strList(value) {
  if (!Array.isArray(value)) throw new Error(`expected a string list, got ${typeof value}`);
  return value.map(str);
}

/**
 * @param {Uint8Array} bytes the .h5 file
 * @returns {KerasWeights}
 */
export function readKerasWeights(bytes) {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const file = new File(/** @type {ArrayBuffer} */ (buffer));
  if (!('layer_names' in file.attrs)) {
    throw new Error('not a Keras weights file: no layer_names attribute at the root');
  }
  const layers = strList(file.attrs.layer_names).map((name) => {
    const match = /^(.*)_(\d+)$/.exec(name);
    /** @type {Map<string, Tensor>} */
    const weights = new Map();
    const weightNames = file.keys.includes(name) ? file.get(name).attrs.weight_names : [];
    for (const weightName of strList(weightNames ?? [])) {
      const dataset = file.get(`${name}/${weightName}`);
      if (!(dataset instanceof Dataset)) throw new Error(`${name}/${weightName} is not a dataset`);
      if (dataset.dtype !== '<f4') throw new Error(`${name}/${weightName}: dtype ${dataset.dtype}`);
      const data = Float32Array.from(dataset.value);
      const shape = [...dataset.shape];
      if (data.length !== shape.reduce((a, b) => a * b, 1)) {
        throw new Error(`${name}/${weightName}: ${data.length} values for shape [${shape}]`);
      }
      // `conv2d_5/kernel:0` -> `kernel`
      const short = weightName.replace(/^.*\//, '').replace(/:\d+$/, '');
      weights.set(short, { shape, data });
    }
    return {
      name,
      kind: match?.[1] ?? name,
      index: match ? Number(match[2]) : 0,
      weights,
    };
  });
  return {
    kerasVersion: str(file.attrs.keras_version ?? ''),
    backend: str(file.attrs.backend ?? ''),
    layers,
  };
}
