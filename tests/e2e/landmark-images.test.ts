/**
 * The diagnostics page's still-image landmarker (`diagnostics.html?landmarks`), which
 * scripts/dump-landmarks.mjs uses to build the frame model's training landmarks (training/run.sh).
 * It once failed on every image ("ModuleFactory not set") after MediaPipe's loader became an ES
 * module, and the training pipeline silently got no faces: this checks it finds the face of a
 * real fixture still, with points inside the image, and none in a blank image.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { HAS_SHARED, MEDIA } from './helpers';

interface Landmarked {
  width: number;
  height: number;
  faces: number[][];
}

describe.skipIf(!HAS_SHARED)('landmarks of still images (training data)', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    session = await launchBrowser();
    page = await session.browser.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/diagnostics.html?landmarks`);
    await page.waitForFunction(
      () => document.body.dataset.landmarksReady || document.body.dataset.result,
      { timeout: 120000 },
    );
  });
  afterAll(async () => {
    await session?.close();
  });

  const landmark = async (bytes: Buffer): Promise<Landmarked> =>
    JSON.parse(
      await page.evaluate(
        (data) =>
          (globalThis as unknown as { telltaleLandmarkImage: (b: string) => Promise<unknown> })
            .telltaleLandmarkImage(data)
            .then((x) => JSON.stringify(x)),
        bytes.toString('base64'),
      ),
    ) as Landmarked;

  it('starts its landmarker', async () => {
    expect(await page.evaluate(() => document.body.dataset.result ?? null)).toBeNull();
  });

  it('finds one face with 478 points inside a real fixture still', async () => {
    const result = await landmark(
      readFileSync(path.join(MEDIA, 'image__real__meso__real00240.jpg')),
    );
    expect(result.faces).toHaveLength(1);
    const points = result.faces[0] ?? [];
    expect(points).toHaveLength(956);
    const xs = points.filter((_, i) => i % 2 === 0);
    const ys = points.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(result.width);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ys)).toBeLessThanOrEqual(result.height);
    // The face fills much of a MesoNet still: its box is at least a third of the image wide.
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(result.width / 3);
  });

  it('finds no face in a blank image', async () => {
    // A 64x64 grey PNG, made in the page (no file needed).
    const blank = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(64, 64);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#808080';
      context.fillRect(0, 0, 64, 64);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return btoa(String.fromCharCode(...bytes));
    });
    const result = await landmark(Buffer.from(blank, 'base64'));
    expect(result).toMatchObject({ width: 64, height: 64, faces: [] });
  });
});
