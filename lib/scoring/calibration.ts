/**
 * Choosing the verdict thresholds from scored examples. Thresholds are rounded to 4 decimals
 * in the safe direction, so the stated error rate still holds after rounding.
 */

const SCALE = 1e4;

/** Smallest multiple of 1e-4 strictly above x. */
function stepAbove(x: number): number {
  let k = Math.floor(x * SCALE) + 1;
  while (k / SCALE <= x) k++;
  return k / SCALE;
}

/** Largest multiple of 1e-4 at or below x. */
function stepAtOrBelow(x: number): number {
  let k = Math.floor(x * SCALE);
  while (k / SCALE > x) k--;
  return k / SCALE;
}

/**
 * The lowest threshold t (to within 1e-4, rounded up) such that at most
 * floor(fprTarget * n) of the reals have probability >= t, i.e. FPR <= fprTarget when
 * "p >= t" means likely-fake. Returns 0 when there are no reals; may exceed 1 when the
 * target cannot be met below 1 (a real scored 1).
 */
export function fakeThresholdForFpr(
  realProbabilities: readonly number[],
  fprTarget: number,
): number {
  const sorted = [...realProbabilities].sort((a, b) => b - a);
  const allowed = Math.floor(fprTarget * sorted.length + 1e-9);
  const boundary = sorted[allowed];
  if (boundary === undefined) return 0;
  // Strictly above the first real that may not be flagged.
  return stepAbove(boundary);
}

/**
 * The highest threshold t (rounded down to 1e-4) such that at most floor(fnrTarget * n) of
 * the fakes have probability < t, i.e. the likely-real verdict misses at most that share of
 * fakes. Returns 1 when there are no fakes.
 */
export function realThresholdForFnr(
  fakeProbabilities: readonly number[],
  fnrTarget: number,
): number {
  const sorted = [...fakeProbabilities].sort((a, b) => a - b);
  const allowed = Math.floor(fnrTarget * sorted.length + 1e-9);
  const boundary = sorted[allowed];
  if (boundary === undefined) return 1;
  return stepAtOrBelow(boundary);
}
