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
import {
  browserMemoryMib,
  extensionHeapsMib,
  memorySum,
  offscreenHeapMib,
  processTable,
} from './browser-usage.mjs';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Memory now: the offscreen document's JS heap and the resident memory of the whole browser,
 * both MiB (scripts/bench/browser-usage.mjs).
 * @param {import('puppeteer-core').Browser} browser
 */
async function memoryNow(browser) {
  const { rss, pss } = browserMemoryMib(browser.process()?.pid);
  return { offscreenHeap: await offscreenHeapMib(browser), browserRss: rss, browserPss: pss };
}

/**
 * Tells every renderer of critical memory pressure (CDP Memory.simulatePressureNotification) and
 * waits 2 s: Chromium then drops what it holds only as a cache. The largest such cache here is
 * the discardable shared memory of video frames that a canvas drew: any canvas read of a
 * playing video fills it up to ~500 MiB in the drawing process, and it is released under
 * pressure (measured in bench/RESULTS.md).
 * @param {import('puppeteer-core').Browser} browser
 */
async function applyMemoryPressure(browser) {
  for (const target of browser.targets()) {
    if (!['page', 'other', 'background_page', 'iframe'].includes(target.type())) continue;
    try {
      const cdp = await target.createCDPSession();
      await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
      await cdp.detach();
    } catch {
      // a target without the Memory domain, or one that went away
    }
  }
  await sleep(2000);
}

/**
 * Plays `file` (looping) for `seconds` and returns what the page and the extension saw.
 * @param {string} file
 * @param {{ seconds: number, withExtension: boolean, heapAtS?: number[], muted?: boolean, lipSync?: boolean, pressure?: boolean, contexts?: boolean, probe?: (browser: import('puppeteer-core').Browser) => Promise<unknown> }} options
 *   pressure: at the end, also the RSS after a memory-pressure signal (rssAfterPressure), and
 *   every process's kind, RSS and memfd pages before and after it (`processes`)
 *   contexts: at the end, each extension context's V8 heap and ArrayBuffers (`contexts`)
 *   probe: at the end, before anything else is read, called with the browser; what it returns
 *   comes back as `probe` (memory-infra.mjs takes Chromium's own memory dump there)
 */
export async function playAndMeasure(
  file,
  {
    seconds,
    withExtension,
    heapAtS = [],
    muted = false,
    lipSync = false,
    pressure = false,
    contexts = false,
    probe,
  },
) {
  const server = await serve({
    // Unmuted by default, so the extension's audio capture runs and its effect is measured.
    pages: {
      '/': videoPage('/media/subject', { muted }).replace('<video ', '<video loop '),
    },
    files: { '/media/subject': file },
  });
  const session = await launchBrowser({ withExtension });
  if (withExtension && lipSync) {
    // The "lip sync on every video" setting (off by default).
    const worker = await session.worker();
    await worker.evaluate(() =>
      /** @type {any} */ (globalThis).chrome.storage.local.set({
        settings: { lipSyncAlways: true },
      }),
    );
  }
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
    /** @type {{ atS: number, offscreenHeap: number | null, browserRss: number | null, browserPss: number | null }[]} */
    const heap = [];
    const pending = [...heapAtS].sort((a, b) => a - b);
    for (;;) {
      const elapsed = Date.now() - started;
      const next = pending[0];
      if (next !== undefined && elapsed >= next * 1000) {
        pending.shift();
        heap.push({ atS: next, ...(await memoryNow(session.browser)) });
      }
      if (elapsed >= seconds * 1000 && pending.length === 0) break;
      if (elapsed >= (seconds + 30) * 1000) break;
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
    const probed = probe ? await probe(session.browser) : undefined;
    const contextHeaps = contexts ? await extensionHeapsMib(session.browser) : null;
    const pid = session.browser.process()?.pid;
    let processes = null;
    if (pressure) {
      const before = processTable(pid);
      await applyMemoryPressure(session.browser);
      processes = { before, after: processTable(pid) };
    }
    const rssAfterPressure = processes ? memorySum(processes.after).rss : null;
    const quality = await page.evaluate(() => {
      const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
      const q = video.getVideoPlaybackQuality();
      return { dropped: q.droppedVideoFrames, total: q.totalVideoFrames };
    });
    let report = null;
    if (withExtension) {
      const tabs = await readReports(await session.worker());
      report = Object.values(tabs).flatMap((videos) => Object.values(videos))[0] ?? null;
    }
    return {
      quality,
      report,
      firstConclusionMs,
      firstVerdictMs,
      heap,
      rssAfterPressure,
      processes,
      contexts: contextHeaps,
      probe: probed,
      seconds,
    };
  } finally {
    await session.close();
    await server.close();
  }
}
