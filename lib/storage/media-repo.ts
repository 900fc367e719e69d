/**
 * Operations on the triage store. Every write that touches an item and its detail runs in one
 * read-write transaction, so a crash (or a service worker stopped mid-write) leaves either the
 * old or the new record, never half of each.
 */
import type { TriageDb } from './db';
import type { ModeratorVerdict, StoredMedia, TriageDetail, TriageItem } from './types';

export class MediaRepo {
  constructor(readonly db: TriageDb) {}

  /** All summary rows (no detail). */
  items(): Promise<TriageItem[]> {
    return this.db.items.toArray();
  }

  /** Every item with its detail, read in one transaction. */
  async all(): Promise<StoredMedia[]> {
    return this.db.transaction('r', this.db.items, this.db.details, async () => {
      const [items, details] = await Promise.all([
        this.db.items.toArray(),
        this.db.details.toArray(),
      ]);
      const byKey = new Map(details.map((d) => [d.key, d]));
      return items.flatMap((item) => {
        const detail = byKey.get(item.key);
        return detail ? [{ item, detail }] : [];
      });
    });
  }

  async detail(key: string): Promise<TriageDetail | undefined> {
    return this.db.details.get(key);
  }

  /** Items and details of `keys` (missing keys are left out). */
  async load(keys: readonly string[]): Promise<Map<string, StoredMedia>> {
    const [items, details] = await Promise.all([
      this.db.items.bulkGet([...keys]),
      this.db.details.bulkGet([...keys]),
    ]);
    const out = new Map<string, StoredMedia>();
    items.forEach((item, i) => {
      const detail = details[i];
      if (item && detail) out.set(item.key, { item, detail });
    });
    return out;
  }

  /**
   * Reads `keys`, lets `update` compute the new records from the current ones and writes them,
   * all in one transaction.
   */
  async update(
    keys: readonly string[],
    update: (current: Map<string, StoredMedia>) => StoredMedia[],
  ): Promise<StoredMedia[]> {
    return this.db.transaction('rw', this.db.items, this.db.details, async () => {
      const next = update(await this.load(keys));
      await this.db.items.bulkPut(next.map((m) => m.item));
      await this.db.details.bulkPut(next.map((m) => m.detail));
      return next;
    });
  }

  /** Sets (or clears) the moderator verdict of several items at once. */
  async setVerdict(keys: readonly string[], verdict: ModeratorVerdict | null, now = Date.now()) {
    await this.db.transaction('rw', this.db.items, async () => {
      await this.db.items
        .where('key')
        .anyOf([...keys])
        .modify({ modVerdict: verdict, reviewedAt: verdict === null ? null : now });
    });
  }

  async setNotes(key: string, notes: string, tags: string[]): Promise<void> {
    await this.db.items.update(key, { notes, tags });
  }

  /** Deletes items last seen before `cutoff` (epoch ms); resolves to how many. */
  async pruneBefore(cutoff: number): Promise<number> {
    return this.db.transaction('rw', this.db.items, this.db.details, async () => {
      const keys = (await this.db.items.where('lastSeen').below(cutoff).primaryKeys()) as string[];
      await this.db.items.bulkDelete(keys);
      await this.db.details.bulkDelete(keys);
      return keys.length;
    });
  }
}
