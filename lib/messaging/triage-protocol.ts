/**
 * Channel: the extension's own triage page -> background. The page checks local files through
 * the same offscreen pipeline as web pages; the background accepts these messages only from
 * triage.html in a tab (checked on the sender), and still validates the payload.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { VideoStartResult } from './content-protocol';
import type { PageContext } from './types';
import { int, num, record, str, videoId } from './validate';

/** A local file as the triage page describes it (no path: the browser never gives one). */
export interface LocalFileInfo {
  name: string;
  size: number;
  lastModified: number;
}

export interface LocalStartData {
  videoId: string;
  file: LocalFileInfo;
  width: number;
  height: number;
}

export interface TriageProtocol {
  'bg:localStart'(data: LocalStartData): VideoStartResult;
}

export const triageChannel = defineExtensionMessaging<TriageProtocol>({ breakError: true });

/** Parses a `bg:localStart` payload. */
export function parseLocalStart(value: unknown): LocalStartData {
  const data = record(value, 'data');
  const file = record(data.file, 'file');
  return {
    videoId: videoId(data.videoId),
    file: {
      name: str(file.name, 'file.name', 512),
      size: int(file.size, 'file.size', 0, Number.MAX_SAFE_INTEGER),
      lastModified: num(file.lastModified, 'file.lastModified', 0, 1e15),
    },
    width: int(data.width, 'width', 0, 16384),
    height: int(data.height, 'height', 0, 16384),
  };
}

/** FNV-1a over a string, as 8 hex digits. */
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The page context of a local file. Its media id ('file:<hex>' from name, size and modification
 * time) makes a second check of the same file update the same triage item.
 */
export function localPage(file: LocalFileInfo): PageContext {
  const identity = `${file.name}\u0000${file.size}\u0000${file.lastModified}`;
  return {
    url: `local:${encodeURIComponent(file.name)}`,
    title: file.name,
    site: 'generic',
    mediaId: `file:${fnv1a(identity, 0x811c9dc5)}${fnv1a(identity, 0x2545f491)}`,
  };
}
