/**
 * 256-bit PDQ hash values: hex text, packed words and Hamming distance.
 *
 * Text form is the reference's: 64 lowercase hex digits, the 16-bit words w[15]..w[0]
 * of ThreatExchange's `Hash256` printed with `%04hx` each. Read as one big-endian
 * 256-bit integer, bit k of that integer is bit k of the hash (k = row * 16 + column of
 * the 16x16 DCT), so `BigInt('0x' + hex)` is a faithful numeric form too.
 *
 * Packed form: 8 uint32 words, word 0 = hex digits 0..7 (the most significant bits).
 * The packing is only a storage choice; Hamming distance does not depend on it.
 */

/** Length of a PDQ hash in hex digits. */
export const PDQ_HEX_LENGTH = 64;
/** Number of uint32 words in a packed hash. */
export const PDQ_WORDS = 8;
/**
 * Upstream match threshold: two PDQ hashes match when their Hamming distance is at
 * most 31 of 256 (ThreatExchange pdq README, python-threatexchange PdqSignal).
 */
export const PDQ_MATCH_DISTANCE = 31;
/** Upstream quality cut-off: hashes of frames below 50 are usually ignored. */
export const PDQ_MIN_QUALITY = 50;

const HEX_RE = /^[0-9a-f]{64}$/i;

/** True for exactly 64 hex digits (either case) and nothing else. */
export function isPdqHex(value: unknown): value is string {
  return typeof value === 'string' && HEX_RE.test(value);
}

// Nibble value per char code, -1 for anything that is not a hex digit.
const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) NIBBLE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  NIBBLE[65 + c] = 10 + c;
  NIBBLE[97 + c] = 10 + c;
}

/**
 * Parses 64 hex digits into 8 packed words, writing at `out[offset..offset+8)`.
 * Throws a RangeError on anything but exactly 64 hex digits.
 */
export function hexToWords(
  hex: string,
  out: Uint32Array = new Uint32Array(PDQ_WORDS),
  offset = 0,
): Uint32Array {
  if (hex.length !== PDQ_HEX_LENGTH) {
    throw new RangeError(`PDQ hash must be ${PDQ_HEX_LENGTH} hex digits, got ${hex.length}`);
  }
  for (let w = 0; w < PDQ_WORDS; w++) {
    let word = 0;
    for (let k = 0; k < 8; k++) {
      const code = hex.charCodeAt(w * 8 + k);
      const nibble = code < 128 ? NIBBLE[code]! : -1;
      if (nibble < 0) throw new RangeError(`PDQ hash has a non-hex digit at ${w * 8 + k}`);
      word = (word << 4) | nibble;
    }
    out[offset + w] = word >>> 0;
  }
  return out;
}

/** Formats 8 packed words (from `offset`) as 64 lowercase hex digits. */
export function wordsToHex(words: Uint32Array, offset = 0): string {
  let hex = '';
  for (let w = 0; w < PDQ_WORDS; w++) {
    hex += (words[offset + w]! >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** The hash as an unsigned 256-bit integer (bit k is hash bit k). */
export function hexToBigInt(hex: string): bigint {
  if (!isPdqHex(hex)) throw new RangeError('not a 64-digit hex PDQ hash');
  return BigInt('0x' + hex);
}

function assertU256(value: bigint): void {
  if (value < 0n || value >> 256n !== 0n) throw new RangeError('value does not fit in 256 bits');
}

/** Formats a 256-bit integer as a 64-digit hex hash. */
export function bigIntToHex(value: bigint): string {
  assertU256(value);
  return value.toString(16).padStart(PDQ_HEX_LENGTH, '0');
}

/** Number of set bits in a 32-bit integer (SWAR popcount; no lookup tables). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between packed hashes `a[aOff..aOff+8)` and `b[bOff..bOff+8)`. */
export function hammingWords(a: Uint32Array, aOff: number, b: Uint32Array, bOff: number): number {
  return (
    popcount32(a[aOff]! ^ b[bOff]!) +
    popcount32(a[aOff + 1]! ^ b[bOff + 1]!) +
    popcount32(a[aOff + 2]! ^ b[bOff + 2]!) +
    popcount32(a[aOff + 3]! ^ b[bOff + 3]!) +
    popcount32(a[aOff + 4]! ^ b[bOff + 4]!) +
    popcount32(a[aOff + 5]! ^ b[bOff + 5]!) +
    popcount32(a[aOff + 6]! ^ b[bOff + 6]!) +
    popcount32(a[aOff + 7]! ^ b[bOff + 7]!)
  );
}

/** Any of the accepted forms of one hash. */
export type HashLike = string | Uint32Array | bigint;

/** Converts any accepted form to packed words (a Uint32Array is used as-is). */
export function toWords(hash: HashLike): Uint32Array {
  if (typeof hash === 'string') return hexToWords(hash);
  if (typeof hash === 'bigint') return hexToWords(bigIntToHex(hash));
  if (hash.length !== PDQ_WORDS) throw new RangeError(`packed hash must be ${PDQ_WORDS} words`);
  return hash;
}

/**
 * Hamming distance (0..256) between two hashes given as hex, packed words or bigint.
 * For hot loops keep hashes packed and call {@link hammingWords}.
 */
export function hammingDistance(a: HashLike, b: HashLike): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    assertU256(a);
    assertU256(b);
    let x = a ^ b;
    let n = 0;
    while (x !== 0n) {
      n += popcount32(Number(x & 0xffffffffn));
      x >>= 32n;
    }
    return n;
  }
  return hammingWords(toWords(a), 0, toWords(b), 0);
}
