import { describe, expect, it } from 'vitest';
import {
  parseVideoStart,
  parseVideoStop,
  parseVideoUnsupported,
} from '@/lib/messaging/content-protocol';
import { parseAck, parseFrame, base64ToBytes, bytesToBase64 } from '@/lib/messaging/frame-protocol';

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
