/**
 * Face analysis on real fixture media, through the whole extension (content script ->
 * offscreen FaceLandmarker): faces are found with 478 landmarks, stills give one face, a
 * clip without a face says so, and a face large in the video but small in the sampled frame is
 * read from native-resolution crops and not called too small (issue #15). Bad input gets its
 * reason and no score: two people side by side, a face small in the video itself, black frames.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scanner, toJson } from '../../scripts/lib/scanner.mjs';
import { blackClip, noFaceClip, paddedClip, sideBySideClip, stillClip } from './generated';
import { HAS_SHARED, MEDIA } from './helpers';

/** Real fixture videos (all show a face), from the fixture manifest. */
function realVideos(): string[] {
  const rows = readFileSync(path.join(MEDIA, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows
    .map((row) => row.split('\t'))
    .filter((cols) => cols[1] === 'real')
    .map((cols) => cols[0] ?? '');
}

describe.skipIf(!HAS_SHARED)('face analysis on fixture media', () => {
  let scanner: Scanner;

  beforeAll(async () => {
    scanner = await Scanner.start();
  });
  afterAll(async () => {
    await scanner?.close();
  });

  async function scan(file: string, maxSeconds = 4) {
    return toJson(file, await scanner.scan(file, { maxSeconds }), false);
  }

  it('finds the face with 478 landmarks on at least 90% of frames of every real video', async () => {
    const rows: string[] = [];
    for (const name of realVideos()) {
      const json = await scan(path.join(MEDIA, name));
      const face = json.face;
      rows.push(
        `${name}: ${face?.framesWithFace}/${face?.framesAnalysed} frames, ${face?.meanFaceSizePx} px, ${face?.delegate}`,
      );
      expect(face, name).not.toBeNull();
      expect(face?.framesAnalysed, name).toBeGreaterThanOrEqual(8);
      expect(
        (face?.framesWithFace ?? 0) / (face?.framesAnalysed ?? 1),
        name,
      ).toBeGreaterThanOrEqual(0.9);
      expect(face?.landmarksPerFace, name).toBe(478);
      expect(json.state, name).not.toBe('error');
    }
    console.log(rows.join('\n'));
  }, 600_000);

  it('finds exactly one face in each still face crop, and does not score a frozen picture', async () => {
    for (const image of ['image__fake__meso__df00204.jpg', 'image__real__meso__real00240.jpg']) {
      const json = await scan(stillClip(path.join(MEDIA, image)));
      expect(json.face?.framesWithFace, image).toBeGreaterThan(0);
      // One face: never two in a frame. (Not "one track": on a loaded machine two analysed frames
      // can lie more than the tracker's 1.5 s gap apart in media time, and the same face then
      // starts a second track; CI saw 2 once in nine runs, 2026-12-06.)
      expect(json.face?.framesWithSeveral, image).toBe(0);
      expect(json.face?.tracks, image).toBeGreaterThanOrEqual(1);
      expect(json.face?.tracks, image).toBeLessThanOrEqual(2);
      // A still image shown as video has nothing to judge over time: a reason, no risk.
      expect(json.state, image).toBe('insufficient');
      expect(json.reason, image).toMatch(/frozen frames or a still image/);
      expect(json.risk, image).toBeNull();
    }
  }, 120_000);

  it('reads a face that is small in the sampled frame from native crops, not "too small"', async () => {
    // A 512 px fixture face clip at 416 px on a 1920x1080 canvas: ~225 px of face in the
    // video, ~45 px in the 384x216 sampled frame (under the 48 px minimum).
    const clip = paddedClip(path.join(MEDIA, 'real__hdtf__RD_Radio2_000_yuv420p.mp4'), 416);
    const json = await scan(clip, 6);
    const face = json.face;
    console.log(
      `padded 1080p: ${face?.framesWithFace}/${face?.framesAnalysed} frames with a face, ` +
        `${face?.framesWithNativeCrop} from native crops, ${face?.meanFaceSizePx} px in the ` +
        `frame, ${face?.meanSourceFaceSizePx} px in the video; ${json.state}: ${json.reason}`,
    );
    expect(face?.framesWithFace).toBeGreaterThan(0);
    expect(face?.meanFaceSizePx).toBeLessThan(48);
    // The sampled frame is 1920/384 = 5x smaller than the video.
    expect(face?.meanSourceFaceSizePx).toBeGreaterThan(4.5 * (face?.meanFaceSizePx ?? 0));
    expect(face?.framesWithNativeCrop).toBeGreaterThan(0);
    expect(json.reason ?? '').not.toMatch(/too small/i);
  }, 180_000);

  it('says "several faces" for two people side by side, and analyses one of them', async () => {
    const clip = sideBySideClip(
      path.join(MEDIA, 'real__hdtf__RD_Radio2_000_yuv420p.mp4'),
      path.join(MEDIA, 'real__hdtf__WDA_BobMenendez_000_yuv420p.mp4'),
    );
    const json = await scan(clip, 5);
    const face = json.face;
    console.log(
      `side by side: ${face?.framesWithSeveral}/${face?.framesAnalysed} frames with several ` +
        `faces, ${face?.framesWithFace} with a face, ${face?.tracks} track(s); ${json.state}: ${json.reason}`,
    );
    expect(face?.framesWithSeveral).toBeGreaterThan((face?.framesAnalysed ?? 0) / 2);
    expect(json.reason).toMatch(/Several faces: the main face is analysed/);
    expect(face?.framesWithFace).toBeGreaterThan(0.9 * (face?.framesAnalysed ?? 0));
    expect(face?.mainTrackId).not.toBeNull();
  }, 180_000);

  it('abstains with its reason on a face too small in the video itself, and on black frames', async () => {
    // The 512 px interview scaled to 76 px on a 384x216 canvas: the landmarker finds a face
    // of ~41 px in the video itself, under the 48 px minimum (MIN_FACE_SIDE_PX).
    const clip = paddedClip(
      path.join(MEDIA, 'real__hdtf__RD_Radio2_000_yuv420p.mp4'),
      76,
      4,
      '384:216',
    );
    const tiny = await scan(clip);
    console.log(`tiny face: ${tiny.state}: ${tiny.reason} (${tiny.face?.meanSourceFaceSizePx} px)`);
    expect(tiny.face?.framesWithFace).toBeGreaterThan(0);
    expect(tiny.state).toBe('insufficient');
    expect(tiny.reason).toMatch(/Face too small to judge \(\d+ px in the video; needs 48 px\)/);
    expect(tiny.risk).toBeNull();
    const black = await scan(blackClip());
    expect(black.state).toBe('insufficient');
    expect(black.reason).toMatch(/no face/i);
    expect(black.risk).toBeNull();
  }, 180_000);

  it('says "no face" for a clip without one, and gives no score', async () => {
    const json = await scan(noFaceClip());
    expect(json.state).toBe('insufficient');
    expect(json.reason).toMatch(/no face/i);
    expect(json.risk).toBeNull();
    expect(json.face?.framesWithFace).toBe(0);
  }, 120_000);
});
