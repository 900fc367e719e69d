/**
 * The triage store on a real IndexedDB in Chromium (issue #17): a version 1 store with records in
 * it, left by an older Telltale, is upgraded to version 2 when the extension starts, and the
 * triage page lists every record (a sparse, half-broken one included, with defaults). A full
 * disk (quota exceeded) is said on the triage page while badges keep working, and a stored row
 * with broken fields is listed and opens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, sleep, waitForBadges } from './helpers';
import { loopingVideoPage } from './reports';

const VIDEO = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';

/** Recent enough that the retention limit (pruned at start-up) keeps them. */
const HOUR = 3_600_000;
const NOW = Date.now();

/** Version 1 kept one record per video with its detail inline (lib/storage/migrations.ts). */
const V1_RECORDS = [
  {
    key: 'https://example.org/a#v1',
    source: 'web',
    site: 'youtube',
    url: 'https://example.org/a',
    firstSeen: NOW - 3 * HOUR,
    lastSeen: NOW - 2 * HOUR,
    videoId: 'v00000000000000000001',
    state: 'scored',
    risk: 71,
    verdict: 'likely-fake',
    final: true,
    cueScores: { blend: 0.8, mesonet: null },
    analyserId: 'face-v1',
    modVerdict: 'fake',
    reviewedAt: NOW - HOUR,
    notes: 'checked against the source',
    tags: ['politics'],
    frames: { sampled: 80, analysed: 75, dropped: 5 },
    series: { t: [0, 1], risk: [60, 71], cues: { blend: [0.7, 0.8] } },
    keyframes: [],
  },
  {
    key: 'https://example.org/b#v2',
    site: 'x',
    url: 'https://example.org/b',
    lastSeen: NOW - HOUR,
    state: 'insufficient',
    risk: null,
  },
  // Half broken: wrong types everywhere; the upgrade keeps it with defaults.
  { key: 'https://example.org/c#v3', site: 42, risk: 'high', tags: 'x', series: 5, cues: [] },
];

describe('triage store: version 1 -> 2 upgrade on a real IndexedDB', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'telltale-upgrade-'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('upgrades a store with records in it and lists them in triage', async () => {
    // 1. A browser profile whose triage store is a version 1 store with three records.
    let session = await launchBrowser({ userDataDir: dir });
    try {
      const page = await session.browser.newPage();
      // An extension page that does not open the store itself (same origin as the store).
      await page.goto(`chrome-extension://${session.extensionId}/frame-bridge.html`);
      const version = await page.evaluate(async (records) => {
        const request = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        // The background opened (and created) the version 2 store at start-up; Dexie closes
        // its connection when another page asks to delete the database.
        await request(indexedDB.deleteDatabase('telltale-triage'));
        const open = indexedDB.open('telltale-triage', 10); // Dexie's version 1
        open.onupgradeneeded = () => {
          open.result
            .createObjectStore('items', { keyPath: 'key' })
            .createIndex('lastSeen', 'lastSeen');
        };
        const db = await request(open);
        const tx = db.transaction('items', 'readwrite');
        for (const record of records) tx.objectStore('items').put(record);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        db.close();
        return db.version;
      }, V1_RECORDS);
      expect(version).toBe(10);
    } finally {
      await session.close();
    }

    // 2. The extension starts on that profile: Dexie upgrades, the triage page shows all three.
    session = await launchBrowser({ userDataDir: dir });
    try {
      const page = await session.browser.newPage();
      await page.setViewport({ width: 1400, height: 900 });
      await page.goto(`chrome-extension://${session.extensionId}/triage.html`);
      await page.waitForSelector('.tt-count');
      const deadline = Date.now() + 30_000;
      let keys: string[] = [];
      while (Date.now() < deadline) {
        keys = await page.$$eval('.tt-body .tt-row', (els) =>
          els.map((el) => (el as HTMLElement).dataset.key ?? ''),
        );
        if (keys.length >= V1_RECORDS.length) break;
        await sleep(300);
      }
      expect(keys.sort()).toEqual(V1_RECORDS.map((r) => r.key).sort());
      // The stored shape is version 2: summary rows and details apart, the moderator's work kept.
      const stored = await page.evaluate(async () => {
        const request = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const db = await request(indexedDB.open('telltale-triage'));
        const tx = db.transaction(['items', 'details']);
        const items = await request(tx.objectStore('items').getAll());
        const details = await request(tx.objectStore('details').getAll());
        const out = { version: db.version, items, details: details.length };
        db.close();
        return out;
      });
      expect(stored.version).toBe(20);
      expect(stored.details).toBe(3);
      const first = stored.items.find((i: { key: string }) => i.key === V1_RECORDS[0]!.key);
      expect(first).toMatchObject({
        modVerdict: 'fake',
        notes: 'checked against the source',
        risk: 71,
      });
      const broken = stored.items.find((i: { key: string }) => i.key === V1_RECORDS[2]!.key);
      expect(broken).toMatchObject({ site: 'generic', risk: null, tags: [] });
    } finally {
      await session.close();
    }
  }, 300_000);
});

