// @ts-check
/**
 * Deterministic randomness for the synthetic generator: a seed from a string (sha256) and
 * mulberry32, so every parameter is reproducible from (source clip, method, version).
 */
import { createHash } from 'node:crypto';

/**
 * A 32-bit seed from any strings.
 * @param {...string} parts
 */
export function seedFrom(...parts) {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
}

/**
 * Short hex digest of a JSON-able value (used in output names so reruns can skip work).
 * @param {unknown} value @param {number} [length]
 */
export function digest(value, length = 10) {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, length);
}

export class Rng {
  /** @param {number} seed */
  constructor(seed) {
    /** @private */
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** @param {number} lo @param {number} hi */
  uniform(lo, hi) {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. @param {number} lo @param {number} hi */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** -1 or +1. */
  sign() {
    return this.next() < 0.5 ? -1 : 1;
  }

  /**
   * @template T
   * @param {readonly T[]} items non-empty
   * @returns {T}
   */
  pick(items) {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/**
 * Rounds to `digits` decimals (keeps parameters, notes and hashes stable and short).
 * @param {number} value @param {number} [digits]
 */
export function round(value, digits = 3) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
