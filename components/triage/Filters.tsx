/** Filter controls above the table. */
import type { Ref } from 'preact';
import { SITE_IDS } from '@/lib/messaging/types';
import type { TriageFilter } from '@/lib/triage/filter';

export interface FiltersProps {
  filter: TriageFilter;
  onChange(filter: TriageFilter): void;
  searchRef: Ref<HTMLInputElement>;
}

const dayStart = (value: string) => (value === '' ? null : new Date(`${value}T00:00:00`).getTime());
const dayEnd = (value: string) =>
  value === '' ? null : new Date(`${value}T23:59:59.999`).getTime();
const dateValue = (ms: number | null) =>
  ms === null ? '' : new Date(ms).toISOString().slice(0, 10);

export function Filters({ filter, onChange, searchRef }: FiltersProps) {
  const set = (patch: Partial<TriageFilter>) => onChange({ ...filter, ...patch });
  return (
    <div class="tt-filters" role="search">
      <input
        ref={searchRef}
        type="search"
        placeholder="Search title, URL, notes, tags ( / )"
        aria-label="Search"
        value={filter.text}
        onInput={(e) => set({ text: e.currentTarget.value })}
      />
      <label>
        Risk ≥{' '}
        <input
          type="number"
          min={0}
          max={100}
          aria-label="Minimum risk"
          value={filter.minRisk}
          onInput={(e) => set({ minRisk: Number(e.currentTarget.value) || 0 })}
        />
      </label>
      <select
        aria-label="Verdict"
        value={filter.verdict}
        onChange={(e) => set({ verdict: e.currentTarget.value as TriageFilter['verdict'] })}
      >
        <option value="all">Any verdict</option>
        <option value="likely-fake">Likely fake</option>
        <option value="uncertain">Uncertain</option>
        <option value="likely-real">Likely real</option>
        <option value="unscored">Not scored</option>
      </select>
      <select
        aria-label="Site"
        value={filter.site}
        onChange={(e) => set({ site: e.currentTarget.value as TriageFilter['site'] })}
      >
        <option value="all">Any site</option>
        {SITE_IDS.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label="Reviewed"
        value={filter.reviewed}
        onChange={(e) => set({ reviewed: e.currentTarget.value as TriageFilter['reviewed'] })}
      >
        <option value="all">Reviewed or not</option>
        <option value="unreviewed">Unreviewed</option>
        <option value="reviewed">Reviewed</option>
      </select>
      <label>
        From{' '}
        <input
          type="date"
          aria-label="Seen from"
          value={dateValue(filter.from)}
          onChange={(e) => set({ from: dayStart(e.currentTarget.value) })}
        />
      </label>
      <label>
        to{' '}
        <input
          type="date"
          aria-label="Seen until"
          value={dateValue(filter.to)}
          onChange={(e) => set({ to: dayEnd(e.currentTarget.value) })}
        />
      </label>
    </div>
  );
}
