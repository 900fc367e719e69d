/**
 * The Foundation spine in real Chromium: a playing video gets a <telltale-badge>, pausing stops
 * sampling, a cross-origin video is `unsupported`, and the extension never leaves 127.0.0.1.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, readReports } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, sleep, startNetworkTrap, waitForBadges } from './helpers';

const VIDEO = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';

describe.skipIf(!HAS_SHARED)('spine: page video -> offscreen -> badge', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let trap: Awaited<ReturnType<typeof startNetworkTrap>>;
  let site: Awaited<ReturnType<typeof serve>>;
  let other: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    trap = await startNetworkTrap();
    // A second origin (another port) serving media without CORS headers.
    other = await serve({ folders: { '/media/': MEDIA } });
    site = await serve({
      folders: { '/media/': MEDIA },
      pages: {
        '/same.html': `<!doctype html><link rel="icon" href="data:,"><video id="v" src="/media/${VIDEO}" muted loop playsinline width="480"></video>`,
        '/cross.html': `<!doctype html><link rel="icon" href="data:,"><video id="v" src="${other.origin}/media/${VIDEO}" muted loop playsinline autoplay width="480"></video>`,
        '/late.html': `<!doctype html><link rel="icon" href="data:,"><div id="host"></div><script>
          setTimeout(() => {
            const root = document.getElementById('host').attachShadow({ mode: 'open' });
            const v = document.createElement('video');
            Object.assign(v, { src: '/media/${VIDEO}', muted: true, loop: true, autoplay: true, playsInline: true, width: 480 });
            root.append(v);
          }, 500);
        </script>`,
      },
    });
    session = await launchBrowser({ args: trap.args });
  });

  afterAll(async () => {
    await session?.close();
    await Promise.all([site?.close(), other?.close(), trap?.close()]);
  });

  async function open(path: string): Promise<Page> {
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1000, height: 700 });
    await page.goto(`${site.origin}${path}`);
    return page;
  }

  async function sampledFor(videoId: string): Promise<number> {
    const tabs = await readReports(await session.worker());
    for (const videos of Object.values(tabs)) {
      const report = videos[videoId];
      if (report) return report.frames.sampled as number;
    }
    return -1;
  }

  it('badges a playing video and leaves idle', async () => {
    const page = await open('/same.html');
    await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
    const [badge] = await waitForBadges(
      page,
      (all) => all.length === 1 && all[0]?.state !== 'idle' && all[0]?.sampling === 'on',
    );
    expect(badge?.videoId).toMatch(/^v[0-9a-f]{20}$/);
    expect(['analyzing', 'scored', 'insufficient']).toContain(badge?.state);
    // data-risk and data-verdict exist exactly when the state is scored.
    const later = await waitForBadges(page, (all) => all[0]?.state !== 'analyzing', 40_000);
    if (later[0]?.state === 'scored') {
      expect(Number(later[0]?.risk)).toBeGreaterThanOrEqual(0);
      expect(['likely-real', 'uncertain', 'likely-fake']).toContain(later[0]?.verdict);
    } else {
      expect(later[0]?.risk).toBeUndefined();
      expect(later[0]?.verdict).toBeUndefined();
    }
    await page.close();
  });

  it('places the badge over the video and opens its panel from the keyboard', async () => {
    const page = await open('/same.html');
    await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
    await waitForBadges(page, (all) => all[0]?.state !== undefined && all[0]?.state !== 'idle');
    const geometry = await page.evaluate(() => {
      const video = document.getElementById('v')!.getBoundingClientRect();
      const pill = document
        .querySelector('telltale-badge')!
        .shadowRoot!.querySelector('.tt-pill')!
        .getBoundingClientRect();
      return { video: video.toJSON(), pill: pill.toJSON() };
    });
    // Quiet mode (the default) shows a small mark while checking.
    expect(geometry.pill.width).toBeGreaterThan(10);
    expect(geometry.pill.left).toBeGreaterThanOrEqual(geometry.video.left);
    expect(geometry.pill.top).toBeGreaterThanOrEqual(geometry.video.top);
    expect(geometry.pill.right).toBeLessThanOrEqual(geometry.video.right);
    expect(geometry.pill.bottom).toBeLessThanOrEqual(
      geometry.video.top + geometry.video.height / 3,
    );

    // Tab reaches the badge button; Enter opens the panel with the placeholder's reason.
    let focused = false;
    for (let i = 0; i < 5 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => document.activeElement?.tagName.toLowerCase() === 'telltale-badge',
      );
    }
    expect(focused).toBe(true);
    await page.keyboard.press('Enter');
    const panel = await page.evaluate(
      () =>
        document.querySelector('telltale-badge')!.shadowRoot!.querySelector('.tt-panel')
          ?.textContent,
    );
    expect(panel).toMatch(/Sampling frames|Estimated risk|Not enough evidence/);
    await page.close();
  });

  it('stops sampling when the video is paused', async () => {
    const page = await open('/same.html');
    await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
    const [badge] = await waitForBadges(page, (all) => all[0]?.sampling === 'on');
    const videoId = badge?.videoId ?? '';
    // Wait until frames flow (the models may still be loading).
    const deadline = Date.now() + 60_000;
    while ((await sampledFor(videoId)) <= 3 && Date.now() < deadline) await sleep(300);
    expect(await sampledFor(videoId)).toBeGreaterThan(3);

    await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).pause());
    await waitForBadges(page, (all) => all[0]?.sampling === 'off');
    await sleep(700); // let in-flight reports land
    const atPause = await sampledFor(videoId);
    await sleep(2000);
    expect(await sampledFor(videoId)).toBe(atPause);

    await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
    await waitForBadges(page, (all) => all[0]?.sampling === 'on');
    await sleep(1500);
    expect(await sampledFor(videoId)).toBeGreaterThan(atPause);
    await page.close();
  });

  it('marks a cross-origin video without CORS as unsupported, with a reason', async () => {
    const page = await open('/cross.html');
    const [badge] = await waitForBadges(page, (all) => all[0]?.state === 'unsupported');
    expect(badge?.risk).toBeUndefined();
    const tabs = await readReports(await session.worker());
    const report = Object.values(tabs)
      .flatMap((videos) => Object.values(videos))
      .find((r) => r.videoId === badge?.videoId);
    expect(report?.state).toBe('unsupported');
    expect(report?.reason).toMatch(/cross-origin/i);
    await page.close();
  });

  it('finds a video added later inside a shadow root', async () => {
    const page = await open('/late.html');
    const [badge] = await waitForBadges(
      page,
      (all) => all.length === 1 && all[0]?.state !== 'idle',
    );
    expect(badge?.state).not.toBe('unsupported');
    await page.close();
  });

  it('made no network request outside 127.0.0.1', () => {
    expect(trap.hits).toEqual([]);
  });
});