describe.skipIf(!HAS_SHARED)('triage store failures: quota exceeded, broken rows', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let site: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    site = await serve({
      folders: { '/media/': MEDIA },
      pages: {
        '/v.html': loopingVideoPage(`/media/${VIDEO}`),
      },
    });
    session = await launchBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it('says on the triage page when results cannot be saved; the badge still scores', async () => {
    const origin = `chrome-extension://${session.extensionId}`;
    const triage = await session.browser.newPage();
    const page = await session.browser.newPage();
    const cdp = await triage.createCDPSession();
    try {
      // The extension's origin may store next to nothing: every triage write fails.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
      await triage.goto(`${origin}/triage.html`);
      await triage.waitForSelector('.tt-count');
      await page.goto(`${site.origin}/v.html`);
      await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
      const [badge] = await waitForBadges(
        page,
        (all) => all[0]?.state === 'scored' || all[0]?.state === 'insufficient',
        120_000,
      );
      expect(badge?.state).toMatch(/scored|insufficient/);
      await triage.bringToFront();
      const problem = await triage
        .waitForSelector('.tt-store-problem', { timeout: 30_000 })
        .catch(async (error: unknown) => {
          const worker = await session.worker();
          const stored = await worker.evaluate(() =>
            (
              globalThis as unknown as {
                chrome: { storage: { session: { get(k: string): Promise<unknown> } } };
              }
            ).chrome.storage.session.get('triageProblem'),
          );
          throw new Error(
            `no message on the triage page; stored ${JSON.stringify(stored)}; ${String(error)}`,
          );
        });
      expect(await problem?.evaluate((el) => el.textContent)).toMatch(/quota exceeded/);
      // Once the quota is back, the next write works and the message goes.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await page.bringToFront();
      // Polled by time: animation frames do not run in a background tab.
      await triage.waitForFunction(() => !document.querySelector('.tt-store-problem'), {
        timeout: 60_000,
        polling: 500,
      });
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => undefined);
      await page.close();
      await triage.close();
    }
  }, 300_000);

  it('lists a row with broken fields, repaired, and opens it', async () => {
    const triage = await session.browser.newPage();
    try {
      await triage.setViewport({ width: 1400, height: 900 });
      await triage.goto(`chrome-extension://${session.extensionId}/triage.html`);
      await triage.waitForSelector('.tt-count');
      const key = 'https://example.org/broken#v9';
      await triage.evaluate(async (key: string) => {
        const request = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const db = await request(indexedDB.open('telltale-triage'));
        const tx = db.transaction(['items', 'details'], 'readwrite');
        tx.objectStore('items').put({
          key,
          lastSeen: Date.now(),
          risk: 'x',
          tags: 5,
          url: null,
          cueScores: 7,
        });
        tx.objectStore('details').put({ key, cues: 'no', series: { t: 'x' }, keyframes: 3 });
        await new Promise((resolve) => (tx.oncomplete = resolve));
        db.close();
      }, key);
      // Dexie's live queries see only Dexie's writes: load the page again.
      await triage.reload();
      const row = await triage.waitForSelector(`.tt-row[data-key="${key}"]`, { timeout: 30_000 });
      await row?.click();
      await triage.waitForSelector('.tt-detail', { timeout: 10_000 });
      expect(await triage.$('.tt-store-problem')).toBeNull();
    } finally {
      await triage.close();
    }
  });
});
