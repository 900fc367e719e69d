/**
 * Triage end to end: fixture videos are analysed on a page and land in the store; the triage
 * page sorts them by risk, takes verdicts and notes from the keyboard, keeps them across a
 * browser restart, exports JSON/CSV that import into a fresh profile unchanged (and refuses a
 * malformed file), and checks local files: a video is analysed, a text file rejected.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, readHostState } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, sleep } from './helpers';

const REAL = 'real__hdtf__RD_Radio34_000_yuv420p.mp4';
/** Played on the page; long enough that the page's start/stop messages cannot race. */
const FAKE = 'fake__FOMM__generated.mp4';
/** Checked as a local file. */
const SHORT = 'fake__GHOST__elon.webm';

type Session = Awaited<ReturnType<typeof launchBrowser>>;
interface Row {
  key: string;
  risk: string;
  mod: string;
  state: string;
  final: string;
}

async function openTriage(session: Session): Promise<Page> {
  const page = await session.browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(`chrome-extension://${session.extensionId}/triage.html`);
  await page.waitForSelector('.tt-count');
  return page;
}

const rows = (page: Page): Promise<Row[]> =>
  page.$$eval('.tt-body .tt-row', (els) =>
    els
      .map((el) => {
        const d = (el as HTMLElement).dataset;
        return {
          key: d.key ?? '',
          risk: d.risk ?? '',
          mod: d.mod ?? '',
          state: d.state ?? '',
          final: d.final ?? '',
          top: parseFloat((el as HTMLElement).style.top),
        };
      })
      .sort((a, b) => a.top - b.top)
      .map(({ key, risk, mod, state, final }) => ({
        key,
        risk,
        mod,
        state,
        final,
      })),
  );

