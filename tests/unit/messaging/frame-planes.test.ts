import { describe, expect, it } from 'vitest';
import {
  MAX_PLANAR_PIXELS,
  parsePlanarFrame,
  planesByteLength,
} from '@/lib/messaging/frame-planes';
import { parseAck } from '@/lib/messaging/frame-protocol';
import { cropBox } from '@/lib/analysis/planar-render';
import { faceCropRegion } from '@/lib/sampling/face-crop';

function planar(overrides: Record<string, unknown> = {}, planes: Record<string, unknown> = {}) {
  return {
    kind: 'frame',
    videoId: 'vabc123',
    seq: 3,
    mediaTimeS: 1.5,
    captureTs: 1_700_000_000_000,
    captureMs: 0.3,
    postMs: 0.6,
    width: 384,
    height: 216,
    sourceWidth: 1920,
    sourceHeight: 1080,
    planes: {
      format: 'I420',
      codedWidth: 1920,
      codedHeight: 1080,
      colorSpace: { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false },
      data: new ArrayBuffer(1920 * 1080 * 1.5),
      crop: { sx: 900, sy: 300, sourceSide: 440, side: 320 },
      ...planes,
    },
    ...overrides,
  };
}

describe('planar frames', () => {
  it('knows the packed size of each format, odd sizes rounding chroma up', () => {
    expect(planesByteLength('I420', 4, 2)).toBe(8 + 2 * 2 * 1);
    expect(planesByteLength('I420', 5, 3)).toBe(15 + 2 * 3 * 2);
    expect(planesByteLength('NV12', 5, 3)).toBe(15 + 2 * 3 * 2);
    expect(planesByteLength('I420A', 4, 2)).toBe(16 + 4);
    expect(planesByteLength('I422', 4, 2)).toBe(8 + 2 * 2 * 2);
    expect(planesByteLength('I444', 4, 2)).toBe(24);
    expect(planesByteLength('RGBA', 4, 2)).toBe(32);
    expect(planesByteLength('BGRX', 4, 2)).toBe(32);
  });

  it('accepts a well-formed 1080p I420 frame with its crop and colour space', () => {
    const frame = parsePlanarFrame(planar());
    expect(frame.planes.format).toBe('I420');
    expect(frame.planes.crop).toEqual({ sx: 900, sy: 300, sourceSide: 440, side: 320 });
    expect(frame.planes.colorSpace).toEqual({
      primaries: 'bt709',
      transfer: 'bt709',
      matrix: 'bt709',
      fullRange: false,
    });
    expect(frame.postMs).toBe(0.6);
    expect(frame.sourceWidth).toBe(1920);
    expect('pixels' in frame).toBe(false);
  });

  it('refuses planes of the wrong length, an unknown format, or too many pixels', () => {
    expect(() => parsePlanarFrame(planar({}, { data: new ArrayBuffer(100) }))).toThrow(/length/);
    expect(() => parsePlanarFrame(planar({}, { data: new Uint8Array(10) }))).toThrow(/ArrayBuffer/);
    expect(() => parsePlanarFrame(planar({}, { format: 'I420P10' }))).toThrow(/format/);
    const side = Math.ceil(Math.sqrt(MAX_PLANAR_PIXELS)) + 2;
    expect(() =>
      parsePlanarFrame(
        planar(
          { sourceWidth: side, sourceHeight: side, width: 384, height: 384 },
          { codedWidth: side, codedHeight: side, data: new ArrayBuffer(side * side * 4) },
        ),
      ),
    ).toThrow(/too large/);
    // The header is checked as for any frame.
    expect(() => parsePlanarFrame(planar({ videoId: '../x' }))).toThrow();
    expect(() => parsePlanarFrame(planar({ sourceWidth: 100 }))).toThrow(/sourceWidth/);
  });

  it('drops a malformed crop or colour-space field, keeping the frame', () => {
    const upscaled = parsePlanarFrame(
      planar({}, { crop: { sx: 0, sy: 0, sourceSide: 100, side: 320 } }),
    );
    expect(upscaled.planes.crop).toBeUndefined();
    const far = parsePlanarFrame(
      planar({}, { crop: { sx: 99999, sy: 0, sourceSide: 400, side: 320 } }),
    );
    expect(far.planes.crop).toBeUndefined();
    const odd = parsePlanarFrame(
      planar({}, { colorSpace: { primaries: 'bogus', matrix: 'bt709', fullRange: 'yes' } }),
    );
    expect(odd.planes.colorSpace).toEqual({ matrix: 'bt709' });
  });

  it('places the crop where the page computed it in the sampled frame', () => {
    const face = { x: 0.45, y: 0.3, width: 0.1, height: 0.2 };
    const region = faceCropRegion(face, 384, 216, 1920, 1080)!;
    expect(region).not.toBeNull();
    const box = cropBox(region, { width: 384, height: 216, sourceWidth: 1920, sourceHeight: 1080 });
    expect(box.x).toBeCloseTo(region.box.x, 9);
    expect(box.y).toBeCloseTo(region.box.y, 9);
    expect(box.width).toBeCloseTo(region.box.width, 9);
    expect(box.height).toBeCloseTo(region.box.height, 9);
  });

  it('carries the host\'s "no planes" answer in an ack, and nothing else for it', () => {
    const ack = {
      kind: 'ack',
      tabId: 1,
      videoId: 'vabc123',
      seq: 0,
      captureTs: 1,
      queueDepth: 0,
      dropped: 0,
    };
    expect(parseAck({ ...ack, noPlanes: true }).noPlanes).toBe(true);
    expect(parseAck({ ...ack, noPlanes: 'yes' }).noPlanes).toBeUndefined();
  });
});
