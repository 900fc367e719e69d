/**
 * The triage page: filters, the table of stored items, the detail of the current one, bulk
 * actions, export / import, and local-file checks. Keyboard: j / k move, 1 / 2 / 3 set the
 * verdict (confirmed fake / authentic / unsure), x selects, / searches.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Translate } from '@/lib/l10n/keys';
import { localizeText } from '@/lib/l10n/phrases';
import type { LocalJob } from '@/lib/local-files/local-checker';
import type { ModeratorVerdict, TriageDetail, TriageItem } from '@/lib/storage/types';
import { MODERATOR_VERDICTS } from '@/lib/storage/types';
import {
  NO_FILTER,
  visibleRows,
  type SortKey,
  type TriageFilter,
  type TriageSort,
} from '@/lib/triage/filter';
import { Detail } from './Detail';
import { Filters } from './Filters';
import { LocalFiles } from './LocalFiles';
import { itemKeyFromHash } from '@/lib/triage/deep-link';
import { Table } from './Table';
import { MOD_LABEL, VERDICT_KEYS } from './format';
import type { TriageServices } from './services';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);

export function App({ services, t }: { services: TriageServices; t: Translate }) {
  const [items, setItems] = useState<TriageItem[] | null>(null);
  const [filter, setFilter] = useState<TriageFilter>(NO_FILTER);
  const [sort, setSort] = useState<TriageSort>({ key: 'lastSeen', dir: 'desc' });
  const [cursor, setCursor] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [detail, setDetail] = useState<TriageDetail | undefined>();
  const [jobs, setJobs] = useState<readonly LocalJob[]>([]);
  const [status, setStatus] = useState('');
  const search = useRef<HTMLInputElement>(null);

  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => services.subscribe(setItems, setProblem), [services]);

  // Opened from a badge ("Open in triage"): go to that item once it is loaded.
  const linked = useRef(false);
  useEffect(() => {
    if (linked.current || !items) return;
    const key = itemKeyFromHash(location.hash, items);
    if (key === null) return;
    linked.current = true;
    goTo(key);
  }, [items]);
  const rows = useMemo(() => visibleRows(items ?? [], filter, sort), [items, filter, sort]);
  const current = rows.find((r) => r.key === cursor) ?? null;

  useEffect(() => {
    if (!current) return setDetail(undefined);
    let live = true;
    void services.detail(current.key).then((d) => live && setDetail(d));
    return () => void (live = false);
  }, [services, current?.key, current?.lastSeen]);

  const verdict = (keys: readonly string[], v: ModeratorVerdict | null) => {
    if (keys.length === 0) return;
    void services
      .setVerdict(keys, v)
      .then(() =>
        setStatus(
          t('triageVerdictSet', [
            v ? t(MOD_LABEL[v]) : t('triageVerdictCleared'),
            String(keys.length),
          ]),
        ),
      );
  };

  // Keys can arrive faster than renders: act on the latest cursor, not the rendered one.
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const cursorRef = useRef(cursor);
  const goTo = (key: string | null) => {
    cursorRef.current = key;
    setCursor(key);
  };
  const move = (step: number) => {
    const all = rowsRef.current;
    const index = all.findIndex((r) => r.key === cursorRef.current);
    goTo(all[index < 0 ? 0 : Math.min(all.length - 1, Math.max(0, index + step))]?.key ?? null);
  };

  const toggle = (key: string, on: boolean) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      const v = VERDICT_KEYS[event.key];
      const key = cursorRef.current;
      if (event.key === 'j') move(1);
      else if (event.key === 'k') move(-1);
      else if (v && key !== null) verdict([key], v);
      else if (event.key === 'x' && key !== null) toggle(key, !checked.has(key));
      else if (event.key === '/') search.current?.focus();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const onSort = (key: SortKey) =>
    setSort((s) => ({ key, dir: s.key === key && s.dir === 'desc' ? 'asc' : 'desc' }));
  const selected = [...checked];
  const exportAs = (keys: readonly string[] | null, format: 'json' | 'csv') =>
    void services
      .exportItems(keys, format)
      .then(() =>
        setStatus(
          keys
            ? t('triageExported', [String(keys.length), format.toUpperCase()])
            : t('triageExportedAll', format.toUpperCase()),
        ),
      );

  return (
    <div class="tt-app">
      <header class="tt-header">
        <h1>{t('triageTitle')}</h1>
        <nav class="tt-nav">
          <a href="lists.html">{t('triageListsLink')}</a>
        </nav>
        <span class="tt-count" data-total={items?.length ?? 0} data-shown={rows.length}>
          {items === null
            ? t('triageLoading')
            : t('triageCount', [String(rows.length), String(items.length)])}
        </span>
        <p class="tt-status" role="status">
          {status}
        </p>
        {problem && (
          <p class="tt-store-problem" role="alert">
            {problem}
          </p>
        )}
      </header>
      <Filters filter={filter} onChange={setFilter} searchRef={search} t={t} />
      <div class="tt-actions">
        <span>{t('triageSelectedCount', String(selected.length))}</span>
        {MODERATOR_VERDICTS.map((v) => (
          <button
            type="button"
            key={v}
            data-bulk={v}
            disabled={selected.length === 0}
            onClick={() => verdict(selected, v)}
          >
            {t(MOD_LABEL[v])}
          </button>
        ))}
        <button
          type="button"
          disabled={selected.length === 0}
          onClick={() => exportAs(selected, 'json')}
        >
          {t('triageExportSelectedJson')}
        </button>
        <button
          type="button"
          disabled={selected.length === 0}
          onClick={() => exportAs(selected, 'csv')}
        >
          {t('triageExportSelectedCsv')}
        </button>
        <button
          type="button"
          disabled={selected.length === 0}
          onClick={() => setChecked(new Set())}
        >
          {t('triageClearSelection')}
        </button>
        <span class="tt-sep" />
        <button type="button" id="tt-export-json" onClick={() => exportAs(null, 'json')}>
          {t('triageExportAllJson')}
        </button>
        <button type="button" id="tt-export-csv" onClick={() => exportAs(null, 'csv')}>
          {t('triageExportAllCsv')}
        </button>
        <label class="tt-button">
          {t('triageImportJson')}
          <input
            type="file"
            id="tt-import-input"
            accept="application/json,.json"
            hidden
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (!file) return;
              void services
                .importFile(file)
                .then((r) =>
                  setStatus(r.ok ? t('triageImported', String(r.count)) : localizeText(r.error, t)),
                );
            }}
          />
        </label>
      </div>
      <main class="tt-main">
        <Table
          rows={rows}
          cursor={cursor}
          checked={checked}
          sort={sort}
          t={t}
          onSort={onSort}
          onCursor={goTo}
          onCheck={toggle}
          onCheckAll={(on) => setChecked(on ? new Set(rows.map((r) => r.key)) : new Set())}
        />
        {current ? (
          <Detail
            item={current}
            detail={detail}
            t={t}
            onVerdict={(v) => verdict([current.key], v)}
            onNotes={(notes, tags) => void services.setNotes(current.key, notes, tags)}
          />
        ) : (
          <section class="tt-detail tt-muted">{t('triageSelectItem')}</section>
        )}
      </main>
      <LocalFiles jobs={jobs} t={t} onFiles={(files) => services.checkFiles(files, setJobs)} />
    </div>
  );
}
