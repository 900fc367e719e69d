import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VideoFrameHashing } from '@/lib/analysis/frame-hashing';
import { KnownHashIndex, KnownIndexBuilder } from '@/lib/hashing/known-index';
import { PdqHasher, type RgbaImage } from '@/lib/hashing/pdq';
import { prng } from '../hashing/fixtures';
import { decodeFrames, HAS_FFMPEG } from '../../e2e/video-frames';

/** A photo-like image: smooth pattern from `seed`, plus per-frame noise from `noiseSeed`. */
function image(seed: number, noiseSeed: number, size = 128): RgbaImage {
  // A bilinear blow-up of a seeded 25x25 grid: broad low-frequency content, like a photo.
  const grid = prng(seed * 7919 + 1);
  const g = Array.from({ length: 625 }, () => grid() % 256);
  const next = prng(noiseSeed);
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = (x / size) * 24;
      const gy = (y / size) * 24;
      const x0 = Math.floor(gx);
      const y0 = Math.floor(gy);
      const fx = gx - x0;
      const fy = gy - y0;
      const at = (i: number, j: number) => g[j * 25 + i]!;
      const v =
        at(x0, y0) * (1 - fx) * (1 - fy) +
        at(x0 + 1, y0) * fx * (1 - fy) +
        at(x0, y0 + 1) * (1 - fx) * fy +
        at(x0 + 1, y0 + 1) * fx * fy +
        (next() % 9) -
        4;
      const p = (y * size + x) * 4;
      data[p] = v;
      data[p + 1] = v;
      data[p + 2] = v;
      data[p + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

function flat(size = 64): RgbaImage {
  return { width: size, height: size, data: new Uint8ClampedArray(size * size * 4).fill(90) };
}

function asFrame(img: RgbaImage, mediaTimeS: number) {
  const pixels = new ArrayBuffer(img.data.length);
  new Uint8Array(pixels).set(img.data);
  return { mediaTimeS, width: img.width, height: img.height, pixels };
}

const hasher = new PdqHasher();
const hashOf = (img: RgbaImage) => hasher.hash(img).hash;

function indexOf(label: string, hashes: string[], list = { id: 'L1', name: 'Known' }) {
  return new KnownIndexBuilder()
    .addList(
      list,
      hashes.map((hash) => ({ hash, label })),
    )
    .build();
}

describe('VideoFrameHashing', () => {
  it('hashes about two frames per second of media time and restarts on a seek back', () => {
    const h = new VideoFrameHashing();
    const img = image(1, 1);
    const hashedAt: number[] = [];
    for (let i = 0; i < 24; i++) if (h.offer(asFrame(img, i / 8))) hashedAt.push(i / 8);
    expect(hashedAt).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(h.offer(asFrame(img, 0.2))).toBe(true);
    expect(h.summary(0).hashed).toBe(7);
  });

  it('ignores low-quality frames and folds identical consecutive frames', () => {
    const h = new VideoFrameHashing();
    h.offer(asFrame(flat(), 0));
    const img = image(2, 5);
    for (let i = 1; i <= 4; i++) h.offer(asFrame(img, i));
    h.offer(asFrame(image(3, 5), 5));
    const s = h.summary(0);
    expect(s).toMatchObject({ hashed: 6, usable: 5, distinct: 2, listHashes: 0 });
    expect(s.sample).toEqual([hashOf(img), hashOf(image(3, 5))]);
    expect(s.hashMs.count).toBe(6);
  });

  it('matches once 3 frames and half of the usable frames hit one item', () => {
    const known = [0, 1, 2, 3].map((s) => hashOf(image(10 + s, 100 + s)));
    const index = indexOf('Fake speech', known);
    const h = new VideoFrameHashing();
    // Same scenes, different noise: near but not identical hashes.
    h.offer(asFrame(image(10, 7), 0));
    h.offer(asFrame(image(11, 7), 0.5));
    expect(h.match(index)).toBeUndefined(); // 2 frames: not enough
    h.offer(asFrame(image(12, 7), 1));
    const match = h.match(index);
    expect(match).toMatchObject({
      label: 'Fake speech',
      listName: 'Known',
      matchedFrames: 3,
      hashedFrames: 3,
    });
    expect(match!.distance).toBeLessThanOrEqual(31);
  });

  it('does not match when the hits are under half of the usable frames', () => {
    const index = indexOf('x', [
      hashOf(image(10, 100)),
      hashOf(image(11, 100)),
      hashOf(image(12, 100)),
    ]);
    const h = new VideoFrameHashing();
    for (let s = 0; s < 4; s++) h.offer(asFrame(image(40 + s, 1), s)); // unrelated first
    for (let s = 0; s < 3; s++) h.offer(asFrame(image(10 + s, 9), 4 + s));
    expect(h.summary(3).usable).toBe(7);
    expect(h.match(index)).toBeUndefined();
  });

  it('counts folded duplicates, keeps a declared match and starts over on a new index', () => {
    const target = image(20, 3);
    const index = indexOf('Still', [hashOf(target)]);
    const h = new VideoFrameHashing();
    for (let t = 0; t < 3; t++) h.offer(asFrame(target, t));
    expect(h.summary(1).distinct).toBe(1);
    expect(h.match(index)).toMatchObject({ matchedFrames: 3, hashedFrames: 3, distance: 0 });
    for (let t = 3; t < 10; t++) h.offer(asFrame(image(50 + t, 1), t));
    expect(h.match(index)).toMatchObject({ label: 'Still', hashedFrames: 10 }); // sticky
    expect(h.match(KnownHashIndex.empty())).toBeUndefined();
    expect(h.match(null)).toBeUndefined();
    expect(h.match(index)).toBeUndefined(); // re-judged: now 3 of 10
  });

  it('picks the item with the most matched frames and names its list fields', () => {
    const a = [0, 1, 2].map((s) => hashOf(image(60 + s, 1)));
    const b = [hashOf(image(70, 1))];
    const index = new KnownIndexBuilder()
      .addList(
        { id: 'A', name: 'List A' },
        a.map((hash) => ({ hash, label: 'A video' })),
      )
      .addList(
        { id: 'B', name: 'List B' },
        b.map((hash) => ({ hash, source: 'ThreatExchange', url: 'https://example.org/b' })),
      )
      .build();
    expect(index.items.map((i) => i.label)).toEqual(['A video', 'List B']);
    const h = new VideoFrameHashing();
    [60, 61, 62].forEach((s, i) => h.offer(asFrame(image(s, 2), i)));
    expect(h.match(index)?.listName).toBe('List A');
    const g = new VideoFrameHashing();
    for (let t = 0; t < 3; t++) g.offer(asFrame(image(70, 2 + t), t));
    expect(g.match(index)).toMatchObject({
      label: 'List B',
      source: 'ThreatExchange',
      url: 'https://example.org/b',
    });
  });
});

const MEDIA = path.resolve(__dirname, '../../../../shared/fixtures/media');
const FAKE = path.join(MEDIA, 'fake__SadTalker__camera_RD_Radio31.mp4');
const OTHER = path.join(MEDIA, 'real__hdtf__RD_Radio2_000_yuv420p.mp4');
const { existsSync } = await import('node:fs');
const HAS_MEDIA = HAS_FFMPEG && existsSync(FAKE) && existsSync(OTHER);
if (!HAS_MEDIA) console.log('[frame-hashing] real-media test skipped: ffmpeg or ../shared absent');

describe.skipIf(!HAS_MEDIA)('VideoFrameHashing on real media', () => {
  it('matches a downscaled replay of a listed video, and not another video', async () => {
    // List: every 4th of 25 fps at the file's own size (as vpdq-hash-video would, thinned).
    const listed = await decodeFrames(FAKE, { fps: 6.25 });
    const index = indexOf(
      'SadTalker clip',
      listed
        .map((f) => hasher.hash(f))
        .filter((r) => r.quality >= 50)
        .map((r) => r.hash),
    );
    // Playback: 8 fps frames at most 192 px a side, as a small player would sample them.
    for (const [file, expected] of [
      [FAKE, true],
      [OTHER, false],
    ] as const) {
      const played = await decodeFrames(file, { fps: 8, maxSide: 192, maxFrames: 40 });
      const h = new VideoFrameHashing();
      for (const f of played) h.offer(asFrame(f, f.seconds));
      const match = h.match(index);
      expect(h.summary(index.size).usable).toBeGreaterThanOrEqual(8);
      if (expected) expect(match).toMatchObject({ label: 'SadTalker clip' });
      else expect(match).toBeUndefined();
    }
  }, 60_000); // ffmpeg decoding; slow on a busy machine
});
