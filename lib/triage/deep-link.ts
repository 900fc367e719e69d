/**
 * The triage page opens on one item when its URL names it: `#media=<media id>` (from a badge's
 * "Open in triage") or `#video=<video id>` (a video without a media id).
 */
import type { TriageItem } from '../storage/types';

/** Key of the item `hash` names, or null. */
export function itemKeyFromHash(
  hash: string,
  items: readonly Pick<TriageItem, 'key' | 'mediaId' | 'videoId'>[],
): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const media = params.get('media');
  const video = params.get('video');
  const found = media
    ? items.find((item) => item.mediaId === media || item.key === media)
    : video
      ? items.find((item) => item.videoId === video)
      : undefined;
  return found?.key ?? null;
}
