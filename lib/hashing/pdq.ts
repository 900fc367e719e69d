/**
 * PDQ perceptual hash (Meta ThreatExchange, pdq/cpp/hashing/pdqhashing.cpp), bit-exact
 * with the C++ reference for the same RGB pixels:
 * luma -> Jarosz tent filter -> 64x64 decimation -> quality metric -> 16x16 corner of the
 * 2-D DCT -> bit per coefficient above the (Torben) median -> 256 bits.
 *
 * Pure and allocation-light: runs in Node and in the offscreen document alike.
 */

import { wordsToHex } from './hash256';
import {
  assertRgba,
  decimate,
  fillLumaFromRgba,
  jaroszFilter,
  jaroszWindowSize,
  type RgbaImage,
} from './downscale';

export type { RgbaImage } from './downscale';

/** A PDQ hash with its quality (0..100; upstream ignores hashes below 50). */
export interface PdqResult {
  /** 64 lowercase hex digits, reference order. */
  hash: string;
  quality: number;
}

/** The eight dihedral transforms, named as in the reference's `--pdqdih` output. */
export const DIHEDRAL_NAMES = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;
export type DihedralName = (typeof DIHEDRAL_NAMES)[number];

/** Hashes of the image as if it were rotated/flipped each way, plus its quality. */
export interface PdqDihedralResult {
  quality: number;
  hashes: Record<DihedralName, string>;
}

const fround = Math.fround;
/** Images smaller than this on either side hash to all zeros with quality 0. */
export const PDQ_MIN_HASHABLE_DIM = 5;
const ZERO_HASH = '0'.repeat(64);
// Two X,Y box passes make the tent filter.
const JAROSZ_PASSES = 2;

/**
 * 16x64 DCT-II basis rows 1..16 (row 0, the DC term, is skipped), scaled by
 * sqrt(2/64). The reference multiplies a float scale by a double cosine and stores a
 * float; the same happens here.
 */
const DCT_16x64 = (() => {
  const scale = fround(Math.sqrt(2 / 64));
  const d = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      d[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
    }
  }
  return d;
})();

/**
 * B = D A D^T for A the 64x64 luma, giving the 16x16 low-frequency block. Sums run in
 * float, k = 0..63 in order, as in `dct64To16`.
 */
function dct64To16(a: Float32Array, t: Float32Array, b: Float32Array): void {
  const d = DCT_16x64;
  for (let i = 0; i < 16; i++) {
    const di = i * 64;
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fround(sum + fround(d[di + k]! * a[k * 64 + j]!));
      t[di + j] = sum;
    }
  }
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let j = 0; j < 16; j++) {
      const dj = j * 64;
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = fround(sum + fround(t[ti + k]! * d[dj + k]!));
      b[i * 16 + j] = sum;
    }
  }
}

/**
 * Gradient-based quality 0..100 on the 64x64 image: sum of |truncated percent steps|
 * between vertical and horizontal neighbours, / 90, capped (`pdqImageDomainQualityMetric`).
 */
function qualityMetric(a: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const diff = fround(a[i * 64 + j]! - a[(i + 1) * 64 + j]!);
      sum += Math.abs(Math.trunc(fround(fround(diff * 100) / 255)));
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const diff = fround(a[i * 64 + j]! - a[i * 64 + j + 1]!);
      sum += Math.abs(Math.trunc(fround(fround(diff * 100) / 255)));
    }
  }
  return Math.min(100, Math.trunc(sum / 90));
}

/**
 * Torben Mogensen's median (N. Devillard's implementation, as the reference uses):
 * for even n it returns the lower middle value, which decides which bits are set.
 */
