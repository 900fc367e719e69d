/**
 * Exports arbitrary known items (e.g. videos confirmed fake on the triage page) as a hash list
 * in the formats the lists page imports. Pure.
 */
import { exportHashList, type HashKind, type HashListEntry, type HashListFormat } from './lists';

/** One item: a video's distinct frame hashes (or an image's one hash) and what to call it. */
export interface ExportItem {
  hashes: readonly string[];
  label?: string;
  source?: string;
  url?: string;
  /** 'vpdq' for video frames (default when there are several hashes), 'pdq' for an image. */
  kind?: HashKind;
}

/** One entry per distinct hash of each item, the item's fields repeated. */
export function itemsToEntries(items: readonly ExportItem[]): HashListEntry[] {
  const entries: HashListEntry[] = [];
  for (const item of items) {
    const kind = item.kind ?? (item.hashes.length > 1 ? 'vpdq' : 'pdq');
    for (const hash of new Set(item.hashes.map((h) => h.toLowerCase()))) {
      const entry: HashListEntry = { hash, kind };
      if (item.label !== undefined) entry.label = item.label;
      if (item.source !== undefined) entry.source = item.source;
      if (item.url !== undefined) entry.url = item.url;
      entries.push(entry);
    }
  }
  return entries;
}

/**
 * The items as list text (`importHashList` reads it back). Hashes are not re-validated here:
 * pass hashes that came from the hasher or from a validated report.
 */
export function exportItems(items: readonly ExportItem[], format: HashListFormat): string {
  return exportHashList(itemsToEntries(items), format);
}
