// @ts-check
/**
 * npm run bench:feed [-- --seconds N] — what a feed of 100 videos costs the browser, against a
 * page of 3 (scripts/lib/feed-page.mjs), each with and without the extension: CPU time of the
 * whole browser over N seconds (default 60) of steady playback, its RSS and the offscreen
 * document's JS heap at the end. In both pages the same two videos play on screen; the feed's
 * 98 others are loaded (preload=metadata) and paused, the page's third is paused. Measuring
 * starts once the extension analysed frames of both (models loaded), or after 15 s without it.
 * Writes the "Feed" section of bench/RESULTS.md.
 */
import { parseArgs } from './lib/args.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, readReports, ROOT } from './lib/browser.mjs';
import { feedPage } from './lib/feed-page.mjs';
import { serve } from './lib/serve.mjs';
import { browserCpuSeconds, browserRssMib, offscreenHeapMib } from './bench/browser-usage.mjs';
import { machine } from './bench/machine.mjs';
import { writeResultsSection } from './bench/results-section.mjs';

const argv = process.argv.slice(2);
const seconds = Number(parseArgs(argv, []).options.seconds ?? 60);
if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
const media = path.resolve(ROOT, '..', 'shared', 'fixtures', 'media');
const CLIPS = [
  'real__hdtf__RD_Radio2_000_yuv420p.mp4',
  'real__vox__pcavs_audio_00015.mp4',
  'real__liveportrait__d5.mp4',
  'fake__SadTalker__camera_RD_Radio31.mp4',
].map((c) => `/media/${c}`);
const PLAYING = [0, 1];
if (!existsSync(media)) throw new Error(`${media} is absent: the feed plays its fixture clips`);

const server = await serve({
  folders: { '/media/': media },
  pages: {
    '/feed.html': feedPage({ count: 100, clips: CLIPS, playing: PLAYING }),
    '/three.html': feedPage({ count: 3, clips: CLIPS, playing: PLAYING }),
  },
});

/**
 * @param {string} url
 * @param {boolean} withExtension
 */
async function measure(url, withExtension) {
  const session = await launchBrowser({ withExtension });
  const pid = session.browser.process()?.pid;
  try {
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1000, height: 700 });
    await page.goto(url);
    const deadline = Date.now() + (withExtension ? 180_000 : 15_000);
    let reports = 0;
    while (Date.now() < deadline) {
      await sleep(1000);
      if (!withExtension) continue;
      const tabs = await readReports(await session.worker()).catch(() => ({}));
      const all = Object.values(tabs).flatMap((videos) => Object.values(videos));
      reports = all.length;
      if (all.length >= PLAYING.length && all.every((r) => r.frames.analysed > 3)) break;
    }
    const analysedNow = async () => {
      if (!withExtension) return 0;
      const tabs = await readReports(await session.worker());
      const all = Object.values(tabs).flatMap((v) => Object.values(v));
      reports = all.length;
      return all.reduce((a, r) => a + r.frames.analysed, 0);
    };
    const analysedBefore = await analysedNow();
    const cpuBefore = browserCpuSeconds(pid);
    const t0 = Date.now();
    await sleep(seconds * 1000);
    const cpuAfter = browserCpuSeconds(pid);
    const wall = (Date.now() - t0) / 1000;
    const videos = await page.$$eval('video', (all) => ({
      total: all.length,
      playing: all.filter((v) => !(/** @type {HTMLVideoElement} */ (v).paused)).length,
    }));
    const analysed = (await analysedNow()) - analysedBefore;
    return {
      cpuPercent:
        cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) / wall) * 100,
      rssMib: browserRssMib(pid),
      heapMib: withExtension ? await offscreenHeapMib(session.browser) : null,
      videos,
      reports,
      analysed,
    };
  } finally {
    await session.close();
  }
}

/** @type {{ name: string, ext: boolean, r: Awaited<ReturnType<typeof measure>> }[]} */
const rows = [];
try {
  for (const { name, file } of [
    { name: 'feed of 100 videos', file: 'feed.html' },
    { name: 'page of 3 videos', file: 'three.html' },
  ]) {
    for (const ext of [true, false]) {
      console.log(`[feed] ${name}, ${ext ? 'with' : 'without'} the extension`);
      const r = await measure(`${server.origin}/${file}`, ext);
      console.log(`[feed] ${JSON.stringify(r)}`);
      rows.push({ name, ext, r });
    }
  }
} finally {
  await server.close();
}

const fmt = (/** @type {number | null} */ x, unit = '') =>
  x === null ? 'n/a' : `${x.toFixed(1)}${unit}`;
const m = machine();
const command = `npm run bench:feed${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
const text = [
  '## Feed of 100 videos (`npm run bench:feed`)',
  '',
  `- Date: ${new Date().toISOString()}; command: \`${command}\`; ${seconds} s measured per row`,
  `- Machine: ${m.cpu}, ${m.memory}, ${m.os}; ${m.gpu}; ${m.chromium}`,
  '- Same two muted clips playing on screen in both pages; the other videos are paused (the feed: 98 elements, preload=metadata). CPU = user + system time of every browser process over the window, in % of one core; RSS summed over every browser process at the end.',
  '',
  '| page | extension | browser CPU | browser RSS | offscreen JS heap | videos (playing) | reports | frames analysed in the window |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    ({ name, ext, r }) =>
      `| ${name} | ${ext ? 'on' : 'off'} | ${fmt(r.cpuPercent, ' %')} | ${fmt(r.rssMib, ' MiB')} | ${ext ? fmt(r.heapMib, ' MiB') : '—'} | ${r.videos.total} (${r.videos.playing}) | ${ext ? r.reports : '—'} | ${ext ? r.analysed : '—'} |`,
  ),
].join('\n');
console.log(`\n${text}`);
writeResultsSection('bench:feed', text);
console.log('[feed] wrote the Feed section of bench/RESULTS.md');
