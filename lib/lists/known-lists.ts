/**
 * The offscreen document's view of the imported lists: loaded into one index the first time a
 * video starts, and rebuilt when the lists change. Loads never overlap; a change that arrives
 * during a load makes one more load after it.
 */
import type { KnownHashSource } from '../analysis/frame-hashing';
import { KnownIndexBuilder, type KnownHashIndex } from '../hashing/known-index';
import type { ListsDb } from './store';

/** Builds the index of every list in the database. */
export async function loadKnownIndex(db: ListsDb): Promise<KnownHashIndex> {
  const builder = new KnownIndexBuilder();
  const lists = await db.lists.toArray();
  for (const list of lists) {
    const entries = await db.entries.where('listId').equals(list.id).toArray();
    builder.addList(list, entries);
  }
  return builder.build();
}

export class KnownLists implements KnownHashSource {
  private index: KnownHashIndex | null = null;
  private loading: Promise<void> | null = null;
  private stale = false;
  private wanted = false;

  constructor(
    private readonly load: () => Promise<KnownHashIndex>,
    /** Called after each (re)load, so reports can be refreshed. */
    private readonly onLoaded: (index: KnownHashIndex) => void,
  ) {}

  current(): KnownHashIndex | null {
    return this.index;
  }

  ensure(): void {
    this.wanted = true;
    if (!this.index && !this.loading) void this.reload();
  }

  /** The lists changed: rebuild if they were ever wanted (else the next ensure() loads). */
  invalidate(): void {
    if (!this.wanted) return;
    if (this.loading) this.stale = true;
    else void this.reload();
  }

  /** Resolves when no load is in progress. */
  async settled(): Promise<void> {
    while (this.loading) await this.loading;
  }

  private reload(): Promise<void> {
    const run = async () => {
      do {
        this.stale = false;
        try {
          this.index = await this.load();
          this.onLoaded(this.index);
        } catch (error) {
          console.error('[telltale] could not load the hash lists', error);
        }
      } while (this.stale);
      this.loading = null;
    };
    this.loading = run();
    return this.loading;
  }
}
