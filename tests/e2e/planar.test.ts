/**
 * Planar frames in real Chromium (issue #16): the content script sends a playing video's
 * decoded planes (VideoFrame.copyTo) and the extension draws the landmarker's frame and the
 * native face crop from them. A 1080p video must go that way with its face read from native
 * crops placed by the page; a video larger than the planar limit must still be analysed
 * through the canvas.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { GENERATED, paddedClip } from './generated';
import { HAS_SHARED, MEDIA } from './helpers';
import { loopingVideoPage, playVideoPage, waitForReport, type ReportView } from './reports';

const SOURCE = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';

interface LiveReport extends ReportView {
  frames: ReportView['frames'] & { planar?: number };
  timingsMs: { capture: { count: number }; post?: { count: number; median: number } };
  face?: { framesWithNativeCrop: number; meanFaceSizePx: number; meanSourceFaceSizePx: number };
}

describe.skipIf(!HAS_SHARED)('planar frames: the page copies planes, the extension draws', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let site: Awaited<ReturnType<typeof serve>>;
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
    session = await launchBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  async function liveReport(page: string): Promise<LiveReport> {
    const { videoId, page: tab } = await playVideoPage(session, `${site.origin}${page}`);
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
        `the frame, ${face?.meanSourceFaceSizePx} px in the video, post ${report.timingsMs.post?.median} ms`,
    );
    expect(report.transport).toBe('bridge');
    expect(report.frames.planar ?? 0).toBeGreaterThan(report.frames.sampled / 2);
    expect(report.timingsMs.post?.count ?? 0).toBeGreaterThan(0);
    // The crop the extension drew from the planes holds the face at the video's own scale:
    // 1920 / 384 = 5x the sampled frame's.
    expect(face?.meanSourceFaceSizePx ?? 0).toBeGreaterThan(4.5 * (face?.meanFaceSizePx ?? 0));
  }, 240_000);

  it('reads a video larger than the planar limit through the canvas', async () => {
    const report = await liveReport('/qhd.html');
    expect(report.frames.planar).toBeUndefined();
    expect(report.timingsMs.capture.count).toBeGreaterThan(0);
    expect(report.face?.framesWithNativeCrop ?? 0).toBeGreaterThan(0);
  }, 240_000);
});
