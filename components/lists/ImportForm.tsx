import { useState } from 'preact/hooks';
import type { FileResult } from './types';

export interface ImportFormProps {
  busy: boolean;
  results: FileResult[];
  /** Imports the chosen files; `name` names the list when one file is chosen. */
  onImport: (files: File[], name: string) => void;
}

/** File picker for CSV / JSON / ThreatExchange text lists, with a result line per file. */
export function ImportForm({ busy, results, onImport }: ImportFormProps) {
  const [name, setName] = useState('');
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import a list</h2>
      <p>
        CSV (<code>hash,label,source,url</code>), JSON, or ThreatExchange text (<code>pdq HEX</code>{' '}
        or <code>vpdq [...]</code> per line). A file with any malformed line is rejected as a whole
        and changes nothing.
      </p>
      <p>
        <label for="list-name">List name (optional; defaults to the file name) </label>
        <input
          id="list-name"
          type="text"
          maxLength={128}
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </p>
      <p>
        <label for="list-file">Hash list file(s) </label>
        <input
          id="list-file"
          type="file"
          multiple
          accept=".csv,.json,.txt,text/csv,application/json,text/plain"
          disabled={busy}
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const files = [...(input.files ?? [])];
            input.value = '';
            if (files.length > 0) onImport(files, name.trim());
          }}
        />
      </p>
      <div id="import-results" role="status" aria-live="polite">
        {busy && <p>Importing…</p>}
        <ul>
          {results.map((r, i) => (
            <li key={i} class="import-result" data-ok={String(r.ok)}>
              {r.ok ? (
                <>
                  {r.file}: imported {r.count} hash{r.count === 1 ? '' : 'es'} as “{r.name}”.
                </>
              ) : (
                <>
                  {r.file}: not imported, nothing changed.
                  <ul>
                    {r.errors.slice(0, 10).map((error) => (
                      <li key={error} class="import-error">
                        {error}
                      </li>
                    ))}
                    {r.errors.length > 10 && <li>…and {r.errors.length - 10} more</li>}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
