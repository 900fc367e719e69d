/** Test-side image loading: JPEG decode (jpeg-js) and a plain bilinear resize to RGB in [0, 1]. */
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';

/**
 * Decodes a JPEG and resizes it to size x size with bilinear sampling (half-pixel centres, no
 * antialiasing, like cv2.INTER_LINEAR). Returns RGB scaled to [0, 1], channels-last (HWC).
 */
export function loadRgb01(file: string, size = 256): Float32Array {
  const { width, height, data } = jpeg.decode(readFileSync(file), { useTArray: true });
  const out = new Float32Array(size * size * 3);
  const sy = height / size;
  const sx = width / size;
  for (let y = 0; y < size; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number) => data[(yy * width + xx) * 4 + c]!;
        const top = p(y0, x0) * (1 - wx) + p(y0, x1) * wx;
        const bottom = p(y1, x0) * (1 - wx) + p(y1, x1) * wx;
        out[(y * size + x) * 3 + c] = (top * (1 - wy) + bottom * wy) / 255;
      }
    }
  }
  return out;
}
