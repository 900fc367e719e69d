// @ts-check
/**
 * Converts MesoNet Keras weights (github.com/DariusAf/MesoNet weights/, HDF5) to ONNX in plain
 * Node: jsfive reads the HDF5, onnx-proto writes the model. No Python, no TensorFlow.
 *
 * The ONNX model takes `image` float32 [N, 256, 256, 3] (RGB in [0, 1], NHWC) and returns
 * `p_real` float32 [N, 1], the sigmoid, which is P(real): df = 0, real = 1; and `logit` [N, 1], its
 * input. Opset 13.
 *
 * Usage: node scripts/convert-mesonet.mjs <weights.h5> <out.onnx> <meso4|mesoinception4>
 * scripts/setup-models.mjs calls convertMesonet() for the manifest entries that ask for it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMesoGraph } from './lib/mesonet/architecture.mjs';
import { readKerasWeights } from './lib/mesonet/keras-h5.mjs';
import { OPSET, writeOnnx } from './lib/mesonet/onnx-writer.mjs';

/** @typedef {import('./lib/mesonet/architecture.mjs').MesoVariant} MesoVariant */

/** @type {readonly MesoVariant[]} */
export const MESO_VARIANTS = ['meso4', 'mesoinception4'];

/**
 * @typedef {object} ConversionResult
 * @property {string} onnxPath
 * @property {number} bytes
 * @property {string} sha256        of the ONNX file
 * @property {boolean} written      false when an identical file was already there
 * @property {string[]} notes
 */

/**
 * Converts one MesoNet weights file. Writes only when the bytes change (keeps watchers calm).
 * @param {string} h5Path
 * @param {string} onnxPath
 * @param {MesoVariant} variant
 * @param {Record<string, string>} [metadata] extra ONNX metadata_props (e.g. training data)
 * @returns {Promise<ConversionResult>}
 */
export async function convertMesonet(h5Path, onnxPath, variant, metadata = {}) {
  if (!MESO_VARIANTS.includes(variant)) {
    throw new Error(`unknown MesoNet variant "${variant}" (use ${MESO_VARIANTS.join(' or ')})`);
  }
  const h5 = await readFile(h5Path);
  let graph;
  try {
    graph = buildMesoGraph(readKerasWeights(h5), variant);
  } catch (error) {
    throw new Error(`${h5Path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const onnx = writeOnnx(graph, {
    description:
      `MesoNet ${variant} converted from Keras weights ${path.basename(h5Path)}. ` +
      'Input image [N,256,256,3] float32 RGB in [0,1] (NHWC), a face crop. ' +
      'Output p_real [N,1]: sigmoid, P(real) (df = 0, real = 1).',
    variant,
    source_weights: path.basename(h5Path),
    source_sha256: createHash('sha256').update(h5).digest('hex'),
    input: 'image: float32 [N,256,256,3], RGB scaled to [0,1], channels-last',
    output:
      'p_real: float32 [N,1], probability the face is real (1 - P(manipulated)); ' +
      'logit: float32 [N,1], the sigmoid input',
    opset: String(OPSET),
    notes: graph.notes.join('; '),
    ...metadata,
  });
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  let existing = null;
  try {
    existing = await readFile(onnxPath);
  } catch {
    // not there yet
  }
  const written = !existing || !Buffer.from(onnx).equals(existing);
  if (written) {
    await mkdir(path.dirname(onnxPath), { recursive: true });
    await writeFile(`${onnxPath}.part`, onnx);
    await rename(`${onnxPath}.part`, onnxPath);
  }
  return { onnxPath, bytes: onnx.length, sha256, written, notes: graph.notes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [h5Path, onnxPath, variant] = process.argv.slice(2);
  if (!h5Path || !onnxPath || !variant) {
    console.error(
      'usage: node scripts/convert-mesonet.mjs <weights.h5> <out.onnx> <meso4|mesoinception4>',
    );
    process.exit(2);
  }
  try {
    const r = await convertMesonet(h5Path, onnxPath, /** @type {MesoVariant} */ (variant));
    console.log(
      `${r.onnxPath}: ${r.bytes} bytes, sha256 ${r.sha256}${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
