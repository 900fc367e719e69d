import type { HashListFormat } from '@/lib/hashing/lists';
import type { ListRow } from './types';

export interface ListTableProps {
  lists: ListRow[] | null;
  onDelete: (list: ListRow) => void;
  onExport: (list: ListRow, format: HashListFormat) => void;
}

const FORMATS: { format: HashListFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
  { format: 'text', label: 'Text' },
];

/** The imported lists with their counts, and export / delete per list. */
export function ListTable({ lists, onDelete, onExport }: ListTableProps) {
  if (lists === null) return <p>Loading lists…</p>;
  if (lists.length === 0) return <p id="no-lists">No lists imported yet.</p>;
  return (
    <table id="lists">
      <caption>Imported lists</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Hashes</th>
          <th scope="col">Format</th>
          <th scope="col">Source</th>
          <th scope="col">Imported</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {lists.map((list) => (
          <tr key={list.id} data-list-id={list.id}>
            <th scope="row" class="list-name">
              {list.name}
            </th>
            <td class="list-count">{list.count}</td>
            <td>{list.format}</td>
            <td>{list.source}</td>
            <td>{new Date(list.importedAt).toLocaleString()}</td>
            <td>
              {FORMATS.map(({ format, label }) => (
                <button
                  type="button"
                  key={format}
                  aria-label={`Export ${list.name} as ${label}`}
                  onClick={() => onExport(list, format)}
                >
                  Export {label}
                </button>
              ))}{' '}
              <button
                type="button"
                aria-label={`Delete ${list.name}`}
                onClick={() => onDelete(list)}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
