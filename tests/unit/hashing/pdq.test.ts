import { describe, expect, it } from 'vitest';
import { hammingDistance, PDQ_MATCH_DISTANCE } from '@/lib/hashing/hash256';
import { prepareLikeReferenceFileHasher, resizeNearest } from '@/lib/hashing/downscale';
import {
  DIHEDRAL_NAMES,
  PdqHasher,
  pdqHash,
  pdqHashDihedral,
  type PdqResult,
  type RgbaImage,
} from '@/lib/hashing/pdq';
import { expectedImageHashes, hasVectors, loadImage, noteSkip, prng, vectorsDir } from './fixtures';

noteSkip('pdq', hasVectors, `${vectorsDir} is absent (ThreatExchange test images)`);

const fileHashes = new Map<string, PdqResult>();
/**
 * Hash an image file the way ThreatExchange's pdq-photo-hasher (and its WASM build) does.
 * Memoised: decoding the 1600x1004 JPEGs with jpeg-js is the slow part of this suite.
 */
function hashFile(name: string): PdqResult {
  let result = fileHashes.get(name);
  if (!result) {
    result = pdqHash(prepareLikeReferenceFileHasher(loadImage(name)));
    fileHashes.set(name, result);
  }
  return result;
}

function synthetic(width: number, height: number, seed: number): RgbaImage {
  const next = prng(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  // Smooth blobs plus noise, so the image has real low-frequency structure.
  const cx = (next() % width) / 2 + width / 4;
  const cy = (next() % height) / 2 + height / 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = 128 + 100 * Math.sin((x - cx) / 17) * Math.cos((y - cy) / 23) + (next() % 21) - 10;
      const p = (y * width + x) * 4;
      data[p] = v;
      data[p + 1] = 255 - v;
      data[p + 2] = (x * 255) / width;
      data[p + 3] = 255;
    }
  }
  return { width, height, data };
}

// Decoding full-size JPEGs in JS takes seconds on a loaded 2-core machine.
describe.skipIf(!hasVectors)(
  'PDQ against the ThreatExchange reference hashes',
  { timeout: 60_000 },
  () => {
    const expected = hasVectors ? expectedImageHashes() : new Map<string, string>();

    // c.png is 1432x812, so this also checks the reference's squash to 512x512 (CImg
    // nearest neighbour); hashing it at full size instead gives distance 10.
    it.each(['c.png', 'small.jpg', 'wee.jpg'])('%s hashes bit-exactly', (name) => {
      const result = hashFile(name);
      expect(result.hash).toBe(expected.get(name));
      expect(result.quality).toBeGreaterThanOrEqual(0);
      expect(result.quality).toBeLessThanOrEqual(100);
    });

    it('gives the reference quality where it is known: flat gradient 0, photo 100', () => {
      // small.jpg is a smooth gradient: every 64x64 step rounds to 0% of full scale.
      expect(hashFile('small.jpg').quality).toBe(0);
      expect(hashFile('wee.jpg').quality).toBe(100);
    });

    // The same CSV lists the bridge edits. All but one are bit-exact here with jpeg-js's
    // decode. sharpen-a-lot.jpg is 2 bits off, and libjpeg-turbo's djpeg gives the very same
    // hash as jpeg-js, so it is not our decoder. The two bits are the DCT coefficients ranked
    // 127 and 128 around the median (0.10 and 0.32; 0.22 apart, tiny for a DCT coefficient):
    // upstream's ImageMagick decode differed by just enough to swap them.
    const bridge = [
      ['bridge-1-original.jpg', 'aaa-orig.jpg', 0],
      ['blur-a-little.jpg', 'blur-a-little.jpg', 0],
      ['blur-a-lot.jpg', 'blur-a-lot.jpg', 0],
      ['high-contrast.jpg', 'high-contrast.jpg', 0],
      ['high-saturation.jpg', 'high-saturation.jpg', 0],
      ['sharpen-a-little.jpg', 'sharpen-a-little.jpg', 0],
      ['sharpen-a-lot.jpg', 'sharpen-a-lot.jpg', 2],
      ['shrink-a-little.jpg', 'shrink-a-little.jpg', 0],
      ['shrink-a-lot.jpg', 'shrink-a-lot.jpg', 0],
      ['square-128x128.jpg', 'square-128x128.jpg', 0],
      ['square-256x256.jpg', 'square-256x256.jpg', 0],
      ['square-512x512.jpg', 'square-512x512.jpg', 0],
    ] as const;

    it.each(bridge)('%s is within %s bits of its reference hash', (file, ref, bound) => {
      expect(hammingDistance(hashFile(file).hash, expected.get(ref)!)).toBeLessThanOrEqual(bound);
    });

    it('matches every bridge edit to the original within distance 31', () => {
      const original = hashFile('bridge-1-original.jpg').hash;
      for (const [file] of bridge) {
        const d = hammingDistance(hashFile(file).hash, original);
        expect(d, file).toBeLessThanOrEqual(PDQ_MATCH_DISTANCE);
      }
    });

    it("the original's 8 dihedral hashes match the rotated and flipped files", () => {
      const files = [
        'bridge-1-original.jpg',
        'bridge-2-rotate-90.jpg',
        'bridge-3-rotate-180.jpg',
        'bridge-4-rotate-270.jpg',
        'bridge-5-flipx.jpg',
        'bridge-6-flipy.jpg',
        'bridge-7-flip-plus-1.jpg',
        'bridge-8-flip-minus-1.jpg',
      ];
      // Full-size hashing (no 512 squash) so rotations keep their aspect ratio.
      const dihedral = pdqHashDihedral(loadImage(files[0]!));
      expect(dihedral.hashes.original).toBe(pdqHash(loadImage(files[0]!)).hash);
      files.forEach((file, i) => {
        const actual = pdqHash(loadImage(file)).hash;
        const name = DIHEDRAL_NAMES[i]!;
        expect(hammingDistance(dihedral.hashes[name], actual), name).toBeLessThanOrEqual(8);
        // ...and no other transform comes anywhere near: the eight really are different.
        for (const other of DIHEDRAL_NAMES) {
          if (other === name) continue;
          expect(hammingDistance(dihedral.hashes[other], actual)).toBeGreaterThan(64);
        }
      });
    });
  },
);

