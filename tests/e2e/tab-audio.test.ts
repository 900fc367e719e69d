/**
 * The tab-audio fallback of a deep check, in real Chromium with the built extension: a video
 * whose element has no sound while the page plays its speech from a separate <audio> element
 * (made here with ffmpeg from a real clip, never committed). The element's own capture finds no
 * audio track; the deep check then captures the tab (chrome.tabCapture in the offscreen
 * document), plays it back so the user still hears it, and puts it on the video's media clock.
 *
 * The timing is checked against the file itself: the 1-3 kHz band loudness of the captured
 * track must match the loudness of the file's own decoded sound at a lag within 80 ms.
 *
 * Chromium grants tab capture only after a user invocation (context menu, toolbar), which
 * puppeteer cannot make; the browser is started with --allowlisted-extension-id, Chromium's
 * switch for that. A second browser without it checks the refusal is reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, readReports } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { AudioTrackBuilder } from '../../lib/audio/track-builder';
import { pearson } from '../../lib/cues/signal';
import { HAS_SHARED, MEDIA, badges, clickDeepCheckMenu, sleep, waitForBadges } from './helpers';

const HAS_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0;
const CLIP = path.join(MEDIA, 'real__hdtf__RD_Radio34_000_yuv420p.mp4');
const PASSES = 3;

function ffmpeg(args: string[]): Buffer {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], {
    maxBuffer: 1 << 28,
  });
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
  return result.stdout;
}

/**
 * The page: picture from the <video> (no audio track), sound from an <audio> kept in step with
 * it (the rate nudged, a seek when far off), as a player with separate sound would. `drift`
 * records how far the sound is ahead of the picture, s.
 */
const PAGE = `<!doctype html><link rel="icon" href="data:,"><title>Split sound</title>
<video id="v" src="/gen/picture.mp4" playsinline width="480"></video>
<audio id="a" src="/gen/sound.m4a"></audio>
<script>
  const v = document.getElementById('v');
  const a = document.getElementById('a');
  window.drift = [];
  window.start = () => Promise.all([v.play(), a.play()]);
  setInterval(() => {
    if (v.paused || a.paused) return;
    const d = a.currentTime - v.currentTime;
    window.drift.push(d);
    if (Math.abs(d) > 0.3) a.currentTime = v.currentTime + 0.05;
    else a.playbackRate = Math.min(1.1, Math.max(0.9, 1 - d * 2));
  }, 100);
</script>`;

/** The parts of chrome.* the test calls in the service worker (types only). */
interface ChromeApi {
  tabs: { query(query: { url: string }): Promise<{ id?: number }[]> };
}

interface Track {
  hopS: number;
  times: number[];
  bandDb?: number[];
  energyDb: number[];
}

/**
 * The lag (s) at which the live track's band loudness best matches the reference's: live
 * sample at media time t is compared with the reference at t + lag. Positive: the live track's
 * times are early (its sound is stamped before it plays in the file).
 */
function bestLag(live: Track, reference: Track): { lagS: number; r: number; pairs: number } {
  const ref = reference.bandDb ?? reference.energyDb;
  const liveDb = live.bandDb ?? live.energyDb;
  let best = { lagS: 0, r: -2, pairs: 0 };
  for (let lagMs = -400; lagMs <= 400; lagMs += 10) {
    const xs: number[] = [];
    const ys: number[] = [];
    live.times.forEach((t, i) => {
      const j = Math.round((t + lagMs / 1000) / reference.hopS);
      const y = ref[j];
      const x = liveDb[i];
      if (Number.isFinite(y) && Number.isFinite(x) && x !== undefined && y !== undefined) {
        xs.push(x);
        ys.push(y);
      }
    });
    if (xs.length < 100) continue;
    const r = pearson(xs, ys);
    if (r > best.r) best = { lagS: lagMs / 1000, r, pairs: xs.length };
  }
  return best;
}

