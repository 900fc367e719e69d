/** Filter controls above the table. */
import type { Ref } from 'preact';
import type { Translate } from '@/lib/l10n/keys';
import { SITE_IDS } from '@/lib/messaging/types';
import type { TriageFilter } from '@/lib/triage/filter';

export interface FiltersProps {
  filter: TriageFilter;
  onChange(filter: TriageFilter): void;
  searchRef: Ref<HTMLInputElement>;
  t: Translate;
}

const dayStart = (value: string) => (value === '' ? null : new Date(`${value}T00:00:00`).getTime());
const dayEnd = (value: string) =>
  value === '' ? null : new Date(`${value}T23:59:59.999`).getTime();
const dateValue = (ms: number | null) =>
  ms === null ? '' : new Date(ms).toISOString().slice(0, 10);

export function Filters({ filter, onChange, searchRef, t }: FiltersProps) {
  const set = (patch: Partial<TriageFilter>) => onChange({ ...filter, ...patch });
  return (
    <div class="tt-filters" role="search">
      <input
        ref={searchRef}
        type="search"
        placeholder={t('triageSearchPlaceholder')}
        aria-label={t('triageSearch')}
        value={filter.text}
        onInput={(e) => set({ text: e.currentTarget.value })}
      />
      <label>
        {t('triageMinRisk')}{' '}
        <input
          type="number"
          min={0}
          max={100}
          aria-label={t('triageMinRiskLabel')}
          value={filter.minRisk}
          onInput={(e) => set({ minRisk: Number(e.currentTarget.value) || 0 })}
        />
      </label>
      <select
        aria-label={t('triageVerdict')}
        value={filter.verdict}
        onChange={(e) => set({ verdict: e.currentTarget.value as TriageFilter['verdict'] })}
      >
        <option value="all">{t('triageAnyVerdict')}</option>
        <option value="likely-fake">{t('verdictLikelyFake')}</option>
        <option value="uncertain">{t('verdictUncertain')}</option>
        <option value="likely-real">{t('verdictLikelyReal')}</option>
        <option value="unscored">{t('triageNotScored')}</option>
      </select>
      <select
        aria-label={t('triageSite')}
        value={filter.site}
        onChange={(e) => set({ site: e.currentTarget.value as TriageFilter['site'] })}
      >
        <option value="all">{t('triageAnySite')}</option>
        {SITE_IDS.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label={t('triageReviewed')}
        value={filter.reviewed}
        onChange={(e) => set({ reviewed: e.currentTarget.value as TriageFilter['reviewed'] })}
      >
        <option value="all">{t('triageReviewedAny')}</option>
        <option value="unreviewed">{t('triageUnreviewed')}</option>
        <option value="reviewed">{t('triageReviewed')}</option>
      </select>
      <label>
        {t('triageFrom')}{' '}
        <input
          type="date"
          aria-label={t('triageSeenFrom')}
          value={dateValue(filter.from)}
          onChange={(e) => set({ from: dayStart(e.currentTarget.value) })}
        />
      </label>
      <label>
        {t('triageTo')}{' '}
        <input
          type="date"
          aria-label={t('triageSeenUntil')}
          value={dateValue(filter.to)}
          onChange={(e) => set({ to: dayEnd(e.currentTarget.value) })}
        />
      </label>
    </div>
  );
}
