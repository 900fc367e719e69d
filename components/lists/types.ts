import type { HashListFormat } from '@/lib/hashing/lists';
import type { StoredList } from '@/lib/lists/store';

/** A list as the page shows it: the stored list's summary. */
export type ListRow = StoredList;

/** Outcome of importing one file. */
export type FileResult =
  | { file: string; ok: true; name: string; count: number }
  | { file: string; ok: false; errors: string[] };

/** What the page can do; the entrypoint wires it to the lists database. */
export interface ListsApi {
  lists(): Promise<ListRow[]>;
  importFile(file: { name: string; text: string }, listName: string): Promise<FileResult>;
  remove(list: ListRow): Promise<boolean>;
  download(list: ListRow, format: HashListFormat): Promise<void>;
}
