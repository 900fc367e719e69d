// @ts-check
/**
 * node scripts/bench/post-cost.mjs — what posting a frame's bytes costs a page's main thread
 * (issue #16): a plain page (no extension) posts buffers of 100 kB, 393 kB (a 512x512 I420
 * frame), 1 MB and 3.1 MB (a 1080p I420 frame) on a MessagePort to a cross-site iframe (another
 * renderer process, as the extension's bridge is), transferred and cloned; median of 60 posts
 * each, 30 ms apart. The buffers are filled before the clock starts.
 */
import { launchBrowser } from '../lib/browser.mjs';
import { serve } from '../lib/serve.mjs';

const server = await serve({
  pages: {
    '/': '<!doctype html><title>post cost</title>',
    '/frame':
      '<!doctype html><script>onmessage = (e) => { const p = e.ports[0]; p.onmessage = () => {}; p.postMessage("ready"); };</script>',
  },
});
const session = await launchBrowser({ withExtension: false });
try {
  const page = await session.browser.newPage();
  await page.goto(`${server.origin}/`);
  // 127.0.0.1 and localhost are different sites: the iframe gets its own process.
  const other = server.origin.replace('127.0.0.1', 'localhost');
  const result = await page.evaluate(async (other) => {
    const iframe = document.createElement('iframe');
    iframe.src = `${other}/frame`;
    document.body.append(iframe);
    await new Promise((resolve) => (iframe.onload = resolve));
    const channel = new MessageChannel();
    iframe.contentWindow?.postMessage('connect', '*', [channel.port2]);
    await new Promise((resolve) => (channel.port1.onmessage = resolve));
    /** @param {number[]} xs */
    const median = (xs) => Number([...xs].sort((a, b) => a - b)[xs.length >> 1]?.toFixed(2));
    /** @type {Record<string, { transferMs: number, cloneMs: number }>} */
    const out = {};
    for (const size of [100e3, 393e3, 1e6, 3.1e6]) {
      const transfer = [];
      const clone = [];
      for (let i = 0; i < 60; i++) {
        const a = new ArrayBuffer(size);
        new Uint8Array(a).fill(i);
        let t = performance.now();
        channel.port1.postMessage({ planes: { data: a } }, [a]);
        transfer.push(performance.now() - t);
        const b = new ArrayBuffer(size);
        new Uint8Array(b).fill(i);
        t = performance.now();
        channel.port1.postMessage({ planes: { data: b } });
        clone.push(performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      out[`${size / 1e3} kB`] = { transferMs: median(transfer), cloneMs: median(clone) };
    }
    return out;
  }, other);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await session.close();
  await server.close();
}
