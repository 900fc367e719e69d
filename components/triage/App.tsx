/**
 * The triage page: filters, the table of stored items, the detail of the current one, bulk
 * actions, export / import, and local-file checks. Keyboard: j / k move, 1 / 2 / 3 set the
 * verdict (confirmed fake / authentic / unsure), x selects, / searches.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
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
import type { Translate } from '@/lib/i18n';

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

  useEffect(() => services.subscribe(setItems), [services]);

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
      .then(() => setStatus(`${v ? MOD_LABEL[v] : 'Verdict cleared'}: ${keys.length} item(s)`));
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
        setStatus(`Exported ${keys ? keys.length : 'all'} item(s) as ${format.toUpperCase()}`),
      );

  return (
    <div class="tt-app">
      <header class="tt-header">
        <h1>Telltale triage</h1>
        <nav class="tt-nav">
          <a href="lists.html">Known-deepfake hash lists</a>
        </nav>
        <span class="tt-count" data-total={items?.length ?? 0} data-shown={rows.length}>
          {items === null ? 'Loading…' : `${rows.length} of ${items.length} items`}
        </span>
        <p class="tt-status" role="status">
          {status}
        </p>
      </header>
      <Filters filter={filter} onChange={setFilter} searchRef={search} />
      <div class="tt-actions">
        <span>{selected.length} selected:</span>
        {MODERATOR_VERDICTS.map((v) => (
          <button
            type="button"
            key={v}
            data-bulk={v}
            disabled={selected.length === 0}
            onClick={() => verdict(selected, v)}
          >
            {MOD_LABEL[v]}
          </button>
        ))}
        <button
          type="button"
          disabled={selected.length === 0}
          onClick={() => exportAs(selected, 'json')}
        >
          Export selected (JSON)
        </button>
        <button
          type="button"
          disabled={selected.length === 0}
          onClick={() => exportAs(selected, 'csv')}
        >
          Export selected (CSV)
        </button>
        <button
          type="button"
          disabled={selected.length === 0}
          onClick={() => setChecked(new Set())}
        >
          Clear selection
        </button>
        <span class="tt-sep" />
        <button type="button" id="tt-export-json" onClick={() => exportAs(null, 'json')}>
          Export all (JSON)
        </button>
        <button type="button" id="tt-export-csv" onClick={() => exportAs(null, 'csv')}>
          Export all (CSV)
        </button>
        <label class="tt-button">
          Import JSON
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
                .then((r) => setStatus(r.ok ? `Imported ${r.count} item(s)` : r.error));
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
          <section class="tt-detail tt-muted">Select an item (click, or j / k).</section>
        )}
      </main>
      <LocalFiles jobs={jobs} t={t} onFiles={(files) => services.checkFiles(files, setJobs)} />
    </div>
  );
}
