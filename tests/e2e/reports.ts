/**
 * Reading the reports the background publishes (README "Contracts") from e2e tests that follow
 * one video through faults: poll until a condition holds, and say what was last seen if not.
 */
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { readReports } from '../../scripts/lib/browser.mjs';
import { sleep, waitForBadges } from './helpers';

/** The fields of a published VideoReport these tests read. */
export interface ReportView {
  state: string;
  final?: boolean;
  transport?: string;
  frames: { sampled: number; analysed: number; ignored?: number };
}

/** A page with one muted, looping video #v (played by the test). */
export const loopingVideoPage = (src: string) =>
  `<!doctype html><link rel="icon" href="data:,"><video id="v" src="${src}" muted loop playsinline width="480"></video>`;

/** Every tab's reports. */
export async function reportsByTab(session: {
  worker(): Promise<WebWorker>;
}): Promise<Record<string, Record<string, ReportView>>> {
  return readReports(await session.worker());
}

/** Polls the video's report (in whichever tab) until `done` holds; fails naming the last one. */
export async function waitForReport(
  session: { worker(): Promise<WebWorker> },
  videoId: string,
  what: string,
  done: (report: ReportView) => boolean,
  timeoutMs = 120_000,
): Promise<ReportView> {
  const deadline = Date.now() + timeoutMs;
  let last: ReportView | undefined;
  while (Date.now() < deadline) {
    const tabs = await reportsByTab(session).catch(() => ({}));
    for (const videos of Object.values(tabs)) last = videos[videoId] ?? last;
    if (last && done(last)) return last;
    await sleep(500);
  }
  throw new Error(
    `${what}: not seen in ${timeoutMs} ms; last report state ${last?.state}, frames ${JSON.stringify(last?.frames)}`,
  );
}

/** Opens `url` (a page with a video #v), plays it and waits for its badge to sample. */
export async function playVideoPage(
  session: { browser: Browser },
  url: string,
): Promise<{ page: Page; videoId: string }> {
  const page = await session.browser.newPage();
  await page.setViewport({ width: 1000, height: 700 });
  await page.goto(url);
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  const [badge] = await waitForBadges(page, (all) => all[0]?.sampling === 'on', 60_000);
  return { page, videoId: badge?.videoId ?? '' };
}
