import { browser, defineBackground } from '#imports';
import { HOST_STATE_KEY, ReportStore, toolbarBadge } from '@/lib/background/report-store';
import { deepCheckMenu, requestFromMenu } from '@/lib/background/context-menu';
import { BridgeTokens } from '@/lib/background/bridge-tokens';
import { OffscreenManager, chromeOffscreenApi } from '@/lib/background/offscreen-manager';
import { TRIAGE_PROBLEM_KEY, TriageRecorder } from '@/lib/background/triage-recorder';
import { backgroundFrameApi } from '@/lib/background/background-frame-host';
import { toolbarAction } from '@/lib/background/toolbar-action';
import { bridgeTabId } from '@/lib/background/bridge-tab';
import {
  contentChannel,
  parseOpenTriage,
  parseTabAudio,
  parseVideoStart,
  parseHostCheck,
  parseVideoStop,
  parseVideoUnsupported,
} from '@/lib/messaging/content-protocol';
import { hostChannel, offscreenChannel } from '@/lib/messaging/host-protocol';
import { bridgeChannel } from '@/lib/messaging/bridge-protocol';
import { isRecord } from '@/lib/messaging/validate';
import {
  DEEP_WINDOW_S,
  parseDeepCheckRequest,
  type DeepCheckRequest,
  type DeepCheckResult,
} from '@/lib/messaging/deep-check';
import { tabChannel } from '@/lib/messaging/tab-protocol';
import { uiChannel } from '@/lib/messaging/ui-protocol';
import { int } from '@/lib/messaging/validate';
import { t } from '@/lib/i18n';
import { applySensitivity, applySensitivityAll } from '@/lib/scoring/sensitivity';
import { loadSettings, watchSettings, type Settings } from '@/lib/storage/settings';
import type { TabReports } from '@/lib/background/report-store';
import { localPage, parseLocalStart, triageChannel } from '@/lib/messaging/triage-protocol';
import { openTriageDb } from '@/lib/storage/db';
import { exposeLiveCounts } from '@/lib/debug/live-counts';
import type { VideoReport } from '@/lib/messaging/types';
import { EMPTY_STAT } from '@/lib/messaging/types';
import type { Runtime } from 'webextension-polyfill';