function torbenMedian(m: Float32Array): number {
  const n = m.length;
  let min = m[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = m[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const halfN = Math.floor((n + 1) / 2);
  for (;;) {
    const guess = fround(fround(min + max) / 2);
    let less = 0;
    let greater = 0;
    let equal = 0;
    let maxLtGuess = min;
    let minGtGuess = max;
    for (let i = 0; i < n; i++) {
      const v = m[i]!;
      if (v < guess) {
        less++;
        if (v > maxLtGuess) maxLtGuess = v;
      } else if (v > guess) {
        greater++;
        if (v < minGtGuess) minGtGuess = v;
      } else {
        equal++;
      }
    }
    if (less <= halfN && greater <= halfN) {
      if (less >= halfN) return maxLtGuess;
      if (less + equal >= halfN) return guess;
      return minGtGuess;
    }
    if (less > greater) max = maxLtGuess;
    else min = minGtGuess;
  }
}

/**
 * Sets bit i*16+j when coefficient (i, j) exceeds the median, then formats the 16-bit
 * words w[15]..w[0] as hex: packed word m holds w[15-2m] (high) and w[14-2m] (low).
 */
function bitsToHex(b: Float32Array, words: Uint32Array): string {
  const median = torbenMedian(b);
  words.fill(0);
  for (let k = 0; k < 256; k++) {
    if (b[k]! > median) {
      const w16 = k >>> 4;
      const m = 7 - (w16 >>> 1);
      const shift = (w16 & 1) * 16 + (k & 15);
      words[m] = (words[m]! | (1 << shift)) >>> 0;
    }
  }
  return wordsToHex(words);
}

/**
 * Sign/transpose rules turning the DCT of an image into the DCT of its rotations and
 * flips (`dct16OriginalTo*`): odd-index basis functions change sign under a flip along
 * their axis, and a transpose swaps the axes.
 */
const DIHEDRAL: Record<
  DihedralName,
  { transpose: boolean; sign: (i: number, j: number) => number }
> = {
  original: { transpose: false, sign: () => 1 },
  rotate90: { transpose: true, sign: (_i, j) => (j & 1 ? 1 : -1) },
  rotate180: { transpose: false, sign: (i, j) => ((i + j) & 1 ? -1 : 1) },
  rotate270: { transpose: true, sign: (i) => (i & 1 ? 1 : -1) },
  flipX: { transpose: false, sign: (i) => (i & 1 ? 1 : -1) },
  flipY: { transpose: false, sign: (_i, j) => (j & 1 ? 1 : -1) },
  flipPlus1: { transpose: true, sign: () => 1 },
  flipMinus1: { transpose: true, sign: (i, j) => ((i + j) & 1 ? -1 : 1) },
};

function transformDct(a: Float32Array, out: Float32Array, name: DihedralName): void {
  const { transpose, sign } = DIHEDRAL[name];
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = sign(i, j) < 0 ? -a[i * 16 + j]! : a[i * 16 + j]!;
      out[transpose ? j * 16 + i : i * 16 + j] = v;
    }
  }
}

/**
 * Reusable PDQ hasher: keeps its full-size float buffers between calls, which matters
 * when hashing video frames of one size over and over. Holds about 8 bytes per pixel of
 * the largest image seen. Images are hashed at their own size: for hashes comparable with
 * those upstream's photo hasher computes from image files, pass the image through
 * `prepareLikeReferenceFileHasher` (./downscale) first; video frames go in as they are.
 */
export class PdqHasher {
  private buf1 = new Float32Array(0);
  private buf2 = new Float32Array(0);
  private sums = new Float32Array(0);
  private readonly b64 = new Float32Array(64 * 64);
  private readonly t16x64 = new Float32Array(16 * 64);
  private readonly b16 = new Float32Array(16 * 16);
  private readonly aux16 = new Float32Array(16 * 16);
  private readonly words = new Uint32Array(8);

  /** Hash and quality of an RGBA image. */
  hash(image: RgbaImage): PdqResult {
    const quality = this.dct(image);
    if (quality === undefined) return { hash: ZERO_HASH, quality: 0 };
    return { hash: bitsToHex(this.b16, this.words), quality };
  }

  /** All eight dihedral hashes from one pass (the DCT is transformed, not the image). */
  hashDihedral(image: RgbaImage): PdqDihedralResult {
    const quality = this.dct(image);
    const hashes = {} as Record<DihedralName, string>;
    for (const name of DIHEDRAL_NAMES) {
      if (quality === undefined) {
        hashes[name] = ZERO_HASH;
        continue;
      }
      transformDct(this.b16, this.aux16, name);
      hashes[name] = bitsToHex(this.aux16, this.words);
    }
    return { quality: quality ?? 0, hashes };
  }

  /**
   * Runs everything up to the 16x16 DCT into `b16` and returns the quality, or undefined
   * when the image is too small to hash.
   */
  private dct(image: RgbaImage): number | undefined {
    assertRgba(image);
    const { width: cols, height: rows } = image;
    if (rows < PDQ_MIN_HASHABLE_DIM || cols < PDQ_MIN_HASHABLE_DIM) return undefined;
    const n = rows * cols;
    if (this.buf1.length < n) {
      this.buf1 = new Float32Array(n);
      this.buf2 = new Float32Array(n);
    }
    // One running sum per column, or per row of a band: cols or 16, whichever is more.
    if (this.sums.length < Math.max(cols, 16)) this.sums = new Float32Array(Math.max(cols, 16));
    const buf1 = this.buf1.subarray(0, n);
    const buf2 = this.buf2.subarray(0, n);
    fillLumaFromRgba(image, buf1);
    // Window along rows comes from the column count and vice versa, as in the reference.
    jaroszFilter(
      buf1,
      buf2,
      rows,
      cols,
      jaroszWindowSize(cols, 64),
      jaroszWindowSize(rows, 64),
      JAROSZ_PASSES,
      this.sums,
    );
    decimate(buf1, rows, cols, this.b64, 64, 64);
    dct64To16(this.b64, this.t16x64, this.b16);
    return qualityMetric(this.b64);
  }
}

/** PDQ hash of an RGBA image at its own size (see {@link PdqHasher} to reuse buffers). */
export function pdqHash(image: RgbaImage): PdqResult {
  return new PdqHasher().hash(image);
}

/** The eight dihedral PDQ hashes of an RGBA image. */
export function pdqHashDihedral(image: RgbaImage): PdqDihedralResult {
  return new PdqHasher().hashDihedral(image);
}
