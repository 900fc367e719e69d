import { describe, expect, it } from 'vitest';
import {
  parseVideoStart,
  parseVideoStop,
  parseVideoUnsupported,
} from '@/lib/messaging/content-protocol';
import {
  MAX_FACE_CROP_SIDE,
  base64ToBytes,
  bytesToBase64,
  decodePortFrame,
  encodePortFrame,
  parseAck,
  parseFrame,
  type FrameMessage,
} from '@/lib/messaging/frame-protocol';

const page = { url: 'https://example.com/watch', title: 'A video' };

function frame(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'frame',
    videoId: 'vabc123',
    seq: 3,
    mediaTimeS: 1.5,
    captureTs: 1_700_000_000_000,
    captureMs: 0.7,
    width: 4,
    height: 2,
    pixels: new ArrayBuffer(4 * 2 * 4),
    ...overrides,
  };
}

describe('content -> background payloads', () => {
  it('accepts a well-formed start and drops unknown keys', () => {
    const parsed = parseVideoStart({ videoId: 'v1', page, width: 640, height: 360, evil: 1 });
    expect(parsed).toEqual({ videoId: 'v1', page, width: 640, height: 360 });
  });

  it.each([
    ['null', null],
    ['array', []],
    ['missing id', { page, width: 1, height: 1 }],
    ['id with markup', { videoId: '<img onerror=x>', page, width: 1, height: 1 }],
    ['overlong id', { videoId: 'a'.repeat(65), page, width: 1, height: 1 }],
    ['non-http page', { videoId: 'v1', page: { url: 'javascript:alert(1)' }, width: 1, height: 1 }],
    ['negative width', { videoId: 'v1', page, width: -1, height: 1 }],
    ['NaN height', { videoId: 'v1', page, width: 1, height: Number.NaN }],
    ['string width', { videoId: 'v1', page, width: '640', height: 1 }],
  ])('rejects a start with %s', (_name, payload) => {
    expect(() => parseVideoStart(payload)).toThrow();
  });

  it('keeps a site context: site, media id, author, permalink', () => {
    const context = {
      ...page,
      site: 'x',
      mediaId: 'x:957383241714970624',
      author: '@verge',
      postUrl: 'https://x.com/verge/status/957383241714970624',
    };
    const parsed = parseVideoStart({
      videoId: 'v1',
      page: { ...context, extra: 1 },
      width: 1,
      height: 1,
    });
    expect(parsed.page).toEqual(context);
  });

  it.each([
    ['unknown site', { site: 'myspace' }],
    ['media id without site prefix', { mediaId: '957383241714970624' }],
    ['media id with markup', { mediaId: 'x:<script>' }],
    ['overlong author', { author: 'a'.repeat(257) }],
    ['non-http permalink', { postUrl: 'javascript:alert(1)' }],
  ])('rejects a page context with %s', (_name, extra) => {
    expect(() =>
      parseVideoStart({ videoId: 'v1', page: { ...page, ...extra }, width: 1, height: 1 }),
    ).toThrow();
  });

  it('accepts only known stop reasons', () => {
    expect(parseVideoStop({ videoId: 'v1', reason: 'paused' })).toEqual({
      videoId: 'v1',
      reason: 'paused',
    });
    expect(() => parseVideoStop({ videoId: 'v1', reason: 'exploded' })).toThrow(/reason/);
  });

  it('bounds the unsupported reason', () => {
    expect(parseVideoUnsupported({ videoId: 'v1', reason: 'drm', page }).reason).toBe('drm');
    expect(() => parseVideoUnsupported({ videoId: 'v1', reason: 'x'.repeat(301), page })).toThrow();
  });
});

