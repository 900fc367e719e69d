/**
 * Exact radius search over PDQ hashes by multi-index hashing (Norouzi et al., "Fast
 * Search in Hamming Space with Multi-Index Hashing", CVPR 2012; the same idea as
 * ThreatExchange pdq/cpp/index/mih.h).
 *
 * The 256 bits are cut into 16 chunks of 16 bits, each with its own table from chunk
 * value to the ids having it. If two hashes are within distance D, then by pigeonhole
 * some chunk differs in at most floor(D / 16) bits (otherwise the total would be at least
 * 16 * (floor(D / 16) + 1) > D). So probing, in every table, the chunk values within
 * floor(D / 16) bits of the query's (17 probes per table at D = 31) finds every true
 * match; each candidate is then verified with its full distance. Results equal brute force.
 *
 * Tables are flat typed arrays in CSR form, rebuilt in bulk; hashes added since the
 * last build sit in a small pending list that is scanned linearly, and a rebuild is
 * triggered once that list grows. Removal deletes the id from its 16 buckets in place.
 *
 * Ids are assigned by the index (0, 1, 2, ...), are never reused, and survive
 * serialisation, so callers can key their own records by them.
 */

import { hexToWords, PDQ_MATCH_DISTANCE, wordsToHex } from './hash256';

/** One search hit. */
export interface IndexMatch {
  id: number;
  distance: number;
}

// Plain local constants, not imports: under Vite's SSR transform (vitest) every use of an
// imported binding is a module getter call, which tripled the cost of the hot loops.
/** uint32 words per packed hash (hash256's PDQ_WORDS). */
const PDQ_WORDS = 8;
const CHUNKS = 16;
const BUCKETS = 1 << 16;
/** Largest distance searched through the tables; above it a linear scan is as good. */
const MAX_MIH_DISTANCE = 16 * 3 - 1;
/** Below this many indexed hashes a linear scan beats probing 272 buckets. */
const MIN_TABLE_SIZE = 2048;
/** Candidates whose hashes are fetched together before any is verified. */
const VERIFY_BLOCK = 64;

/** Chunk c (0..15) of the packed hash at `off`: 16 bits, most significant chunk first. */
function chunkOf(words: Uint32Array, off: number, c: number): number {
  const w = words[off + (c >>> 1)]!;
  return c & 1 ? w & 0xffff : w >>> 16;
}

/** Local copy of hash256's popcount32, for the same reason as PDQ_WORDS above. */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Distance, or any value > `limit` as soon as the first half already exceeds it. */
function boundedDistance(a: Uint32Array, aOff: number, q: Uint32Array, limit: number): number {
  const half =
    popcount32(a[aOff]! ^ q[0]!) +
    popcount32(a[aOff + 1]! ^ q[1]!) +
    popcount32(a[aOff + 2]! ^ q[2]!) +
    popcount32(a[aOff + 3]! ^ q[3]!);
  if (half > limit) return half;
  return (
    half +
    popcount32(a[aOff + 4]! ^ q[4]!) +
    popcount32(a[aOff + 5]! ^ q[5]!) +
    popcount32(a[aOff + 6]! ^ q[6]!) +
    popcount32(a[aOff + 7]! ^ q[7]!)
  );
}

const MAGIC = 0x51505454; // "TTPQ" little-endian
const FORMAT_VERSION = 1;
const HEADER_BYTES = 20;
const CHECKSUM_AT = 16;

/**
 * FNV-1a over the 32-bit words of the header (bar the checksum slot) and payload: a cheap
 * corruption check for stored indexes, not a defence against deliberate tampering.
 */
function checksum(view: DataView): number {
  let h = 0x811c9dc5;
  for (let p = 0; p < view.byteLength; p += 4) {
    if (p === CHECKSUM_AT) continue;
    h = Math.imul(h ^ view.getUint32(p, true), 0x01000193);
  }
  return h >>> 0;
}

/** Exact Hamming-radius index over 256-bit PDQ hashes. */
export class PdqIndex {
  /** Packed hashes by id (8 words each); removed ids keep stale words. */
  private hashes = new Uint32Array(0);
  /** 1 where the id is live. */
  private alive = new Uint8Array(0);
  private nextId = 0;
  private liveCount = 0;

  /**
   * CSR tables. Table c is `table[c * builtCount ..]`; bucket v of it spans
   * [bounds[2k], bounds[2k + 1]) with k = c * 65536 + v. Start and end sit side by side
   * so a probe costs one cache miss; ends shrink when ids are removed.
   */
  private bounds = new Uint32Array(0);
  private table = new Uint32Array(0);
  /** Ids below this were in the last build (or removed since). */
  private builtUpTo = 0;
  /** Entries per chunk table at the last build. */
  private builtCount = 0;