describe('PDQ on synthetic images', () => {
  it('hashes are deterministic and a reused hasher gives the same answers', () => {
    const a = synthetic(300, 200, 1);
    const b = synthetic(64, 64, 2);
    const hasher = new PdqHasher();
    expect(hasher.hash(a)).toEqual(pdqHash(a));
    expect(hasher.hash(b)).toEqual(pdqHash(b));
    expect(hasher.hash(a)).toEqual(pdqHash(a));
  });

  it('sets half the bits (strictly above the median) on a structured image', () => {
    const { hash } = pdqHash(synthetic(257, 311, 3));
    const ones = hammingDistance(hash, '0'.repeat(64));
    expect(ones).toBe(128);
  });

  it('is robust to resizing and slight brightness change', () => {
    const img = synthetic(400, 300, 4);
    const small = resizeNearest(img, 200, 150);
    const bright = { ...img, data: img.data.map((v, i) => (i % 4 === 3 ? v : v + 12)) };
    const h = pdqHash(img).hash;
    expect(hammingDistance(h, pdqHash(small).hash)).toBeLessThanOrEqual(PDQ_MATCH_DISTANCE);
    expect(hammingDistance(h, pdqHash(bright).hash)).toBeLessThanOrEqual(PDQ_MATCH_DISTANCE);
    // Different content is far away.
    expect(hammingDistance(h, pdqHash(synthetic(400, 300, 99)).hash)).toBeGreaterThan(64);
  });

  it('rotating the pixels matches the rotate90 / rotate270 dihedral hashes', () => {
    const img = synthetic(120, 90, 5);
    const { width: w, height: h } = img;
    // Quarter turn; the reference's rotate90 (as bridge-2-rotate-90.jpg shows) is
    // anticlockwise, so clockwise is its rotate270.
    const turn = (clockwise: boolean): RgbaImage => {
      const out = new Uint8ClampedArray(img.data.length);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const src = (y * w + x) * 4;
          const dst = clockwise ? (x * h + (h - 1 - y)) * 4 : ((w - 1 - x) * h + y) * 4;
          out.set(img.data.subarray(src, src + 4), dst);
        }
      }
      return { width: h, height: w, data: out };
    };
    const dih = pdqHashDihedral(img).hashes;
    expect(hammingDistance(dih.rotate90, pdqHash(turn(false)).hash)).toBeLessThanOrEqual(8);
    expect(hammingDistance(dih.rotate270, pdqHash(turn(true)).hash)).toBeLessThanOrEqual(8);
  });

  it('ignores alpha and flat images get quality 0', () => {
    const img = synthetic(80, 80, 6);
    const clear = { ...img, data: img.data.map((v, i) => (i % 4 === 3 ? 0 : v)) };
    expect(pdqHash(clear)).toEqual(pdqHash(img));
    const flat = { width: 100, height: 100, data: new Uint8ClampedArray(40000).fill(90) };
    expect(pdqHash(flat).quality).toBe(0);
  });

  it('returns the all-zero hash with quality 0 below 5 pixels on a side, as upstream', () => {
    const tiny = { width: 4, height: 50, data: new Uint8ClampedArray(4 * 50 * 4).fill(200) };
    expect(pdqHash(tiny)).toEqual({ hash: '0'.repeat(64), quality: 0 });
    const dih = pdqHashDihedral(tiny);
    expect(new Set(Object.values(dih.hashes))).toEqual(new Set(['0'.repeat(64)]));
  });

  it('rejects a buffer that does not match its dimensions', () => {
    expect(() => pdqHash({ width: 10, height: 10, data: new Uint8Array(399) })).toThrow(RangeError);
  });
});
