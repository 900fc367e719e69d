import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Translate } from '@/lib/l10n/keys';
import { ImportForm } from './ImportForm';
import { ListTable } from './ListTable';
import type { FileResult, ListRow, ListsApi } from './types';

/** The hash-lists page: import, list, export and delete known-deepfake hash lists. */
export function App({ api, t }: { api: ListsApi; t: Translate }) {
  const [lists, setLists] = useState<ListRow[] | null>(null);
  const [results, setResults] = useState<FileResult[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(() => {
    api.lists().then(setLists, (error: unknown) => setProblem(t('listsReadFailed', String(error))));
  }, [api, t]);
  useEffect(refresh, [refresh]);

  const importFiles = async (files: File[], name: string) => {
    setBusy(true);
    const out: FileResult[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        out.push({ file: file.name, ok: false, errors: [t('listsFileUnreadable', String(error))] });
        continue;
      }
      const listName = files.length === 1 && name ? name : file.name.replace(/\.[^.]*$/, '');
      out.push(await api.importFile({ name: file.name, text }, listName));
    }
    setResults(out);
    setBusy(false);
    refresh();
  };

  return (
    <main>
      <h1>{t('listsHeading')}</h1>
      <p>
        <a href="triage.html">{t('listsBack')}</a>
      </p>
      <p>{t('listsIntro')}</p>
      {problem && <p role="alert">{problem}</p>}
      <ImportForm busy={busy} results={results} t={t} onImport={(f, n) => void importFiles(f, n)} />
      <section aria-labelledby="lists-heading">
        <h2 id="lists-heading">{t('listsSection')}</h2>
        <ListTable
          lists={lists}
          t={t}
          onDelete={(list) => {
            api.remove(list).then(
              (removed) => removed && refresh(),
              (error: unknown) => setProblem(t('listsDeleteFailed', [list.name, String(error)])),
            );
          }}
          onExport={(list, format) => {
            api
              .download(list, format)
              .catch((error: unknown) =>
                setProblem(t('listsExportFailed', [list.name, String(error)])),
              );
          }}
        />
      </section>
    </main>
  );
}