async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: last seen ${JSON.stringify(last)}`);
    await sleep(300);
    last = await probe();
  }
  return last;
}

async function allowDownloads(browser: Browser, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
}

async function downloaded(dir: string, ext: string): Promise<string> {
  const name = await waitFor(
    `a ${ext} download`,
    async () => (await readdir(dir)).find((f) => f.endsWith(ext)),
    (f) => f !== undefined,
    15_000,
  );
  return readFile(path.join(dir, name!), 'utf8');
}

describe.skipIf(!HAS_SHARED)(
  'triage: store, table, verdicts, restart, export/import, local files',
  () => {
    let site: Awaited<ReturnType<typeof serve>>;
    let work: string;
    let profile: string;
    let session: Session | null = null;
    let exported: { items: Record<string, unknown>[] } | null = null;
    let exportPath = '';

    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'telltale-triage-'));
      profile = path.join(work, 'profile');
      site = await serve({
        folders: { '/media/': MEDIA },
        pages: {
          '/two.html': `<!doctype html><link rel="icon" href="data:,"><title>Two clips</title>
          <video src="/media/${REAL}" muted playsinline preload="auto" width="360"></video>
          <video src="/media/${FAKE}" muted playsinline preload="auto" width="360"></video>`,
        },
      });
    });

    afterAll(async () => {
      await session?.close();
      await site?.close();
      await rm(work, { recursive: true, force: true });
    });

    it('stores analysed videos and takes keyboard verdicts and notes on the triage page', async () => {
      session = await launchBrowser({ userDataDir: profile });
      const videos = await session.browser.newPage();
      await videos.setViewport({ width: 800, height: 600 });
      await videos.goto(`${site.origin}/two.html`);
      // Play once the models are loaded (as `npm run scan` does), so the clips are analysed whole.
      const worker = await session.worker();
      await waitFor(
        'host ready',
        () => readHostState(worker),
        (h) => h?.state === 'ready',
        90_000,
      );
      await videos.evaluate(() => document.querySelectorAll('video').forEach((v) => void v.play()));
      await videos.waitForFunction(
        () => [...document.querySelectorAll('video')].every((v) => v.ended),
        {
          timeout: 90_000,
        },
      );

      const page = await openTriage(session);
      const settled = await waitFor(
        'two final items',
        () => rows(page),
        (r) => r.length === 2 && r.every((x) => x.final === 'true'),
        60_000,
      );
      expect(
        settled.map((r) => r.key).every((k) => k.startsWith(`${site.origin}/two.html#v`)),
      ).toBe(true);
      expect(settled.some((r) => r.state === 'scored')).toBe(true);

      // Sort by risk (highest first): scored rows in non-increasing order, unscored last.
      await page.click('button[data-sort="risk"]');
      const sorted = await rows(page);
      const risks = sorted.map((r) => (r.risk === '' ? -1 : Number(r.risk)));
      expect(risks).toEqual([...risks].sort((a, b) => b - a));

      // j -> first row, 1 -> confirmed fake; j -> second row, 2 -> authentic.
      await page.keyboard.press('j');
      await page.keyboard.press('1');
      await page.keyboard.press('j');
      await page.keyboard.press('2');
      const marked = await waitFor(
        'verdicts',
        () => rows(page),
        (r) => r[0]?.mod === 'fake' && r[1]?.mod === 'authentic',
      );
      // Detail of the current (second) row: evidence, plot, notes.
      await page.waitForSelector('.tt-detail .uplot', { timeout: 10_000 });
      await page.click('.tt-detail textarea');
      await page.keyboard.type('checked by e2e, "quoted", =not-a-formula');
      await page.click('.tt-detail h2'); // blur saves
      await sleep(500);

      // Restart: close the browser, launch again on the same profile.
      await session.close();
      session = await launchBrowser({ userDataDir: profile });
      const again = await openTriage(session);
      const kept = await waitFor(
        'rows after restart',
        () => rows(again),
        (r) => r.length === 2,
      );
      const mods = Object.fromEntries(kept.map((r) => [r.key, r.mod]));
      expect(mods[marked[0]!.key]).toBe('fake');
      expect(mods[marked[1]!.key]).toBe('authentic');
      await again.click(`.tt-row[data-key="${marked[1]!.key}"]`);
      const notes = await again.$eval(
        '.tt-detail textarea',
        (el) => (el as HTMLTextAreaElement).value,
      );
      expect(notes).toBe('checked by e2e, "quoted", =not-a-formula');

      // Export all as JSON and CSV.
      const downloads = path.join(work, 'downloads');
      await allowDownloads(session.browser, downloads);
      await again.click('#tt-export-json');
      const json = await downloaded(downloads, '.json');
      exported = JSON.parse(json);
      exportPath = path.join(work, 'export.json');
      await writeFile(exportPath, json);
      expect(exported?.items).toHaveLength(2);
      const first = exported!.items.find((i) => i.key === marked[0]!.key)!;
      expect(first).toMatchObject({ modVerdict: 'fake', analyserId: 'face-landmarker-1' });
      expect(Object.keys(first.detail as object)).toEqual(
        expect.arrayContaining(['cues', 'fusion', 'series', 'keyframes']),
      );
      // The analysed face's thumbnails travel with the item.
      const keyframes = exported!.items.flatMap(
        (i) => (i.detail as { keyframes: string[] }).keyframes,
      );
      expect(keyframes.length).toBeGreaterThan(0);
      expect(keyframes[0]).toMatch(/^data:image\/jpeg;base64,/);
      await again.click('#tt-export-csv');
      const csv = await downloaded(downloads, '.csv');
      expect(csv.split('\r\n')[0]).toContain('moderatorVerdict');
      expect(csv).toContain(`"checked by e2e, ""quoted"", =not-a-formula"`);
      await session.close();
      session = null;
    }, 300_000);

    it('imports the export into a fresh profile unchanged and refuses a malformed file', async () => {
      expect(exported).not.toBeNull();
      session = await launchBrowser();
      const page = await openTriage(session);
      const bad = path.join(work, 'bad.json');
      await writeFile(
        bad,
        JSON.stringify({ ...exported, items: [{ ...exported!.items[0], risk: 'high' }] }),
      );
      const input = await page.$('input#tt-import-input');
      await input!.uploadFile(bad);
      await page.waitForFunction(() =>
        /Import rejected/.test(document.querySelector('.tt-status')?.textContent ?? ''),
      );
      expect(await rows(page)).toHaveLength(0);

      await (await page.$('input#tt-import-input'))!.uploadFile(exportPath);
      await page.waitForFunction(() =>
        /Imported 2 item/.test(document.querySelector('.tt-status')?.textContent ?? ''),
      );
      // Importing again merges: still two items.
      await (await page.$('input#tt-import-input'))!.uploadFile(exportPath);
      await waitFor(
        'two rows',
        () => rows(page),
        (r) => r.length === 2,
      );

      const downloads = path.join(work, 'downloads-2');
      await allowDownloads(session.browser, downloads);
      await page.click('#tt-export-json');
      const again = JSON.parse(await downloaded(downloads, '.json'));
      const byKey = (doc: { items: Record<string, unknown>[] }) =>
        Object.fromEntries(doc.items.map((i) => [i.key as string, i]));
      expect(byKey(again)).toEqual(byKey(exported!));
    }, 120_000);

    it('checks dropped files: a video is analysed, a text file is rejected', async () => {
      // Same fresh profile as the import test.
      const page = await openTriage(session!);
      const text = path.join(work, 'notes.txt');
      await writeFile(text, 'not a video\n');
      const input = await page.$('input#tt-local-input');
      await input!.uploadFile(path.join(MEDIA, SHORT), text);
      const jobs = await waitFor(
        'both files settled',
        () =>
          page.$$eval('.tt-job', (els) =>
            els.map((el) => ({
              name: (el as HTMLElement).dataset.name,
              state: (el as HTMLElement).dataset.state,
              detail: el.querySelector('.tt-job-detail')?.textContent,
              result: el.querySelector('.tt-job-result')?.getAttribute('data-result'),
            })),
          ),
        (j) =>
          j.length === 2 && j.every((x) => ['done', 'rejected', 'failed'].includes(x.state ?? '')),
        90_000,
      );
      expect(jobs.find((j) => j.name === SHORT)).toMatchObject({ state: 'done' });
      expect(['scored', 'insufficient']).toContain(jobs.find((j) => j.name === SHORT)?.result);
      expect(jobs.find((j) => j.name === 'notes.txt')).toMatchObject({ state: 'rejected' });
      const fileRows = await waitFor(
        'a file row',
        () => rows(page),
        (r) => r.some((x) => x.key.startsWith('file:')),
      );
      expect(fileRows.find((x) => x.key.startsWith('file:'))?.final).toBe('true');
    }, 120_000);
  },
);
