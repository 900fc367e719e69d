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
 * JS heap in use by the offscreen document, MiB (wasm linear memory is not included).
 * @param {import('puppeteer-core').Browser} browser
 */
async function offscreenHeapMib(browser) {
  const target = browser.targets().find((t) => t.url().endsWith('/offscreen.html'));
  const offscreen = target ? await target.page().catch(() => null) : null;
  const metrics = offscreen ? await offscreen.metrics().catch(() => null) : null;
  return metrics?.JSHeapUsedSize ? metrics.JSHeapUsedSize / 2 ** 20 : null;
}

/**
 * Plays `file` (looping) for `seconds` and returns what the page and the extension saw.
 * @param {string} file
 * @param {{ seconds: number, withExtension: boolean, heapAtS?: number[] }} options
 */
export async function playAndMeasure(file, { seconds, withExtension, heapAtS = [] }) {
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
    /** @type {{ atS: number, mib: number | null }[]} */
    const heap = [];
    const pending = [...heapAtS].sort((a, b) => a - b);
    while (Date.now() - started < seconds * 1000) {
      const next = pending[0];
      if (withExtension && next !== undefined && Date.now() - started >= next * 1000) {
        pending.shift();
        heap.push({ atS: next, mib: await offscreenHeapMib(session.browser) });
      }
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
      offscreenHeapMb = await offscreenHeapMib(session.browser);
    }
    return { quality, report, firstConclusionMs, firstVerdictMs, offscreenHeapMb, heap, seconds };
  } finally {
    await session.close();
    await server.close();
  }
}
