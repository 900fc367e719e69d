import { browser } from '#imports';
import { render } from 'preact';
import { PopupApp, type PopupView } from '@/components/popup/PopupApp';
import '@/components/popup/popup.css';
import { tabKey, type TabReports } from '@/lib/background/report-store';
import { t } from '@/lib/i18n';
import { localizeText } from '@/lib/l10n/phrases';
import { uiChannel } from '@/lib/messaging/ui-protocol';
import type { SiteId } from '@/lib/messaging/types';
import { applySensitivity } from '@/lib/scoring/sensitivity';
import { siteFor } from '@/lib/sites/registry';
import { loadSettings, watchSettings, type Settings } from '@/lib/storage/settings';

/** The tab the popup is about: ?tab=<id> (the popup opened as a page), else the active tab. */
async function targetTab(): Promise<{ id: number; site: SiteId | null } | null> {
  const param = new URLSearchParams(location.search).get('tab');
  const tab =
    param !== null && /^\d+$/.test(param)
      ? await browser.tabs.get(Number(param)).catch(() => undefined)
      : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (tab?.id === undefined) return null;
  let site: SiteId | null = null;
  try {
    const url = new URL(tab.url ?? '');
    if (url.protocol === 'http:' || url.protocol === 'https:') site = siteFor(url).id;
  } catch {
    // No URL (the tab is not ours to see): no site.
  }
  return { id: tab.id, site };
}

async function main() {
  const root = document.getElementById('app');
  if (!root) return;
  document.title = t('extName');
  const tab = await targetTab();
  const tabId = tab?.id ?? null;
  let settings: Settings = await loadSettings(browser.storage.local);
  let reports: TabReports = {};
  let status: string | undefined;

  const draw = () => {
    const list = Object.values(reports)
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .map((report) => applySensitivity(report, settings.sensitivity));
    const siteOff = tab?.site ? !settings.sites[tab.site] : false;
    const view: PopupView = {
      hasTab: tabId !== null,
      reports: list,
      onRequest: settings.mode === 'on-request',
      siteOff,
      ...(status === undefined ? {} : { status }),
    };
    render(
      <PopupApp
        view={view}
        t={t}
        onDeepCheck={(videoId) => {
          if (tabId === null) return;
          uiChannel
            .sendMessage('ui:deepCheck', { tabId, ...(videoId === undefined ? {} : { videoId }) })
            .then((result) => {
              status = result.started
                ? t('popupDeepStarted')
                : t('popupDeepFailed', localizeText(result.reason ?? '?', t));
            })
            .catch((error: unknown) => {
              status = t('popupDeepFailed', String(error));
            })
            .finally(draw);
        }}
        onOpenTriage={() => {
          // The triage page is its own entrypoint (triage.html).
          const url = browser.runtime.getURL('/triage.html' as '/popup.html');
          void browser.tabs.create({ url }).then(() => window.close());
        }}
        onOpenSettings={() => {
          void browser.runtime.openOptionsPage().then(() => window.close());
        }}
      />,
      root,
    );
  };

  if (tabId !== null) {
    const key = tabKey(tabId);
    const read = async () => {
      const items = await browser.storage.session.get(key);
      reports = (items[key] as TabReports | undefined) ?? {};
      draw();
    };
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'session' && Object.hasOwn(changes, key)) void read();
    });
    await read();
  }
  watchSettings(browser.storage.onChanged, (next) => {
    settings = next;
    draw();
  });
  draw();
}

void main();
