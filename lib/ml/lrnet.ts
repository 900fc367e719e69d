/**
 * Loads LRNet's weights as scripts/convert-lrnet.mjs wrote them at setup
 * (public/models/lrnet/<set>_<g1|g2>.json + .bin), for the pure `lrnet` cue (lib/cues/lrnet.ts).
 * Works wherever fetch reaches the extension's files (offscreen document: chrome-extension://
 * URLs) and, with a file-reading fetch or `parseLrnetStream`, in Node tests.
 */
import {
  LRNET_DENSE,
  LRNET_HIDDEN,
  LRNET_INPUT,
  type GruDirection,
  type LrnetModel,
  type LrnetStream,
} from '../cues/lrnet-network';

export const LRNET_FORMAT = 'telltale-lrnet-stream/1';

/** The weight sets setup installs: DeeperForensics-1.0 (LRNet's default since 2024) or FF++. */
export type LrnetSet = 'dfo' | 'ffpp';
export const LRNET_DEFAULT_SET: LrnetSet = 'dfo';

interface StreamHeader {
  format: string;
  floats: number;
  tensors: { name: string; shape: number[]; offset: number }[];
}

/** Builds one stream from its header (the .json) and its float32 little-endian data (.bin). */
export function parseLrnetStream(header: unknown, data: ArrayBuffer): LrnetStream {
  const h = header as StreamHeader;
  if (!h || h.format !== LRNET_FORMAT || !Array.isArray(h.tensors)) {
    throw new Error(`LRNet weights: not a ${LRNET_FORMAT} header`);
  }
  if (data.byteLength !== h.floats * 4) {
    throw new Error(`LRNet weights: ${data.byteLength} bytes of data, header says ${h.floats * 4}`);
  }
  const all = new Float32Array(data.slice(0));
  const get = (name: string, shape: number[]): Float32Array => {
    const t = h.tensors.find((x) => x.name === name);
    if (!t) throw new Error(`LRNet weights: tensor ${name} missing`);
    if (t.shape.join('x') !== shape.join('x')) {
      throw new Error(
        `LRNet weights: ${name} is ${t.shape.join('x')}, expected ${shape.join('x')}`,
      );
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (t.offset < 0 || t.offset + n > all.length)
      throw new Error(`LRNet weights: ${name} out of range`);
    return all.subarray(t.offset, t.offset + n);
  };
  const H = LRNET_HIDDEN;
  const h0 = get('hidden_state', [2, 1, H]);
  const direction = (suffix: string, layer: number): GruDirection => ({
    wIh: get(`gru.weight_ih_l0${suffix}`, [3 * H, LRNET_INPUT]),
    wHh: get(`gru.weight_hh_l0${suffix}`, [3 * H, H]),
    bIh: get(`gru.bias_ih_l0${suffix}`, [3 * H]),
    bHh: get(`gru.bias_hh_l0${suffix}`, [3 * H]),
    h0: h0.subarray(layer * H, (layer + 1) * H),
  });
  const D = LRNET_DENSE;
  return {
    forward: direction('', 0),
    backward: direction('_reverse', 1),
    res1W: get('dense.1.fn.net.0.weight', [D, 2 * H]),
    res1B: get('dense.1.fn.net.0.bias', [D]),
    res2W: get('dense.1.fn.net.3.weight', [2 * H, D]),
    res2B: get('dense.1.fn.net.3.bias', [2 * H]),
    headW: get('dense.3.weight', [2, 2 * H]),
    headB: get('dense.3.bias', [2]),
  };
}

/**
 * Fetches both streams of one weight set from `baseUrl` (the folder, e.g.
 * `browser.runtime.getURL('/models/lrnet/')`). Rejects with a readable reason when the files are
 * absent (setup could not install them) or malformed; the caller hands that reason to the cue.
 */
export async function loadLrnet(
  baseUrl: string,
  set: LrnetSet = LRNET_DEFAULT_SET,
  fetchImpl: typeof fetch = fetch,
): Promise<LrnetModel> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const stream = async (g: 'g1' | 'g2'): Promise<LrnetStream> => {
    const get = async (ext: string) => {
      const url = `${base}${set}_${g}.${ext}`;
      let response: Response;
      try {
        response = await fetchImpl(url);
      } catch (error) {
        throw new Error(
          `LRNet weights ${set}_${g}.${ext} not installed (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      if (!response.ok) {
        throw new Error(`LRNet weights ${set}_${g}.${ext} not installed (HTTP ${response.status})`);
      }
      return response;
    };
    const [header, data] = await Promise.all([
      get('json').then((r) => r.json() as Promise<unknown>),
      get('bin').then((r) => r.arrayBuffer()),
    ]);
    return parseLrnetStream(header, data);
  };
  const [g1, g2] = await Promise.all([stream('g1'), stream('g2')]);
  return { name: set, g1, g2 };
}
