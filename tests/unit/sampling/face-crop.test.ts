import { describe, expect, it } from 'vitest';
import { MAX_FACE_CROP_SIDE } from '@/lib/messaging/frame-protocol';
import { FACE_CROP_MARGIN, faceCropRegion } from '@/lib/sampling/face-crop';

describe('faceCropRegion', () => {
  // A 1080p video sampled at 384x216 (scale 5), a face 40x50 px in the frame (200x250 source).
  const face = { x: 200 / 384, y: 100 / 216, width: 40 / 384, height: 50 / 216 };

  it('centres a square of the margin times the larger side on the face, in source pixels', () => {
    const r = faceCropRegion(face, 384, 216, 1920, 1080)!;
    expect(r.sourceSide).toBe(Math.round(FACE_CROP_MARGIN * 250));
    // Face centre in the source: (1100, 625).
    expect(r.sx + r.sourceSide / 2).toBeCloseTo(1100, 0);
    expect(r.sy + r.sourceSide / 2).toBeCloseTo(625, 0);
    expect(r.side).toBe(MAX_FACE_CROP_SIDE);
    expect(r.sourceScale).toBe(5);
  });

  it('gives the region in sampled-frame pixels, consistent with the source rectangle', () => {
    const r = faceCropRegion(face, 384, 216, 1920, 1080)!;
    expect(r.box.x * r.sourceScale).toBeCloseTo(r.sx, 6);
    expect(r.box.y * 5).toBeCloseTo(r.sy, 6);
    expect(r.box.width * r.sourceScale).toBeCloseTo(r.sourceSide, 6);
    expect(r.box.height).toBeCloseTo(r.box.width, 6);
    // The face box lies inside the region.
    expect(r.box.x).toBeLessThan(200);
    expect(r.box.x + r.box.width).toBeGreaterThan(240);
  });

  it('never upscales: a small source face keeps its own pixel count', () => {
    const small = { x: 0.4, y: 0.4, width: 0.1, height: 0.1 };
    const r = faceCropRegion(small, 384, 288, 640, 480)!;
    expect(r.sourceSide).toBe(Math.round(FACE_CROP_MARGIN * 64));
    expect(r.side).toBe(r.sourceSide);
    expect(r.side).toBeLessThanOrEqual(r.box.width * r.sourceScale + 1e-9);
  });

  it('gives nothing where the crop would not be finer than the frame', () => {
    // A video no larger than the frame.
    expect(faceCropRegion(face, 384, 216, 384, 216)).toBeNull();
    // A face so large in a 512 px video that the 320 px cap makes the crop coarser.
    const big = { x: 0.3, y: 0.3, width: 0.4, height: 0.4 };
    expect(faceCropRegion(big, 384, 384, 512, 512)).toBeNull();
    expect(faceCropRegion({ ...big, width: 0.2, height: 0.2 }, 384, 384, 512, 512)).not.toBeNull();
  });

  it('may reach past the video edges, but not miss it', () => {
    const corner = { x: -0.02, y: -0.02, width: 0.1, height: 0.1 };
    const r = faceCropRegion(corner, 384, 216, 1920, 1080)!;
    expect(r.sx).toBeLessThan(0);
    expect(r.sy).toBeLessThan(0);
    expect(faceCropRegion({ x: 3, y: 0.5, width: 0.1, height: 0.1 }, 384, 216, 1920, 1080)).toBe(
      null,
    );
  });

  it('gives nothing for a non-finite or tiny box', () => {
    expect(faceCropRegion({ ...face, x: NaN }, 384, 216, 1920, 1080)).toBeNull();
    expect(faceCropRegion({ ...face, width: Infinity }, 384, 216, 1920, 1080)).toBeNull();
    expect(
      faceCropRegion({ x: 0.5, y: 0.5, width: 0.001, height: 0.001 }, 384, 216, 1920, 1080),
    ).toBeNull();
    expect(faceCropRegion(face, 0, 216, 1920, 1080)).toBeNull();
  });
});