  /** Live ids added after the last build; scanned linearly. */
  private pending: number[] = [];

  /** Builds an index from hashes in one go; ids follow the input order from 0. */
  static from(hashes: Iterable<string | Uint32Array>): PdqIndex {
    const index = new PdqIndex();
    index.addMany(hashes);
    return index;
  }

  /** Number of live hashes. */
  get size(): number {
    return this.liveCount;
  }

  /** Adds one hash (hex or 8 packed words) and returns its id. */
  add(hash: string | Uint32Array): number {
    const id = this.store(hash);
    this.pending.push(id);
    // Rebuild once the linear part would cost about as much as the table probes.
    if (this.pending.length > Math.max(MIN_TABLE_SIZE, this.builtCount >>> 5)) this.rebuild();
    return id;
  }

  /** Adds many hashes, rebuilding the tables once at the end; returns their ids. */
  addMany(hashes: Iterable<string | Uint32Array>): number[] {
    const ids: number[] = [];
    for (const hash of hashes) ids.push(this.store(hash));
    for (const id of ids) this.pending.push(id);
    if (this.pending.length > MIN_TABLE_SIZE) this.rebuild();
    return ids;
  }

  /** Removes an id; returns false when it was not live. */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.alive[id] = 0;
    this.liveCount--;
    if (id >= this.builtUpTo) {
      const at = this.pending.indexOf(id);
      if (at >= 0) {
        this.pending[at] = this.pending[this.pending.length - 1]!;
        this.pending.pop();
      }
      return true;
    }
    // Swap the id with the last entry of each of its 16 buckets and shrink them.
    const off = id * PDQ_WORDS;
    for (let c = 0; c < CHUNKS; c++) {
      const k = 2 * (c * BUCKETS + chunkOf(this.hashes, off, c));
      const base = c * this.builtCount;
      const end = base + this.bounds[k + 1]!;
      for (let p = base + this.bounds[k]!; p < end; p++) {
        if (this.table[p] === id) {
          this.table[p] = this.table[end - 1]!;
          this.bounds[k + 1] = this.bounds[k + 1]! - 1;
          break;
        }
      }
    }
    return true;
  }

  /** True when `id` is live. */
  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.nextId && this.alive[id] === 1;
  }

  /** The hash stored under a live id, as hex. */
  get(id: number): string | undefined {
    return this.has(id) ? wordsToHex(this.hashes, id * PDQ_WORDS) : undefined;
  }

  /** Live ids in increasing order. */
  *ids(): IterableIterator<number> {
    for (let id = 0; id < this.nextId; id++) if (this.alive[id] === 1) yield id;
  }

  /**
   * All live hashes within `maxDistance` (inclusive, default 31) of `hash`, nearest
   * first (ties by id). Exact: the same set a linear scan returns.
   */
  query(hash: string | Uint32Array, maxDistance = PDQ_MATCH_DISTANCE): IndexMatch[] {
    const q = typeof hash === 'string' ? hexToWords(hash) : checkWords(hash);
    if (!Number.isInteger(maxDistance) || maxDistance < 0) {
      throw new RangeError('maxDistance must be a non-negative integer');
    }
    const out: IndexMatch[] = [];
    if (this.builtCount > 0 && maxDistance <= MAX_MIH_DISTANCE) {
      this.probeTables(q, maxDistance, out);
      this.scan(this.pending, q, maxDistance, out);
    } else {
      for (let id = 0; id < this.nextId; id++) {
        if (this.alive[id] !== 1) continue;
        const d = boundedDistance(this.hashes, id * PDQ_WORDS, q, maxDistance);
        if (d <= maxDistance) out.push({ id, distance: d });
      }
    }
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** Folds pending hashes into the tables and drops removed ids from them. */
  rebuild(): void {
    const ids: number[] = [];
    for (let id = 0; id < this.nextId; id++) if (this.alive[id] === 1) ids.push(id);
    const n = ids.length;
    const bounds = new Uint32Array(CHUNKS * BUCKETS * 2);
    const counts = new Uint32Array(BUCKETS);
    const table = new Uint32Array(CHUNKS * n);
    const hashes = this.hashes;
    for (let c = 0; c < CHUNKS; c++) {
      // Counting sort of ids by chunk value; ids stay ascending within a bucket.
      counts.fill(0);
      for (const id of ids) {
        const v = chunkOf(hashes, id * PDQ_WORDS, c);
        counts[v] = counts[v]! + 1;
      }
      const k0 = 2 * c * BUCKETS;
      let start = 0;
      for (let v = 0; v < BUCKETS; v++) {
        bounds[k0 + 2 * v] = start;
        bounds[k0 + 2 * v + 1] = start;
        start += counts[v]!;
      }
      const base = c * n;
      for (const id of ids) {
        const k = k0 + 2 * chunkOf(hashes, id * PDQ_WORDS, c) + 1;
        const at = bounds[k]!;
        table[base + at] = id;
        bounds[k] = at + 1;
      }
    }
    this.bounds = bounds;
    this.table = table;
    this.builtCount = n;
    this.builtUpTo = this.nextId;
    this.pending = [];
  }

  /**
   * Compact binary form: header, then the live-id bitmap and the live hashes in id order
   * (little-endian throughout). Removed ids cost one bit. Tables are rebuilt on load.
   */
  serialize(): ArrayBuffer {
    const bitmapWords = Math.ceil(this.nextId / 32);
    const bytes = HEADER_BYTES + 4 * bitmapWords + 32 * this.liveCount;
    const buffer = new ArrayBuffer(bytes);
    const view = new DataView(buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, FORMAT_VERSION, true);
    view.setUint32(8, this.nextId, true);
    view.setUint32(12, this.liveCount, true);
    let p = HEADER_BYTES;
    for (let w = 0; w < bitmapWords; w++, p += 4) {
      let bits = 0;
      for (let b = 0; b < 32; b++) {
        const id = w * 32 + b;
        if (id < this.nextId && this.alive[id] === 1) bits |= 1 << b;
      }
      view.setUint32(p, bits >>> 0, true);
    }
    for (let id = 0; id < this.nextId; id++) {
      if (this.alive[id] !== 1) continue;
      for (let k = 0; k < PDQ_WORDS; k++, p += 4) {
        view.setUint32(p, this.hashes[id * PDQ_WORDS + k]!, true);
      }
    }
    view.setUint32(CHECKSUM_AT, checksum(view), true);
    return buffer;
  }

  /** Restores an index written by {@link serialize}; throws on any inconsistency. */
  static deserialize(buffer: ArrayBuffer): PdqIndex {
    if (buffer.byteLength < HEADER_BYTES) throw new Error('PDQ index: buffer too short');
    const view = new DataView(buffer);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('PDQ index: bad magic');
    const version = view.getUint32(4, true);
    if (version !== FORMAT_VERSION) throw new Error(`PDQ index: unsupported version ${version}`);
    const nextId = view.getUint32(8, true);
    const live = view.getUint32(12, true);
    const bitmapWords = Math.ceil(nextId / 32);
    if (live > nextId || buffer.byteLength !== HEADER_BYTES + 4 * bitmapWords + 32 * live) {
      throw new Error('PDQ index: length does not match header');
    }
    if (checksum(view) !== view.getUint32(CHECKSUM_AT, true)) {
      throw new Error('PDQ index: checksum mismatch');
    }
    const index = new PdqIndex();
    index.grow(nextId);
    let p = HEADER_BYTES;
    let seen = 0;
    for (let w = 0; w < bitmapWords; w++, p += 4) {
      const bits = view.getUint32(p, true);
      for (let b = 0; b < 32; b++) {
        if (((bits >>> b) & 1) === 0) continue;
        const id = w * 32 + b;
        if (id >= nextId) throw new Error('PDQ index: bitmap marks an id past the end');
        index.alive[id] = 1;
        seen++;
      }
    }
    if (seen !== live) throw new Error('PDQ index: bitmap does not match live count');
    for (let id = 0; id < nextId; id++) {
      if (index.alive[id] !== 1) continue;
      for (let k = 0; k < PDQ_WORDS; k++, p += 4) {
        index.hashes[id * PDQ_WORDS + k] = view.getUint32(p, true);
      }
    }
    index.nextId = nextId;
    index.liveCount = live;
    index.rebuild();
    return index;
  }

  private store(hash: string | Uint32Array): number {
    const id = this.nextId;
    this.grow(id + 1);
    if (typeof hash === 'string') hexToWords(hash, this.hashes, id * PDQ_WORDS);
    else this.hashes.set(checkWords(hash), id * PDQ_WORDS);
    this.alive[id] = 1;
    this.nextId = id + 1;
    this.liveCount++;
    return id;
  }

  private grow(ids: number): void {
    if (ids <= this.alive.length) return;
    const capacity = Math.max(ids, this.alive.length * 2, 1024);
    const hashes = new Uint32Array(capacity * PDQ_WORDS);
    hashes.set(this.hashes);
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.hashes = hashes;
    this.alive = alive;
  }

  private scan(ids: readonly number[], q: Uint32Array, limit: number, out: IndexMatch[]): void {
    for (const id of ids) {
      const d = boundedDistance(this.hashes, id * PDQ_WORDS, q, limit);
      if (d <= limit) out.push({ id, distance: d });
    }
  }

  /**
   * Probes every table at every chunk value within floor(limit / 16) bits, then verifies
   * the candidates.
   *
   * Memory latency dominates: buckets and candidates are scattered over tens of MB, so
   * each probe and each candidate is a cache (and TLB) miss. Verifying as we go keeps only
   * a couple of misses in flight, because the popcount work between loads fills the
   * out-of-order window. So the work is staged: first touch every bucket, then every
   * bucket's first entries, then for each block of candidates touch all their hashes
   * before verifying any. Tight loops of independent loads let the CPU overlap the misses
   * (about 4x faster at 1M hashes on the 2-core dev machine).
   */
  private probeTables(q: Uint32Array, limit: number, out: IndexMatch[]): void {
    const radius = Math.floor(limit / CHUNKS);
    const { hashes, table, bounds, builtCount } = this;
    const probes = this.probes;
    const keys = this.keys;
    const bases = this.bases;
    let nKeys = 0;
    for (let c = 0; c < CHUNKS; c++) {
      const n = fillProbes(chunkOf(q, 0, c), radius, probes);
      for (let i = 0; i < n; i++, nKeys++) {
        keys[nKeys] = 2 * (c * BUCKETS + probes[i]!);
        bases[nKeys] = c * builtCount;
      }
    }
    let sink = 0;
    for (let i = 0; i < nKeys; i++) sink ^= bounds[keys[i]!]!;
    let total = 0;
    for (let i = 0; i < nKeys; i++) {
      const k = keys[i]!;
      const start = bounds[k]!;
      const size = bounds[k + 1]! - start;
      if (size > 0) sink ^= table[bases[i]! + start]!;
      total += size;
    }
    if (this.candidates.length < total) this.candidates = new Uint32Array(total * 2);
    const candidates = this.candidates;
    let m = 0;
    for (let i = 0; i < nKeys; i++) {
      const k = keys[i]!;
      const end = bases[i]! + bounds[k + 1]!;
      for (let p = bases[i]! + bounds[k]!; p < end; p++) candidates[m++] = table[p]!;
    }
    // A true match can turn up in up to 16 tables; only verified hits need de-duplicating.
    const found = new Set<number>();
    for (let from = 0; from < m; from += VERIFY_BLOCK) {
      const to = Math.min(m, from + VERIFY_BLOCK);
      for (let i = from; i < to; i++) sink ^= hashes[candidates[i]! * PDQ_WORDS]!;
      for (let i = from; i < to; i++) {
        const id = candidates[i]!;
        const d = boundedDistance(hashes, id * PDQ_WORDS, q, limit);
        if (d <= limit && !found.has(id)) {
          found.add(id);
          out.push({ id, distance: d });
        }
      }
    }
    // Keep the touches observable so they are not optimised away.
    this.sink = sink;
  }

  private sink = 0;
  private candidates = new Uint32Array(1024);
  /** Bucket keys and table bases per probe: 16 tables x (1 + 16 + 120) at radius 2. */
  private readonly keys = new Uint32Array(CHUNKS * 137);
  private readonly bases = new Uint32Array(CHUNKS * 137);

  /** Scratch for chunk values to probe: 1 + 16 + 120 at radius 2. */
  private readonly probes = new Uint16Array(137);
}

/** Writes `v` and every 16-bit value within `radius` (<= 2) bits of it; returns the count. */
function fillProbes(v: number, radius: number, out: Uint16Array): number {
  let n = 0;
  out[n++] = v;
  if (radius < 1) return n;
  for (let b1 = 0; b1 < 16; b1++) {
    const v1 = v ^ (1 << b1);
    out[n++] = v1;
    if (radius < 2) continue;
    for (let b2 = b1 + 1; b2 < 16; b2++) out[n++] = v1 ^ (1 << b2);
  }
  return n;
}

function checkWords(words: Uint32Array): Uint32Array {
  if (words.length !== PDQ_WORDS) throw new RangeError(`packed hash must be ${PDQ_WORDS} words`);
  return words;
}
