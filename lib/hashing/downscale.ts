/**
 * PDQ's image-domain steps, ported from ThreatExchange pdq/cpp/downscaling/downscaling.cpp:
 * RGB -> float luma, the Jarosz tent filter (box filters along rows then columns, twice)
 * and centre-sampling decimation to 64x64.
 *
 * The reference works in C `float`. Every arithmetic result here is rounded to float32
 * (`Math.fround`, or a store into a Float32Array) in the reference's order of operations,
 * so the same pixels give bit-identical buffers. Single float ops computed in double and
 * then rounded equal the float32 op (53 >= 2*24 + 2 bits), which is what makes this exact.
 */

/** RGBA pixels, row-major, 4 bytes per pixel (ImageData's layout). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

const fround = Math.fround;
// The reference's `static const float` luma coefficients (Wikipedia's BT.601 Y).
const LUMA_R = fround(0.299);
const LUMA_G = fround(0.587);
const LUMA_B = fround(0.114);

/** Throws unless `image` is a well-formed RGBA buffer. */
export function assertRgba(image: RgbaImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`bad image size ${width}x${height}`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`RGBA data has ${data.length} bytes, expected ${width * height * 4}`);
  }
}

/** Fills `luma` (width*height floats) with 0.299R + 0.587G + 0.114B; alpha is ignored. */
export function fillLumaFromRgba(image: RgbaImage, luma: Float32Array): void {
  const { data } = image;
  const n = image.width * image.height;
  for (let p = 0, q = 0; p < n; p++, q += 4) {
    // ((r*R + g*G) + b*B), each step a float op, as the C++ expression evaluates.
    luma[p] = fround(
      fround(fround(LUMA_R * data[q]!) + fround(LUMA_G * data[q + 1]!)) +
        fround(LUMA_B * data[q + 2]!),
    );
  }
}

/**
 * Per-pass box-filter window for scaling `oldDim` down to `newDim`: ceil(old / (2 new)).
 * Two passes of half a block each give a tent over a full block (Jarosz 2001).
 */
export function jaroszWindowSize(oldDim: number, newDim: number): number {
  return Math.floor((oldDim + 2 * newDim - 1) / (2 * newDim));
}

/**
 * One pass of the reference's `box1DFloat` over many independent lines in lockstep.
 * Element p of line l is at `base + l * lineStep + p * step`. The window is centred and
 * shrinks at both ends instead of padding (phases 1-4 of the reference). Each line keeps
 * its own float running sum in `sums`, rounded after every add and subtract exactly as
 * the reference's scalar loop does; advancing all lines together only changes the order
 * in which independent lines are visited, and lets the CPU overlap their work.
 *
 * The reference divides the float sum by the window count; here it is multiplied by the
 * double reciprocal and rounded to float32 on store, which gives the same float32 for
 * every n below 2^26 and every non-subnormal sum (the rounding errors of 1/n and of the
 * product stay below 2^-51 relative, while x/n is either exactly a float32 or at least
 * 2^-25/n away from a float32 rounding midpoint). Luma sums are never subnormal: the
 * smallest non-zero luma is 0.114. Division was a third of the filter's time.
 */
function boxLines(
  src: Float32Array,
  dst: Float32Array,
  base: number,
  lines: number,
  lineStep: number,
  len: number,
  step: number,
  win: number,
  sums: Float32Array,
): void {
  const half = Math.floor((win + 2) / 2);
  const p1 = half - 1;
  const p2 = win - half + 1;
  const p3 = len - win;
  const p4 = half - 1;
  sums.fill(0, 0, lines);
  let ri = base; // next element to add
  let li = base; // next element to subtract
  let oi = base; // next element to write
  let n = 0;
  for (let i = 0; i < p1; i++, ri += step, n++) {
    for (let l = 0, a = ri; l < lines; l++, a += lineStep) sums[l] = sums[l]! + src[a]!;
  }
  for (let i = 0; i < p2; i++, ri += step, oi += step) {
    n++;
    const r = 1 / n;
    for (let l = 0, a = ri, o = oi; l < lines; l++, a += lineStep, o += lineStep) {
      const v = fround(sums[l]! + src[a]!);
      sums[l] = v;
      dst[o] = v * r;
    }
  }
  const rFull = 1 / n;
  for (let i = 0; i < p3; i++, ri += step, li += step, oi += step) {
    for (
      let l = 0, a = ri, s = li, o = oi;
      l < lines;
      l++, a += lineStep, s += lineStep, o += lineStep
    ) {
      const v = fround(fround(sums[l]! + src[a]!) - src[s]!);
      sums[l] = v;
      dst[o] = v * rFull;
    }
  }
  for (let i = 0; i < p4; i++, li += step, oi += step) {
    n--;
    const r = 1 / n;
    for (let l = 0, s = li, o = oi; l < lines; l++, s += lineStep, o += lineStep) {
      const v = fround(sums[l]! - src[s]!);
      sums[l] = v;
      dst[o] = v * r;
    }
  }
}

