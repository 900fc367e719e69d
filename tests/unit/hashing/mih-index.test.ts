import { describe, expect, it } from 'vitest';
import { hammingWords, PDQ_MATCH_DISTANCE, wordsToHex } from '@/lib/hashing/hash256';
import { PdqIndex, type IndexMatch } from '@/lib/hashing/mih-index';
import { flipBits, prng, randomHashes } from './fixtures';

/** The answer any correct index must give: every live hash within `radius`, sorted. */
function bruteForce(
  words: Uint32Array,
  live: (id: number) => boolean,
  q: Uint32Array,
  radius: number,
): IndexMatch[] {
  const out: IndexMatch[] = [];
  for (let id = 0; id < words.length / 8; id++) {
    if (!live(id)) continue;
    const distance = hammingWords(words, id * 8, q, 0);
    if (distance <= radius) out.push({ id, distance });
  }
  return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
}

function hashAt(words: Uint32Array, id: number): Uint32Array {
  return words.subarray(id * 8, id * 8 + 8);
}

/** Clustered data: a few centres, each with many near copies at 0..40 bits. */
function clustered(count: number, next: () => number): Uint32Array {
  const centres = randomHashes(20, next);
  const words = new Uint32Array(count * 8);
  for (let i = 0; i < count; i++) {
    const centre = hashAt(centres, next() % 20);
    words.set(flipBits(centre, next() % 41, next), i * 8);
  }
  // Real lists also carry degenerate hashes (flat frames): all-zero chunks pile up.
  for (let i = 0; i < count; i += 97) words.fill(0, i * 8, i * 8 + 4);
  return words;
}

/** Queries near stored hashes (so there are hits) and far from them. */
function queries(words: Uint32Array, count: number, next: () => number): Uint32Array[] {
  const n = words.length / 8;
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 0 ? randomHashes(1, next) : flipBits(hashAt(words, next() % n), next() % 48, next),
  );
}

describe('PdqIndex equals brute force', () => {
  it.each([
    ['random', 20_000, 1],
    ['clustered', 20_000, 2],
    ['small (linear path)', 500, 3],
  ])('%s data, %i hashes, radii 0..47', (kind, n, seed) => {
    const next = prng(seed);
    const words = kind === 'clustered' ? clustered(n, next) : randomHashes(n, next);
    const index = new PdqIndex();
    const ids = index.addMany(Array.from({ length: n }, (_, i) => hashAt(words, i)));
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => i));
    let hits = 0;
    for (const q of queries(words, 150, next)) {
      for (const radius of [0, 7, 15, 16, 31, 32, 47]) {
        const got = index.query(q, radius);
        expect(got).toEqual(bruteForce(words, () => true, q, radius));
        hits += got.length;
      }
    }
    expect(hits).toBeGreaterThan(100);
  });

  it('stays exact through interleaved adds and removes, with and without rebuilds', () => {
    const next = prng(4);
    const words = clustered(12_000, next);
    const live = new Set<number>();
    const index = new PdqIndex();
    index.addMany(Array.from({ length: 6000 }, (_, i) => hashAt(words, i)));
    for (let i = 0; i < 6000; i++) live.add(i);
    // Mix single adds (pending list, auto rebuild) with removes of old and new ids.
    for (let i = 6000; i < 12_000; i++) {
      expect(index.add(hashAt(words, i))).toBe(i);
      live.add(i);
      if (i % 3 === 0) {
        const victim = next() % i;
        expect(index.remove(victim)).toBe(live.delete(victim));
      }
      if (i % 1000 === 0) {
        for (const q of queries(words.subarray(0, (i + 1) * 8), 20, next)) {
          expect(index.query(q)).toEqual(bruteForce(words, (id) => live.has(id), q, 31));
        }
      }
    }
    expect(index.size).toBe(live.size);
    expect([...index.ids()]).toEqual([...live].sort((a, b) => a - b));
    index.rebuild();
    for (const q of queries(words, 50, next)) {
      expect(index.query(q)).toEqual(bruteForce(words, (id) => live.has(id), q, 31));
    }
  });

  it('finds exact duplicates under every id, and get/has/remove behave', () => {
    const h = 'f'.repeat(32) + '0'.repeat(32);
    const index = PdqIndex.from([h, h, '0'.repeat(64)]);
    expect(index.query(h, 0)).toEqual([
      { id: 0, distance: 0 },
      { id: 1, distance: 0 },
    ]);
    expect(index.get(1)).toBe(h);
    expect(index.remove(1)).toBe(true);
    expect(index.remove(1)).toBe(false);
    expect(index.remove(99)).toBe(false);
    expect(index.remove(-1)).toBe(false);
    expect(index.has(1)).toBe(false);
    expect(index.get(1)).toBeUndefined();
    expect(index.query(h, 0)).toEqual([{ id: 0, distance: 0 }]);
    expect(index.add(h)).toBe(3);
  });

  it('rejects malformed queries', () => {
    const index = PdqIndex.from(['0'.repeat(64)]);
    expect(() => index.query('xyz')).toThrow(RangeError);
    expect(() => index.query(new Uint32Array(7))).toThrow(RangeError);
    expect(() => index.query('0'.repeat(64), -1)).toThrow(RangeError);
    expect(() => index.query('0'.repeat(64), 1.5)).toThrow(RangeError);
    expect(() => index.add('0'.repeat(63))).toThrow(RangeError);
    expect(index.size).toBe(1);
  });
});

