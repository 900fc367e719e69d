/** One item opened: keyframes, evidence in plain words, plots, verdict buttons, notes, tags. */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_FUSION_WEIGHTS } from '@/lib/scoring/weights';
import type { ModeratorVerdict, TriageDetail, TriageItem } from '@/lib/storage/types';
import { MODERATOR_VERDICTS } from '@/lib/storage/types';
import { MOD_LABEL, when } from './format';
import { Plot } from './Plot';
import { ProvenanceView } from './ProvenanceView';
import type { Translate } from '@/lib/i18n';

export interface DetailProps {
  item: TriageItem;
  detail: TriageDetail | undefined;
  onVerdict(verdict: ModeratorVerdict | null): void;
  onNotes(notes: string, tags: string[]): void;
  t: Translate;
}

const THRESHOLDS = DEFAULT_FUSION_WEIGHTS.thresholds;

export function Detail({ item, detail, onVerdict, onNotes, t }: DetailProps) {
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
    <section class="tt-detail" aria-label="Item detail" data-key={item.key}>
      <h2>{item.title ?? item.url}</h2>
      <p class="tt-muted">
        {item.source === 'file' ? (
          'Local file'
        ) : (
          <a href={item.url} target="_blank" rel="noreferrer">
            {item.url}
          </a>
        )}
        {item.author ? ` · ${item.author}` : ''} · first seen {when(item.firstSeen)} · last seen{' '}
        {when(item.lastSeen)}
      </p>
      <p class="tt-summary">
        {item.state === 'scored'
          ? `Estimated risk ${item.risk ?? '–'} / 100 (${item.verdict ?? '–'})${item.final ? '' : ', not final'}`
          : `${item.state}${item.reason ? `: ${item.reason}` : ''}`}
        <span class="tt-muted">
          {' '}
          · fusion {item.fusionVersion ?? 'n/a'} · analyser {item.analyserId}
        </span>
      </p>
      {item.provenance && <ProvenanceView provenance={item.provenance} t={t} />}
      <div class="tt-verdicts" role="group" aria-label="Moderator verdict">
        {MODERATOR_VERDICTS.map((v, i) => (
          <button
            type="button"
            key={v}
            data-verdict={v}
            aria-pressed={item.modVerdict === v}
            onClick={() => onVerdict(item.modVerdict === v ? null : v)}
          >
            {MOD_LABEL[v]} <kbd>{i + 1}</kbd>
          </button>
        ))}
      </div>
      <label class="tt-field">
        Notes
        <textarea
          value={notes}
          rows={3}
          onInput={(e) => setNotes(e.currentTarget.value)}
          onBlur={save}
        />
      </label>
      <label class="tt-field">
        Tags (comma separated)
        <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} onBlur={save} />
      </label>
      {detail && detail.keyframes.length > 0 && (
        <div class="tt-keyframes">
          {detail.keyframes.map((src, i) => (
            <img key={i} src={src} alt={`Analysed face, keyframe ${i + 1}`} />
          ))}
        </div>
      )}
      {detail && (
        <>
          <Plot
            series={detail.series}
            fakeAt={Math.round(THRESHOLDS.likelyFake * 100)}
            realBelow={Math.round(THRESHOLDS.likelyReal * 100)}
          />
          <Evidence detail={detail} />
        </>
      )}
    </section>
  );
}

function Evidence({ detail }: { detail: TriageDetail }) {
  const cues = Object.entries(detail.cues);
  if (cues.length === 0) return <p class="tt-muted">No cue evidence recorded.</p>;
  const drivers = new Map(detail.fusion?.drivers.map((d) => [d.cue, d]) ?? []);
  cues.sort(
    (a, b) => (drivers.get(b[0])?.contribution ?? -99) - (drivers.get(a[0])?.contribution ?? -99),
  );
  return (
    <ul class="tt-evidence">
      {cues.map(([name, cue]) => (
        <li key={name}>
          <strong>{name}</strong>{' '}
          {cue.status === 'ok'
            ? `score ${cue.score?.toFixed(2) ?? '–'}, confidence ${cue.confidence.toFixed(2)}`
            : `no score: ${cue.reason ?? 'not enough data'}`}
          {cue.evidence.length > 0 && (
            <ul>
              {cue.evidence.map((e, i) => (
                <li key={i}>
                  {e.text}
                  {e.times && e.times.length > 0
                    ? ` (at ${e.times.map((t) => `${t.toFixed(1)} s`).join(', ')})`
                    : ''}
                  {e.image && (
                    <img
                      class="tt-map"
                      src={e.image}
                      alt="Where the frame model saw fakery: red squares over the face"
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
