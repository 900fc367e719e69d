/**
 * The blend model's input contract, the TypeScript side: the one place it lives at run time.
 * training/telltale_train/preprocess.py mirrors it exactly, and tests/parity checks that one
 * image scores the same through both (change both or neither).
 *
 * - Face box: min/max of the 478 FaceLandmarker points in pixels of the RGBA image passed in
 *   (the sample's `box` in the analysed frame, or the box within a native-resolution face crop).
 * - Region: a square of side BLEND_MARGIN x max(box width, box height), centred on the box
 *   centre. Parts outside the image repeat the edge pixels (bilinearAt clamps).
 * - Sampling: bilinear at pixel centres into BLEND_SIDE x BLEND_SIDE: source x =
 *   region.x + (i + 0.5) * region.width / BLEND_SIDE - 0.5 (likewise y).
 * - Values: RGB / 255 in [0, 1], float32; alpha dropped. No mean/std here: the ImageNet
 *   normalisation is inside the ONNX graph.
 * - Layout: NCHW [1, 3, BLEND_SIDE, BLEND_SIDE] (all of R, then G, then B, rows top to bottom).
 */
import { bilinearAt, type Rgba } from '../../tracks/measure';
import type { Box } from '../../tracks/types';

export const BLEND_SIDE = 128;
export const BLEND_MARGIN = 1.25;

/** The square region the blend model looks at for a face box. */
export function blendRegion(face: Box): Box {
  const side = BLEND_MARGIN * Math.max(face.width, face.height);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** The model's input tensor data (NCHW, RGB in [0, 1]) for one face. */
export function blendInput(image: Rgba, faceBox: Box): Float32Array {
  const region = blendRegion(faceBox);
  const plane = BLEND_SIDE * BLEND_SIDE;
  const out = new Float32Array(3 * plane);
  const scale = region.width / BLEND_SIDE;
  for (let y = 0; y < BLEND_SIDE; y++) {
    const fy = region.y + (y + 0.5) * scale - 0.5;
    for (let x = 0; x < BLEND_SIDE; x++) {
      const fx = region.x + (x + 0.5) * scale - 0.5;
      const o = y * BLEND_SIDE + x;
      for (let c = 0; c < 3; c++) out[c * plane + o] = bilinearAt(image, fx, fy, c) / 255;
    }
  }
  return out;
}
