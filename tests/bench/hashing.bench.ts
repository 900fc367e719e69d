/**
 * PDQ hashing throughput and PDQ index lookup latency.
 * Run: npx vitest bench --run --project unit tests/bench/hashing.bench.ts
 *
 * Everything expensive (frames, the 1M-hash index) is built once at module load, outside
 * the timed functions. ops/s of the hash benchmarks is hashes per second; the table in
 * bench/RESULTS.md gives each lookup's median (p50) and p99. Each lookup iteration runs one query at distance 31, cycling
 * through a fixed mix of near-duplicate queries (hits) and random ones (misses).
 */
import { bench, describe } from 'vitest';
import { PdqHasher, type RgbaImage } from '@/lib/hashing/pdq';
import { PDQ_MATCH_DISTANCE } from '@/lib/hashing/hash256';
import { PdqIndex } from '@/lib/hashing/mih-index';
import { flipBits, prng, randomHashes } from '../unit/hashing/fixtures';

/** A frame with photo-like structure (smooth gradients plus noise). */
function frame(size: number, height = size): RgbaImage {
  const next = prng(size);
  const data = new Uint8ClampedArray(size * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < size; x++) {
      const p = (y * size + x) * 4;
      const v = 128 + 90 * Math.sin(x / 13) * Math.cos(y / 29) + (next() % 31) - 15;
      data[p] = v;
      data[p + 1] = (v + x) & 255;
      data[p + 2] = (y * 255) / size;
      data[p + 3] = 255;
    }
  }
  return { width: size, height, data };
}

const hasher = new PdqHasher();
const frame512 = frame(512);
const frame256 = frame(256);
// What the content script samples from a 16:9 video (longest side 384 px): the live matcher's
// per-frame cost, about twice a second per playing video.
const frame384 = frame(384, 216);

describe('PDQ hash of one frame', () => {
  bench('512x512', () => {
    hasher.hash(frame512);
  });
  bench('256x256', () => {
    hasher.hash(frame256);
  });
  bench('384x216 (a sampled 16:9 frame)', () => {
    hasher.hash(frame384);
  });
});

function buildIndex(size: number): { index: PdqIndex; queries: Uint32Array[] } {
  const next = prng(size);
  const words = randomHashes(size, next);
  const index = new PdqIndex();
  index.addMany(Array.from({ length: size }, (_, i) => words.subarray(i * 8, i * 8 + 8)));
  const queries = Array.from({ length: 1024 }, (_, i) =>
    i % 2 === 0
      ? randomHashes(1, next)
      : flipBits(words.subarray((i % size) * 8, (i % size) * 8 + 8), next() % 32, next),
  );
  return { index, queries };
}

describe(`PDQ index lookup at distance ${PDQ_MATCH_DISTANCE}`, () => {
  for (const size of [10_000, 100_000, 1_000_000]) {
    const { index, queries } = buildIndex(size);
    let i = 0;
    bench(`${size.toLocaleString('en')} random hashes`, () => {
      index.query(queries[i++ & 1023]!, PDQ_MATCH_DISTANCE);
    });
  }
});
