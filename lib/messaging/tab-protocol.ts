/** Channel: background -> content script of one tab. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { VideoReport } from './types';

export interface TabProtocol {
  'tab:report'(data: { report: VideoReport }): void;
}

export const tabChannel = defineExtensionMessaging<TabProtocol>({ breakError: true });
