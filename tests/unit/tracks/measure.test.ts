import { describe, expect, it } from 'vitest';
import { mesonetInput, mesonetRegion } from '@/lib/ml/onnx/mesonet-input';
import { crop, meanRgb, measureFace, type Rgba } from '@/lib/tracks/measure';

/** An image whose left half is red and right half blue. */
function halves(width: number, height: number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set(x < width / 2 ? [200, 0, 0, 255] : [0, 0, 200, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

describe('pixel measurements', () => {
  it('averages colour inside a box and clips boxes to the image', () => {
    const image = halves(100, 50);
    expect(meanRgb(image, { x: 0, y: 0, width: 50, height: 50 })).toEqual([200, 0, 0]);
    expect(meanRgb(image, { x: 0, y: 0, width: 100, height: 50 })).toEqual([100, 0, 100]);
    expect(meanRgb(image, { x: 200, y: 0, width: 10, height: 10 })).toBeNull();
  });

  it('downscales crops to the size cap and never upscales', () => {
    const image = halves(400, 300);
    const big = crop(image, { x: 0, y: 0, width: 400, height: 200 }, 100);
    expect([big?.width, big?.height]).toEqual([100, 50]);
    expect(big?.data[0]).toBe(200);
    const small = crop(image, { x: 10, y: 10, width: 20, height: 10 }, 100);
    expect([small?.width, small?.height]).toEqual([20, 10]);
    const clipped = crop(image, { x: -50, y: -50, width: 100, height: 100 }, 100);
    expect(clipped?.box).toEqual({ x: 0, y: 0, width: 50, height: 50 });
  });

  it('measures skin and crops for a face whose landmarks sit inside the image', () => {
    const image = halves(320, 240);
    const landmarks = new Float32Array(478 * 3).fill(0.5);
    const out = measureFace(image, { box: { x: 60, y: 40, width: 120, height: 150 }, landmarks });
    expect(out.skin?.forehead).toHaveLength(3);
    expect(out.crops?.face?.width).toBeLessThanOrEqual(112);
    expect(out.crops?.face?.data.length).toBe(
      (out.crops?.face?.width ?? 0) * (out.crops?.face?.height ?? 0) * 4,
    );
  });

  it('builds MesoNet input as 256x256x3 in [0, 1] around the face', () => {
    const region = mesonetRegion({ x: 100, y: 100, width: 100, height: 100 });
    expect(region.width).toBeCloseTo(140);
    expect(region.y + region.height / 2).toBeGreaterThan(150);
    const input = mesonetInput(halves(400, 400), { x: 0, y: 100, width: 200, height: 200 });
    expect(input).toHaveLength(256 * 256 * 3);
    expect(input.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(1);
    // Left of the crop is red (the face box sits in the red half's left part).
    expect(input[(128 * 256 + 10) * 3]).toBeCloseTo(200 / 255, 2);
  });
});
