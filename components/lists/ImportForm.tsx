import { useState } from 'preact/hooks';
import type { Translate } from '@/lib/l10n/keys';
import { localizeText } from '@/lib/l10n/phrases';
import type { FileResult } from './types';

export interface ImportFormProps {
  busy: boolean;
  results: FileResult[];
  t: Translate;
  /** Imports the chosen files; `name` names the list when one file is chosen. */
  onImport: (files: File[], name: string) => void;
}

/** File picker for CSV / JSON / ThreatExchange text lists, with a result line per file. */
export function ImportForm({ busy, results, t, onImport }: ImportFormProps) {
  const [name, setName] = useState('');
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('listsImportHeading')}</h2>
      <p>{t('listsFormats', ['hash,label,source,url', 'pdq HEX', 'vpdq [...]'])}</p>
      <p>
        <label for="list-name">{t('listsName')} </label>
        <input
          id="list-name"
          type="text"
          maxLength={128}
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </p>
      <p>
        <label for="list-file">{t('listsFile')} </label>
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
        {busy && <p>{t('listsImporting')}</p>}
        <ul>
          {results.map((r, i) => (
            <li key={i} class="import-result" data-ok={String(r.ok)}>
              {r.ok ? (
                r.count === 1 ? (
                  t('listsImportedOne', [r.file, r.name])
                ) : (
                  t('listsImported', [r.file, String(r.count), r.name])
                )
              ) : (
                <>
                  {t('listsNotImported', r.file)}
                  <ul>
                    {r.errors.slice(0, 10).map((error) => (
                      <li key={error} class="import-error">
                        {localizeText(error, t)}
                      </li>
                    ))}
                    {r.errors.length > 10 && (
                      <li>{t('listsMoreErrors', String(r.errors.length - 10))}</li>
                    )}
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
