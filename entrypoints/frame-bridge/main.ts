/**
 * Hidden, web-accessible iframe that relays frames from the content script (MessagePort) to the
 * offscreen document (BroadcastChannel, same extension origin) and acks back. It stamps each
 * frame with the tab it lives in, read from the extension API rather than from the page. Planar
 * frames may come on a second port, the page worker's (lib/sampling/frame-copier.ts); acks go
 * back on the first.
 */
import { bridgeChannel } from '@/lib/messaging/bridge-protocol';
import {
  BRIDGE_CONNECT,
  FRAME_BROADCAST,
  FRAME_WORKER_PORT,
  ackChannelName,
} from '@/lib/messaging/frame-protocol';
import { isRecord } from '@/lib/messaging/validate';

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const port = event.ports[0];
  if (!isRecord(event.data) || event.data.kind !== BRIDGE_CONNECT || !port) return;
  const token = event.data.token;
  // Only the content script knows its tab's token; a page script posting here gets nothing.
  const tabId =
    typeof token === 'string' && token.length > 0 && token.length <= 100
      ? bridgeChannel.sendMessage('bg:bridgeTab', { token }).catch(() => null)
      : Promise.resolve(null);
  void tabId.then((tabId) => {
    if (tabId === null) {
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
  const forward = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isRecord(data) || typeof data.videoId !== 'string') return;
    videos.add(data.videoId);
    frames.postMessage({ ...data, tabId });
  };
  /** The page worker's port (frames read off the page's main thread): one per connection. */
  let workerPort: MessagePort | null = null;
  port.onmessage = (event: MessageEvent<unknown>) => {
    const extra = event.ports[0];
    if (isRecord(event.data) && event.data.kind === FRAME_WORKER_PORT && extra) {
      if (workerPort) extra.close();
      else {
        workerPort = extra;
        workerPort.onmessage = forward;
      }
      return;
    }
    forward(event);
  };
  acks.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (isRecord(data) && typeof data.videoId === 'string' && videos.has(data.videoId)) {
      port.postMessage(data);
    }
  };
  port.postMessage({ kind: 'ready' });
}