describe('PdqIndex serialisation', () => {
  function sample(): { index: PdqIndex; words: Uint32Array } {
    const next = prng(5);
    const words = randomHashes(5000, next);
    const index = new PdqIndex();
    index.addMany(Array.from({ length: 5000 }, (_, i) => hashAt(words, i)));
    for (let id = 0; id < 5000; id += 7) index.remove(id);
    index.add(hashAt(words, 3)); // id 5000, pending at save time
    return { index, words };
  }

  it('round-trips ids, hashes and query answers, compactly', () => {
    const { index, words } = sample();
    const buffer = index.serialize();
    // 20-byte header + 1 bit per id ever issued + 32 bytes per live hash.
    expect(buffer.byteLength).toBe(20 + 4 * Math.ceil(5001 / 32) + 32 * index.size);
    const restored = PdqIndex.deserialize(buffer);
    expect(restored.size).toBe(index.size);
    expect([...restored.ids()]).toEqual([...index.ids()]);
    expect(restored.get(5000)).toBe(wordsToHex(words, 3 * 8));
    const next = prng(6);
    for (const q of queries(words, 40, next)) {
      expect(restored.query(q, PDQ_MATCH_DISTANCE)).toEqual(index.query(q, PDQ_MATCH_DISTANCE));
    }
    expect(restored.add('0'.repeat(64))).toBe(5001);
  });

  it('an empty index round-trips', () => {
    const restored = PdqIndex.deserialize(new PdqIndex().serialize());
    expect(restored.size).toBe(0);
    expect(restored.query('0'.repeat(64))).toEqual([]);
  });

  it('rejects truncated, padded, corrupted or foreign buffers', () => {
    const buffer = sample().index.serialize();
    const bytes = new Uint8Array(buffer);
    const variants: [string, ArrayBuffer][] = [
      ['empty', new ArrayBuffer(0)],
      ['truncated', buffer.slice(0, buffer.byteLength - 1)],
      ['padded', new Uint8Array([...bytes, 0, 0, 0, 0]).buffer],
    ];
    const flip = (at: number): ArrayBuffer => {
      const copy = bytes.slice();
      copy[at] = copy[at]! ^ 0x01;
      return copy.buffer;
    };
    variants.push(['bad magic', flip(0)], ['bad version', flip(4)], ['bad count', flip(8)]);
    variants.push(['bad live count', flip(12)], ['flipped hash bit', flip(buffer.byteLength - 5)]);
    variants.push(['flipped bitmap bit', flip(20)]);
    for (const [name, bad] of variants) {
      expect(() => PdqIndex.deserialize(bad), name).toThrow(/PDQ index/);
    }
  });
});
