/**
 * Hidden, web-accessible iframe that relays frames from the content script (MessagePort) to the
 * offscreen document (BroadcastChannel, same extension origin) and acks back. It stamps each
 * frame with the tab it lives in, read from the extension API rather than from the page.
 */
import { browser } from '#imports';
import {
  BRIDGE_CONNECT,
  FRAME_BROADCAST,
  ackChannelName,
  bridgeTokenKey,
} from '@/lib/messaging/frame-protocol';
import { isRecord } from '@/lib/messaging/validate';

const tabPromise = browser.tabs.getCurrent();

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const port = event.ports[0];
  if (!isRecord(event.data) || event.data.kind !== BRIDGE_CONNECT || !port) return;
  const token = event.data.token;
  void tabPromise.then(async (tab) => {
    // Only the content script knows its tab's token; a page script posting here gets nothing.
    const tabId = tab?.id;
    const key = tabId === undefined ? '' : bridgeTokenKey(tabId);
    const expected =
      tabId === undefined ? undefined : (await browser.storage.session.get(key))[key];
    if (tabId === undefined || typeof token !== 'string' || !token || token !== expected) {
      port.close();
      return;
    }
    relay(tabId, port);
  });
});

function relay(tabId: number, port: MessagePort): void {
  const frames = new BroadcastChannel(FRAME_BROADCAST);
  const acks = new BroadcastChannel(ackChannelName(tabId));
  const videos = new Set<string>();
  port.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isRecord(data) || typeof data.videoId !== 'string') return;
    videos.add(data.videoId);
    frames.postMessage({ ...data, tabId });
  };
  acks.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (isRecord(data) && typeof data.videoId === 'string' && videos.has(data.videoId)) {
      port.postMessage(data);
    }
  };
  port.postMessage({ kind: 'ready' });
}
