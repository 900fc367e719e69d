import { describe, expect, it } from 'vitest';
import { mesonetInput, mesonetRegion } from '@/lib/ml/onnx/mesonet-input';
import {
  containsBox,
  crop,
  frameBoxToImage,
  imageBoxToFrame,
  meanRgb,
  measureFace,
  type Rgba,
} from '@/lib/tracks/measure';

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

describe('native face crops (issue #15)', () => {
  it('maps frame boxes into a crop region and back', () => {
    const region = { x: 40, y: -10, width: 80, height: 80 };
    const box = { x: 60, y: 10, width: 20, height: 30 };
    const inCrop = frameBoxToImage(box, region, 320, 320);
    // crop px = (p - region.x) * side / region.width
    expect(inCrop).toEqual({ x: 80, y: 80, width: 80, height: 120 });
    expect(imageBoxToFrame(inCrop, region, 320, 320)).toEqual(box);
    expect(containsBox(region, box)).toBe(true);
    expect(containsBox(region, { ...box, x: 110 })).toBe(false);
  });

  it('measures a face from a native crop as from the frame, with crop boxes in frame pixels', () => {
    // A smooth frame, and the same scene at 4x the resolution over a region of it.
    const shade = (x: number, y: number): [number, number, number, number] => [
      Math.round(x * 2),
      Math.round(y * 2),
      Math.round(100 + x - y),
      255,
    ];
    const frameImage: Rgba = {
      width: 100,
      height: 100,
      data: new Uint8ClampedArray(100 * 100 * 4),
    };
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 100; x++) frameImage.data.set(shade(x + 0.5, y + 0.5), (y * 100 + x) * 4);
    }
    const region = { x: 20, y: 20, width: 60, height: 60 };
    const side = 240;
    const native: Rgba = {
      width: side,
      height: side,
      data: new Uint8ClampedArray(side * side * 4),
    };
    for (let v = 0; v < side; v++) {
      for (let u = 0; u < side; u++) {
        const x = region.x + ((u + 0.5) * region.width) / side;
        const y = region.y + ((v + 0.5) * region.height) / side;
        native.data.set(shade(x, y), (v * side + u) * 4);
      }
    }
    const landmarks = new Float32Array(478 * 3);
    for (let i = 0; i < 478; i++) {
      landmarks[i * 3] = 0.2 + (0.6 * ((i * 7) % 10)) / 10;
      landmarks[i * 3 + 1] = 0.2 + (0.6 * ((i * 3) % 10)) / 10;
    }
    const sample = { box: { x: 35, y: 35, width: 30, height: 30 }, landmarks };
    const fromFrame = measureFace(frameImage, sample);
    const fromCrop = measureFace(native, sample, region);
    for (const key of ['forehead', 'leftCheek', 'rightCheek'] as const) {
      const a = fromFrame.skin![key];
      const b = fromCrop.skin![key];
      for (let c = 0; c < 3; c++) expect(Math.abs(a[c]! - b[c]!)).toBeLessThan(3);
    }
    const faceCrop = fromCrop.crops!.face!;
    // The face crop covers the grown face box in frame pixels, with more pixels than the frame.
    expect(faceCrop.box.x).toBeCloseTo(35 - 7.5, 0);
    expect(faceCrop.box.width).toBeCloseTo(45, 0);
    expect(faceCrop.width).toBeGreaterThan(fromFrame.crops!.face!.width);
    expect(faceCrop.width).toBeLessThanOrEqual(112);
  });

  it('feeds MesoNet the same face from the crop as from the frame', () => {
    const image = halves(200, 200);
    const face = { x: 70, y: 70, width: 60, height: 60 };
    const region = { x: 40, y: 40, width: 120, height: 120 };
    const native = halves(240, 240); // region 40..160 at 2x: the red/blue edge at x = 100 -> 120
    const a = mesonetInput(image, face);
    const b = mesonetInput(native, frameBoxToImage(face, region, 240, 240));
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
    expect(diff / a.length).toBeLessThan(0.01);
  });
});
