import type { HashListFormat } from '@/lib/hashing/lists';
import type { Translate } from '@/lib/l10n/keys';
import { formatLocale } from '@/lib/l10n/phrases';
import type { ListRow } from './types';

export interface ListTableProps {
  lists: ListRow[] | null;
  t: Translate;
  onDelete: (list: ListRow) => void;
  onExport: (list: ListRow, format: HashListFormat) => void;
}

const FORMATS: { format: HashListFormat; label: (t: Translate) => string }[] = [
  { format: 'csv', label: () => 'CSV' },
  { format: 'json', label: () => 'JSON' },
  { format: 'text', label: (t) => t('listsFormatText') },
];

/** The imported lists with their counts, and export / delete per list. */
export function ListTable({ lists, t, onDelete, onExport }: ListTableProps) {
  if (lists === null) return <p>{t('listsLoading')}</p>;
  if (lists.length === 0) return <p id="no-lists">{t('listsNone')}</p>;
  return (
    <table id="lists">
      <caption>{t('listsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('listsColName')}</th>
          <th scope="col">{t('listsColHashes')}</th>
          <th scope="col">{t('listsColFormat')}</th>
          <th scope="col">{t('listsColSource')}</th>
          <th scope="col">{t('listsColImported')}</th>
          <th scope="col">{t('listsColActions')}</th>
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
            <td>{new Date(list.importedAt).toLocaleString(formatLocale(t))}</td>
            <td>
              {FORMATS.map(({ format, label }) => (
                <button
                  type="button"
                  key={format}
                  aria-label={t('listsExportLabel', [list.name, label(t)])}
                  onClick={() => onExport(list, format)}
                >
                  {t('listsExport', label(t))}
                </button>
              ))}{' '}
              <button
                type="button"
                aria-label={t('listsDeleteLabel', list.name)}
                onClick={() => onDelete(list)}
              >
                {t('listsDelete')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
