import { browser, defineBackground } from '#imports';
import { HOST_STATE_KEY, ReportStore, toolbarBadge } from '@/lib/background/report-store';
import { OffscreenManager, chromeOffscreenApi } from '@/lib/background/offscreen-manager';
import {
  contentChannel,
  parseVideoStart,
  parseVideoStop,
  parseVideoUnsupported,
} from '@/lib/messaging/content-protocol';
import { hostChannel, offscreenChannel } from '@/lib/messaging/host-protocol';
import { tabChannel } from '@/lib/messaging/tab-protocol';
import { localPage, parseLocalStart, triageChannel } from '@/lib/messaging/triage-protocol';
import { TriageRecorder } from '@/lib/background/triage-recorder';
import { openTriageDb } from '@/lib/storage/db';
import type { VideoReport } from '@/lib/messaging/types';
import { EMPTY_STAT } from '@/lib/messaging/types';
import type { Runtime } from 'webextension-polyfill';

const OFFSCREEN_PATH = '/offscreen.html';
const TRIAGE_PATH = '/triage.html';

function emptyReport(
  videoId: string,
  state: VideoReport['state'],
  page: VideoReport['page'],
): VideoReport {
  const report: VideoReport = {
    videoId,
    state,
    cues: {},
    frames: { sampled: 0, analysed: 0, dropped: 0 },
    timingsMs: { capture: EMPTY_STAT, transportRtt: EMPTY_STAT, analyse: EMPTY_STAT },
    analyser: { id: 'none', placeholder: false },
    updatedAt: Date.now(),
  };
  if (page) report.page = page;
  return report;
}

export default defineBackground(() => {
  const offscreen = new OffscreenManager(chromeOffscreenApi(OFFSCREEN_PATH));
  const store = new ReportStore(browser.storage.session);
  const triage = new TriageRecorder(openTriageDb(), browser.storage.local);
  void triage.prune();

  /** Content-script messages must come from a tab of this extension's content scripts. */
  const senderTab = (sender: Runtime.MessageSender): number => {
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || tabId < 0) {
      throw new Error('message not from a content script');
    }
    return tabId;
  };

  /** Local-file messages must come from our own triage page, open in a tab. */
  const triageTab = (sender: Runtime.MessageSender): number => {
    const tabId = sender.tab?.id;
    const fromTriage = sender.url?.startsWith(browser.runtime.getURL(TRIAGE_PATH)) ?? false;
    if (sender.id !== browser.runtime.id || !fromTriage || tabId === undefined || tabId < 0) {
      throw new Error('message not from the triage page');
    }
    return tabId;
  };

  /** Host messages must come from our offscreen document. */
  const fromHost = (sender: Runtime.MessageSender): boolean =>
    sender.id === browser.runtime.id && sender.url === browser.runtime.getURL(OFFSCREEN_PATH);

  const publish = async (tabId: number, incoming: VideoReport) => {
    const { report, reports } = await store.put(tabId, incoming);
    triage.record(report);
    const badge = toolbarBadge(reports);
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: badge.text }),
      browser.action.setTitle({ tabId, title: badge.title }),
      browser.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' }),
    ]).catch(() => undefined); // the tab may be gone
    await tabChannel.sendMessage('tab:report', { report }, tabId).catch(() => undefined);
  };

  /** Sends to the offscreen document, creating (or re-creating) it first. */
  const toHost = async <T>(send: () => Promise<T>): Promise<T> => {
    await offscreen.ensure();
    try {
      return await send();
    } catch {
      // A document that was just created may not have registered its listeners yet.
      await new Promise((resolve) => setTimeout(resolve, 150));
      await offscreen.ensure();
      return send();
    }
  };

  contentChannel.onMessage('bg:prepare', async ({ sender }) => {
    senderTab(sender);
    await offscreen.ensure();
  });

  contentChannel.onMessage('bg:videoStart', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const start = parseVideoStart(data);
    await publish(tabId, emptyReport(start.videoId, 'analyzing', start.page));
    return toHost(() =>
      offscreenChannel.sendMessage('off:videoStart', { tabId, videoId: start.videoId }),
    );
  });

  triageChannel.onMessage('bg:localStart', async ({ data, sender }) => {
    const tabId = triageTab(sender);
    const start = parseLocalStart(data);
    await publish(tabId, emptyReport(start.videoId, 'analyzing', localPage(start.file)));
    return toHost(() =>
      offscreenChannel.sendMessage('off:videoStart', { tabId, videoId: start.videoId }),
    );
  });

  contentChannel.onMessage('bg:videoStop', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const stop = parseVideoStop(data);
    await toHost(() => offscreenChannel.sendMessage('off:videoStop', { tabId, ...stop }));
  });

  contentChannel.onMessage('bg:videoUnsupported', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const info = parseVideoUnsupported(data);
    await publish(tabId, {
      ...emptyReport(info.videoId, 'unsupported', info.page),
      reason: info.reason,
    });
  });

  hostChannel.onMessage('host:report', async ({ data, sender }) => {
    if (!fromHost(sender)) return;
    await publish(data.tabId, data.report);
  });

  hostChannel.onMessage('host:lifecycle', async ({ data, sender }) => {
    if (!fromHost(sender)) return;
    if (data.state === 'error') console.error('[telltale] analysis host failed:', data.error);
    await browser.storage.session.set({ [HOST_STATE_KEY]: { ...data, at: Date.now() } });
  });

  const forgetTab = (tabId: number) => {
    void store.clearTab(tabId);
    void offscreen
      .ensure()
      .then(() => offscreenChannel.sendMessage('off:tabClosed', { tabId }))
      .catch(() => undefined);
  };

  browser.tabs.onRemoved.addListener((tabId) => forgetTab(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    // A full navigation destroys the page's videos; SPA navigation is the content script's job.
    if (change.status === 'loading' && change.url !== undefined) forgetTab(tabId);
  });
});