// Rows are filtered in bands of this many, walked in lockstep: enough independent sums
// to hide float latency, few enough streams for the prefetcher and L1.
const ROW_BAND = 16;

/** Box filter along every row (window `win`). */
export function boxAlongRows(
  src: Float32Array,
  dst: Float32Array,
  rows: number,
  cols: number,
  win: number,
  sums: Float32Array,
): void {
  for (let r = 0; r < rows; r += ROW_BAND) {
    boxLines(src, dst, r * cols, Math.min(ROW_BAND, rows - r), cols, cols, 1, win, sums);
  }
}

/** Box filter down every column (window `win`); adjacent columns are adjacent in memory. */
export function boxAlongCols(
  src: Float32Array,
  dst: Float32Array,
  rows: number,
  cols: number,
  win: number,
  sums: Float32Array,
): void {
  boxLines(src, dst, 0, cols, 1, rows, cols, win, sums);
}

/**
 * Jarosz filter in place on `buf1` (using `buf2` as scratch): `passes` x (rows, then
 * columns). PDQ uses 2 passes, making a tent filter.
 */
export function jaroszFilter(
  buf1: Float32Array,
  buf2: Float32Array,
  rows: number,
  cols: number,
  winAlongRows: number,
  winAlongCols: number,
  passes: number,
  sums: Float32Array = new Float32Array(Math.max(cols, ROW_BAND)),
): void {
  for (let i = 0; i < passes; i++) {
    boxAlongRows(buf1, buf2, rows, cols, winAlongRows, sums);
    boxAlongCols(buf2, buf1, rows, cols, winAlongCols, sums);
  }
}

/** Samples the centre of each output cell: in[floor((i + .5) * inRows / outRows), ...]. */
export function decimate(
  src: Float32Array,
  inRows: number,
  inCols: number,
  dst: Float32Array,
  outRows: number,
  outCols: number,
): void {
  for (let i = 0; i < outRows; i++) {
    const ini = Math.trunc(((i + 0.5) * inRows) / outRows);
    for (let j = 0; j < outCols; j++) {
      const inj = Math.trunc(((j + 0.5) * inCols) / outCols);
      dst[i * outCols + j] = src[ini * inCols + inj]!;
    }
  }
}

/**
 * Nearest-neighbour resize as CImg's `resize(w, h)` does it (interpolation 1): output
 * pixel x reads source floor(x * W / w). The reference photo hasher (pdqio.cpp,
 * `pdqHash256FromFile`, used by its CLI and WASM build) squashes any image with a side
 * over 512 to exactly 512x512 this way before hashing, ignoring aspect ratio.
 */
export function resizeNearest(image: RgbaImage, width: number, height: number): RgbaImage {
  assertRgba(image);
  const out = new Uint8ClampedArray(width * height * 4);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    const sy = Math.floor((y * image.height) / height);
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x * image.width) / width);
      const s = (sy * image.width + sx) * 4;
      const d = (y * width + x) * 4;
      out[d] = src[s]!;
      out[d + 1] = src[s + 1]!;
      out[d + 2] = src[s + 2]!;
      out[d + 3] = src[s + 3]!;
    }
  }
  return { width, height, data: out };
}

/** Largest side the reference photo hasher hashes without first squashing to 512x512. */
export const REFERENCE_FILE_MAX_DIM = 512;

/**
 * Applies the reference photo hasher's pre-resize (see {@link resizeNearest}) so that
 * hashes of image files agree with hashes produced by ThreatExchange's pdq-photo-hasher.
 * Video frames should not go through this: vPDQ hashes frames at their own size.
 */
export function prepareLikeReferenceFileHasher(image: RgbaImage): RgbaImage {
  if (image.width > REFERENCE_FILE_MAX_DIM || image.height > REFERENCE_FILE_MAX_DIM) {
    return resizeNearest(image, REFERENCE_FILE_MAX_DIM, REFERENCE_FILE_MAX_DIM);
  }
  return image;
}