describe.skipIf(!HAS_SHARED || !HAS_FFMPEG)('tab audio for a deep check', () => {
  let dir = '';
  let site: Awaited<ReturnType<typeof serve>>;
  let reference: Track;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'telltale-tabaudio-'));
    // Three passes of the clip (24 s), so that the deep check has speech to hear after the
    // element's own capture has given up.
    const loop = ['-stream_loop', String(PASSES - 1), '-i', CLIP];
    ffmpeg([...loop, '-an', '-c:v', 'copy', path.join(dir, 'picture.mp4')]);
    ffmpeg([...loop, '-vn', '-c:a', 'copy', path.join(dir, 'sound.m4a')]);
    // The file's own sound, decoded as the extension's analysis expects it.
    const pcm = ffmpeg([...loop, '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', '-']);
    const builder = new AudioTrackBuilder(PASSES * 10);
    builder.addPcm(0, new Float32Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 4));
    reference = builder.snapshot();
    site = await serve({ folders: { '/gen/': dir }, pages: { '/split.html': PAGE } });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the page, starts playback, dispatches the context menu's deep check. */
  /**
   * `loop`: the picture plays on after its end, so the page's messages still have a live
   * transport when a slow, loaded machine reaches the deep check late in the clip.
   */
  async function deepCheckSplitPage(
    session: Awaited<ReturnType<typeof launchBrowser>>,
    { loop = false } = {},
  ) {
    const page: Page = await session.browser.newPage();
    await page.setViewport({ width: 900, height: 600 });
    await page.goto(`${site.origin}/split.html`);
    if (loop)
      await page.evaluate(
        () => void ((document.getElementById('v') as HTMLVideoElement).loop = true),
      );
    await page.evaluate(() => (window as unknown as { start(): Promise<void> }).start());
    const [badge] = await waitForBadges(page, (all) => all[0]?.sampling === 'on', 60_000);
    const videoId = badge?.videoId ?? '';
    const worker = await session.worker();
    const tabId = await worker.evaluate(async () => {
      const chromeApi = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      const [tab] = await chromeApi.tabs.query({ url: '*://127.0.0.1/*split.html' });
      return tab?.id ?? -1;
    });
    await clickDeepCheckMenu(worker, tabId);
    return { page, videoId, tabId };
  }

  async function reportOf(
    session: Awaited<ReturnType<typeof launchBrowser>>,
    tabId: number,
    videoId: string,
  ) {
    const tabs = await readReports(await session.worker());
    return tabs[String(tabId)]?.[videoId] as
      | { final?: boolean; audio?: Record<string, unknown>; cues: Record<string, unknown> }
      | undefined;
  }

  it('captures the tab, keeps it audible, and puts its sound on the media clock', async () => {
    const session = await launchBrowser({ tabCapture: true });
    try {
      const { page, videoId, tabId } = await deepCheckSplitPage(session);
      // The deep check runs until the clip has been covered (or 20 s): wait for its end.
      let report = await reportOf(session, tabId, videoId);
      const deadline = Date.now() + 120_000;
      let tabStatus: Record<string, unknown> | null = null;
      let track: Track | null = null;
      const offscreen = await (
        await session.browser.waitForTarget((t) => t.url().endsWith('/offscreen.html'))
      ).asPage();
      while (Date.now() < deadline && !report?.final) {
        await sleep(1000);
        report = await reportOf(session, tabId, videoId);
        const seen = (await offscreen.evaluate(
          (tab, id) =>
            (
              globalThis as unknown as {
                telltaleAudio(tab: number, id: string): { track: Track | null; tab: unknown };
              }
            ).telltaleAudio(tab, id),
          tabId,
          videoId,
        )) as { track: Track | null; tab: Record<string, unknown> | null };
        if (seen.tab) tabStatus = seen.tab;
        track = seen.track;
      }
      const drift = await page.evaluate(() => (window as unknown as { drift: number[] }).drift);
      // How far the page kept its sound ahead of the picture (after it settled): the lag the
      // captured track should show against the file.
      const settled = drift.slice(30).sort((x, y) => x - y);
      const expectedLagS = settled[settled.length >> 1] ?? 0;
      const audio = report?.audio ?? {};
      const lag = track ? bestLag(track, reference) : null;
      console.info(
        '[tab-audio]',
        JSON.stringify({
          audio,
          tabStatus,
          lag,
          hops: track?.times.length ?? 0,
          pageDriftMs: [settled[0], expectedLagS, settled.at(-1)].map((d) =>
            Math.round((d ?? 0) * 1000),
          ),
        }),
      );
      expect(report?.final).toBe(true);
      expect(audio.source).toBe('tab');
      expect(audio.status).toBe('ok');
      // The tab was played back through the offscreen document while it was captured.
      expect(tabStatus?.contextState).toBe('running');
      expect(Number(tabStatus?.mapped)).toBeGreaterThan(20);
      // Speech was heard (silero in the worker), most of the clip.
      expect(Number(audio.speechSeconds)).toBeGreaterThan(3);
      expect(Number(audio.visemes)).toBeGreaterThan(50);
      // Its media times match the file's own sound.
      expect(track?.times.length ?? 0).toBeGreaterThan(200);
      expect(lag?.r ?? 0).toBeGreaterThan(0.7);
      expect(Math.abs((lag?.lagS ?? 1) - expectedLagS)).toBeLessThanOrEqual(0.08);
    } finally {
      await session.close();
    }
  }, 180_000);

  it('without a user invocation the fallback is refused and says why', async () => {
    const session = await launchBrowser();
    try {
      // Only the refusal is checked here: whether the clip has ended by then does not matter.
      const { page, videoId, tabId } = await deepCheckSplitPage(session, { loop: true });
      let report = await reportOf(session, tabId, videoId);
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && !/invoked/.test(String(report?.audio?.reason))) {
        await sleep(500);
        report = await reportOf(session, tabId, videoId);
      }
      console.info(
        '[tab-audio] refused:',
        JSON.stringify({ audio: report?.audio, final: report?.final, badge: await badges(page) }),
      );
      expect(report?.audio?.status).toBe('none');
      expect(report?.audio?.source).toBe('element');
      expect(String(report?.audio?.reason)).toMatch(/no audio track; .*invoked on this tab/);
    } finally {
      await session.close();
    }
  }, 150_000);
});
