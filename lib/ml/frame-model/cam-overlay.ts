/**
 * The frame model's class-activation map drawn over the crop it scored, so a moderator sees
 * where the model saw fakery, not just a number (issue #19.3). The map is coarse (4 x 4 cells
 * over the model's input square), so it is drawn as blocks: a cell is tinted red in proportion
 * to how far its own P(fake) (sigmoid of its logit) is above 0.5; cells that lean real are left
 * as they are.
 */
import { BLEND_SIDE } from './input';

/** Strongest tint (a cell at P(fake) 1). */
const MAX_TINT = 0.6;
const RED = [230, 30, 40] as const;

/**
 * RGBA pixels (BLEND_SIDE x BLEND_SIDE) of the model's input `input` (NCHW, RGB in [0, 1], as
 * blendInput makes it) with `cam` (row-major size x size logits) over it.
 */
export function camOverlay(
  input: Float32Array,
  cam: { size: number; values: Float32Array },
): Uint8ClampedArray<ArrayBuffer> {
  const side = BLEND_SIDE;
  const plane = side * side;
  if (input.length !== 3 * plane)
    throw new Error(`input has ${input.length} values, not ${3 * plane}`);
  if (cam.size < 1 || cam.values.length !== cam.size * cam.size) {
    throw new Error(`cam of size ${cam.size} has ${cam.values.length} values`);
  }
  const out = new Uint8ClampedArray(4 * plane);
  for (let y = 0; y < side; y++) {
    const row = Math.min(cam.size - 1, Math.floor((y * cam.size) / side));
    for (let x = 0; x < side; x++) {
      const col = Math.min(cam.size - 1, Math.floor((x * cam.size) / side));
      const logit = cam.values[row * cam.size + col] ?? 0;
      const p = 1 / (1 + Math.exp(-logit));
      const w = Number.isFinite(p) ? MAX_TINT * Math.max(0, Math.min(1, (p - 0.5) * 2)) : 0;
      const o = y * side + x;
      for (let c = 0; c < 3; c++) {
        const v = (input[c * plane + o] ?? 0) * 255;
        out[4 * o + c] = v * (1 - w) + (RED[c] ?? 0) * w;
      }
      out[4 * o + 3] = 255;
    }
  }
  return out;
}
