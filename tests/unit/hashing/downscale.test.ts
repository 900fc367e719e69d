import { describe, expect, it } from 'vitest';
import {
  decimate,
  jaroszFilter,
  jaroszWindowSize,
  prepareLikeReferenceFileHasher,
  resizeNearest,
} from '@/lib/hashing/downscale';
import { prng } from './fixtures';

/**
 * A literal port of the reference's box1DFloat (pdq/cpp/downscaling/downscaling.cpp):
 * one line at a time, float running sum, float division. The library's lockstep,
 * reciprocal-multiplying version must agree with it bit for bit.
 */
function referenceBox1D(
  invec: Float32Array,
  outvec: Float32Array,
  offset: number,
  length: number,
  stride: number,
  window: number,
): void {
  const f = Math.fround;
  const half = Math.floor((window + 2) / 2);
  let li = offset;
  let ri = offset;
  let oi = offset;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++, ri += stride) {
    sum = f(sum + invec[ri]!);
    size++;
  }
  for (let i = 0; i < window - half + 1; i++, ri += stride, oi += stride) {
    sum = f(sum + invec[ri]!);
    size++;
    outvec[oi] = f(sum / size);
  }
  for (let i = 0; i < length - window; i++, li += stride, ri += stride, oi += stride) {
    sum = f(sum + invec[ri]!);
    sum = f(sum - invec[li]!);
    outvec[oi] = f(sum / size);
  }
  for (let i = 0; i < half - 1; i++, li += stride, oi += stride) {
    sum = f(sum - invec[li]!);
    size--;
    outvec[oi] = f(sum / size);
  }
}

function referenceJarosz(buf1: Float32Array, rows: number, cols: number, passes: number): void {
  const buf2 = new Float32Array(buf1.length);
  const winRows = jaroszWindowSize(cols, 64);
  const winCols = jaroszWindowSize(rows, 64);
  for (let p = 0; p < passes; p++) {
    for (let r = 0; r < rows; r++) referenceBox1D(buf1, buf2, r * cols, cols, 1, winRows);
    for (let c = 0; c < cols; c++) referenceBox1D(buf2, buf1, c, rows, cols, winCols);
  }
}

describe('Jarosz filter', () => {
  it('window is ceil(dim / 128) as in computeJaroszFilterWindowSize', () => {
    expect(jaroszWindowSize(64, 64)).toBe(1);
    expect(jaroszWindowSize(128, 64)).toBe(1);
    expect(jaroszWindowSize(129, 64)).toBe(2);
    expect(jaroszWindowSize(1024, 64)).toBe(8);
    expect(jaroszWindowSize(1080, 64)).toBe(9);
  });

  it.each([
    [5, 7],
    [64, 64],
    [200, 131],
    [257, 1031],
    [720, 1280],
  ])('matches the scalar reference bit for bit on %ix%i luma', (rows, cols) => {
    const next = prng(rows * 7919 + cols);
    const luma = new Float32Array(rows * cols);
    for (let i = 0; i < luma.length; i++) {
      // Luma-like values: 0.299R + 0.587G + 0.114B of random bytes.
      luma[i] = Math.fround(
        0.299 * (next() & 255) + 0.587 * (next() & 255) + 0.114 * (next() & 255),
      );
    }
    const expected = luma.slice();
    referenceJarosz(expected, rows, cols, 2);
    const actual = luma.slice();
    jaroszFilter(
      actual,
      new Float32Array(luma.length),
      rows,
      cols,
      jaroszWindowSize(cols, 64),
      jaroszWindowSize(rows, 64),
      2,
    );
    expect(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('decimates at cell centres', () => {
    const src = Float32Array.from({ length: 10 * 10 }, (_, i) => i);
    const dst = new Float32Array(4);
    decimate(src, 10, 10, dst, 2, 2);
    // floor((0.5) * 10 / 2) = 2, floor(1.5 * 10 / 2) = 7
    expect([...dst]).toEqual([22, 27, 72, 77]);
  });
});

describe('reference file-hasher resize', () => {
  it('squashes to 512x512 only when a side exceeds 512, nearest neighbour like CImg', () => {
    const img = { width: 4, height: 2, data: Uint8ClampedArray.from({ length: 32 }, (_, i) => i) };
    const half = resizeNearest(img, 2, 1);
    // Source x = floor(x * 4 / 2) = 0, 2; y = 0.
    expect([...half.data]).toEqual([0, 1, 2, 3, 8, 9, 10, 11]);
    const small = { width: 512, height: 300, data: new Uint8ClampedArray(512 * 300 * 4) };
    expect(prepareLikeReferenceFileHasher(small)).toBe(small);
    const wide = { width: 513, height: 10, data: new Uint8ClampedArray(513 * 10 * 4) };
    expect(prepareLikeReferenceFileHasher(wide)).toMatchObject({ width: 512, height: 512 });
  });
});
