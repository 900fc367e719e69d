import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hammingDistance, wordsToHex } from '@/lib/hashing/hash256';
import { PdqHasher } from '@/lib/hashing/pdq';
import {
  formatVpdqHashFile,
  matchVideos,
  parseVpdqHashFile,
  pruneConsecutiveFrames,
  type VpdqFeature,
} from '@/lib/hashing/vpdq';
import {
  flipBits,
  forEachVideoFrame,
  hasFfmpeg,
  hasVectors,
  noteSkip,
  prng,
  randomHashes,
  videoHashesDir,
  videosDir,
} from './fixtures';

noteSkip('vpdq', hasVectors, `${videoHashesDir} is absent (reference vPDQ hashes)`);
noteSkip('vpdq-ffmpeg', hasVectors && hasFfmpeg, 'needs ffmpeg and the sample videos');

function reference(name: string): VpdqFeature[] {
  const parsed = parseVpdqHashFile(readFileSync(path.join(videoHashesDir, `${name}.txt`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

const H0 = 'e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c';

describe('parseVpdqHashFile', () => {
  it('reads frameNumber,quality,pdqHex,seconds and round-trips', () => {
    const text = `0,100,${H0},0.000\n1,49,${H0.toUpperCase()},0.033\r\n\n`;
    const parsed = parseVpdqHashFile(text);
    expect(parsed).toEqual({
      ok: true,
      value: [
        { frameNumber: 0, quality: 100, hash: H0, seconds: 0 },
        { frameNumber: 1, quality: 49, hash: H0, seconds: 0.033 },
      ],
    });
    if (parsed.ok)
      expect(formatVpdqHashFile(parsed.value)).toBe(`0,100,${H0},0.000\n1,49,${H0},0.033\n`);
  });

  it.each([
    ['three fields', `0,100,${H0}`, 'line 1: expected 4 fields'],
    ['short hash', `0,100,${H0.slice(1)},0.0`, 'line 1: hash is not 64 hex digits'],
    ['non-hex', `0,100,${'g'.repeat(64)},0.0`, 'hash is not 64 hex digits'],
    ['quality > 100', `0,101,${H0},0.0`, 'quality "101" is not 0..100'],
    ['negative frame', `-1,100,${H0},0.0`, 'frame number "-1"'],
    ['bad seconds', `0,100,${H0},soon`, 'seconds "soon"'],
  ])('rejects a file with %s, naming the line', (_name, line, message) => {
    const parsed = parseVpdqHashFile(`0,100,${H0},0.000\n${line}\n`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(message.replace('line 1', 'line 2'));
  });
});

describe('matchVideos semantics', () => {
  const next = prng(7);
  const base = randomHashes(10, next);
  const frames = (words: Uint32Array, quality = 100): VpdqFeature[] =>
    Array.from({ length: words.length / 8 }, (_, i) => ({
      frameNumber: i,
      quality,
      hash: wordsToHex(words, i * 8),
      seconds: i / 30,
    }));
  const a = frames(base);

  it('counts matches at distance <= 31 inclusive, not < 31', () => {
    const at31 = frames(flipBits(base.subarray(0, 8), 31, next));
    const at32 = frames(flipBits(base.subarray(0, 8), 32, next));
    expect(matchVideos(at31, a).queryShare).toBe(1);
    expect(matchVideos(at32, a).queryShare).toBe(0);
  });

  it('drops frames below quality 50 and exact duplicates before counting', () => {
    const noisy = [...a, ...a, ...frames(randomHashes(5, next), 10)];
    const result = matchVideos(noisy, a);
    expect(result.queryFrames).toBe(10);
    expect(result.queryShare).toBe(1);
    expect(result.targetShare).toBe(1);
  });

  it('defaults to upstream thresholds: 80% of the query, any share of the target', () => {
    // Query = 8 of the 10 frames plus 2 unrelated: 80% of query frames match, 80% of target.
    const partial = [...a.slice(0, 8), ...frames(randomHashes(2, next))];
    expect(matchVideos(partial, a)).toMatchObject({
      queryShare: 0.8,
      targetShare: 0.8,
      isMatch: true,
    });
    // A short clip of a longer known video matches; the reverse direction does not.
    const clip = a.slice(0, 3);
    expect(matchVideos(clip, a)).toMatchObject({ queryShare: 1, targetShare: 0.3, isMatch: true });
    expect(matchVideos(a, clip).isMatch).toBe(false);
    expect(matchVideos(clip, a, { targetThreshold: 0.8 }).isMatch).toBe(false);
  });

  it('reports no match when a side has no usable frames', () => {
    expect(matchVideos(frames(base, 20), a)).toMatchObject({ queryFrames: 0, isMatch: false });
    expect(matchVideos([], a).isMatch).toBe(false);
  });

  it('prunes consecutive near-identical frames but keeps returning content', () => {
    const f0 = a[0]!;
    const near = {
      ...f0,
      frameNumber: 1,
      hash: wordsToHex(flipBits(base.subarray(0, 8), 2, next)),
    };
    const other = { ...a[1]!, frameNumber: 2 };
    const back = { ...f0, frameNumber: 3 };
    expect(pruneConsecutiveFrames([f0, near, other, back]).map((f) => f.frameNumber)).toEqual([
      0, 2, 3,
    ]);
    expect(pruneConsecutiveFrames([f0, near], 1)).toHaveLength(2);
  });
});

describe.skipIf(!hasVectors)('vPDQ on the reference per-frame hashes', () => {
  it('parses every reference file', () => {
    const chair = reference('chair-19-sd-bar');
    expect(chair).toHaveLength(564);
    expect(chair[1]).toEqual({
      frameNumber: 1,
      quality: 100,
      hash: 'c0f11178372c6aaccddea259648fbfd62f434c89c9e99b249772be216c8d055c',
      seconds: 0.033,
    });
  });

  it.each([
    ['chair-22-with-small-logo-bar', 'chair-orig-22-sd-bar'],
    ['chair-22-sd-grey-bar', 'chair-orig-22-sd-bar'],
    ['chair-22-sd-sepia-bar', 'chair-orig-22-sd-bar'],
    ['pattern-sd-with-small-logo-bar', 'pattern-sd-grey-bar'],
    ['chair-19-sd-bar', 'chair-20-sd-bar'],
  ])('%s matches %s by share of frames, both ways', (variant, original) => {
    const result = matchVideos(reference(variant), reference(original));
    expect(result.isMatch).toBe(true);
    expect(result.queryShare).toBeGreaterThanOrEqual(0.8);
    expect(result.targetShare).toBeGreaterThanOrEqual(0.8);
    expect(matchVideos(reference(original), reference(variant)).isMatch).toBe(true);
  });

  it('a large logo covers too much of the frame: about 11% of frames match', () => {
    const result = matchVideos(
      reference('chair-22-with-large-logo-bar'),
      reference('chair-orig-22-sd-bar'),
    );
    expect(result.isMatch).toBe(false);
    expect(result.queryShare).toBeLessThan(0.2);
  });

  it.each([
    ['chair-orig-22-sd-bar', 'pattern-sd-grey-bar'],
    ['chair-orig-22-sd-bar', 'doorknob-hd-no-bar'],
    ['pattern-hd-no-bar', 'doorknob-hd-no-bar'],
  ])('unrelated %s and %s share no frames', (x, y) => {
    const result = matchVideos(reference(x), reference(y));
    expect(result).toMatchObject({ queryShare: 0, targetShare: 0, isMatch: false });
  });

  it('pruning drops near-repeat frames and keeps the match', () => {
    // The chair clip pans, so consecutive frames drift quickly: 673 -> 625 at distance 2,
    // 545 at 8.
    const pruned = pruneConsecutiveFrames(reference('chair-22-sd-grey-bar'), 8);
    expect(pruned.length).toBe(545);
    expect(matchVideos(pruned, reference('chair-orig-22-sd-bar')).isMatch).toBe(true);
  });
});

describe.skipIf(!hasVectors || !hasFfmpeg)(
  'vPDQ frames decoded with ffmpeg vs the reference',
  () => {
    // vpdq-hash-video decodes every frame and converts it with sws_scale(SWS_LANCZOS) to
    // RGB24 at full size before PDQ. ffmpeg 5's CLI with lanczos+accurate_rnd reproduces
    // that conversion closely: on this clip 653 of 673 frames hash bit-exactly, none is
    // more than 2 bits off. Remaining differences are swscale rounding between ffmpeg
    // versions/CPU paths, not PDQ. The first 150 frames keep the test quick.
    it('chair-orig-22-sd-bar: every frame within 31 of the reference, nearly all exact', async () => {
      const ref = reference('chair-orig-22-sd-bar');
      const hasher = new PdqHasher();
      const ours: VpdqFeature[] = [];
      let exact = 0;
      let worst = 0;
      const count = await forEachVideoFrame(
        path.join(videosDir, 'chair-orig-22-sd-bar.mp4'),
        150,
        (image, i) => {
          const { hash, quality } = hasher.hash(image);
          const d = hammingDistance(hash, ref[i]!.hash);
          if (d === 0) exact++;
          worst = Math.max(worst, d);
          ours.push({ frameNumber: i, quality, hash, seconds: i / 30 });
        },
      );
      console.log(`[hashing/vpdq-ffmpeg] ${exact}/${count} frames exact, worst distance ${worst}`);
      expect(count).toBe(150);
      expect(worst).toBeLessThanOrEqual(8);
      expect(exact / count).toBeGreaterThan(0.9);
      const match = matchVideos(ours, ref.slice(0, 150));
      expect(match.queryShare).toBe(1);
      expect(match.targetShare).toBe(1);
    }, 120_000);
  },
);
