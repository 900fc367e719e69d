import type { Verdict, VideoState } from '@/lib/messaging/types';
import type { MessageKey, Translate } from '@/lib/l10n/keys';
import { cueLabelIn, cueShortNameIn } from '@/lib/l10n/cues';
import { localizeText } from '@/lib/l10n/phrases';
import { RiskRing } from './RiskRing';
import { MatchBanner, type MatchView } from './MatchBanner';
import { ProvenanceBanner, ProvenancePanel, type ProvenanceBadgeView } from './ProvenanceBanner';

/** Everything the badge shows; prop-driven, no browser APIs. */
export interface BadgeView {
  state: VideoState;
  risk?: number;
  verdict?: Verdict;
  reason?: string;
  /** True while frames are being sampled (false when paused, hidden, off-screen). */
  sampling: boolean;
  frames?: { sampled: number; analysed: number; dropped: number };
  /** The analyser is the Foundation placeholder (no detectors). */
  placeholder: boolean;
  /** The cues that pushed the score up most, in plain words, with times to jump to. */
  evidence?: { cue: string; text: string; times?: number[]; image?: string }[];
  /** Cues that had data (report keys), for "Looked at: …". */
  checked?: string[];
  /** Site adapter id and stable media id (contract attributes data-site, data-media-id). */
  site?: string;
  mediaId?: string;
  /**
   * Quiet mode (the default "show scores only for suspicious videos"): nothing-wrong states
   * shrink to a small mark without words.
   */
  quiet?: boolean;
  /**
   * A deep check ("Check this video"): progress 0..1; `done` once its final verdict is in
   * (contract attribute data-deep: running | done).
   */
  deep?: { progress: number; done?: boolean };
  /** The video matches an imported hash list (known deepfake). */
  match?: MatchView;
  /** Content Credentials of the media, once read (contract attribute data-provenance). */
  provenance?: ProvenanceBadgeView;
}

/** 75.4 -> "1:15". */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export interface BadgeProps {
  view: BadgeView;
  /** UI strings (lib/i18n `t`). */
  t: Translate;
  expanded: boolean;
  onToggle: () => void;
  onDismiss: () => void;
  /** Jump the video to a media time (s). */
  onSeek?: (seconds: number) => void;
  /** Open this video's item in the triage page. */
  onOpenTriage?: () => void;
}

const VERDICT_KEYS: Record<Verdict, MessageKey> = {
  'likely-real': 'verdictLikelyReal',
  uncertain: 'verdictUncertain',
  'likely-fake': 'verdictLikelyFake',
};

const LABEL_KEYS: Record<Exclude<VideoState, 'scored'>, MessageKey> = {
  idle: 'extName',
  analyzing: 'stateAnalyzing',
  insufficient: 'stateInsufficient',
  unsupported: 'stateUnsupported',
  error: 'stateError',
};

const SUMMARY_KEYS: Record<Exclude<VideoState, 'scored'>, MessageKey> = {
  idle: 'badgeSummaryIdle',
  analyzing: 'badgeSummaryAnalyzing',
  insufficient: 'badgeSummaryInsufficient',
  unsupported: 'badgeSummaryUnsupported',
  error: 'badgeSummaryError',
};

/** Short label on the pill. */
export function badgeLabel(view: BadgeView, t: Translate): string {
  if (view.deep && view.deep.progress < 1 && view.state !== 'unsupported') {
    return t('badgeDeepProgress', String(Math.round(view.deep.progress * 100)));
  }
  if (view.state !== 'scored') return t(LABEL_KEYS[view.state]);
  return t('badgeScoredLabel', [
    String(view.risk ?? 0),
    t(VERDICT_KEYS[view.verdict ?? 'uncertain']),
  ]);
}

/** Sentence for the evidence panel. */
export function badgeSummary(view: BadgeView, t: Translate): string {
  if (view.state !== 'scored') return t(SUMMARY_KEYS[view.state]);
  const verdict = t(VERDICT_KEYS[view.verdict ?? 'uncertain']);
  return t('badgeSummaryScored', [String(view.risk ?? 0), verdict]);
}

