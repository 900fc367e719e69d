/**
 * Robust statistics, score mappings and a small periodogram shared by the cues.
 * Pure and allocation-light: cues run on every track update in the offscreen document.
 */

/** Clamps to [0, 1]; NaN becomes 0. */
export function clamp01(x: number): number {
  return x > 0 ? (x < 1 ? x : 1) : 0;
}

/** Logistic function, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Arithmetic mean; NaN for an empty input. */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return s / xs.length;
}

/** Population standard deviation; NaN for an empty input. */
export function std(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] as number) - m;
    s += d * d;
  }
  return Math.sqrt(s / xs.length);
}

/** Sorted copy of the input as a Float64Array. */
function sortedCopy(xs: ArrayLike<number>): Float64Array {
  const a = Float64Array.from(xs);
  a.sort();
  return a;
}

/** Quantile q (0..1) with linear interpolation between order statistics; NaN when empty. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  if (xs.length === 0) return NaN;
  return quantileSorted(sortedCopy(xs), q);
}

/** `quantile` on input already sorted ascending. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = Math.min(n - 1, Math.max(0, q * (n - 1)));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Median; NaN when empty. */
export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

/**
 * Robust standard deviation: 1.4826 x median absolute deviation, which equals the standard
 * deviation for Gaussian data but ignores a minority of outliers (glitches, blinks).
 */
export function robustStd(xs: ArrayLike<number>): number {
  const m = median(xs);
  const dev = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) dev[i] = Math.abs((xs[i] as number) - m);
  return 1.4826 * median(dev);
}

/**
 * Maps a positive measurement to 0..1 on a log scale: 0.5 at `upper` (the top of the natural
 * range), 0.2 at half of it and 0.8 at twice it with the default width. Used for quantities
 * such as jitter or drift whose natural spread is multiplicative.
 */
export function ratioScore(x: number, upper: number, width = 0.5): number {
  if (!(x > 0)) return 0;
  return sigmoid(Math.log(x / upper) / width);
}

/**
 * Maps an excess (0 = nothing unusual) to 0..1: about 0.1 at 0, 0.5 at `upper` (the top of the
 * natural range), 0.9 at twice it.
 */
export function excessScore(x: number, upper: number): number {
  return sigmoid(2.2 * (Math.max(0, x) / upper - 1));
}

/**
 * Maps a measurement where LOW values are suspicious to 0..1: 0.5 at `threshold`, rising
 * towards 1 as x falls below it by multiples of `width`.
 */
export function belowScore(x: number, threshold: number, width: number): number {
  return sigmoid((threshold - x) / width);
}

/** A sub-score with the most it may contribute (weak tells are capped below 1). */
export interface SubScore {
  score: number;
  cap?: number;
}

/** The strongest of several sub-scores, each limited by its cap: any one tell suffices. */
export function strongest(parts: readonly SubScore[]): number {
  let best = 0;
  for (const p of parts) best = Math.max(best, Math.min(p.score, p.cap ?? 1));
  return best;
}

/** Saturating confidence from an amount of evidence: 1 - exp(-amount / scale). */
export function saturate(amount: number, scale: number): number {
  return amount > 0 ? 1 - Math.exp(-amount / scale) : 0;
}

/**
 * Linear interpolation of (t, v) onto a uniform grid starting at t[0] with rate `fs`.
 * `t` must increase. Sampling in the page jitters, so spectral cues resample on the measured
 * times instead of assuming the nominal rate.
 */
export function resampleUniform(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  fs: number,
): Float64Array {
  const n = t.length;
  if (n === 0) return new Float64Array(0);
  const t0 = t[0] as number;
  const count = Math.floor(((t[n - 1] as number) - t0) * fs + 1e-9) + 1;
  const out = new Float64Array(count);
  let j = 0;
  for (let k = 0; k < count; k++) {
    const tk = t0 + k / fs;
    while (j < n - 2 && (t[j + 1] as number) < tk) j++;
    const ta = t[j] as number;
    const tb = t[Math.min(j + 1, n - 1)] as number;
    const va = v[j] as number;
    const vb = v[Math.min(j + 1, n - 1)] as number;
    const w = tb > ta ? Math.min(1, Math.max(0, (tk - ta) / (tb - ta))) : 0;
    out[k] = va + (vb - va) * w;
  }
  return out;
}

