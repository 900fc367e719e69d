/**
 * The hashes of every imported list in one multi-index-hashing index, with each hash tied
 * to a known item: the entries of one list that share a label and URL (a vPDQ list holds
 * one entry per distinct frame of a known video, all under the video's label).
 */
import { PDQ_MATCH_DISTANCE } from './hash256';
import { PdqIndex } from './mih-index';

/** What a match names. */
export interface KnownItem {
  listId: string;
  listName: string;
  /** The entries' label, or the list's name when they have none. */
  label: string;
  source?: string;
  url?: string;
}

/** An entry as the index needs it. */
export interface KnownEntry {
  hash: string;
  label?: string;
  source?: string;
  url?: string;
}

/** Builds a {@link KnownHashIndex} list by list. */
export class KnownIndexBuilder {
  private readonly items: KnownItem[] = [];
  private readonly itemKeys = new Map<string, number>();
  private readonly hashes: string[] = [];
  private readonly itemOf: number[] = [];

  /** Adds a list's entries; entries with the same label and URL form one item. */
  addList(list: { id: string; name: string }, entries: Iterable<KnownEntry>): this {
    for (const entry of entries) {
      const label = entry.label ?? list.name;
      const key = JSON.stringify([list.id, label, entry.url ?? '']);
      let item = this.itemKeys.get(key);
      if (item === undefined) {
        item = this.items.length;
        const known: KnownItem = { listId: list.id, listName: list.name, label };
        if (entry.source !== undefined) known.source = entry.source;
        if (entry.url !== undefined) known.url = entry.url;
        this.items.push(known);
        this.itemKeys.set(key, item);
      }
      this.hashes.push(entry.hash);
      this.itemOf.push(item);
    }
    return this;
  }

  build(): KnownHashIndex {
    return new KnownHashIndex(PdqIndex.from(this.hashes), Uint32Array.from(this.itemOf), [
      ...this.items,
    ]);
  }
}

/** Immutable once built: a list change builds a new one (callers compare by identity). */
export class KnownHashIndex {
  constructor(
    private readonly index: PdqIndex,
    /** Item number by index id (ids follow insertion order from 0). */
    private readonly itemOf: Uint32Array,
    readonly items: readonly KnownItem[],
  ) {}

  /** An index with nothing in it. */
  static empty(): KnownHashIndex {
    return new KnownIndexBuilder().build();
  }

  /** Number of hashes. */
  get size(): number {
    return this.index.size;
  }

  /**
   * Items with a hash within `maxDistance` (default 31) of `hash`, each with its smallest
   * distance.
   */
  lookup(hash: string | Uint32Array, maxDistance = PDQ_MATCH_DISTANCE): Map<number, number> {
    const best = new Map<number, number>();
    if (this.index.size === 0) return best;
    for (const { id, distance } of this.index.query(hash, maxDistance)) {
      const item = this.itemOf[id]!;
      const seen = best.get(item);
      if (seen === undefined || distance < seen) best.set(item, distance);
    }
    return best;
  }
}
