/**
 * Planar frames in real Chromium (issue #16): the content script sends a playing video's
 * decoded planes (VideoFrame.copyTo, in a worker of the page) and the extension draws the
 * landmarker's frame and the native face crop from them. A 1080p video must go that way with
 * its face read from native crops placed by the page; a video larger than the planar limit
 * must still be analysed through the canvas.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { drawPlanes } from '../../lib/analysis/planes-image';
import { statedColorSpace, type PlanarFormat } from '../../lib/messaging/frame-planes';
import { GENERATED, paddedClip } from './generated';
import { HAS_SHARED, MEDIA } from './helpers';
import { loopingVideoPage, playVideoPage, waitForReport, type ReportView } from './reports';

const SOURCE = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';

interface LiveReport extends ReportView {
  frames: ReportView['frames'] & { planar?: number; offPage?: number };
  timingsMs: {
    capture: { count: number };
    post?: { count: number; median: number };
    page?: { count: number; median: number };
  };
  face?: { framesWithNativeCrop: number; meanFaceSizePx: number; meanSourceFaceSizePx: number };
}

describe.skipIf(!HAS_SHARED)('planar frames: the page copies planes, the extension draws', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let site: Awaited<ReturnType<typeof serve>>;
  /** The same pages under a Content-Security-Policy that forbids workers. */
  let strictSite: Awaited<ReturnType<typeof serve>>;
  const hd = path.basename(paddedClip(path.join(MEDIA, SOURCE), 416));
  const qhd = path.basename(paddedClip(path.join(MEDIA, SOURCE), 560, 6, '2560:1440'));

  beforeAll(async () => {
    site = await serve({
      folders: { '/gen/': GENERATED },
      pages: {
        '/hd.html': loopingVideoPage(`/gen/${hd}`),
        '/qhd.html': loopingVideoPage(`/gen/${qhd}`),
      },
    });
    strictSite = await serve({
      folders: { '/gen/': GENERATED },
      pages: { '/hd.html': loopingVideoPage(`/gen/${hd}`) },
      headers: { 'Content-Security-Policy': "worker-src 'none'" },
    });
    session = await launchBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    await strictSite?.close();
  });

  async function liveReport(page: string, origin = site.origin): Promise<LiveReport> {
    const { videoId, page: tab } = await playVideoPage(session, `${origin}${page}`);
    try {
      return (await waitForReport(
        session,
        videoId,
        'frames with a face from native crops',
        (r) => r.frames.analysed >= 8 && ((r as LiveReport).face?.framesWithNativeCrop ?? 0) >= 4,
        180_000,
      )) as LiveReport;
    } finally {
      await tab.close();
    }
  }

  it('sends a 1080p video as planes and reads its small face from native crops', async () => {
    const report = await liveReport('/hd.html');
    const face = report.face;
    console.log(
      `1080p live: ${report.frames.planar}/${report.frames.sampled} frames as planes, ` +
        `${face?.framesWithNativeCrop} from native crops, face ${face?.meanFaceSizePx} px in ` +
        `the frame, ${face?.meanSourceFaceSizePx} px in the video; ${report.frames.offPage} ` +
        `read by the page worker; page post ${report.timingsMs.post?.median} ms, whole ` +
        `${report.timingsMs.page?.median} ms`,
    );
    expect(report.transport).toBe('bridge');
    expect(report.frames.planar ?? 0).toBeGreaterThan(report.frames.sampled / 2);
    // The planes are read and posted by the page's worker, not on its main thread (a plain
    // page without a Content-Security-Policy allows the blob worker).
    expect(report.frames.offPage ?? 0).toBeGreaterThan(report.frames.sampled / 2);
    expect(report.timingsMs.post?.count ?? 0).toBeGreaterThan(0);
    // The crop the extension drew from the planes holds the face at the video's own scale:
    // 1920 / 384 = 5x the sampled frame's.
    expect(face?.meanSourceFaceSizePx ?? 0).toBeGreaterThan(4.5 * (face?.meanFaceSizePx ?? 0));
  }, 240_000);

  it('reads the planes on the main thread where the page forbids workers', async () => {
    const report = await liveReport('/hd.html', strictSite.origin);
    console.log(
      `1080p live, worker-src 'none': ${report.frames.planar}/${report.frames.sampled} as ` +
        `planes, ${report.frames.offPage ?? 0} by a page worker, page ${report.timingsMs.page?.median} ms`,
    );
    expect(report.frames.planar ?? 0).toBeGreaterThan(report.frames.sampled / 2);
    expect(report.frames.offPage).toBeUndefined();
  }, 240_000);

  it('draws planes as Chromium draws the same frame on a canvas (TS conversion vs browser)', async () => {
    const page = await session.browser.newPage();
    try {
      await page.goto(`${site.origin}/hd.html`);
      const got = await page.evaluate(async () => {
        const video = document.getElementById('v') as HTMLVideoElement;
        await video.play();
        await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
        video.pause();
        const frame = new VideoFrame(video, { timestamp: 0 });
        const data = new Uint8Array(frame.allocationSize());
        await frame.copyTo(data);
        const canvas = new OffscreenCanvas(384, 216);
        const context = canvas.getContext('2d')!;
        context.drawImage(frame, 0, 0, 384, 216);
        const drawn = context.getImageData(0, 0, 384, 216).data;
        // The face region at the video's own scale (the crop a face there would get).
        const crop = new OffscreenCanvas(320, 320);
        crop.getContext('2d')!.drawImage(frame, 1000, 380, 440, 440, 0, 0, 320, 320);
        const cropped = crop.getContext('2d')!.getImageData(0, 0, 320, 320).data;
        const b64 = (bytes: Uint8Array | Uint8ClampedArray) => {
          let s = '';
          for (let i = 0; i < bytes.length; i += 0x8000) {
            s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          }
          return btoa(s);
        };
        const out = {
          format: frame.format,
          width: frame.visibleRect!.width,
          height: frame.visibleRect!.height,
          colorSpace: frame.colorSpace.toJSON(),
          planes: b64(data),
          drawn: b64(drawn),
          cropped: b64(cropped),
        };
        frame.close();
        return out;
      });
      const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
      const colorSpace = statedColorSpace(got.colorSpace);
      const planes = {
        format: got.format as PlanarFormat,
        codedWidth: got.width,
        codedHeight: got.height,
        ...(colorSpace ? { colorSpace } : {}),
        data: bytes(got.planes).slice().buffer,
      };
      const ours = new Uint8Array(
        drawPlanes(planes, 1920, 1080, { sx: 0, sy: 0, sw: 1920, sh: 1080 }, 384, 216),
      );
      const oursCrop = new Uint8Array(
        drawPlanes(planes, 1920, 1080, { sx: 1000, sy: 380, sw: 440, sh: 440 }, 320, 320),
      );
      const meanDiff = (a: Uint8Array, b: Uint8Array) => {
        let sum = 0;
        for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
        return sum / ((a.length * 3) / 4);
      };
      const frameDiff = meanDiff(ours, bytes(got.drawn));
      const cropDiff = meanDiff(oursCrop, bytes(got.cropped));
      console.log(
        `TS vs Chromium canvas (${got.format}, ${JSON.stringify(colorSpace)}): mean |diff| ` +
          `${frameDiff.toFixed(2)} levels on the 384 px frame (a 5x downscale), ${cropDiff.toFixed(2)} on a 440 -> 320 face crop`,
      );
      // Same colours and the same geometry: a shifted or mis-matrixed image differs by tens.
      expect(frameDiff).toBeLessThan(4);
      expect(cropDiff).toBeLessThan(2);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('reads a video larger than the planar limit through the canvas', async () => {
    const report = await liveReport('/qhd.html');
    expect(report.frames.planar).toBeUndefined();
    expect(report.timingsMs.capture.count).toBeGreaterThan(0);
    expect(report.face?.framesWithNativeCrop ?? 0).toBeGreaterThan(0);
  }, 240_000);
});
