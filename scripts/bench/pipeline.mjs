// @ts-check
/**
 * Frame-pipeline figures in real headless Chromium: content-script main-thread cost per sampled
 * frame, transport round trip, sampling and analysis rates, time to the first verdict, the
 * offscreen document's JS heap, and the page's dropped video frames with and without the
 * extension.
 */
import { launchBrowser, readReports } from '../lib/browser.mjs';
import { videoPage } from '../lib/scan-page.mjs';
import { serve } from '../lib/serve.mjs';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays `file` (looping) for `seconds` and returns what the page and the extension saw.
 * @param {string} file
 * @param {{ seconds: number, withExtension: boolean }} options
 */
export async function playAndMeasure(file, { seconds, withExtension }) {
  const server = await serve({
    pages: { '/': videoPage('/media/subject', { muted: true }).replace('<video ', '<video loop ') },
    files: { '/media/subject': file },
  });
  const session = await launchBrowser({ withExtension });
  try {
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${server.origin}/`);
    const started = Date.now();
    await page.evaluate(() =>
      /** @type {HTMLVideoElement} */ (document.getElementById('subject')).play(),
    );
    /** @type {number | null} */
    let firstConclusionMs = null;
    /** @type {number | null} */
    let firstVerdictMs = null;
    while (Date.now() - started < seconds * 1000) {
      if (withExtension && firstVerdictMs === null) {
        const state = await page.evaluate(() =>
          document.querySelector('telltale-badge')?.getAttribute('data-state'),
        );
        const elapsed = Date.now() - started;
        if (firstConclusionMs === null && state && state !== 'idle' && state !== 'analyzing') {
          firstConclusionMs = elapsed;
        }
        if (state === 'scored') firstVerdictMs = elapsed;
      }
      await sleep(100);
    }
    const quality = await page.evaluate(() => {
      const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
      const q = video.getVideoPlaybackQuality();
      return { dropped: q.droppedVideoFrames, total: q.totalVideoFrames };
    });
    let report = null;
    /** @type {number | null} */
    let offscreenHeapMb = null;
    if (withExtension) {
      const tabs = await readReports(await session.worker());
      report = Object.values(tabs).flatMap((videos) => Object.values(videos))[0] ?? null;
      const target = session.browser.targets().find((t) => t.url().endsWith('/offscreen.html'));
      const offscreen = target ? await target.page().catch(() => null) : null;
      const metrics = offscreen ? await offscreen.metrics() : null;
      if (metrics?.JSHeapUsedSize) offscreenHeapMb = metrics.JSHeapUsedSize / 2 ** 20;
    }
    return { quality, report, firstConclusionMs, firstVerdictMs, offscreenHeapMb, seconds };
  } finally {
    await session.close();
    await server.close();
  }
}
