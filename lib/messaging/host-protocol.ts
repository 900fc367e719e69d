/**
 * Channels between the background and the offscreen analysis host (both privileged).
 * Message names are distinct from every other channel's because runtime messages reach
 * every extension context; a listener only answers its own names.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { StopReason, TabAudioResult } from './content-protocol';
import type { HostState, VideoReport } from './types';

/** background -> offscreen */
export interface OffscreenProtocol {
  'off:videoStart'(data: { tabId: number; videoId: string }): { host: HostState; error?: string };
  'off:videoStop'(data: { tabId: number; videoId: string; reason: StopReason }): void;
  'off:tabClosed'(data: { tabId: number }): void;
  /** Judge a video over `windowS` seconds from now on (deep check). */
  'off:videoWindow'(data: { tabId: number; videoId: string; windowS: number }): void;
  'off:ping'(): { host: HostState; error?: string };
  /** Capture the tab's audio for a video, from a `chrome.tabCapture` stream id. */
  'off:tabAudio'(data: { tabId: number; videoId: string; streamId: string }): TabAudioResult;
}

/** offscreen -> background */
export interface HostProtocol {
  'host:report'(data: { tabId: number; report: VideoReport }): void;
  'host:lifecycle'(data: { state: HostState; error?: string; progress?: number }): void;
}

export const offscreenChannel = defineExtensionMessaging<OffscreenProtocol>({ breakError: true });
export const hostChannel = defineExtensionMessaging<HostProtocol>({ breakError: true });
