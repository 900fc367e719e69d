/**
 * The German locale in real Chromium: started with --lang=de (LANGUAGE / LANG in the browser's
 * environment do not switch chrome.i18n in headless Chromium on Linux; --lang does, although
 * chrome.i18n.getUILanguage() still says en-US), the extension's pages, the toolbar tooltip and
 * the badge's panel speak German, including the reasons the offscreen analysis writes in
 * English (translated at display time, lib/l10n/phrases.ts).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, readReports } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, sleep, waitForBadges } from './helpers';

const VIDEO = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';
const PAGE = `<!doctype html><link rel="icon" href="data:,"><title>Sprachtest</title><video id="v" src="/media/${VIDEO}" muted loop playsinline width="480"></video>`;

/** Reasons the offscreen analysis writes while a video is checked, in German and English. */
const GERMAN_REASON =
  /^(Modelle werden geladen \(\d+ %\)|Suche nach einem Gesicht|Hinweise werden gesammelt|.*Einzelbilder mit Gesicht nötig.*|Letzte Bewertung beibehalten: .*)/;
const ENGLISH =
  /Loading models|Looking for a face|Collecting evidence|frames of face|Kept last score|Estimated risk|Not enough evidence|Sampling frames|Hide for this video/;

describe('German locale (--lang=de)', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    session = await launchBrowser({ args: ['--lang=de'] });
  });
  afterAll(async () => {
    await session?.close();
  });

  async function extensionPage(path: string): Promise<Page> {
    const page = await session.browser.newPage();
    await page.goto(`chrome-extension://${session.extensionId}${path}`);
    return page;
  }

  it('shows the options, popup, triage and hash lists pages in German', async () => {
    const options = await extensionPage('/options.html');
    await options.waitForFunction(() => document.querySelector('h1')?.textContent !== '', {
      timeout: 60_000,
    });
    expect(await options.$eval('h1', (el) => el.textContent)).toBe('Telltale-Einstellungen');
    expect(await options.title()).toBe('Telltale-Einstellungen');
    expect(await options.$eval('main', (el) => el.textContent)).toContain('Empfindlichkeit');
    await options.close();

    const popup = await extensionPage('/popup.html');
    await popup.waitForSelector('.pp-heading', { timeout: 60_000 });
    expect(await popup.$eval('.pp-heading', (el) => el.textContent)).toBe(
      'Videos auf dieser Seite',
    );
    expect(await popup.$eval('.pp-settings', (el) => el.textContent)).toBe('Einstellungen');
    await popup.close();

    const triage = await extensionPage('/triage.html');
    await triage.waitForSelector('.tt-header h1', { timeout: 60_000 });
    expect(await triage.$eval('.tt-header h1', (el) => el.textContent)).toBe('Telltale-Triage');
    expect(await triage.title()).toBe('Telltale-Triage');
    expect(await triage.$eval('#tt-export-json', (el) => el.textContent)).toBe(
      'Alle exportieren (JSON)',
    );
    await triage.close();

    const lists = await extensionPage('/lists.html');
    await lists.waitForSelector('#no-lists', { timeout: 60_000 });
    expect(await lists.$eval('#no-lists', (el) => el.textContent)).toBe(
      'Noch keine Listen importiert.',
    );
    await lists.close();
  });

  it.skipIf(!HAS_SHARED)(
    'shows the badge panel and the toolbar tooltip in German',
    async () => {
      const site = await serve({ folders: { '/media/': MEDIA }, pages: { '/de.html': PAGE } });
      try {
        const page = await session.browser.newPage();
        await page.goto(`${site.origin}/de.html`);
        await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
        await waitForBadges(page, (all) => all[0]?.state !== undefined, 60_000);
        await page.evaluate(() =>
          document
            .querySelector('telltale-badge')!
            .shadowRoot!.querySelector<HTMLElement>('.tt-pill')!
            .click(),
        );
        // While models load and evidence gathers, the panel shows the analysis' reason (English
        // in the report); poll until it is there.
        const deadline = Date.now() + 90_000;
        let panel = { text: '', reason: '', label: '' };
        while (Date.now() < deadline) {
          panel = await page.evaluate(() => {
            const root = document.querySelector('telltale-badge')!.shadowRoot!;
            return {
              text: root.querySelector('.tt-panel')?.textContent ?? '',
              reason: root.querySelector('.tt-reason')?.textContent ?? '',
              label: root.querySelector('.tt-pill')?.getAttribute('aria-label') ?? '',
            };
          });
          if (panel.reason !== '') break;
          await sleep(250);
        }
        console.log(`[locale] panel: ${panel.text}`);
        expect(panel.reason).toMatch(GERMAN_REASON);
        expect(panel.text).not.toMatch(ENGLISH);
        expect(panel.text).toContain('Für dieses Video ausblenden');
        expect(panel.label).toMatch(/^Telltale: .+\. Details anzeigen$/);

        const worker = await session.worker();
        const tabs = await readReports(worker);
        const tabId = Number(Object.keys(tabs)[0]);
        const title = await worker.evaluate(
          (tab) =>
            (
              globalThis as unknown as {
                chrome: { action: { getTitle(d: { tabId: number }): Promise<string> } };
              }
            ).chrome.action.getTitle({ tabId: tab }),
          tabId,
        );
        expect(title).toMatch(/^Telltale: 1 Video\(s\) auf dieser Seite geprüft, 0 markiert$/);

        // The triage page records the video; its detail speaks German too.
        const triage = await extensionPage('/triage.html');
        const row = await triage.waitForSelector('.tt-body .tt-row', { timeout: 90_000 });
        await row!.click();
        await triage.waitForSelector('.tt-detail[data-key] .tt-summary', { timeout: 30_000 });
        const detail = await triage.$eval('.tt-detail[data-key]', (el) => el.textContent ?? '');
        console.log(`[locale] triage detail: ${detail.slice(0, 300)}`);
        expect(detail).toMatch(/zuerst gesehen .* zuletzt gesehen/);
        expect(detail).toMatch(/Wird geprüft…|Geschätztes Risiko|Zu wenig Hinweise/);
        expect(detail).toContain('Notizen');
        expect(detail).not.toMatch(/first seen|Estimated risk|Notes|analyzing/);
        await triage.close();
        await page.close();
      } finally {
        await site.close();
      }
    },
    240_000,
  );
});
