// @ts-check
/**
 * node scripts/bench/canvas-video-cache.mjs [--fps 15] [--seconds 40]
 *                                          [--mode capture|draw|videoframe|none]
 *
 * What a canvas read of a playing video costs the page in memory, with no extension loaded
 * (issue #16): a plain page draws the fixture clip into a 384 px OffscreenCanvas at --fps
 * (`capture` also reads the pixels back, as the content script does; `videoframe` draws a
 * `new VideoFrame(video)` instead of the element; `none` only plays). Prints the page
 * renderer's resident memory and its discardable shared memory (memfd mappings) before and 2 s
 * after a critical memory-pressure signal. Chromium keeps a discardable copy of every video
 * frame a canvas drew, up to ~500 MiB, and drops them under pressure: that is most of the
 * "extension overhead" the whole-browser RSS shows, and it comes with any canvas capture at any
 * rate (only how soon the cap is reached depends on the rate). The page's time per draw and
 * read is measured by scripts/bench/crop-cost.mjs.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from '../lib/args.mjs';
import { launchBrowser, ROOT } from '../lib/browser.mjs';
import { videoPage } from '../lib/scan-page.mjs';
import { serve } from '../lib/serve.mjs';
import { processTable } from './browser-usage.mjs';

const { options } = parseArgs(process.argv.slice(2), []);
const fps = Number(options.fps ?? 15);
const seconds = Number(options.seconds ?? 40);
const mode = options.mode ?? 'capture';
const clip = path.join(
  ROOT,
  '..',
  'shared',
  'fixtures',
  'media',
  'real__hdtf__RD_Radio2_000_yuv420p.mp4',
);

/** Page renderers (not the extension's), largest first: pid, RSS and memfd pages, MiB. */
function pageRenderers() {
  return processTable(session.browser.process()?.pid)
    .filter((p) => p.kind === 'renderer (page)')
    .map((p) => ({ pid: p.pid, rss: Math.round(p.rss), memfd: Math.round(p.memfd) }));
}

const server = await serve({
  pages: { '/': videoPage('/media/subject', { muted: true }).replace('<video ', '<video loop ') },
  files: { '/media/subject': clip },
});
const session = await launchBrowser({ withExtension: false });
try {
  const page = await session.browser.newPage();
  await page.goto(`${server.origin}/`);
  await page.evaluate(
    (mode, gapMs) => {
      const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
      void video.play();
      const context = new OffscreenCanvas(384, 384).getContext('2d', { willReadFrequently: true });
      const drawn = { frames: 0 };
      Object.assign(window, { drawn });
      let last = 0;
      /** @param {number} now */
      const tick = (now) => {
        video.requestVideoFrameCallback(tick);
        if (mode === 'none' || now - last < gapMs || !context) return;
        last = now;
        if (mode === 'videoframe') {
          const frame = new VideoFrame(video);
          context.drawImage(frame, 0, 0, 384, 384);
          frame.close();
        } else context.drawImage(video, 0, 0, 384, 384);
        if (mode !== 'draw') context.getImageData(0, 0, 384, 384);
        drawn.frames++;
      };
      video.requestVideoFrameCallback(tick);
    },
    mode,
    1000 / fps - 5,
  );
  await sleep(seconds * 1000);
  const frames = await page.evaluate(() => /** @type {any} */ (window).drawn.frames);
  const before = pageRenderers()[0];
  const cdp = await page.createCDPSession();
  await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
  await sleep(2000);
  const after = pageRenderers().find((p) => p.pid === before?.pid);
  console.log(
    JSON.stringify({
      mode,
      fps,
      seconds,
      frames,
      pageRenderer: { before, afterPressure: after },
    }),
  );
} finally {
  await session.close();
  await server.close();
}
