/** Shared set-up for the end-to-end tests (puppeteer-core + Debian Chromium, built extension). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { ROOT } from '../../scripts/lib/browser.mjs';

export const SHARED = path.resolve(ROOT, '..', 'shared');
export const MEDIA = path.join(SHARED, 'fixtures', 'media');
export const HAS_SHARED = existsSync(MEDIA);

/** Runs one of the project's Node scripts (scripts/NAME) to completion, as a user would. */
export function runScript(name: string, args: string[], timeoutMs: number) {
  return spawnSync('node', [path.join(ROOT, 'scripts', name), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
}
if (!HAS_SHARED)
  console.warn(`[e2e] ${MEDIA} is absent: tests that play fixture videos are skipped`);

/**
 * A proxy that records and refuses every request sent to it. Chromium is started with
 * --proxy-server pointing here; loopback stays direct (Chromium's default bypass), so any
 * request that reaches the trap left 127.0.0.1.
 */
export async function startNetworkTrap() {
  const hits: string[] = [];
  const server = net.createServer((socket) => {
    socket.once('data', (chunk) => {
      hits.push(chunk.toString('latin1').split('\r\n')[0] ?? '?');
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    hits,
    port,
    args: [`--proxy-server=http://127.0.0.1:${port}`],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface BadgeData {
  videoId?: string;
  state?: string;
  risk?: string;
  verdict?: string;
  sampling?: string;
  site?: string;
  mediaId?: string;
  match?: string;
  matchLabel?: string;
  provenance?: string;
  provenanceAi?: string;
}

/** Data attributes of every <telltale-badge> in the page. */
export function badges(page: Page): Promise<BadgeData[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('telltale-badge')].map((el) => ({
      ...(el as HTMLElement).dataset,
    })),
  );
}

/** Polls until `predicate` holds for the page's badges; returns them. */
export async function waitForBadges(
  page: Page,
  predicate: (all: BadgeData[]) => boolean,
  timeoutMs = 20_000,
): Promise<BadgeData[]> {
  const deadline = Date.now() + timeoutMs;
  let last: BadgeData[] = [];
  while (Date.now() < deadline) {
    last = await badges(page);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`badges never matched; last seen ${JSON.stringify(last)}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Clicks "Check this video with Telltale" for `tabId`. Chromium's native menu cannot be
 * clicked from puppeteer, so the click is dispatched to the background's real onClicked
 * listener with the info Chromium gives (`info`: e.g. mediaType 'video' and srcUrl for a
 * right-click on a <video>). The item must exist: update rejects an unknown id.
 */
export async function clickDeepCheckMenu(
  worker: WebWorker,
  tabId: number,
  info: { mediaType?: string; srcUrl?: string } = {},
): Promise<void> {
  await worker.evaluate(
    async (tab, extra) => {
      const menus = (
        globalThis as unknown as {
          chrome: {
            contextMenus: {
              update(id: string, properties: object): Promise<void>;
              onClicked: { dispatch(info: object, tab: { id: number }): void };
            };
          };
        }
      ).chrome.contextMenus;
      await menus.update('telltale-deep-check', {});
      menus.onClicked.dispatch(
        { menuItemId: 'telltale-deep-check', frameId: 0, ...extra },
        { id: tab },
      );
    },
    tabId,
    info,
  );
}
