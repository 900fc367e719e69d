// @ts-check
/**
 * Reads a PyTorch state_dict (`torch.save(model.state_dict(), f)`, the zip format of torch >= 1.6)
 * in plain Node: no Python, no dependency.
 *
 * A .pth is a zip archive `<name>/data.pkl` + `<name>/data/<key>` (one raw little-endian storage per
 * key) + `<name>/version`. data.pkl is a protocol-2 pickle of an OrderedDict whose values are
 * `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)`, the
 * storage being a persistent id `('storage', torch.FloatStorage, key, location, numel)`.
 * Only the pickle opcodes such a file uses are implemented; anything else is an error, never a
 * silent misread. Only float32 storages are decoded (all LRNet needs).
 */
import { readZip } from './zip.mjs';

/**
 * @typedef {object} Tensor
 * @property {number[]} shape
 * @property {Float32Array} data   contiguous (row-major) copy
 */

/** Marker objects on the pickle stack. */
const MARK = Symbol('mark');

/**
 * @typedef {{ kind: 'global', module: string, name: string }} PickleGlobal
 * @typedef {{ kind: 'storage', type: string, key: string, numel: number }} StorageRef
 * @typedef {{ kind: 'tensor', storage: StorageRef, offset: number, size: number[], stride: number[] }} TensorRef
 * @typedef {{ kind: 'dict', entries: Map<unknown, unknown> }} PickleDict
 */

/**
 * Unpickles the subset of protocol 2 that torch state_dicts use.
 * @param {Uint8Array} bytes
 * @returns {unknown}
 */
