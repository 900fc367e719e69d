import type { Runtime } from 'webextension-polyfill';

/**
 * The tab a frame bridge lives in, from the browser's own account of who sent the message
 * (Firefox: the bridge has no tabs API, lib/messaging/bridge-protocol.ts). Throws unless the
 * sender is this extension's bridge page inside a tab.
 */
export function bridgeTabId(
  sender: Runtime.MessageSender,
  extension: { id: string; bridgeUrl: string },
): number {
  const tabId = sender.tab?.id;
  const fromBridge = sender.url?.startsWith(extension.bridgeUrl) ?? false;
  if (sender.id !== extension.id || !fromBridge || tabId === undefined || tabId < 0) {
    throw new Error('message not from a frame bridge');
  }
  return tabId;
}
