/**
 * Channel: frame bridge iframe -> background. The bridge asks whether a connecting content
 * script's token is its tab's (lib/background/bridge-tokens.ts) and which tab it lives in; the
 * background answers from the browser's account of the sender (never a value the page could
 * choose). Firefox gives a web-accessible extension frame inside a page neither a `tabs` API
 * nor storage.session, so the bridge cannot check either itself.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';

export interface BridgeProtocol {
  /** The id of the tab the asking bridge frame lives in, or null when `token` is not its tab's. */
  'bg:bridgeTab'(data: { token: string }): number | null;
}

export const bridgeChannel = defineExtensionMessaging<BridgeProtocol>({ breakError: true });
