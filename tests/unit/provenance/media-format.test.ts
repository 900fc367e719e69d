import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaFormat, sniffFormat } from '@/lib/provenance/media-format';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );

describe('sniffFormat', () => {
  it('tells the formats Content Credentials are read from by their first bytes', () => {
    expect(sniffFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffFormat(bytes([0x89], 'PNG', [13, 10, 26, 10]))).toBe('image/png');
    expect(sniffFormat(bytes('RIFF', [0, 0, 0, 0], 'WEBP'))).toBe('image/webp');
    expect(sniffFormat(bytes([0, 0, 0, 32], 'ftypisom'))).toBe('video/mp4');
    expect(sniffFormat(bytes([0, 0, 0, 20], 'ftypqt  '))).toBe('video/quicktime');
    expect(sniffFormat(bytes([0, 0, 0, 20], 'ftypavif'))).toBe('image/avif');
    expect(sniffFormat(bytes('hello world!'))).toBeNull();
    expect(sniffFormat(new Uint8Array())).toBeNull();
  });

  const fixtures = path.resolve('../shared/fixtures/c2pa');
  it.skipIf(!existsSync(fixtures))('sniffs the shared C2PA fixtures', () => {
    const head = (f: string) =>
      new Uint8Array(readFileSync(path.join(fixtures, f)).subarray(0, 16));
    expect(sniffFormat(head('C.jpg'))).toBe('image/jpeg');
    expect(sniffFormat(head('video1.mp4'))).toBe('video/mp4');
    expect(sniffFormat(head('c.mov'))).toBe('video/quicktime');
    expect(sniffFormat(head('sample1.webp'))).toBe('image/webp');
  });
});

describe('mediaFormat', () => {
  const supported = (f: string) => ['image/jpeg', 'video/mp4', 'image/png'].includes(f);
  it('prefers the bytes over the claimed type, and falls back to a supported type', () => {
    expect(mediaFormat(bytes([0xff, 0xd8, 0xff]), 'video/mp4', supported)).toBe('image/jpeg');
    expect(mediaFormat(bytes('????'), 'Video/MP4; codecs=avc1', supported)).toBe('video/mp4');
    expect(mediaFormat(bytes('????'), 'text/html', supported)).toBeNull();
    expect(mediaFormat(bytes('????'), '', supported)).toBeNull();
  });
});
