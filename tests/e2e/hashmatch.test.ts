/**
 * Known-deepfake matching end to end (issue 9): hash a fixture video's frames here in Node
 * (ffmpeg decode + lib/hashing PDQ), import them as a CSV list through the lists page's file
 * input, play the video on a local page and wait for the badge to say it matches; another
 * video must not match, and a malformed list must be refused without touching the lists.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdqHasher } from '../../lib/hashing/pdq';
import { launchBrowser, readReports } from '../../scripts/lib/browser.mjs';
import { importListThroughPage } from '../../scripts/lib/import-list.mjs';
import { Scanner, scanOrTranscode } from '../../scripts/lib/scanner.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, sleep, startNetworkTrap, waitForBadges } from './helpers';
import { decodeFrames, HAS_FFMPEG } from './video-frames';

const LISTED = 'fake__SadTalker__camera_RD_Radio31.mp4';
const OTHER = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';
const LABEL = 'SadTalker demo (RD_Radio31)';

if (HAS_SHARED && !HAS_FFMPEG) console.warn('[e2e] ffmpeg is absent: hashmatch test skipped');

describe.skipIf(!HAS_SHARED || !HAS_FFMPEG)('hash lists: import, live match, badge', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let site: Awaited<ReturnType<typeof serve>>;
  let trap: Awaited<ReturnType<typeof startNetworkTrap>>;
  let dir: string;
  let listFile: string;
  let badFile: string;
  let listedHashes = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'telltale-hashmatch-'));
    // vPDQ-style: the listed video's frames at their own size, 5 per second, quality >= 50.
    const hasher = new PdqHasher();
    const frames = await decodeFrames(path.join(MEDIA, LISTED), { fps: 5 });
    const rows = new Set<string>();
    for (const frame of frames) {
      const { hash, quality } = hasher.hash(frame);
      if (quality >= 50) rows.add(hash);
    }
    listedHashes = rows.size;
    const csv = ['hash,label,source'];
    for (const hash of rows) csv.push(`${hash},"${LABEL}",e2e`);
    listFile = path.join(dir, 'known-fakes.csv');
    await writeFile(listFile, `${csv.join('\n')}\n`);
    // Valid rows around one bad line: the whole file must be refused.
    badFile = path.join(dir, 'broken.csv');
    const [first, second] = [...rows];
    await writeFile(badFile, `hash,label\n${first},ok\nnot-a-hash,bad\n${second},ok\n`);

    trap = await startNetworkTrap();
    site = await serve({
      folders: { '/media/': MEDIA },
      pages: {
        '/listed.html': page(LISTED),
        '/other.html': page(OTHER),
      },
    });
    session = await launchBrowser({ args: trap.args });
  });

  afterAll(async () => {
    await session?.close();
    await Promise.all([site?.close(), trap?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function page(name: string): string {
    return `<!doctype html><link rel="icon" href="data:,"><video id="v" src="/media/${name}" muted loop playsinline width="480"></video>`;
  }

  async function openLists(): Promise<Page> {
    const lists = await session.browser.newPage();
    await lists.goto(`chrome-extension://${session.extensionId}/lists.html`);
    await lists.waitForSelector('#list-file');
    return lists;
  }

  const tableRows = (lists: Page) =>
    lists.$$eval('#lists tbody tr', (rows) =>
      rows.map((r) => [
        r.querySelector('.list-name')?.textContent,
        r.querySelector('.list-count')?.textContent,
      ]),
    );

  async function play(pathName: string): Promise<Page> {
    const tab = await session.browser.newPage();
    await tab.setViewport({ width: 1000, height: 700 });
    await tab.goto(`${site.origin}${pathName}`);
    await tab.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
    return tab;
  }

  async function reportOf(videoId: string | undefined) {
    const tabs = await readReports(await session.worker());
    return Object.values(tabs)
      .flatMap((videos) => Object.values(videos))
      .find((r) => r.videoId === videoId);
  }

  it('imports a CSV list through the lists page', async () => {
    expect(listedHashes).toBeGreaterThan(10);
    const result = await importListThroughPage(session.browser, session.extensionId, listFile);
    expect(result.ok).toBe(true);
    expect(result.text).toContain(`imported ${listedHashes} hashes`);
    const lists = await openLists();
    await lists.waitForSelector('#lists tbody tr');
    expect(await tableRows(lists)).toEqual([['known-fakes', String(listedHashes)]]);
    await lists.close();
  });

  it('badges the listed video as a known deepfake while it plays', async () => {
    const tab = await play('/listed.html');
    const [badge] = await waitForBadges(tab, (all) => all[0]?.match === 'known', 90_000);
    expect(badge?.matchLabel).toBe(LABEL);
    const banner = await tab.evaluate(
      () =>
        document.querySelector('telltale-badge')?.shadowRoot?.querySelector('.tt-match')
          ?.textContent,
    );
    expect(banner).toBe(`Matches a known deepfake: ${LABEL}`);
    const report = await reportOf(badge?.videoId);
    console.log('[hashmatch] match', JSON.stringify(report?.match), JSON.stringify(report?.hashes));
    expect(report?.match).toMatchObject({ label: LABEL, listName: 'known-fakes', source: 'e2e' });
    expect(report?.match.matchedFrames).toBeGreaterThanOrEqual(3);
    expect(report?.match.matchedFrames * 2).toBeGreaterThanOrEqual(report?.match.hashedFrames);
    expect(report?.match.distance).toBeLessThanOrEqual(31);
    expect(report?.hashes.listHashes).toBe(listedHashes);
    await tab.close();
  });

  it('does not match a different video', async () => {
    const tab = await play('/other.html');
    const [badge] = await waitForBadges(tab, (all) => all[0]?.videoId !== undefined);
    // Enough of the video hashed (4 s at two frames a second) against the loaded list.
    const deadline = Date.now() + 90_000;
    let report = await reportOf(badge?.videoId);
    while (!(report?.hashes?.usable >= 8 && report?.hashes?.listHashes > 0)) {
      if (Date.now() > deadline)
        throw new Error(`too few frames hashed: ${JSON.stringify(report?.hashes)}`);
      await sleep(500);
      report = await reportOf(badge?.videoId);
    }
    expect(report?.match).toBeUndefined();
    const [now] = await waitForBadges(tab, (all) => all.length === 1);
    expect(now?.match).toBeUndefined();
    expect(now?.matchLabel).toBeUndefined();
    await tab.close();
  });

  it('gives the match in the scan JSON (npm run scan -- FILE --hash-list LIST)', async () => {
    // The scan path on this browser, whose profile already holds the list.
    const files: Record<string, string> = {};
    const pages: Record<string, string> = {};
    const server = await serve({ files, pages });
    try {
      const scanner = new Scanner(session, server, files, pages);
      const json = await scanOrTranscode(scanner, path.join(MEDIA, LISTED), { maxSeconds: 10 });
      console.log('[hashmatch] scan', JSON.stringify({ frames: json.frames, match: json.match }));
      expect(json.match).toMatchObject({ label: LABEL, listName: 'known-fakes' });
      expect(json.hashes?.listHashes).toBe(listedHashes);
    } finally {
      await server.close();
    }
  });

  it('refuses a malformed list with its line number and leaves the lists unchanged', async () => {
    const lists = await openLists();
    await lists.waitForSelector('#lists tbody tr');
    const before = await tableRows(lists);
    const result = await importListThroughPage(session.browser, session.extensionId, badFile);
    expect(result.ok).toBe(false);
    expect(result.text).toMatch(/line 3: hash must be 64 hex digits/);
    expect(result.text).toContain('nothing changed');
    await lists.reload();
    await lists.waitForSelector('#lists tbody tr');
    expect(await tableRows(lists)).toEqual(before);
    await lists.close();
  });

  it('exports a list as CSV and deletes it; the live index forgets it', async () => {
    const lists = await openLists();
    await lists.waitForSelector('#lists tbody tr');
    // Catch the download link the page clicks, and read its blob back.
    await lists.evaluate(() => {
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        document.body.dataset.exported = this.href;
        document.body.dataset.exportName = this.download;
      };
    });
    await lists.click('button[aria-label="Export known-fakes as CSV"]');
    await lists.waitForFunction(() => document.body.dataset.exported, { timeout: 10_000 });
    const exported = await lists.evaluate(async () => ({
      name: document.body.dataset.exportName,
      text: await (await fetch(document.body.dataset.exported!)).text(),
    }));
    expect(exported.name).toBe('known-fakes.csv');
    const lines = exported.text.trim().split('\n');
    expect(lines[0]).toBe('hash,label,source,url,kind');
    expect(lines).toHaveLength(listedHashes + 1);
    expect(lines[1]).toMatch(new RegExp(`^[0-9a-f]{64},${LABEL.replace(/[()]/g, '\\$&')},e2e,,$`));

    lists.once('dialog', (dialog) => void dialog.accept());
    await lists.click('button[aria-label="Delete known-fakes"]');
    await lists.waitForSelector('#no-lists', { timeout: 10_000 });
    await lists.close();

    const tab = await play('/listed.html');
    const [badge] = await waitForBadges(tab, (all) => all[0]?.videoId !== undefined);
    const deadline = Date.now() + 60_000;
    let report = await reportOf(badge?.videoId);
    while (!(report?.hashes?.usable >= 6)) {
      if (Date.now() > deadline)
        throw new Error(`too few frames: ${JSON.stringify(report?.hashes)}`);
      await sleep(500);
      report = await reportOf(badge?.videoId);
    }
    expect(report?.hashes.listHashes).toBe(0);
    expect(report?.match).toBeUndefined();
    expect((await waitForBadges(tab, (all) => all.length === 1))[0]?.match).toBeUndefined();
    await tab.close();
  });

  it('made no network request outside 127.0.0.1', () => {
    expect(trap.hits).toEqual([]);
  });
});
