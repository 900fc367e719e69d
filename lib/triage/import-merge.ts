/**
 * Merging imported items into the store (pure). One record per key: the analysis comes from
 * whichever copy was seen last, the moderator's verdict from whichever was reviewed last, tags
 * are united, notes kept when only one side has them (joined when both differ).
 */
import type { StoredMedia } from '../storage/types';

function mergeOne(a: StoredMedia, b: StoredMedia): StoredMedia {
  const analysis = b.item.lastSeen > a.item.lastSeen ? b : a;
  const review = (b.item.reviewedAt ?? -1) > (a.item.reviewedAt ?? -1) ? b : a;
  const notesA = a.item.notes.trim();
  const notesB = b.item.notes.trim();
  const notes =
    notesA === ''
      ? b.item.notes
      : notesB === '' || notesA === notesB
        ? a.item.notes
        : `${a.item.notes}\n${b.item.notes}`;
  return {
    item: {
      ...analysis.item,
      firstSeen: Math.min(a.item.firstSeen, b.item.firstSeen),
      lastSeen: Math.max(a.item.lastSeen, b.item.lastSeen),
      modVerdict: review.item.modVerdict,
      reviewedAt: review.item.reviewedAt,
      notes,
      tags: [...new Set([...a.item.tags, ...b.item.tags])],
    },
    detail: analysis.detail,
  };
}

/** The records to write: `incoming` merged with `current` (the stored copies of its keys). */
export function mergeImport(
  current: ReadonlyMap<string, StoredMedia>,
  incoming: readonly StoredMedia[],
): StoredMedia[] {
  const out = new Map<string, StoredMedia>();
  for (const media of incoming) {
    const key = media.item.key;
    const base = out.get(key) ?? current.get(key);
    out.set(key, base ? mergeOne(base, media) : media);
  }
  return [...out.values()];
}
