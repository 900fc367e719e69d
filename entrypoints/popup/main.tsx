import { browser } from '#imports';
import { render } from 'preact';
import { PopupApp, type PopupView } from '@/components/popup/PopupApp';
import '@/components/popup/popup.css';
import { tabKey, type TabReports } from '@/lib/background/report-store';
import { t } from '@/lib/i18n';
import { uiChannel } from '@/lib/messaging/ui-protocol';
import { applySensitivity } from '@/lib/scoring/sensitivity';
import { loadSettings, watchSettings, type Settings } from '@/lib/storage/settings';

/** The tab the popup is about: ?tab=<id> (the popup opened as a page), else the active tab. */
async function targetTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function main() {
  const root = document.getElementById('app');
  if (!root) return;
  document.title = t('extName');
  const tabId = await targetTab();
  let settings: Settings = await loadSettings(browser.storage.local);
  let reports: TabReports = {};
  let status: string | undefined;

  const draw = () => {
    const list = Object.values(reports)
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .map((report) => applySensitivity(report, settings.sensitivity));
    const siteOff = list.some((r) => r.page?.site !== undefined && !settings.sites[r.page.site]);
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
                : t('popupDeepFailed', result.reason ?? '?');
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
