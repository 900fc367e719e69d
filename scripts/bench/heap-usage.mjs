// @ts-check
/**
 * node scripts/bench/heap-usage.mjs [FILE] [SECONDS] — the JavaScript-visible memory of each of
 * the extension's contexts while FILE (default: the bench clip) plays muted for SECONDS
 * (default 30): per target (service worker, offscreen document, its workers, the bridge), the
 * V8 heap used and reserved and the ArrayBuffer backing stores, wasm memories included
 * (CDP `Runtime.getHeapUsage`). Documents on the renderer's main thread share one isolate, so
 * they report the same figures. Set against the extension renderer's anonymous memory
 * (process-memory.mjs), the rest is native: compiled wasm, WebGL buffers, allocators (issue #16).
 * Build first.
 */
import path from 'node:path';
import { launchBrowser, ROOT } from '../lib/browser.mjs';
import { serve } from '../lib/serve.mjs';

const file = path.resolve(
  process.argv[2] ??
    path.join(ROOT, '..', 'shared', 'fixtures', 'media', 'real__hdtf__RD_Radio2_000_yuv420p.mp4'),
);
const seconds = Number(process.argv[3] ?? 30);
const site = await serve({
  folders: { '/media/': path.dirname(file) },
  pages: {
    '/video.html': `<!doctype html><link rel="icon" href="data:,"><video id="v" src="/media/${encodeURIComponent(path.basename(file))}" muted loop playsinline width="480"></video>`,
  },
});
const session = await launchBrowser();
try {
  const page = await session.browser.newPage();
  await page.goto(`${site.origin}/video.html`);
  await page.evaluate(() => /** @type {HTMLVideoElement} */ (document.getElementById('v')).play());
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const mib = (/** @type {number | undefined} */ x) => ((x ?? 0) / 1048576).toFixed(1);
  console.log(`${path.basename(file)}, ${seconds} s, ${new Date().toISOString()}`);
  console.log('| target | kind | V8 heap used / reserved MiB | ArrayBuffers MiB |');
  console.log('| --- | --- | ---: | ---: |');
  for (const target of session.browser.targets()) {
    const url = target.url();
    if (!url.startsWith('chrome-extension://')) continue;
    const name = url
      .split('/')
      .slice(3)
      .join('/')
      .replace(/-[\w-]{8}\.js$/, '.js');
    try {
      const cdp = await target.createCDPSession();
      /** @type {{ usedSize: number, totalSize: number, backingStorageSize?: number }} */
      const heap = await cdp.send('Runtime.getHeapUsage');
      console.log(
        `| ${name} | ${target.type()} | ${mib(heap.usedSize)} / ${mib(heap.totalSize)} | ${mib(heap.backingStorageSize)} |`,
      );
      await cdp.detach();
    } catch (error) {
      console.log(`| ${name} | ${target.type()} | not readable: ${String(error).slice(0, 80)} | |`);
    }
  }
} finally {
  await session.close();
  await site.close();
}
