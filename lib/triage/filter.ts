/** Filtering and sorting of triage rows (pure; runs over every stored item on each change). */
import type { SiteId, Verdict } from '../messaging/types';
import type { TriageItem } from '../storage/types';

export interface TriageFilter {
  /** Case-insensitive text in title, url, author, notes or tags. */
  text: string;
  /** Least risk (0-100); items without a risk are hidden when above 0. */
  minRisk: number;
  verdict: Verdict | 'unscored' | 'all';
  site: SiteId | 'all';
  reviewed: 'all' | 'reviewed' | 'unreviewed';
  /** Last seen within [from, to] (epoch ms), when set. */
  from: number | null;
  to: number | null;
}

export const NO_FILTER: TriageFilter = {
  text: '',
  minRisk: 0,
  verdict: 'all',
  site: 'all',
  reviewed: 'all',
  from: null,
  to: null,
};

export type SortKey = 'risk' | 'lastSeen' | 'title' | 'site' | 'verdict' | 'modVerdict';
export interface TriageSort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export function matches(item: TriageItem, f: TriageFilter, needle = f.text.toLowerCase()): boolean {
  if (f.minRisk > 0 && (item.risk === null || item.risk < f.minRisk)) return false;
  if (
    f.verdict === 'unscored'
      ? item.verdict !== null
      : f.verdict !== 'all' && item.verdict !== f.verdict
  )
    return false;
  if (f.site !== 'all' && item.site !== f.site) return false;
  if (f.reviewed === 'reviewed' && item.modVerdict === null) return false;
  if (f.reviewed === 'unreviewed' && item.modVerdict !== null) return false;
  if (f.from !== null && item.lastSeen < f.from) return false;
  if (f.to !== null && item.lastSeen > f.to) return false;
  return needle === '' || haystack(item).includes(needle);
}

/** Lower-cased searchable text per row, computed once per row object (typing re-filters). */
const HAYSTACKS = new WeakMap<TriageItem, string>();
function haystack(item: TriageItem): string {
  let text = HAYSTACKS.get(item);
  if (text === undefined) {
    text = [item.title, item.url, item.author, item.notes, ...item.tags]
      .filter((s) => s !== undefined)
      .join('\n')
      .toLowerCase();
    HAYSTACKS.set(item, text);
  }
  return text;
}

const VERDICT_ORDER: Record<string, number> = { 'likely-real': 0, uncertain: 1, 'likely-fake': 2 };
const MOD_ORDER: Record<string, number> = { authentic: 0, unsure: 1, fake: 2 };

/** Sort value of a row; null sorts last in both directions. */
function value(item: TriageItem, key: SortKey): number | string | null {
  switch (key) {
    case 'risk':
      return item.risk;
    case 'lastSeen':
      return item.lastSeen;
    case 'title':
      return (item.title ?? item.url).toLowerCase();
    case 'site':
      return item.site;
    case 'verdict':
      return item.verdict === null ? null : (VERDICT_ORDER[item.verdict] ?? null);
    case 'modVerdict':
      return item.modVerdict === null ? null : (MOD_ORDER[item.modVerdict] ?? null);
  }
}

/** Filtered and sorted rows (a new array); ties keep the most recently seen first. */
export function visibleRows(
  items: readonly TriageItem[],
  filter: TriageFilter,
  sort: TriageSort,
): TriageItem[] {
  const needle = filter.text.toLowerCase();
  const sign = sort.dir === 'asc' ? 1 : -1;
  const rows = items.filter((item) => matches(item, filter, needle));
  const keyed = rows.map((item) => ({ item, v: value(item, sort.key) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
    } else if (a.v !== b.v) return (a.v < b.v ? -1 : 1) * sign;
    return b.item.lastSeen - a.item.lastSeen;
  });
  return keyed.map((k) => k.item);
}
