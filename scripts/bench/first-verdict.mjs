// @ts-check
/**
 * Time to the first verdict, split into where it goes (issue #16): in a freshly started browser
 * (models load after the page shows its video) and for a second video in the same browser
 * session (models already loaded). The report is polled every 100 ms from storage.session:
 * the moment the host said it was ready, the first analysed frame, the first verdict.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { launchBrowser, readHostState, readReports } from '../lib/browser.mjs';
import { videoPage } from '../lib/scan-page.mjs';
import { serve } from '../lib/serve.mjs';

/**
 * @typedef {object} Timeline
 * @property {number | null} readyMs       host ready (models loaded), from play
 * @property {number | null} firstFrameMs  first analysed frame reported, from play
 * @property {number | null} verdictMs     first report in state 'scored', from play
 * @property {number | null} framesAtVerdict analysed frames when the first verdict came
 * @property {string | null} verdict
 * @property {string | null} landmarksIn   'worker' or 'document' (report face.landmarksIn)
 * @property {Record<string, number> | null} modelLoadMs time each model took to load, ms
 */

/**
 * Plays the page at `url` and polls until its video is scored (or `limitMs` passes).
 * @param {import('puppeteer-core').Browser} browser
 * @param {() => Promise<import('puppeteer-core').WebWorker>} worker
 * @param {string} url
 * @param {number} limitMs
 * @param {Set<string>} skipTabs tabs of earlier pages (their reports are not this one's)
 * @returns {Promise<Timeline & { tabs: string[] }>}
 */
async function timeToVerdict(browser, worker, url, limitMs, skipTabs) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url);
  const started = Date.now();
  await page.evaluate(() =>
    /** @type {HTMLVideoElement} */ (document.getElementById('subject')).play(),
  );
  /** @type {Timeline} */
  const t = {
    readyMs: null,
    firstFrameMs: null,
    verdictMs: null,
    framesAtVerdict: null,
    verdict: null,
    landmarksIn: null,
    modelLoadMs: null,
  };
  while (Date.now() - started < limitMs) {
    const w = await worker();
    const elapsed = Date.now() - started;
    if (t.readyMs === null && (await readHostState(w))?.state === 'ready') t.readyMs = elapsed;
    const tabs = await readReports(w);
    const r = Object.entries(tabs)
      .filter(([tab]) => !skipTabs.has(tab))
      .flatMap(([, videos]) => Object.values(videos))[0];
    if (r) {
      if (t.firstFrameMs === null && (r.frames?.analysed ?? 0) > 0) t.firstFrameMs = elapsed;
      if (r.state === 'scored') {
        t.verdictMs = elapsed;
        t.framesAtVerdict = r.frames?.analysed ?? null;
        t.verdict = r.verdict ?? null;
        t.landmarksIn = r.face?.landmarksIn ?? null;
        t.modelLoadMs = r.face?.modelLoadMs ?? null;
        break;
      }
    }
    await sleep(100);
  }
  const tabs = Object.keys(await readReports(await worker()));
  await page.close();
  return { ...t, tabs };
}

/**
 * First-verdict timelines for `file`: a fresh browser, then a second video in that session.
 * @param {string} file
 * @param {{ limitS?: number }} [options]
 */
export async function firstVerdictTimelines(file, { limitS = 40 } = {}) {
  const page = videoPage('/media/subject', { muted: true }).replace('<video ', '<video loop ');
  const server = await serve({
    pages: { '/': page, '/second': page },
    files: { '/media/subject': file },
  });
  const session = await launchBrowser();
  try {
    const fresh = await timeToVerdict(
      session.browser,
      () => session.worker(),
      `${server.origin}/`,
      limitS * 1000,
      new Set(),
    );
    const loaded = await timeToVerdict(
      session.browser,
      () => session.worker(),
      `${server.origin}/second`,
      limitS * 1000,
      new Set(fresh.tabs),
    );
    return { fresh, loaded };
  } finally {
    await session.close();
    await server.close();
  }
}
