import type { MessageKey, Translate } from '@/lib/i18n';
import type { SiteId } from '@/lib/messaging/types';
import { SITE_IDS } from '@/lib/messaging/types';
import {
  MODES,
  RETENTION_CHOICES,
  SENSITIVITIES,
  SHOW_SCORES,
  type AnalysisMode,
  type Sensitivity,
  type Settings,
  type SettingsPatch,
  type ShowScores,
} from '@/lib/storage/settings';

export interface OptionsProps {
  settings: Settings;
  t: Translate;
  onChange: (patch: SettingsPatch) => void;
  /** Result of the last save, for the status line. */
  status?: string;
}

const SITE_KEYS: Record<SiteId, MessageKey> = {
  youtube: 'siteYoutube',
  x: 'siteX',
  tiktok: 'siteTiktok',
  generic: 'siteGeneric',
};
const MODE_KEYS: Record<AnalysisMode, MessageKey> = {
  auto: 'modeAuto',
  'on-request': 'modeOnRequest',
};
const SENSITIVITY_KEYS: Record<Sensitivity, MessageKey> = {
  low: 'sensitivityLow',
  balanced: 'sensitivityBalanced',
  high: 'sensitivityHigh',
};
const SHOW_KEYS: Record<ShowScores, MessageKey> = {
  suspicious: 'showScoresSuspicious',
  all: 'showScoresAll',
};

/** A group of radio buttons: native inputs, so arrow keys and labels work as usual. */
function Radios<T extends string>(props: {
  name: string;
  legend: string;
  values: readonly T[];
  value: T;
  label: (value: T) => string;
  onPick: (value: T) => void;
}) {
  return (
    <fieldset class="op-group">
      <legend>{props.legend}</legend>
      {props.values.map((value) => (
        <label key={value} class="op-choice">
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            onChange={() => props.onPick(value)}
          />
          {props.label(value)}
        </label>
      ))}
    </fieldset>
  );
}

export function OptionsApp({ settings, t, onChange, status }: OptionsProps) {
  const retention = RETENTION_CHOICES.includes(settings.retentionDays)
    ? RETENTION_CHOICES
    : [...RETENTION_CHOICES, settings.retentionDays].sort((a, b) => a - b);
  return (
    <main class="op">
      <h1>{t('optionsTitle')}</h1>
      <p>
        <a href="triage.html">{t('optionsTriageLink')}</a> ·{' '}
        <a href="lists.html">{t('triageListsLink')}</a>
      </p>
      <p>{t('optionsIntro')}</p>
      <fieldset class="op-group">
        <legend>{t('optionsSites')}</legend>
        {SITE_IDS.map((site) => (
          <label key={site} class="op-choice">
            <input
              type="checkbox"
              name={`site-${site}`}
              checked={settings.sites[site]}
              onChange={(event) =>
                onChange({ sites: { [site]: (event.currentTarget as HTMLInputElement).checked } })
              }
            />
            {t(SITE_KEYS[site])}
          </label>
        ))}
        <p class="op-help">{t('optionsSitesHelp')}</p>
      </fieldset>
      <Radios
        name="mode"
        legend={t('optionsMode')}
        values={MODES}
        value={settings.mode}
        label={(v) => t(MODE_KEYS[v])}
        onPick={(mode) => onChange({ mode })}
      />
      <Radios
        name="sensitivity"
        legend={t('optionsSensitivity')}
        values={SENSITIVITIES}
        value={settings.sensitivity}
        label={(v) => t(SENSITIVITY_KEYS[v])}
        onPick={(sensitivity) => onChange({ sensitivity })}
      />
      <Radios
        name="showScores"
        legend={t('optionsShowScores')}
        values={SHOW_SCORES}
        value={settings.showScores}
        label={(v) => t(SHOW_KEYS[v])}
        onPick={(showScores) => onChange({ showScores })}
      />
      <div class="op-group">
        <label>
          <input
            type="checkbox"
            name="lipSyncAlways"
            checked={settings.lipSyncAlways}
            onChange={(event) =>
              onChange({ lipSyncAlways: (event.currentTarget as HTMLInputElement).checked })
            }
          />{' '}
          {t('optionsLipSync')}
        </label>
      </div>
      <div class="op-group">
        <label for="retention">{t('optionsRetention')}</label>{' '}
        <select
          id="retention"
          name="retentionDays"
          value={String(settings.retentionDays)}
          onChange={(event) =>
            onChange({ retentionDays: Number((event.currentTarget as HTMLSelectElement).value) })
          }
        >
          {retention.map((days) => (
            <option key={days} value={String(days)}>
              {days === 1 ? t('retentionOneDay') : t('retentionDays', String(days))}
            </option>
          ))}
        </select>
      </div>
      <p class="op-status" role="status">
        {status ?? ''}
      </p>
    </main>
  );
}
