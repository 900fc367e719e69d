/**
 * A deep check: the user asked (context menu or popup) for a closer look at one video. Which
 * video is named by its id (popup) or by the media URL the context menu saw; with neither, the
 * content script picks the largest visible playing video.
 */
import { optStr, record, videoId } from './validate';

/** Seconds of video a deep check samples and judges over (the live judge keeps 10 s). */
export const DEEP_WINDOW_S = 20;

export interface DeepCheckRequest {
  videoId?: string;
  /** `info.srcUrl` of a context-menu click on a <video>. */
  srcUrl?: string;
}

export interface DeepCheckResult {
  started: boolean;
  /** The video being checked. */
  videoId?: string;
  /** Why nothing started (no video, site switched off, video cannot be read). */
  reason?: string;
}

/** Parses a deep-check request (unknown keys dropped, strings bounded). */
export function parseDeepCheckRequest(value: unknown): DeepCheckRequest {
  const data = record(value, 'data');
  const out: DeepCheckRequest = {};
  if (data.videoId !== undefined) out.videoId = videoId(data.videoId);
  const srcUrl = optStr(data.srcUrl, 'srcUrl', 8192);
  if (srcUrl !== undefined) out.srcUrl = srcUrl;
  return out;
}
