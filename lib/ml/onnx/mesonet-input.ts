/**
 * MesoNet's input (STACK.md, checked against the published weights): RGB in [0, 1], a 256x256
 * face crop about 1.4x the face box, its centre a little below the box centre, laid out
 * NHWC [1, 256, 256, 3] as the converted model expects (scripts/convert-mesonet.mjs).
 */
import { bilinearAt, type Rgba } from '../../tracks/measure';
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
  for (let y = 0; y < MESONET_SIDE; y++) {
    const fy = region.y + (y + 0.5) * scale - 0.5;
    for (let x = 0; x < MESONET_SIDE; x++) {
      const fx = region.x + (x + 0.5) * scale - 0.5;
      const o = (y * MESONET_SIDE + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = bilinearAt(image, fx, fy, c) / 255;
    }
  }
  return out;
}
