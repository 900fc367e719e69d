/**
 * Site adapters in real Chromium with the built extension: captured X and TikTok pages and the
 * hand-made YouTube watch page are served under their real host names (Chromium's host
 * resolver maps every host to a local server; the pages' own scripts are stripped, so the test
 * plays a fixture video in the element the site would have fed). The badge must sit on the
 * right video with the site's media id, hide during an ad, re-bind after SPA navigation, and
 * its evidence panel must open from the keyboard. Screenshots go to test-results/badges/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launchBrowser } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, SHARED, badges, waitForBadges } from './helpers';

const SITES = path.join(SHARED, 'fixtures', 'sites');
const LOCAL = path.join(ROOT, 'tests', 'fixtures', 'sites');
const SHOTS = path.join(ROOT, 'test-results', 'badges');
const REAL = 'real__hdtf__RD_Radio34_000_yuv420p.mp4';
const OTHER = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';

/** The saved page without its scripts (they would fetch the live site) and without CSP metas. */
async function stripped(file: string): Promise<string> {
  const html = await readFile(file, 'utf8');
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<meta[^>]+http-equiv="?content-security-policy"?[^>]*>/gi, '');
}

describe.skipIf(!HAS_SHARED)('site adapters in Chromium', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    // x.com, youtube.com and tiktok.com are HSTS-preloaded: serve HTTPS with a throwaway
    // self-signed certificate (tests/fixtures/tls) that Chromium is told to accept.
    server = await serve({
      tls: {
        key: await readFile(path.join(ROOT, 'tests', 'fixtures', 'tls', 'key.pem')),
        cert: await readFile(path.join(ROOT, 'tests', 'fixtures', 'tls', 'cert.pem')),
      },
      folders: { '/media/': MEDIA },
      pages: {
        '/javilop': await stripped(path.join(SITES, 'x', 'metascraper-x__profile-video.html')),
        '/@illojuan/video/7571863205253778710': await stripped(
          path.join(SITES, 'tiktok', 'metascraper-tiktok__video.html'),
        ),
        '/watch': await stripped(path.join(LOCAL, 'youtube', 'watch.html')),
      },
    });
    session = await launchBrowser({
      args: [`--host-resolver-rules=MAP * 127.0.0.1:${server.port}`, '--ignore-certificate-errors'],
    });
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return page;
  }

  /** Feeds the n-th <video> a fixture clip (what the site's player would do), scrolled into view. */
  async function play(page: Page, index: number, file: string) {
    await page.evaluate(
      (i, src) => {
        const video = document.querySelectorAll('video')[i]!;
        video.scrollIntoView({ block: 'center' });
        Object.assign(video, { src, muted: true, loop: true, playsInline: true });
        void video.play();
      },
      index,
      `/media/${file}`,
    );
  }

  /** The badge's box lies inside the n-th video's player box. */
  async function badgeInside(page: Page, index: number, selector: string): Promise<boolean> {
    return page.evaluate(
      (i, sel) => {
        const video = document.querySelectorAll('video')[i]!;
        const player = video.closest(sel)!.getBoundingClientRect();
        const host = document.querySelector('telltale-badge')!;
        const pill = host.shadowRoot!.querySelector('.tt-pill')!.getBoundingClientRect();
        return (
          pill.width > 0 &&
          pill.left >= player.left &&
          pill.top >= player.top &&
          pill.right <= player.right &&
          pill.bottom <= player.bottom
        );
      },
      index,
      selector,
    );
  }

  it('X profile timeline: the badge sits on the playing video with its status id', async () => {
    const page = await open('https://x.com/javilop');
    await play(page, 1, REAL);
    const [badge] = await waitForBadges(
      page,
      (all) => all.length === 1 && all[0]?.state !== 'idle',
    );
    expect(badge).toMatchObject({ site: 'x', mediaId: 'x:1827080302172500161' });
    await waitForBadges(page, (all) => all[0]?.sampling === 'on');
    expect(await badgeInside(page, 1, '[data-testid="videoPlayer"]')).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'x-profile-analyzing.png') });
    await page.close();
  });

  it('TikTok video page: the feed player gets the TikTok video id', async () => {
    const page = await open('https://www.tiktok.com/@illojuan/video/7571863205253778710');
    await page.evaluate(() => {
      // TikTok sizes its player with CSS injected at run time, which the capture lacks.
      const player = document.querySelector<HTMLElement>('.xgplayer-container')!;
      player.style.cssText = 'position:relative;display:block;width:405px;height:720px';
    });
    await play(page, 0, REAL);
    const [badge] = await waitForBadges(
      page,
      (all) => all.length === 1 && all[0]?.state !== 'idle',
      60_000,
    );
    expect(badge).toMatchObject({ site: 'tiktok', mediaId: 'tiktok:7571863205253778710' });
    expect(await badgeInside(page, 0, '.xgplayer-container')).toBe(true);
    // The first verdict, with its evidence panel open, for people to look at.
    await waitForBadges(
      page,
      (all) => ['scored', 'insufficient'].includes(all[0]?.state ?? ''),
      90_000,
    );
    await page.evaluate(() =>
      document
        .querySelector('telltale-badge')!
        .shadowRoot!.querySelector<HTMLElement>('.tt-pill')!
        .click(),
    );
    await page.screenshot({ path: path.join(SHOTS, 'tiktok-verdict-panel.png') });
    await page.close();
  });

  it('YouTube watch page: ad hides the badge, SPA navigation re-binds it, panel opens by keyboard', async () => {
    const page = await open('https://www.youtube.com/watch?v=A0FZIwabctw');
    await page.evaluate(() => {
      // The watch page's player fills its column (YouTube's CSS does this).
      const player = document.querySelector<HTMLElement>('#movie_player')!;
      player.style.cssText = 'position:relative;display:block;width:854px;height:480px';
      document.querySelector<HTMLElement>('video')!.style.cssText = 'width:854px;height:480px';
    });
    await play(page, 0, REAL);
    const [first] = await waitForBadges(
      page,
      (all) => all[0]?.state === 'analyzing' || all[0]?.state === 'scored',
    );
    expect(first).toMatchObject({ site: 'youtube', mediaId: 'youtube:A0FZIwabctw' });
    expect(await badgeInside(page, 0, '#movie_player')).toBe(true);

    // Keyboard: focus the pill, Enter opens the evidence panel, Escape-free toggle closes it.
    await page.evaluate(() =>
      document
        .querySelector('telltale-badge')!
        .shadowRoot!.querySelector<HTMLElement>('.tt-pill')!
        .focus(),
    );
    await page.keyboard.press('Enter');
    const panel = () =>
      page.evaluate(
        () =>
          !!document.querySelector('telltale-badge')!.shadowRoot!.querySelector('[role="dialog"]'),
      );
    expect(await panel()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'youtube-panel.png') });
    await page.keyboard.press('Enter');
    expect(await panel()).toBe(false);

    // An ad plays in the same element: the badge hides and no frames are sent meanwhile.
    const visible = () =>
      page.evaluate(() => {
        const box = document
          .querySelector('telltale-badge')!
          .shadowRoot!.querySelector('.tt-pill')!;
        return box.getBoundingClientRect().width > 0;
      });
    await page.evaluate(() => document.querySelector('#movie_player')!.classList.add('ad-showing'));
    await expect.poll(visible, { timeout: 5000 }).toBe(false);
    await page.evaluate(() =>
      document.querySelector('#movie_player')!.classList.remove('ad-showing'),
    );
    await expect.poll(visible, { timeout: 5000 }).toBe(true);

    // SPA navigation to another video in the same element: a new badge for the new media id.
    await page.evaluate((src) => {
      history.pushState({}, '', '/watch?v=hwMkbaS_M_c');
      document.querySelector('ytd-watch-metadata')!.setAttribute('video-id', 'hwMkbaS_M_c');
      const video = document.querySelector('video')!;
      video.src = src;
      void video.play();
    }, `/media/${OTHER}`);
    const [second] = await waitForBadges(
      page,
      (all) => all.length === 1 && all[0]?.mediaId === 'youtube:hwMkbaS_M_c',
      20_000,
    );
    expect(second?.videoId).not.toBe(first?.videoId);
    expect((await badges(page)).length).toBe(1);
    await page.close();
  });
});
