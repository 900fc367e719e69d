/**
 * A local file's Content Credentials in the triage store (pure): a video's item gets them beside
 * its analysis; a still image, which is not analysed, gets an item of its own that says so.
 */
import type { LocalFileInfo } from '../messaging/triage-protocol';
import { localPage } from '../messaging/triage-protocol';
import type { Provenance } from '../provenance/types';
import type { StoredMedia } from '../storage/types';

/** Reason stored on a still image's item. */
export const STILL_IMAGE_REASON =
  'A still image: its Content Credentials were read; faces are analysed in video only';

/**
 * The stored media after reading `provenance` for the local file `info`, or null when there is
 * nothing to write (a video whose item does not exist).
 * @param still the file is a still image (no analysis will create its item)
 * @param videoId id for a new still image item (the store needs one per item)
 */
export function withProvenance(
  current: StoredMedia | undefined,
  info: LocalFileInfo,
  provenance: Provenance,
  still: boolean,
  videoId: string,
  now: number,
): StoredMedia | null {
  if (current) return { ...current, item: { ...current.item, provenance } };
  if (!still) return null;
  const page = localPage(info);
  const key = page.mediaId ?? page.url;
  return {
    item: {
      key,
      source: 'file',
      mediaId: key,
      site: 'generic',
      url: page.url,
      title: info.name,
      firstSeen: now,
      lastSeen: now,
      videoId,
      state: 'unsupported',
      risk: null,
      verdict: null,
      reason: STILL_IMAGE_REASON,
      final: true,
      cueScores: {},
      fusionVersion: null,
      analyserId: 'none',
      modVerdict: null,
      reviewedAt: null,
      notes: '',
      tags: [],
      provenance,
    },
    detail: {
      key,
      cues: {},
      fusion: null,
      face: null,
      frames: { sampled: 0, analysed: 0, dropped: 0 },
      series: { t: [], risk: [], cues: {} },
      keyframes: [],
    },
  };
}