export function unpickle(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  /** @type {unknown[]} */
  const stack = [];
  /** @type {Map<number, unknown>} */
  const memo = new Map();
  let p = 0;
  const popMark = () => {
    const items = [];
    for (;;) {
      if (stack.length === 0) throw new Error('pickle: MARK not found');
      const v = stack.pop();
      if (v === MARK) break;
      items.push(v);
    }
    return items.reverse();
  };
  const top = () => stack[stack.length - 1];
  /** @param {unknown} target @param {unknown[]} kv */
  const setItems = (target, kv) => {
    const dict = /** @type {PickleDict} */ (target);
    if (!dict || dict.kind !== 'dict') throw new Error('pickle: SETITEM(S) on a non-dict');
    for (let i = 0; i + 1 < kv.length; i += 2) dict.entries.set(kv[i], kv[i + 1]);
  };
  /** @param {PickleGlobal} fn @param {unknown[]} args */
  const reduce = (fn, args) => {
    const name = `${fn.module}.${fn.name}`;
    if (name === 'collections.OrderedDict') return { kind: 'dict', entries: new Map() };
    if (name === 'torch._utils._rebuild_tensor_v2') {
      const [storage, offset, size, stride] = args;
      return {
        kind: 'tensor',
        storage: /** @type {StorageRef} */ (storage),
        offset: /** @type {number} */ (offset),
        size: /** @type {number[]} */ (size),
        stride: /** @type {number[]} */ (stride),
      };
    }
    throw new Error(`pickle: unsupported callable ${name}`);
  };
  for (;;) {
    const op = bytes[p++];
    switch (op) {
      case 0x80: // PROTO
        p += 1;
        break;
      case 0x2e: // STOP
        return stack.pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const end1 = bytes.indexOf(10, p);
        const end2 = bytes.indexOf(10, end1 + 1);
        const module = decoder.decode(bytes.subarray(p, end1));
        const name = decoder.decode(bytes.subarray(end1 + 1, end2));
        p = end2 + 1;
        stack.push({ kind: 'global', module, name });
        break;
      }
      case 0x71: // BINPUT
        memo.set(bytes[p++] ?? 0, top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(view.getUint32(p, true), top());
        p += 4;
        break;
      case 0x68: // BINGET
        stack.push(memo.get(bytes[p++] ?? 0));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memo.get(view.getUint32(p, true)));
        p += 4;
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([stack.pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = stack.pop();
        stack.push([stack.pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = stack.pop();
        const b = stack.pop();
        stack.push([stack.pop(), b, c]);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: {
        // APPEND
        const v = stack.pop();
        /** @type {unknown[]} */ (top()).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        /** @type {unknown[]} */ (top()).push(...items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push({ kind: 'dict', entries: new Map() });
        break;
      case 0x73: {
        // SETITEM
        const v = stack.pop();
        const k = stack.pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x58: {
        // BINUNICODE
        const n = view.getUint32(p, true);
        p += 4;
        stack.push(decoder.decode(bytes.subarray(p, p + n)));
        p += n;
        break;
      }
      case 0x4b: // BININT1
        stack.push(bytes[p++]);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(p, true));
        p += 2;
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(p, true));
        p += 4;
        break;
      case 0x8a: {
        // LONG1 (small little-endian two's complement)
        const n = bytes[p++] ?? 0;
        let v = 0;
        for (let i = n - 1; i >= 0; i--) v = v * 256 + (bytes[p + i] ?? 0);
        if (n > 0 && ((bytes[p + n - 1] ?? 0) & 0x80) !== 0) v -= 2 ** (8 * n);
        p += n;
        stack.push(v);
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        stack.push(view.getFloat64(p, false));
        p += 8;
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x51: {
        // BINPERSID: ('storage', <storage type global>, key, location, numel)
        const pid = /** @type {unknown[]} */ (stack.pop());
        const type = /** @type {PickleGlobal} */ (pid[1]);
        if (pid[0] !== 'storage' || !type || type.kind !== 'global') {
          throw new Error('pickle: unsupported persistent id');
        }
        stack.push({
          kind: 'storage',
          type: type.name,
          key: String(pid[2]),
          numel: Number(pid[4]),
        });
        break;
      }
      case 0x52: {
        // REDUCE
        const args = /** @type {unknown[]} */ (stack.pop());
        const fn = /** @type {PickleGlobal} */ (stack.pop());
        if (!fn || fn.kind !== 'global') throw new Error('pickle: REDUCE on a non-callable');
        stack.push(reduce(fn, args));
        break;
      }
      case 0x62: {
        // BUILD: state for the object below (OrderedDict _metadata): ignored
        stack.pop();
        break;
      }
      default:
        throw new Error(`pickle: unsupported opcode 0x${(op ?? 0).toString(16)} at byte ${p - 1}`);
    }
  }
}

/**
 * Reads a state_dict .pth into float32 tensors by name (in file order).
 * @param {Uint8Array} bytes
 * @returns {Map<string, Tensor>}
 */
export function readStateDict(bytes) {
  const files = readZip(bytes);
  const pklName = [...files.keys()].find((n) => n.endsWith('/data.pkl') || n === 'data.pkl');
  if (!pklName) throw new Error('not a torch zip checkpoint (no data.pkl)');
  const prefix = pklName.slice(0, -'data.pkl'.length);
  const root = /** @type {PickleDict} */ (unpickle(/** @type {Uint8Array} */ (files.get(pklName))));
  if (!root || root.kind !== 'dict') throw new Error('data.pkl is not a state_dict');
  /** @type {Map<string, Tensor>} */
  const out = new Map();
  for (const [name, value] of root.entries) {
    const t = /** @type {TensorRef} */ (value);
    if (!t || t.kind !== 'tensor') throw new Error(`${String(name)}: not a tensor`);
    if (t.storage.type !== 'FloatStorage') {
      throw new Error(`${String(name)}: ${t.storage.type} is not supported (float32 only)`);
    }
    const raw = files.get(`${prefix}data/${t.storage.key}`);
    if (!raw) throw new Error(`${String(name)}: storage ${t.storage.key} missing`);
    if (raw.length !== t.storage.numel * 4) {
      throw new Error(`${String(name)}: storage ${t.storage.key} has the wrong size`);
    }
    const storage = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const numel = t.size.reduce((a, b) => a * b, 1);
    const data = new Float32Array(numel);
    // Strided copy into row-major order.
    const index = new Array(t.size.length).fill(0);
    for (let i = 0; i < numel; i++) {
      let src = t.offset;
      for (let d = 0; d < index.length; d++) src += index[d] * (t.stride[d] ?? 0);
      if (src < 0 || src >= t.storage.numel) throw new Error(`${String(name)}: out of bounds`);
      data[i] = storage.getFloat32(src * 4, true);
      for (let d = index.length - 1; d >= 0; d--) {
        index[d]++;
        if (index[d] < (t.size[d] ?? 0)) break;
        index[d] = 0;
      }
    }
    out.set(String(name), { shape: [...t.size], data });
  }
  return out;
}
