/**
 * Imported hash lists in IndexedDB ('telltale-lists', Dexie), readable from every extension
 * page of the origin: the lists page writes, the offscreen document reads to match.
 *
 * Imports are atomic: the text is parsed and validated in full first (lib/hashing/lists.ts),
 * and the list and its entries are written in one transaction, so malformed input or a failed
 * write leaves the lists exactly as they were.
 */
import Dexie, { type EntityTable } from 'dexie';
import {
  exportHashList,
  importHashList,
  pickEntry,
  type HashKind,
  type HashListEntry,
  type HashListFormat,
} from '../hashing/lists';
import { packEntries, type PackedEntries } from '../hashing/known-index';
import { notifyListsChanged } from './events';
import { opened } from '../debug/live-counts';

export const LISTS_DB_NAME = 'telltale-lists';

/** One imported list. */
export interface StoredList {
  id: string;
  name: string;
  /** Where the list came from (the imported file's name, or what the user typed). */
  source: string;
  /** Format the list was imported from. */
  format: HashListFormat;
  importedAt: number;
  count: number;
}

/** One entry of a list. */
export interface StoredEntry {
  id?: number;
  listId: string;
  /** 64 lowercase hex digits. */
  hash: string;
  label?: string;
  source?: string;
  url?: string;
  kind?: HashKind;
}

/** A list's hashes packed for the matcher (one read per list when the index loads). */
export interface StoredPacked extends PackedEntries {
  listId: string;
}

export type ListsDb = Dexie & {
  lists: EntityTable<StoredList, 'id'>;
  entries: EntityTable<StoredEntry, 'id'>;
  packed: EntityTable<StoredPacked, 'listId'>;
};

/** Opens (creating on first use) the lists database. */
export function openListsDb(name = LISTS_DB_NAME): ListsDb {
  const db = new Dexie(name) as ListsDb;
  opened('indexedDb');
  db.version(1).stores({
    lists: 'id, name, importedAt',
    entries: '++id, listId',
    packed: 'listId',
  });
  return db;
}

const MAX_NAME = 128;

/** Outcome of an import: the new list, or every problem found and nothing written. */
export type ListImportResult = { ok: true; list: StoredList } | { ok: false; errors: string[] };

/** Validates and stores a list in one transaction; malformed input writes nothing. */
export async function importList(
  db: ListsDb,
  input: { name: string; text: string; source?: string; now?: number },
): Promise<ListImportResult> {
  const name = input.name.trim();
  if (name === '') return { ok: false, errors: ['the list needs a name'] };
  if (name.length > MAX_NAME) {
    return { ok: false, errors: [`the list name is longer than ${MAX_NAME} characters`] };
  }
  const parsed = importHashList(input.text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const list: StoredList = {
    id: crypto.randomUUID(),
    name,
    source: (input.source ?? name).slice(0, 256),
    format: parsed.format,
    importedAt: input.now ?? Date.now(),
    count: parsed.entries.length,
  };
  try {
    const packed: StoredPacked = { listId: list.id, ...packEntries(parsed.entries) };
    await db.transaction('rw', [db.lists, db.entries, db.packed], async () => {
      await db.lists.add(list);
      await db.packed.add(packed);
      await db.entries.bulkAdd(parsed.entries.map((e) => toStored(list.id, e)));
    });
  } catch (error) {
    return { ok: false, errors: [`could not store the list: ${describeError(error)}`] };
  }
  notifyListsChanged();
  return { ok: true, list };
}

/** Every list, newest first. */
export async function allLists(db: ListsDb): Promise<StoredList[]> {
  return (await db.lists.orderBy('importedAt').toArray()).reverse();
}

/** Deletes a list and its entries (one transaction). */
export async function deleteList(db: ListsDb, listId: string): Promise<void> {
  await db.transaction('rw', [db.lists, db.entries, db.packed], async () => {
    await db.entries.where('listId').equals(listId).delete();
    await db.packed.delete(listId);
    await db.lists.delete(listId);
  });
  notifyListsChanged();
}

/** The entries of a list, in import order. */
export async function listEntries(db: ListsDb, listId: string): Promise<HashListEntry[]> {
  const stored = await db.entries.where('listId').equals(listId).sortBy('id');
  return stored.map(fromStored);
}

/** A list as text in `format` (importing it again gives the same entries). */
export async function exportList(
  db: ListsDb,
  listId: string,
  format: HashListFormat,
): Promise<string> {
  return exportHashList(await listEntries(db, listId), format);
}

function toStored(listId: string, e: HashListEntry): StoredEntry {
  return { listId, ...e };
}

function fromStored(e: StoredEntry): HashListEntry {
  return pickEntry(e);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
