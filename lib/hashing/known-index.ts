/**
 * The hashes of every imported list in one multi-index-hashing index, with each hash tied
 * to a known item: the entries of one list that share a label and URL (a vPDQ list holds
 * one entry per distinct frame of a known video, all under the video's label).
 *
 * Lists are stored packed ({@link packEntries}) beside their entries, so that loading a
 * million hashes is a few typed-array reads rather than a million objects.
 */
import { hexToWords, PDQ_MATCH_DISTANCE, PDQ_WORDS } from './hash256';
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

/** The descriptive fields shared by the entries of one item. */
export type EntryMeta = Omit<KnownEntry, 'hash'>;

/** A list's entries as typed arrays: 8 words per hash, and each hash's meta. */
export interface PackedEntries {
  words: Uint32Array;
  metas: EntryMeta[];
  metaOf: Uint32Array;
}

/** Packs entries (hashes must be valid 64-digit hex, as imports guarantee). */
export function packEntries(entries: readonly KnownEntry[]): PackedEntries {
  const words = new Uint32Array(entries.length * PDQ_WORDS);
  const metaOf = new Uint32Array(entries.length);
  const metas: EntryMeta[] = [];
  const keys = new Map<string, number>();
  entries.forEach((entry, i) => {
    hexToWords(entry.hash, words, i * PDQ_WORDS);
    const key = JSON.stringify([entry.label ?? null, entry.source ?? null, entry.url ?? null]);
    let m = keys.get(key);
    if (m === undefined) {
      m = metas.length;
      const meta: EntryMeta = {};
      if (entry.label !== undefined) meta.label = entry.label;
      if (entry.source !== undefined) meta.source = entry.source;
      if (entry.url !== undefined) meta.url = entry.url;
      metas.push(meta);
      keys.set(key, m);
    }
    metaOf[i] = m;
  });
  return { words, metas, metaOf };
}

/** Builds a {@link KnownHashIndex} list by list. */
export class KnownIndexBuilder {
  private readonly items: KnownItem[] = [];
  private readonly itemKeys = new Map<string, number>();
  private readonly chunks: { words: Uint32Array; itemOf: Uint32Array }[] = [];

  /** Adds a list's entries; entries with the same label and URL form one item. */
  addList(list: { id: string; name: string }, entries: readonly KnownEntry[]): this {
    return this.addPacked(list, packEntries(entries));
  }

  /** Adds a packed list. */
  addPacked(list: { id: string; name: string }, packed: PackedEntries): this {
    const itemOfMeta = packed.metas.map((meta) => {
      const label = meta.label ?? list.name;
      const key = JSON.stringify([list.id, label, meta.url ?? '']);
      let item = this.itemKeys.get(key);
      if (item === undefined) {
        item = this.items.length;
        const known: KnownItem = { listId: list.id, listName: list.name, label };
        if (meta.source !== undefined) known.source = meta.source;
        if (meta.url !== undefined) known.url = meta.url;
        this.items.push(known);
        this.itemKeys.set(key, item);
      }
      return item;
    });
    const itemOf = packed.metaOf.map((m) => itemOfMeta[m]!);
    this.chunks.push({ words: packed.words, itemOf });
    return this;
  }

  build(): KnownHashIndex {
    const total = this.chunks.reduce((n, c) => n + c.itemOf.length, 0);
    const itemOf = new Uint32Array(total);
    let at = 0;
    for (const c of this.chunks) {
      itemOf.set(c.itemOf, at);
      at += c.itemOf.length;
    }
    const chunks = this.chunks;
    function* hashes(): Generator<Uint32Array> {
      for (const c of chunks) {
        for (let i = 0; i < c.itemOf.length; i++) {
          yield c.words.subarray(i * PDQ_WORDS, (i + 1) * PDQ_WORDS);
        }
      }
    }
    return new KnownHashIndex(PdqIndex.from(hashes()), itemOf, [...this.items]);
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
