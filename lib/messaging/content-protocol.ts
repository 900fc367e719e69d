/**
 * Channel: content script -> background (unprivileged). Every payload is parsed by the
 * functions below before the background acts on it.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { HostState } from './types';
import { int, oneOf, optStr, record, str, videoId } from './validate';

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
  page: { url: string; title?: string };
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
  page: { url: string; title?: string };
}

export interface VideoStartResult {
  host: HostState;
  error?: string;
}

export interface ContentProtocol {
  /** A video exists on the page: start loading models so that analysis starts at once. */
  'bg:prepare'(): void;
  'bg:videoStart'(data: VideoStartData): VideoStartResult;
  'bg:videoStop'(data: VideoStopData): void;
  'bg:videoUnsupported'(data: VideoUnsupportedData): void;
}

export const contentChannel = defineExtensionMessaging<ContentProtocol>({ breakError: true });

function parsePage(value: unknown): { url: string; title?: string } {
  const page = record(value, 'page');
  const url = str(page.url, 'page.url', 4096);
  if (!/^https?:\/\//.test(url)) throw new Error('page.url must be http(s)');
  const title = optStr(page.title, 'page.title', 512);
  return title === undefined ? { url } : { url, title };
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

/** Parses an untrusted `bg:videoUnsupported` payload. */
export function parseVideoUnsupported(value: unknown): VideoUnsupportedData {
  const data = record(value, 'data');
  return {
    videoId: videoId(data.videoId),
    reason: str(data.reason, 'reason', 300),
    page: parsePage(data.page),
  };
}
