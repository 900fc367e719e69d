/** Channel: extension pages (popup) -> background. Only this extension's own pages may use it. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { DeepCheckRequest, DeepCheckResult } from './deep-check';

export interface UiProtocol {
  /** Deep-check a video of `tabId` (the popup's button; the context menu takes the same path). */
  'ui:deepCheck'(data: DeepCheckRequest & { tabId: number }): DeepCheckResult;
}

export const uiChannel = defineExtensionMessaging<UiProtocol>({ breakError: true });