/** True when the badge may shrink to a mark: quiet mode and nothing that needs attention. */
export function isMinimal(view: BadgeView): boolean {
  if (!view.quiet || view.deep || view.match || view.provenance?.aiGenerated) return false;
  if (view.state === 'scored') return view.verdict === 'likely-real';
  return view.state === 'idle' || view.state === 'analyzing' || view.state === 'insufficient';
}

function mark(view: BadgeView): string {
  if (view.state !== 'scored') return view.state === 'unsupported' ? '–' : '◐';
  if (view.verdict === 'likely-fake') return '!';
  if (view.verdict === 'uncertain') return '?';
  return '✓';
}

export function Badge({
  view,
  t,
  expanded,
  onToggle,
  onDismiss,
  onSeek,
  onOpenTriage,
}: BadgeProps) {
  const tone = view.state === 'scored' ? (view.verdict ?? 'uncertain') : view.state;
  const minimal = isMinimal(view) && !expanded;
  const label = badgeLabel(view, t);
  const frames = view.frames && [
    String(view.frames.sampled),
    String(view.frames.analysed),
    String(view.frames.dropped),
  ];
  return (
    <div class={`tt tt--${tone}${minimal ? ' tt--minimal' : ''}`}>
      <button
        type="button"
        class="tt-pill"
        aria-expanded={expanded}
        aria-label={t('badgePillLabel', label)}
        title={minimal ? t('badgePillTitle', label) : undefined}
        onClick={onToggle}
      >
        {view.state === 'scored' && view.risk !== undefined ? (
          <RiskRing risk={view.risk} />
        ) : (
          <span class="tt-mark" aria-hidden="true">
            {mark(view)}
          </span>
        )}
        {!minimal && <span class="tt-label">{label}</span>}
      </button>
      <MatchBanner match={view.match} t={t} />
      <ProvenanceBanner provenance={view.provenance} />
      {expanded && (
        <div class="tt-panel" role="dialog" aria-label={t('badgePanelLabel')}>
          <p class="tt-summary">{badgeSummary(view, t)}</p>
          {view.reason && <p class="tt-reason">{localizeText(view.reason, t)}</p>}
          {view.evidence && view.evidence.length > 0 && (
            <ul class="tt-evidence">
              {view.evidence.map((item) => (
                <li key={item.cue}>
                  <strong>{cueLabelIn(t, item.cue)}</strong>: {localizeText(item.text, t)}
                  {item.times && item.times.length > 0 && ` ${t('badgeAt')}`}
                  {item.times?.slice(0, 4).map((time) => (
                    <button
                      type="button"
                      class="tt-time"
                      key={time}
                      onClick={() => onSeek?.(time)}
                      aria-label={t('badgeJumpTo', formatTime(time))}
                    >
                      {formatTime(time)}
                    </button>
                  ))}
                  {item.image && <img class="tt-map" src={item.image} alt={t('mapAlt')} />}
                </li>
              ))}
            </ul>
          )}
          {view.state === 'scored' && !view.evidence?.length && (
            <p class="tt-reason">{t('badgeNoSingleTell')}</p>
          )}
          {view.checked && view.checked.length > 0 && (
            <p class="tt-meta">
              {t('badgeLookedAt', view.checked.map((cue) => cueShortNameIn(t, cue)).join(', '))}
            </p>
          )}
          {view.state === 'scored' && <p class="tt-note">{t('badgeResearchNote')}</p>}
          {view.placeholder && <p class="tt-note">{t('badgePlaceholderNote')}</p>}
          <ProvenancePanel provenance={view.provenance} />
          {frames && (
            <p class="tt-meta">{t(view.sampling ? 'badgeFrames' : 'badgeFramesPaused', frames)}</p>
          )}
          <div class="tt-actions">
            {onOpenTriage && (
              <button type="button" class="tt-action" onClick={onOpenTriage}>
                {t('badgeOpenTriage')}
              </button>
            )}
            <button type="button" class="tt-action" onClick={onDismiss}>
              {t('badgeHide')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
