/** One item opened: keyframes, evidence in plain words, plots, verdict buttons, notes, tags. */
import { useEffect, useState } from 'preact/hooks';
import { cueShortNameIn } from '@/lib/l10n/cues';
import type { Translate } from '@/lib/l10n/keys';
import { localDecimal, localizeText } from '@/lib/l10n/phrases';
import { DEFAULT_FUSION_WEIGHTS } from '@/lib/scoring/weights';
import type { ModeratorVerdict, TriageDetail, TriageItem } from '@/lib/storage/types';
import { MODERATOR_VERDICTS } from '@/lib/storage/types';
import { MOD_LABEL, STATE_LABEL, VERDICT_LABEL, when } from './format';
import { Plot } from './Plot';
import { ProvenanceView } from './ProvenanceView';

export interface DetailProps {
  item: TriageItem;
  detail: TriageDetail | undefined;
  t: Translate;
  onVerdict(verdict: ModeratorVerdict | null): void;
  onNotes(notes: string, tags: string[]): void;
}

const THRESHOLDS = DEFAULT_FUSION_WEIGHTS.thresholds;

const seconds = (s: number, t: Translate) => t('triageSeconds', localDecimal(s.toFixed(1), t));

export function Detail({ item, detail, t, onVerdict, onNotes }: DetailProps) {
  const [notes, setNotes] = useState(item.notes);
  const [tags, setTags] = useState(item.tags.join(', '));
  useEffect(() => {
    setNotes(item.notes);
    setTags(item.tags.join(', '));
  }, [item.key, item.notes, item.tags]);
  const save = () =>
    onNotes(
      notes,
      tags
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    );

  return (
    <section class="tt-detail" aria-label={t('triageDetailLabel')} data-key={item.key}>
      <h2>{item.title ?? item.url}</h2>
      <p class="tt-muted">
        {item.source === 'file' ? (
          t('triageLocalFile')
        ) : (
          <a href={item.url} target="_blank" rel="noreferrer">
            {item.url}
          </a>
        )}
        {item.author ? ` · ${item.author}` : ''} ·{' '}
        {t('triageSeen', [when(item.firstSeen, t), when(item.lastSeen, t)])}
      </p>
      <p class="tt-summary">
        {summary(item, t)}
        <span class="tt-muted">
          {' · '}
          {t('triageVersions', [item.fusionVersion ?? t('triageNotAvailable'), item.analyserId])}
        </span>
      </p>
      {item.provenance && <ProvenanceView provenance={item.provenance} t={t} />}
      <div class="tt-verdicts" role="group" aria-label={t('triageModVerdict')}>
        {MODERATOR_VERDICTS.map((v, i) => (
          <button
            type="button"
            key={v}
            data-verdict={v}
            aria-pressed={item.modVerdict === v}
            onClick={() => onVerdict(item.modVerdict === v ? null : v)}
          >
            {t(MOD_LABEL[v])} <kbd>{i + 1}</kbd>
          </button>
        ))}
      </div>
      <label class="tt-field">
        {t('triageNotes')}
        <textarea
          value={notes}
          rows={3}
          onInput={(e) => setNotes(e.currentTarget.value)}
          onBlur={save}
        />
      </label>
      <label class="tt-field">
        {t('triageTags')}
        <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} onBlur={save} />
      </label>
      {detail && detail.keyframes.length > 0 && (
        <div class="tt-keyframes">
          {detail.keyframes.map((src, i) => (
            <img key={i} src={src} alt={t('triageKeyframeAlt', String(i + 1))} />
          ))}
        </div>
      )}
      {detail && (
        <>
          <Plot
            series={detail.series}
            fakeAt={Math.round(THRESHOLDS.likelyFake * 100)}
            realBelow={Math.round(THRESHOLDS.likelyReal * 100)}
            t={t}
          />
          <Evidence detail={detail} t={t} />
        </>
      )}
    </section>
  );
}

/** "Estimated risk 91 / 100 (Likely fake)" when scored, else the state and its reason. */
function summary(item: TriageItem, t: Translate): string {
  if (item.state === 'scored') {
    const verdict = item.verdict ? t(VERDICT_LABEL[item.verdict]) : '–';
    return t(item.final ? 'triageRisk' : 'triageRiskNotFinal', [String(item.risk ?? '–'), verdict]);
  }
  const state = t(STATE_LABEL[item.state]);
  return item.reason ? t('triageStateReason', [state, localizeText(item.reason, t)]) : state;
}

function Evidence({ detail, t }: { detail: TriageDetail; t: Translate }) {
  const cues = Object.entries(detail.cues);
  if (cues.length === 0) return <p class="tt-muted">{t('triageNoEvidence')}</p>;
  const drivers = new Map(detail.fusion?.drivers.map((d) => [d.cue, d]) ?? []);
  cues.sort(
    (a, b) => (drivers.get(b[0])?.contribution ?? -99) - (drivers.get(a[0])?.contribution ?? -99),
  );
  return (
    <ul class="tt-evidence">
      {cues.map(([name, cue]) => (
        <li key={name}>
          <strong data-cue={name}>{cueShortNameIn(t, name)}</strong>{' '}
          {cue.status === 'ok'
            ? t('triageCueScore', [
                cue.score === null ? '–' : localDecimal(cue.score.toFixed(2), t),
                localDecimal(cue.confidence.toFixed(2), t),
              ])
            : t('triageCueNoScore', localizeText(cue.reason ?? 'not enough data', t))}
          {cue.evidence.length > 0 && (
            <ul>
              {cue.evidence.map((e, i) => (
                <li key={i}>
                  {localizeText(e.text, t)}
                  {e.times && e.times.length > 0
                    ? ` ${t('triageAtTimes', e.times.map((s) => seconds(s, t)).join(', '))}`
                    : ''}
                  {e.image && <img class="tt-map" src={e.image} alt={t('mapAlt')} />}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
