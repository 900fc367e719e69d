/**
 * The triage table: virtualised (only the rows in view are in the DOM), so thousands of items
 * scroll and filter smoothly. Rows are fixed height; the cursor row is kept in view.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SortKey, TriageSort } from '@/lib/triage/filter';
import type { MessageKey, Translate } from '@/lib/l10n/keys';
import type { TriageItem } from '@/lib/storage/types';
import { MOD_LABEL, STATE_LABEL, VERDICT_LABEL, when } from './format';

export const ROW_HEIGHT = 30;
const OVERSCAN = 8;

export interface TableProps {
  rows: readonly TriageItem[];
  cursor: string | null;
  checked: ReadonlySet<string>;
  sort: TriageSort;
  t: Translate;
  onSort(key: SortKey): void;
  onCursor(key: string): void;
  onCheck(key: string, on: boolean): void;
  onCheckAll(on: boolean): void;
}

const COLUMNS: { key: SortKey | null; label: MessageKey; cls: string }[] = [
  { key: 'risk', label: 'triageColRisk', cls: 'c-risk' },
  { key: 'verdict', label: 'triageVerdict', cls: 'c-verdict' },
  { key: 'modVerdict', label: 'triageColModerator', cls: 'c-mod' },
  { key: 'site', label: 'triageSite', cls: 'c-site' },
  { key: 'title', label: 'triageColTitle', cls: 'c-title' },
  { key: 'lastSeen', label: 'triageColLastSeen', cls: 'c-seen' },
  { key: null, label: 'triageColState', cls: 'c-state' },
];

export function Table(props: TableProps) {
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep the cursor row visible.
  useEffect(() => {
    const el = body.current;
    const index = props.rows.findIndex((r) => r.key === props.cursor);
    if (!el || index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [props.cursor, props.rows]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(props.rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const allChecked = props.rows.length > 0 && props.rows.every((r) => props.checked.has(r.key));

  return (
    <div class="tt-table" role="grid" aria-rowcount={props.rows.length}>
      <div class="tt-row tt-head" role="row">
        <span class="c-check">
          <input
            type="checkbox"
            aria-label={props.t('triageSelectAll')}
            checked={allChecked}
            onChange={(e) => props.onCheckAll(e.currentTarget.checked)}
          />
        </span>
        {COLUMNS.map((c) => (
          <span class={c.cls} role="columnheader" key={c.label}>
            {c.key ? (
              <button
                type="button"
                class="tt-sort"
                data-sort={c.key}
                onClick={() => c.key && props.onSort(c.key)}
              >
                {props.t(c.label)}
                {props.sort.key === c.key ? (props.sort.dir === 'desc' ? ' ▼' : ' ▲') : ''}
              </button>
            ) : (
              props.t(c.label)
            )}
          </span>
        ))}
      </div>
      <div class="tt-body" ref={body} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ height: `${props.rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {props.rows.slice(first, last).map((item, i) => (
            <Row
              key={item.key}
              item={item}
              top={(first + i) * ROW_HEIGHT}
              current={item.key === props.cursor}
              checked={props.checked.has(item.key)}
              t={props.t}
              onCursor={props.onCursor}
              onCheck={props.onCheck}
            />
          ))}
        </div>
        {props.rows.length === 0 && <p class="tt-empty">{props.t('triageNoMatch')}</p>}
      </div>
    </div>
  );
}

interface RowProps {
  item: TriageItem;
  top: number;
  current: boolean;
  checked: boolean;
  t: Translate;
  onCursor(key: string): void;
  onCheck(key: string, on: boolean): void;
}

function Row({ item, top, current, checked, t, onCursor, onCheck }: RowProps) {
  return (
    <div
      class={`tt-row${current ? ' is-current' : ''}`}
      role="row"
      aria-selected={current}
      data-key={item.key}
      data-risk={item.risk ?? ''}
      data-mod={item.modVerdict ?? ''}
      data-state={item.state}
      data-final={String(item.final)}
      data-provenance={item.provenance?.status ?? ''}
      style={{ top: `${top}px` }}
      onClick={() => onCursor(item.key)}
    >
      <span class="c-check" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          aria-label={t('triageSelect')}
          checked={checked}
          onChange={(e) => onCheck(item.key, e.currentTarget.checked)}
        />
      </span>
      <span class={`c-risk risk-${item.verdict ?? 'none'}`}>{item.risk ?? '–'}</span>
      <span class="c-verdict">{item.verdict ? t(VERDICT_LABEL[item.verdict]) : '–'}</span>
      <span class="c-mod">{item.modVerdict ? t(MOD_LABEL[item.modVerdict]) : ''}</span>
      <span class="c-site">{item.source === 'file' ? t('triageSiteFile') : item.site}</span>
      <span class="c-title" title={item.url}>
        {item.title ?? item.url}
      </span>
      <span class="c-seen">{when(item.lastSeen, t)}</span>
      <span class="c-state">{t(STATE_LABEL[item.state])}</span>
    </div>
  );
}
