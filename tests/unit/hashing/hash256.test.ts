import { describe, expect, it } from 'vitest';
import {
  bigIntToHex,
  hammingDistance,
  hammingWords,
  hexToBigInt,
  hexToWords,
  isPdqHex,
  popcount32,
  wordsToHex,
} from '@/lib/hashing/hash256';
import { prng, randomHashes } from './fixtures';

const A = '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d';

/** Bit-by-bit distance on the hex text, the slow obvious way. */
function naiveDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 64; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    for (; x; x >>= 1) d += x & 1;
  }
  return d;
}

describe('hash256', () => {
  it('round-trips hex through words and bigint', () => {
    expect(wordsToHex(hexToWords(A))).toBe(A);
    expect(wordsToHex(hexToWords(A.toUpperCase()))).toBe(A);
    expect(bigIntToHex(hexToBigInt(A))).toBe(A);
    expect(hexToWords(A)[0]).toBe(0x6227401f);
    expect(bigIntToHex(1n)).toBe('0'.repeat(63) + '1');
  });

  it('popcount32 counts bits of any uint32', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    const next = prng(1);
    for (let i = 0; i < 1000; i++) {
      const x = next();
      expect(popcount32(x)).toBe(x.toString(2).replace(/0/g, '').length);
    }
  });

  it('distance agrees across hex, words and bigint, and with a naive count', () => {
    const next = prng(2);
    const words = randomHashes(50, next);
    for (let i = 0; i < 49; i++) {
      const a = wordsToHex(words, i * 8);
      const b = wordsToHex(words, (i + 1) * 8);
      const d = naiveDistance(a, b);
      expect(hammingDistance(a, b)).toBe(d);
      expect(hammingDistance(hexToBigInt(a), hexToBigInt(b))).toBe(d);
      expect(hammingDistance(hexToWords(a), b)).toBe(d);
      expect(hammingWords(words, i * 8, words, (i + 1) * 8)).toBe(d);
    }
    expect(hammingDistance('0'.repeat(64), 'f'.repeat(64))).toBe(256);
  });

  it.each([
    ['63 digits', A.slice(1)],
    ['65 digits', A + '0'],
    ['non-hex', A.slice(0, 63) + 'g'],
    ['0x prefix', '0x' + A.slice(2)],
    ['inner space', A.slice(0, 30) + ' ' + A.slice(31)],
    ['non-ASCII digit', A.slice(0, 63) + '٣'],
  ])('rejects %s', (_name, bad) => {
    expect(isPdqHex(bad)).toBe(false);
    expect(() => hexToWords(bad)).toThrow(RangeError);
  });

  it('rejects bigints outside 0..2^256-1', () => {
    expect(() => bigIntToHex(-1n)).toThrow(RangeError);
    expect(() => bigIntToHex(1n << 256n)).toThrow(RangeError);
    expect(() => hammingDistance(-1n, 0n)).toThrow(RangeError);
  });
});
