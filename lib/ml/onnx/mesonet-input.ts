/**
 * MesoNet's input (STACK.md, checked against the published weights): RGB in [0, 1], a 256x256
 * face crop about 1.4x the face box, its centre a little below the box centre, laid out
 * NHWC [1, 256, 256, 3] as the converted model expects (scripts/convert-mesonet.mjs).
 */
import type { Rgba } from '../../tracks/measure';
import type { Box } from '../../tracks/types';

export const MESONET_SIDE = 256;

/** The square region MesoNet looks at for a face box. */
export function mesonetRegion(face: Box): Box {
  const side = 1.4 * Math.max(face.width, face.height);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2 + 0.05 * side;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** Bilinear resample of `region` (clamped at the image edges) into a 256x256 NHWC tensor. */
export function mesonetInput(image: Rgba, face: Box): Float32Array {
  const region = mesonetRegion(face);
  const out = new Float32Array(MESONET_SIDE * MESONET_SIDE * 3);
  const scale = region.width / MESONET_SIDE;
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  for (let y = 0; y < MESONET_SIDE; y++) {
    const fy = Math.min(maxY, Math.max(0, region.y + (y + 0.5) * scale - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(maxY, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < MESONET_SIDE; x++) {
      const fx = Math.min(maxX, Math.max(0, region.x + (x + 0.5) * scale - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(maxX, x0 + 1);
      const wx = fx - x0;
      const o = (y * MESONET_SIDE + x) * 3;
      for (let c = 0; c < 3; c++) {
        const p00 = image.data[(y0 * image.width + x0) * 4 + c] ?? 0;
        const p01 = image.data[(y0 * image.width + x1) * 4 + c] ?? 0;
        const p10 = image.data[(y1 * image.width + x0) * 4 + c] ?? 0;
        const p11 = image.data[(y1 * image.width + x1) * 4 + c] ?? 0;
        const top = p00 * (1 - wx) + p01 * wx;
        const bottom = p10 * (1 - wx) + p11 * wx;
        out[o + c] = (top * (1 - wy) + bottom * wy) / 255;
      }
    }
  }
  return out;
}
