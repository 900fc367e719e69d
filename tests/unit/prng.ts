/**
 * Seeded PRNG for the tests (mulberry32): same seed, same sequence, on every machine.
 * Yields unsigned 32-bit integers.
 */
export function mulberry32Words(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The same generator yielding floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  const words = mulberry32Words(seed);
  return () => words() / 4294967296;
}

/** Uniform in [lo, hi). */
export function uniform(rand: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}
