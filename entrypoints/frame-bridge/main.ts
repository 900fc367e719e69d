/**
 * Hidden, web-accessible iframe that relays frames from the content script (MessagePort) to the
 * offscreen document (BroadcastChannel, same extension origin) and acks back. It stamps each
 * frame with the tab it lives in, read from the extension API rather than from the page.
 */
import { browser } from '#imports';
import { bridgeChannel } from '@/lib/messaging/bridge-protocol';
import { BRIDGE_CONNECT, FRAME_BROADCAST, ackChannelName } from '@/lib/messaging/frame-protocol';
import { isRecord } from '@/lib/messaging/validate';

// Chromium: tabs.getCurrent(). Firefox has no `tabs` in this frame: the background tells.
const tabs = (browser as Partial<typeof browser>).tabs;
const tabPromise: Promise<number | undefined> =
  typeof tabs?.getCurrent === 'function'
    ? tabs.getCurrent().then((tab) => tab?.id)
    : bridgeChannel.sendMessage('bg:bridgeTab').catch(() => undefined);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const port = event.ports[0];
  if (!isRecord(event.data) || event.data.kind !== BRIDGE_CONNECT || !port) return;
  void tabPromise.then((tabId) => {
    if (tabId === undefined) {
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
