// @ts-check
/**
 * Frame-pipeline figures in real headless Chromium: content-script main-thread cost per sampled
 * frame, transport round trip, sampling and analysis rates, time to the first verdict, the
 * offscreen document's JS heap, and the page's dropped video frames with and without the
 * extension.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { launchBrowser, readReports } from '../lib/browser.mjs';
import { videoPage } from '../lib/scan-page.mjs';
import { serve } from '../lib/serve.mjs';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Memory now: the offscreen document's JS heap (CDP Runtime.getHeapUsage; wasm linear memory
 * is not part of it) and the resident memory of the whole browser (every Chromium process,
 * from /proc), both MiB.
 * @param {import('puppeteer-core').Browser} browser
 */
async function memoryNow(browser) {
  /** @type {number | null} */
  let offscreenHeap = null;
  const target = browser.targets().find((t) => t.url().endsWith('/offscreen.html'));
  if (target) {
    try {
      const cdp = await target.createCDPSession();
      const heap = /** @type {{ usedSize: number }} */ (await cdp.send('Runtime.getHeapUsage'));
      offscreenHeap = heap.usedSize / 2 ** 20;
      await cdp.detach();
    } catch {
      // reported as n/a
    }
  }
  return { offscreenHeap, browserRss: browserRssMib(browser.process()?.pid) };
}

/**
 * Resident memory of a process and all its descendants, MiB (Linux /proc), or null.
 * @param {number | undefined} rootPid
 */
function browserRssMib(rootPid) {
  if (!rootPid || !existsSync('/proc')) return null;
  /** @type {Map<number, number[]>} */
  const children = new Map();
  /** @type {Map<number, number>} */
  const rssKb = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rssKb.set(Number(entry), rss);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = /** @type {number} */ (stack.pop());
    total += rssKb.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / 1024;
}

/**
 * Plays `file` (looping) for `seconds` and returns what the page and the extension saw.
 * @param {string} file
 * @param {{ seconds: number, withExtension: boolean, heapAtS?: number[], muted?: boolean, lipSync?: boolean }} options
 */
export async function playAndMeasure(
  file,
  { seconds, withExtension, heapAtS = [], muted = false, lipSync = false },
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
    /** @type {{ atS: number, offscreenHeap: number | null, browserRss: number | null }[]} */
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
    return { quality, report, firstConclusionMs, firstVerdictMs, heap, seconds };
  } finally {
    await session.close();
    await server.close();
  }
}
