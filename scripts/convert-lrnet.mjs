// @ts-check
/**
 * Converts one LRNet stream (github.com/frederickszk/LRNet, a PyTorch state_dict .pth: g1 on
 * landmark sequences, g2 on their frame differences) into what the extension loads:
 * `<out>.json` (format, tensor names, shapes, offsets, provenance) and `<out>.bin` (the float32
 * tensors, little-endian, concatenated). Plain Node (scripts/lib/torch-pth.mjs reads the .pth).
 * lib/ml/lrnet.ts parses the pair; lib/cues/lrnet-network.ts runs it.
 *
 * Usage: node scripts/convert-lrnet.mjs <weights.pth> <out-base> (writes out-base.json/.bin)
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStateDict } from './lib/torch-pth.mjs';

/** The tensors LRNet's state_dict must hold, with their shapes (rnn_unit 32, 136 inputs). */
export const LRNET_TENSORS = /** @type {const} */ ([
  ['hidden_state', [2, 1, 32]],
  ['gru.weight_ih_l0', [96, 136]],
  ['gru.weight_hh_l0', [96, 32]],
  ['gru.bias_ih_l0', [96]],
  ['gru.bias_hh_l0', [96]],
  ['gru.weight_ih_l0_reverse', [96, 136]],
  ['gru.weight_hh_l0_reverse', [96, 32]],
  ['gru.bias_ih_l0_reverse', [96]],
  ['gru.bias_hh_l0_reverse', [96]],
  ['dense.1.fn.net.0.weight', [64, 64]],
  ['dense.1.fn.net.0.bias', [64]],
  ['dense.1.fn.net.3.weight', [64, 64]],
  ['dense.1.fn.net.3.bias', [64]],
  ['dense.3.weight', [2, 64]],
  ['dense.3.bias', [2]],
]);

export const LRNET_FORMAT = 'telltale-lrnet-stream/1';

/**
 * @param {string} pthPath
 * @param {string} outBase  path without extension
 * @param {Record<string, string>} [metadata]
 * @returns {Promise<{ bytes: number, written: boolean }>}
 */
export async function convertLrnet(pthPath, outBase, metadata = {}) {
  const pth = await readFile(pthPath);
  let tensors;
  try {
    tensors = readStateDict(new Uint8Array(pth.buffer, pth.byteOffset, pth.byteLength));
  } catch (error) {
    throw new Error(`${pthPath}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  /** @type {{ name: string, shape: number[], offset: number }[]} */
  const index = [];
  const parts = [];
  let offset = 0;
  for (const [name, shape] of LRNET_TENSORS) {
    const t = tensors.get(name);
    if (!t) throw new Error(`${pthPath}: tensor ${name} missing (not an LRNet state_dict)`);
    if (t.shape.join('x') !== shape.join('x')) {
      throw new Error(`${pthPath}: ${name} is ${t.shape.join('x')}, expected ${shape.join('x')}`);
    }
    index.push({ name, shape: [...shape], offset });
    parts.push(t.data);
    offset += t.data.length;
  }
  const flat = new Float32Array(offset);
  let at = 0;
  for (const part of parts) {
    flat.set(part, at);
    at += part.length;
  }
  // Float32Array is little-endian on every platform Node runs on; make it explicit anyway.
  const bin = Buffer.alloc(flat.length * 4);
  flat.forEach((v, i) => bin.writeFloatLE(v, i * 4));
  const header = Buffer.from(
    `${JSON.stringify(
      {
        format: LRNET_FORMAT,
        source_weights: path.basename(pthPath),
        source_sha256: createHash('sha256').update(pth).digest('hex'),
        ...metadata,
        floats: flat.length,
        tensors: index,
      },
      null,
      1,
    )}\n`,
  );
  let written = false;
  for (const [file, bytes] of /** @type {const} */ ([
    [`${outBase}.bin`, bin],
    [`${outBase}.json`, header],
  ])) {
    let existing = null;
    try {
      existing = await readFile(file);
    } catch {
      // not there yet
    }
    if (existing && existing.equals(bytes)) continue;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(`${file}.part`, bytes);
    await rename(`${file}.part`, file);
    written = true;
  }
  return { bytes: bin.length + header.length, written };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [pthPath, outBase] = process.argv.slice(2);
  if (!pthPath || !outBase) {
    console.error('usage: node scripts/convert-lrnet.mjs <weights.pth> <out-base>');
    process.exit(2);
  }
  try {
    const r = await convertLrnet(pthPath, outBase);
    console.log(`${outBase}.json/.bin: ${r.bytes} bytes`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
