/**
 * A feed of 100 videos (issue #17): only videos that are on screen and playing are sampled.
 * Off-screen videos that play, and on-screen videos that are paused, get no frames, no badge
 * and no report; after a scroll the newly visible playing videos are analysed and the ones
 * scrolled away stop sending frames. Costs of such a feed: scripts/bench-feed.mjs.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { FEED_CELL_PX, feedPage } from '../../scripts/lib/feed-page.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, badges, waitForBadges } from './helpers';
import { reportsByTab, waitForReport, type ReportView } from './reports';

/** Clips with a face (the analysed ones) and small ones for the rest of the feed. */
const CLIPS = [
  'real__hdtf__RD_Radio2_000_yuv420p.mp4',
  'real__vox__pcavs_audio_00015.mp4',
  'real__liveportrait__d5.mp4',
  'fake__SadTalker__camera_RD_Radio31.mp4',
];
/** Played by the page: 0 and 1 on screen at first, 40 and 41 after the scroll, 30 and 70 never. */
const PLAYING = [0, 1, 30, 40, 41, 70];
const OFF_SCREEN_PLAYING = [30, 70];
/** A fresh browser loads the models while the first videos play, on a shared 2-core machine. */
const FEED_TEST_MS = 240_000;

describe.skipIf(!HAS_SHARED)('feed: 100 videos, only the visible playing ones analysed', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let site: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    site = await serve({
      folders: { '/media/': MEDIA },
      pages: {
        '/feed.html': feedPage({
          count: 100,
          clips: CLIPS.map((clip) => `/media/${clip}`),
          playing: PLAYING,
        }),
      },
    });
    session = await launchBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  /** Every report of the session's tabs (one tab here), by video id. */
  const allReports = async (): Promise<Record<string, ReportView>> =>
    Object.assign({}, ...Object.values(await reportsByTab(session)));

  /** Media time of the given videos, and whether they are paused. */
  const playback = (page: Page, indexes: number[]) =>
    page.evaluate(
      (list: number[]) =>
        list.map((i) => {
          const video = document.getElementById(`v${i}`) as HTMLVideoElement;
          return { i, paused: video.paused, time: video.currentTime };
        }),
      indexes,
    );

  /** Waits until every id's report has analysed more than `min` frames. */
  const analysed = (ids: string[], min: number, what: string) =>
    Promise.all(
      ids.map((id) => waitForReport(session, id, what, (r) => r.frames.analysed > min, 150_000)),
    );

  it(
    'samples the visible playing videos only, and follows a scroll',
    async () => {
      const page = await session.browser.newPage();
      try {
        await page.setViewport({ width: 1000, height: 700 });
        await page.goto(`${site.origin}/feed.html`);
        expect(await page.$$eval('video', (all) => all.length)).toBe(100);

        // Videos 0 and 1 (on screen, playing) are sampled; 2 and 3 (on screen, paused) are not.
        const first = await waitForBadges(
          page,
          (all) => all.filter((b) => b.sampling === 'on').length >= 2,
          90_000,
        );
        const firstIds = first.filter((b) => b.sampling === 'on').map((b) => b.videoId ?? '');
        await analysed(firstIds, 3, 'frames of the visible playing videos analysed');

        // The off-screen videos really play meanwhile, and none of them got a badge or a report.
        const offScreen = await playback(page, OFF_SCREEN_PLAYING);
        expect(
          offScreen.every((v) => !v.paused && v.time > 0),
          JSON.stringify(offScreen),
        ).toBe(true);
        expect((await badges(page)).length).toBe(2);
        expect(Object.keys(await allReports()).sort()).toEqual([...firstIds].sort());

        // Scroll to cells 40-43: 40 and 41 play there, 42 and 43 are paused.
        await page.evaluate((y: number) => window.scrollTo(0, y), 40 * FEED_CELL_PX);
        const after = await waitForBadges(
          page,
          (all) =>
            all.length === 4 &&
            all.filter((b) => b.sampling === 'on' && !firstIds.includes(b.videoId ?? '')).length ===
              2 &&
            all
              .filter((b) => firstIds.includes(b.videoId ?? ''))
              .every((b) => b.sampling === 'off'),
          60_000,
        );
        const nextIds = after.map((b) => b.videoId ?? '').filter((id) => !firstIds.includes(id));
        const scrolledAway = await playback(page, [0, 1]);
        expect(
          scrolledAway.every((v) => !v.paused),
          'videos 0 and 1 still play',
        ).toBe(true);
        const base = await allReports();
        await analysed(
          nextIds,
          Math.max(...nextIds.map((id) => base[id]?.frames.analysed ?? 0)) + 3,
          'frames of the newly visible videos analysed',
        );
        // Frames of 0 and 1 sent before their stop arrived before these later ones (one
        // ordered channel): from here on, their counts must not move.
        const settled = await allReports();
        const moreOf = Math.max(...nextIds.map((id) => settled[id]?.frames.analysed ?? 0)) + 3;
        await analysed(nextIds, moreOf, 'more frames of the newly visible videos');
        const later = await allReports();
        for (const id of firstIds) {
          expect(later[id]?.frames.sampled, `frames of scrolled-away ${id}`).toBe(
            settled[id]?.frames.sampled,
          );
        }
        // Still only the four videos that were on screen while playing have reports.
        expect(Object.keys(later).sort()).toEqual([...firstIds, ...nextIds].sort());
        for (const id of [...firstIds, ...nextIds]) expect(later[id]?.state).not.toBe('error');
      } finally {
        await page.close();
      }
    },
    FEED_TEST_MS,
  );
});