describe('frames', () => {
  it('accepts a frame whose buffer matches its size', () => {
    const parsed = parseFrame(frame({ rttMs: 5 }));
    expect(parsed.width).toBe(4);
    expect(parsed.rttMs).toBe(5);
  });

  it.each([
    ['wrong buffer length', { pixels: new ArrayBuffer(10) }],
    ['typed array instead of buffer', { pixels: new Uint8Array(32) }],
    ['plain object pixels (what runtime messaging delivers)', { pixels: { 0: 1 } }],
    ['huge width', { width: 5000, pixels: new ArrayBuffer(5000 * 2 * 4) }],
    ['zero height', { height: 0, pixels: new ArrayBuffer(0) }],
    ['fractional seq', { seq: 1.5 }],
    ['negative media time', { mediaTimeS: -1 }],
    ['wrong kind', { kind: 'ack' }],
  ])('rejects %s', (_name, overrides) => {
    expect(() => parseFrame(frame(overrides))).toThrow();
  });

  describe('native face crops (issue #15)', () => {
    function crop(overrides: Record<string, unknown> = {}) {
      return {
        box: { x: 1, y: -2, width: 20, height: 20 },
        side: 8,
        sourceScale: 5,
        pixels: new ArrayBuffer(8 * 8 * 4),
        ...overrides,
      };
    }

    it('keeps a well-formed crop and the source size', () => {
      const parsed = parseFrame(frame({ faceCrop: crop(), sourceWidth: 20, sourceHeight: 10 }));
      expect(parsed.faceCrop?.side).toBe(8);
      expect(parsed.faceCrop?.box).toEqual({ x: 1, y: -2, width: 20, height: 20 });
      expect(parsed.faceCrop?.pixels.byteLength).toBe(256);
      expect([parsed.sourceWidth, parsed.sourceHeight]).toEqual([20, 10]);
    });

    it.each([
      [
        'a side over the cap',
        { side: MAX_FACE_CROP_SIDE + 1, pixels: new ArrayBuffer(321 * 321 * 4) },
      ],
      ['a wrong byte length', { pixels: new ArrayBuffer(10) }],
      ['a typed array', { pixels: new Uint8Array(256) }],
      ['a non-finite box', { box: { x: NaN, y: 0, width: 20, height: 20 } }],
      ['a missing box', { box: undefined }],
      ['a zero-width box', { box: { x: 0, y: 0, width: 0, height: 20 } }],
      ['a source scale out of range', { sourceScale: 1e6 }],
      ['an upscaled crop', { sourceScale: 0.1 }],
      ['a fractional side', { side: 7.5 }],
    ])('drops a crop with %s and keeps the frame', (_name, overrides) => {
      const parsed = parseFrame(frame({ faceCrop: crop(overrides) }));
      expect(parsed.faceCrop).toBeUndefined();
      expect(parsed.pixels.byteLength).toBe(32);
    });

    it.each([
      ['smaller than the frame', { sourceWidth: 2, sourceHeight: 2 }],
      ['half given', { sourceWidth: 20 }],
      ['huge', { sourceWidth: 1e6, sourceHeight: 10 }],
    ])('rejects a source size %s', (_name, overrides) => {
      expect(() => parseFrame(frame(overrides))).toThrow();
    });

    it('carries the crop over the Port fallback as base64', () => {
      const pixels = new Uint8Array(32).map((_, i) => i);
      const cropPixels = new Uint8Array(256).map((_, i) => 255 - i);
      const sent = {
        ...frame(),
        pixels: pixels.buffer,
        faceCrop: crop({ pixels: cropPixels.buffer }),
      } as FrameMessage;
      const wire = JSON.parse(JSON.stringify(encodePortFrame(sent))) as Record<string, unknown>;
      const got = decodePortFrame(wire);
      expect(got.transport).toBe('port');
      expect(new Uint8Array(got.pixels)).toEqual(pixels);
      expect(new Uint8Array(got.faceCrop!.pixels)).toEqual(cropPixels);
      expect(got.faceCrop?.box).toEqual(sent.faceCrop?.box);
    });
  });

  it('keeps a valid face box in an ack and drops a malformed one', () => {
    const ack = {
      kind: 'ack',
      tabId: 3,
      videoId: 'v1',
      seq: 2,
      captureTs: 1,
      queueDepth: 0,
      dropped: 0,
    };
    const face = { x: 0.25, y: 0.1, width: 0.2, height: 0.3 };
    expect(parseAck({ ...ack, face }).face).toEqual(face);
    expect(parseAck({ ...ack, face: { ...face, width: NaN } })).toEqual(ack);
    expect(parseAck({ ...ack, face: 'x' })).toEqual(ack);
  });

  it('round-trips acks and base64', () => {
    const ack = {
      kind: 'ack',
      tabId: 3,
      videoId: 'v1',
      seq: 2,
      captureTs: 1,
      queueDepth: 0,
      dropped: 0,
    };
    expect(parseAck(ack)).toEqual(ack);
    expect(() => parseAck({ ...ack, queueDepth: -1 })).toThrow();
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });

  it('uses the native base64 methods where the platform has them, with the same text', () => {
    const bytes = new Uint8Array(70_001).map((_, i) => (i * 37) % 256);
    const fallback = bytesToBase64(bytes);
    const proto = Uint8Array.prototype as { toBase64?: () => string };
    const ctor = Uint8Array as { fromBase64?: (text: string) => Uint8Array };
    const calls: string[] = [];
    proto.toBase64 = function (this: Uint8Array) {
      calls.push('to');
      return Buffer.from(this).toString('base64');
    };
    ctor.fromBase64 = (text) => {
      calls.push('from');
      return new Uint8Array(Buffer.from(text, 'base64'));
    };
    try {
      expect(bytesToBase64(bytes)).toBe(fallback);
      expect(base64ToBytes(fallback)).toEqual(bytes);
      expect(calls).toEqual(['to', 'from']);
    } finally {
      delete proto.toBase64;
      delete ctor.fromBase64;
    }
  });
});
