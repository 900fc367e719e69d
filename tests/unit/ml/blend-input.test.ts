import { describe, expect, it } from 'vitest';
import { BLEND_MARGIN, BLEND_SIDE, blendInput, blendRegion } from '@/lib/ml/frame-model/input';
import type { Rgba } from '@/lib/tracks/measure';

function solid(width: number, height: number, rgb: [number, number, number]): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

describe('blend model input contract', () => {
  it('takes a square of BLEND_MARGIN x the longer side, centred on the box', () => {
    const r = blendRegion({ x: 100, y: 50, width: 80, height: 100 });
    expect(r.width).toBeCloseTo(BLEND_MARGIN * 100, 9);
    expect(r.height).toBe(r.width);
    expect(r.x + r.width / 2).toBeCloseTo(140, 9);
    expect(r.y + r.height / 2).toBeCloseTo(100, 9);
  });

  it('is NCHW RGB in [0, 1]', () => {
    const input = blendInput(solid(64, 64, [255, 51, 0]), { x: 10, y: 10, width: 40, height: 40 });
    const plane = BLEND_SIDE * BLEND_SIDE;
    expect(input.length).toBe(3 * plane);
    expect(input[0]).toBeCloseTo(1, 6);
    expect(input[plane + 123]).toBeCloseTo(0.2, 6);
    expect(input[2 * plane + 999]).toBe(0);
  });

  it('repeats the edge pixels where the region leaves the image', () => {
    const image = solid(40, 40, [0, 0, 0]);
    for (let x = 0; x < 40; x++) image.data.set([200, 200, 200, 255], x * 4); // top row light
    const input = blendInput(image, { x: 5, y: 0, width: 30, height: 30 });
    expect(input[0]).toBeCloseTo(200 / 255, 6); // above the image: clamped to the top row
    expect(input[(BLEND_SIDE - 1) * BLEND_SIDE]).toBe(0);
  });
});
