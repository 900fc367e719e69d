import { useCallback, useEffect, useState } from 'preact/hooks';
import { ImportForm } from './ImportForm';
import { ListTable } from './ListTable';
import type { FileResult, ListRow, ListsApi } from './types';

/** The hash-lists page: import, list, export and delete known-deepfake hash lists. */
export function App({ api }: { api: ListsApi }) {
  const [lists, setLists] = useState<ListRow[] | null>(null);
  const [results, setResults] = useState<FileResult[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(() => {
    api
      .lists()
      .then(setLists, (error: unknown) => setProblem(`Could not read the lists: ${error}`));
  }, [api]);
  useEffect(refresh, [refresh]);

  const importFiles = async (files: File[], name: string) => {
    setBusy(true);
    const out: FileResult[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        out.push({ file: file.name, ok: false, errors: [`could not read the file: ${error}`] });
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
      <h1>Known-deepfake hash lists</h1>
      <p>
        <a href="triage.html">Back to triage</a>
      </p>
      <p>
        Videos you play are compared, on this device, with the PDQ hashes in these lists. A match
        shows on the video&apos;s badge as “Matches a known deepfake”.
      </p>
      {problem && <p role="alert">{problem}</p>}
      <ImportForm busy={busy} results={results} onImport={(f, n) => void importFiles(f, n)} />
      <section aria-labelledby="lists-heading">
        <h2 id="lists-heading">Lists</h2>
        <ListTable
          lists={lists}
          onDelete={(list) => {
            api.remove(list).then(
              (removed) => removed && refresh(),
              (error: unknown) => setProblem(`Could not delete ${list.name}: ${error}`),
            );
          }}
          onExport={(list, format) => {
            api
              .download(list, format)
              .catch((error: unknown) => setProblem(`Could not export ${list.name}: ${error}`));
          }}
        />
      </section>
    </main>
  );
}
