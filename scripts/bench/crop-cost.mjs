// @ts-check
/**
 * node scripts/bench/crop-cost.mjs FILE [FRAMES] [REGION] — what one sampled frame costs the page's main
 * thread, measured inside requestVideoFrameCallback while FILE plays (no extension, so only
 * the drawing is timed, not the scheduling of a loaded machine): the 384 px frame readback
 * the content script always did, and the native face crop added by issue #15, drawn on a
 * canvas and read back (what FaceCropper does) or made with createImageBitmap.
 */
import path from 'node:path';
import { launchBrowser } from '../lib/browser.mjs';
import { videoPage } from '../lib/scan-page.mjs';
import { serve } from '../lib/serve.mjs';

const file = process.argv[2];
if (!file) throw new Error('usage: node scripts/bench/crop-cost.mjs FILE [FRAMES] [REGION]');
const frames = Number(process.argv[3] ?? 60);
/** Side of the square source region cropped, px (440: a 200 px face with the 2.2x margin). */
const region = Number(process.argv[4] ?? 440);
const server = await serve({
  pages: { '/': videoPage('/media/subject', { muted: true }).replace('<video ', '<video loop ') },
  files: { '/media/subject': path.resolve(file) },
});
const session = await launchBrowser({ withExtension: false });
try {
  const page = await session.browser.newPage();
  await page.goto(`${server.origin}/`);
  const result = await page.evaluate(
    async (frames, region) => {
      const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
      await video.play();
      const w = video.videoWidth;
      const h = video.videoHeight;
      const scale = Math.min(1, 384 / Math.max(w, h));
      const fw = Math.round(w * scale);
      const fh = Math.round(h * scale);
      const frameCanvas = new OffscreenCanvas(fw, fh);
      const fctx = /** @type {OffscreenCanvasRenderingContext2D} */ (
        frameCanvas.getContext('2d', { willReadFrequently: true })
      );
      const cropCanvas = new OffscreenCanvas(320, 320);
      const cctx = /** @type {OffscreenCanvasRenderingContext2D} */ (
        cropCanvas.getContext('2d', { willReadFrequently: true })
      );
      // A square crop region in the middle of the video.
      const side = Math.min(region, w, h);
      const sx = Math.round((w - side) / 2);
      const sy = Math.round((h - side) / 2);
      const out = side >= 320 ? 320 : side;
      /** @type {{ frame: number[], crop: number[], cropDraw: number[], bitmapCall: number[], bitmapReady: number[] }} */
      const ms = { frame: [], crop: [], cropDraw: [], bitmapCall: [], bitmapReady: [] };
      await new Promise((resolve) => {
        let n = 0;
        const step = () => {
          video.requestVideoFrameCallback(async () => {
            const t0 = performance.now();
            fctx.drawImage(video, 0, 0, fw, fh);
            fctx.getImageData(0, 0, fw, fh);
            const t1 = performance.now();
            cctx.clearRect(0, 0, out, out);
            cctx.drawImage(video, sx, sy, side, side, 0, 0, out, out);
            const tDrawn = performance.now();
            cctx.getImageData(0, 0, out, out);
            const t2 = performance.now();
            const pending = createImageBitmap(video, sx, sy, side, side, {
              resizeWidth: out,
              resizeHeight: out,
            });
            const t3 = performance.now();
            const bitmap = await pending;
            const t4 = performance.now();
            bitmap.close();
            ms.frame.push(t1 - t0);
            ms.crop.push(t2 - t1);
            ms.cropDraw.push(tDrawn - t1);
            ms.bitmapCall.push(t3 - t2);
            ms.bitmapReady.push(t4 - t2);
            if (++n >= frames) resolve(null);
            else step();
          });
        };
        step();
      });
      /** @param {number[]} xs */
      const stat = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        const q = (/** @type {number} */ p) =>
          s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
        return { min: +q(0).toFixed(3), median: +q(0.5).toFixed(3), p90: +q(0.9).toFixed(3) };
      };
      return {
        video: `${w}x${h}`,
        frame: `${fw}x${fh}`,
        cropRegion: side,
        cropSide: out,
        frames,
        ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, stat(v)])),
      };
    },
    frames,
    region,
  );
  console.log(JSON.stringify(result, null, 2));
} finally {
  await session.close();
  await server.close();
}
