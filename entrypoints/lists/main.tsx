import { render } from 'preact';
import { App } from '@/components/lists/App';
import type { ListsApi } from '@/components/lists/types';
import { t } from '@/lib/i18n';
import { allLists, deleteList, exportList, importList, openListsDb } from '@/lib/lists/store';

const db = openListsDb();

const EXTENSIONS = { csv: 'csv', json: 'json', text: 'txt' } as const;

const api: ListsApi = {
  lists: () => allLists(db),
  async importFile(file, listName) {
    const result = await importList(db, { name: listName, text: file.text, source: file.name });
    return result.ok
      ? { file: file.name, ok: true, name: result.list.name, count: result.list.count }
      : { file: file.name, ok: false, errors: result.errors };
  },
  async remove(list) {
    if (!confirm(t('listsDeleteConfirm', [list.name, String(list.count)]))) return false;
    await deleteList(db, list.id);
    return true;
  },
  async download(list, format) {
    const text = await exportList(db, list.id, format);
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${list.name.replace(/[^\w.-]+/g, '_')}.${EXTENSIONS[format]}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

document.title = t('listsTitle');
render(<App api={api} t={t} />, document.getElementById('app')!);
