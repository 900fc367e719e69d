// @ts-check
/**
 * npm start [-- --media DIR] [--headless]
 *
 * Opens Chromium with the built extension on a local demo page that plays fixture videos
 * (../shared/fixtures/media by default). With --headless (or no display) it plays the first
 * videos, prints their badge states and saves a screenshot instead of opening a window.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, launchBrowser } from './lib/browser.mjs';
import { demoPage } from './lib/demo-page.mjs';
import { serve } from './lib/serve.mjs';

const argv = process.argv.slice(2);
const mediaArg = argv.includes('--media') ? argv[argv.indexOf('--media') + 1] : undefined;
const headless =
  argv.includes('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

/** Folder of demo videos: --media, else ../shared fixtures, else a clip made with ffmpeg. */
async function mediaFolder() {
  if (mediaArg) return path.resolve(mediaArg);
  const shared = path.resolve(ROOT, '..', 'shared', 'fixtures', 'media');
  if (existsSync(shared)) return shared;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'telltale-demo-'));
  console.log('[start] ../shared is absent: making a synthetic test clip with ffmpeg');
  const made = spawnSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=25:duration=10',
    '-pix_fmt',
    'yuv420p',
    path.join(dir, 'testsrc.mp4'),
  ]);
  if (made.status !== 0) console.warn('[start] ffmpeg failed: pass --media DIR with videos');
  return dir;
}

const folder = await mediaFolder();
const videos = readdirSync(folder)
  .filter((name) => /\.(mp4|webm|m4v|mov)$/i.test(name))
  .sort()
  .map((name) => ({ name, label: name.replace(/\.[^.]+$/, '').replaceAll('__', ' · ') }));
const server = await serve({ pages: { '/': demoPage(videos) }, folders: { '/media/': folder } });
console.log(`[start] demo page ${server.origin}/ with ${videos.length} video(s) from ${folder}`);

const session = await launchBrowser({ headless });
const page = await session.browser.newPage();
await page.setViewport({ width: 1280, height: 900 });
await page.goto(`${server.origin}/`);

if (!headless) {
  console.log('[start] Chromium is open. Press play on a video. Ctrl+C to quit.');
  session.browser.on('disconnected', () => process.exit(0));
  process.on('SIGINT', async () => {
    await session.close();
    await server.close();
    process.exit(0);
  });
} else {
  console.log('[start] no display: playing the first two videos headless for 8 s');
  await page.evaluate(() =>
    Promise.all(
      [...document.querySelectorAll('video')]
        .slice(0, 2)
        .map((v) => v.play().catch(() => undefined)),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 8000));
  const states = await page.evaluate(() =>
    [...document.querySelectorAll('telltale-badge')].map((el) => ({
      .../** @type {HTMLElement} */ (el).dataset,
    })),
  );
  console.log(JSON.stringify(states, null, 2));
  const outDir = path.join(ROOT, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const shot = path.join(outDir, 'demo.png');
  await page.screenshot({ path: shot });
  console.log(`[start] screenshot: ${shot}`);
  await session.close();
  await server.close();
}