/** Removes the least-squares line, in place; returns the input. */
export function detrendLinear(x: Float64Array): Float64Array {
  const n = x.length;
  if (n < 2) {
    if (n === 1) x[0] = 0;
    return x;
  }
  const mx = (n - 1) / 2;
  let my = 0;
  for (let i = 0; i < n; i++) my += x[i] as number;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - mx;
    sxy += dx * ((x[i] as number) - my);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  for (let i = 0; i < n; i++) x[i] = (x[i] as number) - my - slope * (i - mx);
  return x;
}

/** Discrete Fourier transform of a real signal at arbitrary frequencies (Hz). */
export interface Spectrum {
  freqs: Float64Array;
  re: Float64Array;
  im: Float64Array;
  /** |X(f)|^2 */
  power: Float64Array;
}

/**
 * DFT of `x` (sampled at `fs`) at the given frequencies, by direct summation with a sine/cosine
 * recurrence. For the short signals here (tens to a few hundred samples, tens of frequencies)
 * this is as fast as an FFT and allows a fine, band-limited frequency grid.
 */
export function dftAt(x: ArrayLike<number>, fs: number, freqs: Float64Array): Spectrum {
  const n = x.length;
  const re = new Float64Array(freqs.length);
  const im = new Float64Array(freqs.length);
  const power = new Float64Array(freqs.length);
  for (let k = 0; k < freqs.length; k++) {
    const w = (2 * Math.PI * (freqs[k] as number)) / fs;
    const cw = Math.cos(w);
    const sw = Math.sin(w);
    let c = 1;
    let s = 0;
    let sr = 0;
    let si = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      sr += xi * c;
      si -= xi * s;
      const c2 = c * cw - s * sw;
      s = s * cw + c * sw;
      c = c2;
    }
    re[k] = sr;
    im[k] = si;
    power[k] = sr * sr + si * si;
  }
  return { freqs, re, im, power };
}

/** Evenly spaced frequencies from `lo` to `hi` (inclusive where it lands) with step `df`. */
export function frequencyGrid(lo: number, hi: number, df: number): Float64Array {
  const first = Math.ceil(lo / df - 1e-9);
  const last = Math.floor(hi / df + 1e-9);
  const out = new Float64Array(Math.max(0, last - first + 1));
  for (let k = 0; k < out.length; k++) out[k] = (first + k) * df;
  return out;
}

/** Hann window of length n. */
export function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) w[0] = 1;
  for (let i = 0; i < n && n > 1; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  return w;
}

/**
 * Fisher's g test for a hidden periodicity (Fisher 1929): g = largest periodogram ordinate /
 * sum of ordinates at M Fourier frequencies. Under white noise P(g > x) ~ M (1 - x)^(M - 1)
 * (the first, dominant term of the exact series; an upper bound), so small p means one
 * frequency clearly dominates.
 */
export function fisherG(power: ArrayLike<number>): { g: number; p: number } {
  const m = power.length;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < m; i++) {
    const p = power[i] as number;
    sum += p;
    if (p > max) max = p;
  }
  if (m < 2 || !(sum > 0)) return { g: 0, p: 1 };
  const g = max / sum;
  const p = Math.min(1, m * Math.pow(1 - g, m - 1));
  return { g, p };
}

/** Rounds for display: `fmt(0.01234, 2)` is "0.012"; keeps `digits` significant figures. */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const p = Number(x.toPrecision(digits));
  return String(p);
}

/**
 * k-th smallest element (0-based) of `a`, partially reordering it in place (Hoare's quickselect).
 * Linear time on average: cheaper than sorting for per-region medians of many pixels.
 */
export function selectInPlace(a: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  if (hi < 0) return NaN;
  k = Math.min(hi, Math.max(0, Math.floor(k)));
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** Pearson correlation of two equal-length series; NaN below 3 points or without spread. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 3) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
