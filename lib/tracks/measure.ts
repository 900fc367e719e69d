/**
 * Pixel measurements taken from a frame while it is still in memory (frames are not kept):
 * small crops for the pixel cues and mean skin colour for the pulse cue. Pure functions over
 * RGBA arrays, so they are tested in Node.
 */
import type { Box, Crop, FaceSample, Rgb } from './types';

/** An RGBA image. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** Clips `box` to the image; null when nothing is left. */
export function clipBox(box: Box, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Grows a box by `factor` of its size on every side. */
export function growBox(box: Box, factor: number): Box {
  return {
    x: box.x - box.width * factor,
    y: box.y - box.height * factor,
    width: box.width * (1 + 2 * factor),
    height: box.height * (1 + 2 * factor),
  };
}

/**
 * A frame-pixel box in the pixels of an image that shows `region` of the frame (a native face
 * crop shows a square region of the sampled frame at the video's own resolution):
 * image px = (p - region.x) * width / region.width, likewise vertically.
 */
export function frameBoxToImage(box: Box, region: Box, width: number, height: number): Box {
  const sx = width / region.width;
  const sy = height / region.height;
  return {
    x: (box.x - region.x) * sx,
    y: (box.y - region.y) * sy,
    width: box.width * sx,
    height: box.height * sy,
  };
}

/** The inverse of `frameBoxToImage`: a box in the image's pixels back in frame pixels. */
export function imageBoxToFrame(box: Box, region: Box, width: number, height: number): Box {
  const sx = region.width / width;
  const sy = region.height / height;
  return {
    x: region.x + box.x * sx,
    y: region.y + box.y * sy,
    width: box.width * sx,
    height: box.height * sy,
  };
}

/** True when `inner` lies inside `outer` (both in one coordinate system). */
export function containsBox(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/**
 * Channel `c` of the image at fractional pixel position (fx, fy), bilinear, clamped to the
 * image edges.
 */
export function bilinearAt(image: Rgba, fx: number, fy: number, c: number): number {
  const x = Math.min(image.width - 1, Math.max(0, fx));
  const y = Math.min(image.height - 1, Math.max(0, fy));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const wx = x - x0;
  const wy = y - y0;
  const d = image.data;
  const top =
    (d[(y0 * image.width + x0) * 4 + c] ?? 0) * (1 - wx) +
    (d[(y0 * image.width + x1) * 4 + c] ?? 0) * wx;
  const bottom =
    (d[(y1 * image.width + x0) * 4 + c] ?? 0) * (1 - wx) +
    (d[(y1 * image.width + x1) * 4 + c] ?? 0) * wx;
  return top * (1 - wy) + bottom * wy;
}

/**
 * Copies `box` out of the image, downscaled (bilinear) so that its longer side is at most
 * `maxSide`; never upscaled. The crop's `box` is the clipped source region.
 */
export function crop(image: Rgba, box: Box, maxSide: number): Crop | null {
  const source = clipBox(box, image.width, image.height);
  if (!source) return null;
  const scale = Math.min(1, maxSide / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const data = new Uint8ClampedArray(width * height * 4);
  const sx = source.width / width;
  const sy = source.height / height;
  for (let y = 0; y < height; y++) {
    // Stay inside the source region (pixel centres), as the clipped box promises.
    const fy = source.y + Math.min(source.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    for (let x = 0; x < width; x++) {
      const fx = source.x + Math.min(source.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) data[o + c] = bilinearAt(image, fx, fy, c);
    }
  }
  return { box: source, width, height, data };
}

/** Mean RGB inside `box`; null when the box is outside the image. */
export function meanRgb(image: Rgba, box: Box): Rgb | null {
  const b = clipBox(box, image.width, image.height);
  if (!b) return null;
  let r = 0;
  let g = 0;
  let bl = 0;
  for (let y = b.y; y < b.y + b.height; y++) {
    for (let x = b.x; x < b.x + b.width; x++) {
      const i = (y * image.width + x) * 4;
      r += image.data[i] ?? 0;
      g += image.data[i + 1] ?? 0;
      bl += image.data[i + 2] ?? 0;
    }
  }
  const n = b.width * b.height;
  return [r / n, g / n, bl / n];
}

/** Frame-pixel position of landmark `i` of a sample. */
export function landmarkPx(
  sample: Pick<FaceSample, 'box' | 'landmarks'>,
  i: number,
): { x: number; y: number } {
  return {
    x: sample.box.x + (sample.landmarks[i * 3] ?? 0) * sample.box.width,
    y: sample.box.y + (sample.landmarks[i * 3 + 1] ?? 0) * sample.box.height,
  };
}

/** Bounding box (frame pixels) of a set of landmarks. */
export function landmarksBox(
  sample: Pick<FaceSample, 'box' | 'landmarks'>,
  indices: readonly number[],
): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const i of indices) {
    const p = landmarkPx(sample, i);
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX, y: minY, width: Math.max(1, maxX - minX), height: Math.max(1, maxY - minY) };
}

// MediaPipe face mesh indices. "Left"/"right" are as seen in the image.
const IMAGE_LEFT_EYE = [33, 133, 159, 145, 160, 144, 158, 153, 468, 469, 470, 471, 472];
const IMAGE_RIGHT_EYE = [362, 263, 386, 374, 385, 380, 387, 373, 473, 474, 475, 476, 477];
const MOUTH = [61, 291, 0, 17, 13, 14, 78, 308, 40, 270, 91, 321];
/** Forehead centre, cheek centres (under the eyes, beside the nose). */
const FOREHEAD = 151;
const IMAGE_LEFT_CHEEK = 205;
const IMAGE_RIGHT_CHEEK = 425;

/** Crop sizes, px: enough for the pixel cues, small enough to keep 10 s of them. */
export const CROP_SIDES = { face: 112, eye: 48, mouth: 64 } as const;

/**
 * Skin means and crops for one face in one frame. `sample.box` is in frame pixels; `region`,
 * when given, says that `image` shows that region of the frame (a native face crop) and the
 * face is read from it. Crop boxes are in frame pixels either way, as the cues expect.
 */
export function measureFace(
  image: Rgba,
  sample: Pick<FaceSample, 'box' | 'landmarks'>,
  region?: Box,
): Pick<FaceSample, 'skin' | 'crops'> {
  if (!region) return measureIn(image, sample);
  const box = frameBoxToImage(sample.box, region, image.width, image.height);
  const out = measureIn(image, { box, landmarks: sample.landmarks });
  for (const c of Object.values(out.crops ?? {})) {
    c.box = imageBoxToFrame(c.box, region, image.width, image.height);
  }
  return out;
}

/** `measureFace` with the box in the image's own pixels. */
function measureIn(
  image: Rgba,
  sample: Pick<FaceSample, 'box' | 'landmarks'>,
): Pick<FaceSample, 'skin' | 'crops'> {
  const side = sample.box.width;
  const patch = (i: number, w: number, h: number): Box => {
    const p = landmarkPx(sample, i);
    return { x: p.x - (w * side) / 2, y: p.y - (h * side) / 2, width: w * side, height: h * side };
  };
  const forehead = meanRgb(image, patch(FOREHEAD, 0.22, 0.1));
  const leftCheek = meanRgb(image, patch(IMAGE_LEFT_CHEEK, 0.12, 0.12));
  const rightCheek = meanRgb(image, patch(IMAGE_RIGHT_CHEEK, 0.12, 0.12));
  const out: Pick<FaceSample, 'skin' | 'crops'> = {};
  if (forehead && leftCheek && rightCheek) out.skin = { forehead, leftCheek, rightCheek };
  const crops: NonNullable<FaceSample['crops']> = {};
  const face = crop(image, growBox(sample.box, 0.25), CROP_SIDES.face);
  const leftEye = crop(image, growBox(landmarksBox(sample, IMAGE_LEFT_EYE), 0.3), CROP_SIDES.eye);
  const rightEye = crop(image, growBox(landmarksBox(sample, IMAGE_RIGHT_EYE), 0.3), CROP_SIDES.eye);
  const mouth = crop(image, growBox(landmarksBox(sample, MOUTH), 0.2), CROP_SIDES.mouth);
  if (face) crops.face = face;
  if (leftEye) crops.leftEye = leftEye;
  if (rightEye) crops.rightEye = rightEye;
  if (mouth) crops.mouth = mouth;
  out.crops = crops;
  return out;
}
