/**
 * Face analysis on real fixture media, through the whole extension (content script ->
 * offscreen FaceLandmarker): faces are found with 478 landmarks, stills give one face, and a
 * clip without a face says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scanner, toJson } from '../../scripts/lib/scanner.mjs';
import { noFaceClip, stillClip } from './generated';
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

  it('finds exactly one face in each still face crop', async () => {
    for (const image of ['image__fake__meso__df00204.jpg', 'image__real__meso__real00240.jpg']) {
      const json = await scan(stillClip(path.join(MEDIA, image)));
      expect(json.face?.framesWithFace, image).toBeGreaterThan(0);
      expect(json.face?.framesWithSeveral, image).toBe(0);
      expect(json.face?.tracks, image).toBe(1);
    }
  }, 120_000);

  it('says "no face" for a clip without one, and gives no score', async () => {
    const json = await scan(noFaceClip());
    expect(json.state).toBe('insufficient');
    expect(json.reason).toMatch(/no face/i);
    expect(json.risk).toBeNull();
    expect(json.face?.framesWithFace).toBe(0);
  }, 120_000);
});
