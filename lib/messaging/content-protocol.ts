/**
 * Channel: content script -> background (unprivileged). Every payload is parsed by the
 * functions below before the background acts on it.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { HostState, PageContext } from './types';
import { SITE_IDS } from './types';
import { ValidationError, int, oneOf, optStr, record, str, videoId } from './validate';

/** Why a video stopped being sampled. */
export type StopReason = 'paused' | 'ended' | 'hidden' | 'offscreen' | 'removed' | 'navigated';
export const STOP_REASONS: readonly StopReason[] = [
  'paused',
  'ended',
  'hidden',
  'offscreen',
  'removed',
  'navigated',
];

export interface VideoStartData {
  videoId: string;
  page: PageContext;
  width: number;
  height: number;
}

export interface VideoStopData {
  videoId: string;
  reason: StopReason;
}

export interface VideoUnsupportedData {
  videoId: string;
  reason: string;
  page: PageContext;
}

export interface OpenTriageData {
  videoId: string;
  mediaId?: string;
}

/** Outcome of a request for the tab's audio (`bg:tabAudio`). */
export interface TabAudioResult {
  ok: boolean;
  /** Why there is no tab audio (not invoked on this tab, capture refused). */
  reason?: string;
}

export interface VideoStartResult {
  host: HostState;
  error?: string;
}

export interface ContentProtocol {
  /** A video exists on the page: start loading models so that analysis starts at once. */
  'bg:prepare'(): void;
  /** The tab's frame-bridge token (lib/background/bridge-tokens.ts). */
  'bg:bridgeToken'(): { token: string };
  'bg:videoStart'(data: VideoStartData): VideoStartResult;
  'bg:videoStop'(data: VideoStopData): void;
  /**
   * The video's frames go unanswered: make sure the analysis host exists (re-creating a closed
   * offscreen document) and knows the video. Harmless when the host was only busy.
   */
  'bg:hostCheck'(data: { videoId: string }): VideoStartResult;
  'bg:videoUnsupported'(data: VideoUnsupportedData): void;
  /** The user asked to see this video's item in the triage page. */
  'bg:openTriage'(data: OpenTriageData): void;
  /**
   * A deep-checked video's own sound cannot be read: capture the tab's audio instead
   * (lib/analysis/tab-audio.ts). Granted only for a video under a deep check.
   */
  'bg:tabAudio'(data: { videoId: string }): TabAudioResult;
}

export const contentChannel = defineExtensionMessaging<ContentProtocol>({ breakError: true });

/** Media ids are '<site>:<id>' with a URL-safe id. */
const MEDIA_ID = /^[a-z]{1,16}:[A-Za-z0-9_.-]{1,128}$/;

/** Parses an untrusted page context (unknown keys dropped). */
export function parsePage(value: unknown): PageContext {
  const page = record(value, 'page');
  const url = str(page.url, 'page.url', 4096);
  if (!/^https?:\/\//.test(url)) throw new ValidationError('page.url must be http(s)');
  const out: PageContext = { url };
  const title = optStr(page.title, 'page.title', 512);
  if (title !== undefined) out.title = title;
  if (page.site !== undefined) out.site = oneOf(page.site, 'page.site', SITE_IDS);
  const mediaId = optStr(page.mediaId, 'page.mediaId', 160);
  if (mediaId !== undefined) {
    if (!MEDIA_ID.test(mediaId)) throw new ValidationError('page.mediaId has unexpected form');
    out.mediaId = mediaId;
  }
  const author = optStr(page.author, 'page.author', 256);
  if (author !== undefined) out.author = author;
  const postUrl = optStr(page.postUrl, 'page.postUrl', 2048);
  if (postUrl !== undefined) {
    if (!/^https?:\/\//.test(postUrl)) throw new ValidationError('page.postUrl must be http(s)');
    out.postUrl = postUrl;
  }
  return out;
}

/** Parses an untrusted `bg:videoStart` payload. */
export function parseVideoStart(value: unknown): VideoStartData {
  const data = record(value, 'data');
  return {
    videoId: videoId(data.videoId),
    page: parsePage(data.page),
    width: int(data.width, 'width', 0, 16384),
    height: int(data.height, 'height', 0, 16384),
  };
}

/** Parses an untrusted `bg:videoStop` payload. */
export function parseVideoStop(value: unknown): VideoStopData {
  const data = record(value, 'data');
  return { videoId: videoId(data.videoId), reason: oneOf(data.reason, 'reason', STOP_REASONS) };
}

/** Parses an untrusted `bg:hostCheck` payload. */
export function parseHostCheck(value: unknown): { videoId: string } {
  return { videoId: videoId(record(value, 'data').videoId) };
}

/** Parses an untrusted `bg:videoUnsupported` payload. */
export function parseVideoUnsupported(value: unknown): VideoUnsupportedData {
  const data = record(value, 'data');
  return {
    videoId: videoId(data.videoId),
    reason: str(data.reason, 'reason', 300),
    page: parsePage(data.page),
  };
}

/** Parses an untrusted `bg:openTriage` payload. */
export function parseOpenTriage(value: unknown): OpenTriageData {
  const data = record(value, 'data');
  const out: OpenTriageData = { videoId: videoId(data.videoId) };
  const mediaId = optStr(data.mediaId, 'mediaId', 160);
  if (mediaId !== undefined) {
    if (!MEDIA_ID.test(mediaId)) throw new ValidationError('mediaId has unexpected form');
    out.mediaId = mediaId;
  }
  return out;
}

/** Parses an untrusted `bg:tabAudio` payload. */
export function parseTabAudio(value: unknown): { videoId: string } {
  return { videoId: videoId(record(value, 'data').videoId) };
}
