/**
 * The frame model's map over the crop it scored: cells that lean fake are tinted red in
 * proportion to their P(fake); cells that lean real keep the crop's own pixels.
 */
import { describe, expect, it } from 'vitest';
import { camOverlay } from '@/lib/ml/frame-model/cam-overlay';
import { BLEND_SIDE } from '@/lib/ml/frame-model/input';

const plane = BLEND_SIDE * BLEND_SIDE;

function grey(v: number): Float32Array {
  return new Float32Array(3 * plane).fill(v);
}

function pixel(rgba: Uint8ClampedArray, x: number, y: number): number[] {
  const o = 4 * (y * BLEND_SIDE + x);
  return [rgba[o]!, rgba[o + 1]!, rgba[o + 2]!, rgba[o + 3]!];
}

describe('camOverlay', () => {
  it('tints the cells that lean fake, more for higher P(fake), and leaves the rest', () => {
    const values = new Float32Array(16).fill(-3); // every cell leans real
    values[0] = 4; // top-left: strongly fake
    values[15] = 0.5; // bottom-right: a little fake
    const out = camOverlay(grey(0.5), { size: 4, values });
    expect(out).toHaveLength(4 * plane);
    const [r0, g0, b0, a0] = pixel(out, 5, 5);
    const [r1, g1] = pixel(out, BLEND_SIDE - 5, BLEND_SIDE - 5);
    const [r2, g2, b2] = pixel(out, BLEND_SIDE / 2 + 3, 5);
    expect([r2, g2, b2]).toEqual([128, 128, 128]); // a real-leaning cell: untouched
    expect(a0).toBe(255);
    expect(r0).toBeGreaterThan(180);
    expect(g0).toBeLessThan(80);
    expect(b0).toBeLessThan(80);
    expect(r1).toBeGreaterThan(128);
    expect(r1).toBeLessThan(r0!);
    expect(g1).toBeGreaterThan(g0!);
  });

  it('refuses inputs of the wrong size rather than drawing garbage', () => {
    expect(() =>
      camOverlay(new Float32Array(10), { size: 4, values: new Float32Array(16) }),
    ).toThrow(/input has 10 values/);
    expect(() => camOverlay(grey(0), { size: 4, values: new Float32Array(9) })).toThrow(
      /cam of size 4 has 9 values/,
    );
  });
});
