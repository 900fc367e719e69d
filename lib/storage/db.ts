/**
 * The triage store: IndexedDB through Dexie, shared by the background (writes reports) and the
 * triage page (reads, moderator edits). Same extension origin, so both open the same database.
 */
import { Dexie, type EntityTable, type Transaction } from 'dexie';
import { SCHEMAS, upgradeV1, type V1Record } from './migrations';
import type { TriageDetail, TriageItem } from './types';
import { opened } from '../debug/live-counts';

export const DB_NAME = 'telltale-triage';

export type TriageDb = Dexie & {
  items: EntityTable<TriageItem, 'key'>;
  details: EntityTable<TriageDetail, 'key'>;
};

/** Moves the inline detail of every version 1 record into `details`. */
async function upgradeTo2(tx: Transaction): Promise<void> {
  const old = (await tx.table('items').toArray()) as V1Record[];
  const upgraded = old.map(upgradeV1);
  await tx.table('details').bulkPut(upgraded.map((m) => m.detail));
  await tx.table('items').bulkPut(upgraded.map((m) => m.item));
}

/** Opens (and upgrades) the store. `name` is for tests that need a scratch database. */
export function openTriageDb(name = DB_NAME): TriageDb {
  const db = new Dexie(name) as TriageDb;
  opened('indexedDb');
  db.version(1).stores(SCHEMAS[1]);
  db.version(2).stores(SCHEMAS[2]).upgrade(upgradeTo2);
  return db;
}
