// @ts-check
/**
 * npm run bench:soak [-- --minutes N] [--no-lip-sync] [--without-extension] — continuous playback for N minutes
 * (default 30) in one browser with the built extension: pages of three playing videos, a
 * navigation to the next page every 20 s, the tab closed and a new one opened every third
 * navigation, and once a minute the hash lists "changed" (as the lists page says after an
 * import). Every minute it samples the offscreen document's JS heap (after a GC), the whole
 * browser's RSS, and what the extension holds open (lib/debug/live-counts.ts, read with CDP
 * Runtime.evaluate): a figure that climbs with the minutes is a leak. Prints a table and writes
 * the "Soak" section of bench/RESULTS.md. --without-extension: the same pages and navigations in a
 * browser without the extension (only its RSS is sampled), the baseline for the RSS figures;
 * printed, not written to RESULTS.md.
 */
import { parseArgs } from './lib/args.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, readReports, ROOT } from './lib/browser.mjs';
import { feedPage } from './lib/feed-page.mjs';
import { serve } from './lib/serve.mjs';
import { browserRssMib, offscreenHeapMib } from './bench/browser-usage.mjs';
import { machine } from './bench/machine.mjs';
import { writeResultsSection } from './bench/results-section.mjs';
import { liveCountsOf, pageLiveCounts } from './bench/live-counts.mjs';

const argv = process.argv.slice(2);
const { options } = parseArgs(argv, ['no-lip-sync', 'without-extension']);
const withExtension = !options['without-extension'];
const minutes = Number(options.minutes ?? 30);
const lipSync = withExtension && !options['no-lip-sync'];
if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
const NAVIGATE_EVERY_MS = 20_000;
const NEW_TAB_EVERY = 3;

const media = path.resolve(ROOT, '..', 'shared', 'fixtures', 'media');
/** Three pages of three talking-head clips each, unmuted (the audio path runs with lip sync). */
const PAGES = [
  [
    'real__hdtf__RD_Radio2_000_yuv420p.mp4',
    'real__vox__pcavs_audio_00015.mp4',
    'fake__SadTalker__camera_RD_Radio31.mp4',
  ],
  [
    'real__hdtf__RD_Radio34_000_yuv420p.mp4',
    'real__vox__pcavs_audio_00086.mp4',
    'real__liveportrait__d5.mp4',
  ],
  [
    'real__hdtf__WDA_BobMenendez_000_yuv420p.mp4',
    'fake__SadTalker__art0_japanese.mp4',
    'real__vox__pcavs_input_00098.mp4',
  ],
];

if (!existsSync(media)) throw new Error(`${media} is absent: the soak plays its fixture clips`);

const server = await serve({
  folders: { '/media/': media },
  pages: Object.fromEntries(
    PAGES.map((clips, i) => [
      `/p${i}.html`,
      feedPage({
        count: clips.length,
        clips: clips.map((c) => `/media/${c}`),
        playing: [0, 1, 2],
        muted: false,
      }),
    ]),
  ),
});
const session = await launchBrowser({ withExtension });
const pid = session.browser.process()?.pid;

/** @type {Array<Record<string, number | null>>} */
const samples = [];
try {
  const worker = withExtension ? await session.worker() : null;
  if (worker && lipSync) {
    await worker.evaluate(() =>
      /** @type {any} */ (globalThis).chrome.storage.local.set({
        settings: { lipSyncAlways: true },
      }),
    );
  }
  let page = await session.browser.newPage();
  await page.setViewport({ width: 1000, height: 700 });
  let navigations = 0;
  let tabs = 1;
  const open = async () => {
    const url = `${server.origin}/p${navigations % PAGES.length}.html`;
    navigations++;
    // A loaded machine can miss puppeteer's navigation deadline: the soak goes on regardless.
    await page.goto(url).catch((error) => console.warn(`[soak] ${url}: ${String(error)}`));
  };
  await open();

  const started = Date.now();
  let nextNavigation = started + NAVIGATE_EVERY_MS;
  /** Frames analysed in earlier tabs' reports, so the total keeps counting across tab closes. */
  const analysedByVideo = new Map();

  const sample = async (/** @type {number} */ minute) => {
    if (!withExtension) {
      const row = { minute, browserRssMib: browserRssMib(pid), tabs, navigations };
      samples.push(row);
      console.log(`[soak] ${JSON.stringify(row)}`);
      return;
    }
    const w = await session.worker();
    // The lists page says this after an import: the offscreen document rebuilds its index.
    await w.evaluate(() => {
      const channel = new BroadcastChannel('telltale:lists');
      channel.postMessage({ kind: 'lists-changed' });
      channel.close();
    });
    for (const videos of Object.values(await readReports(w))) {
      for (const [id, r] of Object.entries(videos)) analysedByVideo.set(id, r.frames.analysed);
    }
    const off = await liveCountsOf(session.browser, '/offscreen.html');
    const bg = /** @type {Record<string, number> | null} */ (
      await w.evaluate(() => /** @type {any} */ (globalThis).telltaleLive?.() ?? null)
    );
    const inPage = await pageLiveCounts(page, session.extensionId);
    const row = {
      minute,
      offscreenHeapMib: await offscreenHeapMib(session.browser, { gc: true }),
      browserRssMib: browserRssMib(pid),
      offAudioContexts: off?.audioContexts ?? null,
      offWorkers: off?.workers ?? null,
      offIndexedDb: off?.indexedDb ?? null,
      offSessions: off?.sessions ?? null,
      offAckChannels: off?.ackChannels ?? null,
      bgIndexedDb: bg?.indexedDb ?? null,
      pageAudioContexts: inPage?.audioContexts ?? null,
      pageControllers: inPage?.controllers ?? null,
      tabs,
      navigations,
      framesAnalysed: [...analysedByVideo.values()].reduce((a, b) => a + b, 0),
    };
    samples.push(row);
    console.log(`[soak] ${JSON.stringify(row)}`);
  };

  await sample(0);
  for (let minute = 1; minute <= minutes; minute++) {
    const due = started + minute * 60_000;
    while (Date.now() < due) {
      if (Date.now() >= nextNavigation) {
        nextNavigation += NAVIGATE_EVERY_MS;
        if (navigations % NEW_TAB_EVERY === 0) {
          const old = page;
          page = await session.browser.newPage();
          await page.setViewport({ width: 1000, height: 700 });
          await old.close();
          tabs++;
        }
        await open();
      }
      await sleep(Math.max(0, Math.min(1000, due - Date.now())));
    }
    await sample(minute);
  }
} finally {
  await session.close();
  await server.close();
}