const OFFSCREEN_PATH = '/offscreen.html';
const TRIAGE_PATH = '/triage.html';
const BRIDGE_PATH = '/frame-bridge.html';

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
  // For the soak bench (scripts/bench-soak.mjs): Dexie databases this worker opened.
  exposeLiveCounts();
  // Firefox has no offscreen documents: the same host page runs in an iframe of the background.
  const offscreen = new OffscreenManager(
    import.meta.env.FIREFOX
      ? backgroundFrameApi(browser.runtime.getURL(OFFSCREEN_PATH))
      : chromeOffscreenApi(OFFSCREEN_PATH),
  );
  const action = toolbarAction(browser);
  const store = new ReportStore(browser.storage.session);
  const triage = new TriageRecorder(
    openTriageDb(),
    browser.storage.local,
    () => Date.now(),
    (problem) =>
      void (
        problem === null
          ? browser.storage.session.remove(TRIAGE_PROBLEM_KEY)
          : browser.storage.session.set({
              [TRIAGE_PROBLEM_KEY]: { ...problem, at: Date.now() },
            })
      ).catch(() => undefined),
  );
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

  // Settings: the sensitivity preset decides how stored reports are shown (lib/scoring/sensitivity).
  let settings: Promise<Settings> = loadSettings(browser.storage.local);
  watchSettings(browser.storage.onChanged, (next) => {
    void settings.then((before) => {
      settings = Promise.resolve(next);
      if (before.sensitivity !== next.sensitivity) void reshowAll();
    });
  });

  /** Shows a tab's reports: toolbar count and title, and the changed reports' badges. */
  const show = async (tabId: number, reports: TabReports, changed: VideoReport[]) => {
    const { sensitivity } = await settings;
    const badge = toolbarBadge(applySensitivityAll(reports, sensitivity));
    const title =
      badge.analysed + badge.flagged === 0
        ? t('extName')
        : t('toolbarTitle', [String(badge.analysed), String(badge.flagged)]);
    await Promise.all([
      action.setBadgeText({ tabId, text: badge.text }),
      action.setTitle({ tabId, title }),
      action.setBadgeBackgroundColor({ tabId, color: '#b3261e' }),
    ]).catch(() => undefined); // the tab may be gone
    for (const report of changed) {
      await tabChannel
        .sendMessage('tab:report', { report: applySensitivity(report, sensitivity) }, tabId)
        .catch(() => undefined);
    }
  };

  const reshowAll = async () => {
    for (const tab of await browser.tabs.query({})) {
      if (tab.id === undefined) continue;
      const reports = await store.forTab(tab.id);
      if (Object.keys(reports).length > 0) await show(tab.id, reports, Object.values(reports));
    }
  };

  const publish = async (tabId: number, incoming: VideoReport) => {
    const { report, reports } = await store.put(tabId, incoming);
    triage.record(report);
    await show(tabId, reports, [report]);
  };

  /** Frame of each video the content scripts announced, so a deep check reaches the right one. */
  const videoFrames = new Map<string, number>();
  /** Videos with a deep check started (tab audio is granted only to these). */
  const deepChecked = new Set<string>();
  const frameKey = (tabId: number, videoId: string) => `${tabId}:${videoId}`;

  /** Asks the tab's content script (in `frameId`, default: the top frame) for a deep check. */
  const deepCheck = async (
    tabId: number,
    request: DeepCheckRequest,
    frameId?: number,
  ): Promise<DeepCheckResult> => {
    const frame =
      frameId ??
      (request.videoId === undefined ? 0 : videoFrames.get(frameKey(tabId, request.videoId))) ??
      0;
    const result: DeepCheckResult = await tabChannel
      .sendMessage('tab:deepCheck', request, { tabId, frameId: frame })
      .catch((error: unknown) => ({
        started: false,
        reason: `Telltale is not running in this tab (${error instanceof Error ? error.message : String(error)})`,
      }));
    const videoId = result.videoId;
    if (result.started && videoId !== undefined) {
      deepChecked.add(frameKey(tabId, videoId));
      // The host judges the deep check over its whole stretch, not the live 10 s.
      await toHost(() =>
        offscreenChannel.sendMessage('off:videoWindow', { tabId, videoId, windowS: DEEP_WINDOW_S }),
      ).catch((error: unknown) => console.warn('[telltale] deep-check window:', error));
    }
    return result;
  };

  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus
      .removeAll()
      .then(() => browser.contextMenus.create(deepCheckMenu(t('menuDeepCheck'))));
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    const click = requestFromMenu(info);
    if (click && tab?.id !== undefined && tab.id >= 0) {
      void deepCheck(tab.id, click.request, click.frameId);
    }
  });

  /** UI messages must come from one of this extension's own pages (popup, options). */
  const fromExtensionPage = (sender: Runtime.MessageSender): boolean =>
    sender.id === browser.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(browser.runtime.getURL('/'));

  uiChannel.onMessage('ui:deepCheck', async ({ data, sender }) => {
    if (!fromExtensionPage(sender)) throw new Error('not from an extension page');
    const tabId = int(data.tabId, 'tabId', 0, Number.MAX_SAFE_INTEGER);
    return deepCheck(tabId, parseDeepCheckRequest(data));
  });

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

  const bridgeTokens = new BridgeTokens(browser.storage.session);
  contentChannel.onMessage('bg:bridgeToken', async ({ sender }) => ({
    token: await bridgeTokens.forTab(senderTab(sender)),
  }));

  contentChannel.onMessage('bg:prepare', async ({ sender }) => {
    senderTab(sender);
    await offscreen.ensure();
  });

  contentChannel.onMessage('bg:videoStart', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const start = parseVideoStart(data);
    videoFrames.set(frameKey(tabId, start.videoId), sender.frameId ?? 0);
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

  contentChannel.onMessage('bg:hostCheck', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const { videoId } = parseHostCheck(data);
    // The sender's tab comes from the browser; the id only names a video of that tab. The host's
    // start is idempotent for a video it still has; the frame map is rebuilt after a restart.
    videoFrames.set(frameKey(tabId, videoId), sender.frameId ?? 0);
    return toHost(() => offscreenChannel.sendMessage('off:videoStart', { tabId, videoId }));
  });

  contentChannel.onMessage('bg:videoStop', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const stop = parseVideoStop(data);
    await toHost(() => offscreenChannel.sendMessage('off:videoStop', { tabId, ...stop }));
  });

  contentChannel.onMessage('bg:videoUnsupported', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const info = parseVideoUnsupported(data);
    videoFrames.set(frameKey(tabId, info.videoId), sender.frameId ?? 0);
    await publish(tabId, {
      ...emptyReport(info.videoId, 'unsupported', info.page),
      reason: info.reason,
    });
  });

  // The fallback for a deep-checked video whose own sound cannot be read: the tab's audio.
  // getMediaStreamId works only after the user invoked Telltale on this tab (context menu,
  // toolbar); the offscreen document plays the tab back so that the user still hears it.
  contentChannel.onMessage('bg:tabAudio', async ({ data, sender }) => {
    const tabId = senderTab(sender);
    const { videoId } = parseTabAudio(data);
    if (!deepChecked.has(frameKey(tabId, videoId))) {
      return { ok: false, reason: 'tab audio is only used for a deep check' };
    }
    // Firefox has no tabCapture for extensions (the sound of the element itself still works).
    if (!('tabCapture' in browser)) return { ok: false, reason: t('reasonNoTabCapture') };
    let streamId: string;
    try {
      streamId = await browser.tabCapture.getMediaStreamId({ targetTabId: tabId });
    } catch (error) {
      console.warn('[telltale] tab audio:', error);
      return {
        ok: false,
        reason: 'the tab’s sound can be captured only after Telltale is invoked on this tab',
      };
    }
    return toHost(() => offscreenChannel.sendMessage('off:tabAudio', { tabId, videoId, streamId }));
  });

  contentChannel.onMessage('bg:openTriage', async ({ data, sender }) => {
    senderTab(sender);
    const { videoId, mediaId } = parseOpenTriage(data);
    const hash = new URLSearchParams(mediaId ? { media: mediaId } : { video: videoId });
    await browser.tabs.create({ url: `${browser.runtime.getURL(TRIAGE_PATH)}#${hash}` });
  });

  // The frame bridge asks whether a connecting content script holds its tab's token, and which
  // tab it is in (Firefox gives it neither a tabs API nor storage.session).
  bridgeChannel.onMessage('bg:bridgeTab', async ({ data, sender }) => {
    const tabId = bridgeTabId(sender, {
      id: browser.runtime.id,
      bridgeUrl: browser.runtime.getURL(BRIDGE_PATH),
    });
    const token = isRecord(data) && typeof data.token === 'string' ? data.token : '';
    return token !== '' && token === (await bridgeTokens.forTab(tabId)) ? tabId : null;
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
    for (const key of videoFrames.keys()) if (key.startsWith(`${tabId}:`)) videoFrames.delete(key);
    for (const key of deepChecked) if (key.startsWith(`${tabId}:`)) deepChecked.delete(key);
    void offscreen
      .ensure()
      .then(() => offscreenChannel.sendMessage('off:tabClosed', { tabId }))
      .catch(() => undefined);
  };

  browser.tabs.onRemoved.addListener((tabId) => {
    forgetTab(tabId);
    void bridgeTokens.forget(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    // A full navigation destroys the page's videos; SPA navigation is the content script's job.
    if (change.status === 'loading' && change.url !== undefined) forgetTab(tabId);
  });
});
