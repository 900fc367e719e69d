/**
 * Channel: frame bridge iframe -> background. Firefox gives a web-accessible extension frame
 * inside a page no `tabs` API, so the bridge cannot read its own tab with tabs.getCurrent() as
 * it does in Chromium: the background answers with the tab the browser says the message came
 * from (never a value the page could choose).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';

export interface BridgeProtocol {
  /** The id of the tab the asking bridge frame lives in. */
  'bg:bridgeTab'(): number;
}

export const bridgeChannel = defineExtensionMessaging<BridgeProtocol>({ breakError: true });