/** @type {(keyof (typeof samples)[number])[]} */
const FIGURES = [
  'offscreenHeapMib',
  'browserRssMib',
  'offAudioContexts',
  'offWorkers',
  'offIndexedDb',
  'offSessions',
  'offAckChannels',
  'bgIndexedDb',
  'pageAudioContexts',
  'pageControllers',
];

/**
 * Least-squares slope of `key` per minute, over the samples from minute 1 on that have it.
 * @param {string} key
 */
function slope(key) {
  const points = samples
    .filter((s) => Number(s.minute) >= 1)
    .map((s) => [Number(s.minute), s[key]])
    .filter((p) => typeof p[1] === 'number');
  if (points.length < 2) return null;
  const mx = points.reduce((a, p) => a + Number(p[0]), 0) / points.length;
  const my = points.reduce((a, p) => a + Number(p[1]), 0) / points.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (Number(x) - mx) * (Number(y) - my);
    den += (Number(x) - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

const fmt = (/** @type {number | null | undefined} */ x, digits = 1) =>
  x === null || x === undefined ? 'n/a' : Number.isInteger(x) ? String(x) : x.toFixed(digits);
const first = samples[0] ?? {};
const last = samples[samples.length - 1] ?? {};
const summary = [
  '| figure | first | last | max | slope per minute |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...FIGURES.map((key) => {
    const values = samples.map((s) => s[key]).filter((v) => typeof v === 'number');
    const max = values.length ? Math.max(.../** @type {number[]} */ (values)) : null;
    return `| ${key} | ${fmt(first[key])} | ${fmt(last[key])} | ${fmt(max)} | ${fmt(slope(key), 2)} |`;
  }),
];
const perMinute = [
  `| minute | ${FIGURES.join(' | ')} | tabs | navigations | frames analysed |`,
  `| ---: | ${FIGURES.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
  ...samples.map(
    (s) =>
      `| ${s.minute} | ${FIGURES.map((k) => fmt(s[k])).join(' | ')} | ${s.tabs} | ${s.navigations} | ${fmt(s.framesAnalysed)} |`,
  ),
];
const m = machine();
const command = `npm run bench:soak${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
const text = [
  '## Soak (`npm run bench:soak`)',
  '',
  `- Date: ${new Date().toISOString()}; command: \`${command}\`; ${minutes} min${lipSync ? ', lip sync on every video' : ''}`,
  `- Machine: ${m.cpu}, ${m.memory}, ${m.os}; ${m.gpu}; ${m.chromium}`,
  `- Three pages of three playing, unmuted talking-head clips; the next page every ${NAVIGATE_EVERY_MS / 1000} s, a new tab (the old one closed) every ${NEW_TAB_EVERY}rd navigation, a lists change every minute. Offscreen heap after a forced GC (wasm memory not included); RSS summed over every browser process. off* = offscreen document, bg* = service worker, page* = the content script of the current tab's page (lib/debug/live-counts.ts). The slope is fitted from minute 1 on (minute 0 is before the models loaded).`,
  '',
  ...summary,
  '',
  ...perMinute,
].join('\n');
console.log(`\n${text}`);
if (!withExtension) {
  console.log(
    '[soak] without the extension: printed only (the Soak section keeps the run with it)',
  );
  process.exit(0);
}
writeResultsSection('bench:soak', text);
console.log('[soak] wrote the Soak section of bench/RESULTS.md');
