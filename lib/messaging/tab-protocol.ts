/** Channel: background -> content script of one tab. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { DeepCheckRequest, DeepCheckResult } from './deep-check';
import type { VideoReport } from './types';

export interface TabProtocol {
  'tab:report'(data: { report: VideoReport }): void;
  /** Start a deep check of one video (payload parsed with parseDeepCheckRequest). */
  'tab:deepCheck'(data: DeepCheckRequest): DeepCheckResult;
}

export const tabChannel = defineExtensionMessaging<TabProtocol>({ breakError: true });
