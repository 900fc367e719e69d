import type { Verdict, VideoState } from '@/lib/messaging/types';
import { cueLabel, cueShortName } from '@/lib/cues/labels';
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
  expanded: boolean;
  onToggle: () => void;
  onDismiss: () => void;
  /** Jump the video to a media time (s). */
  onSeek?: (seconds: number) => void;
  /** Open this video's item in the triage page. */
  onOpenTriage?: () => void;
}

const VERDICT_WORDS: Record<Verdict, string> = {
  'likely-real': 'Likely real',
  uncertain: 'Uncertain',
  'likely-fake': 'Likely fake',
};

/** Short label on the pill. */
export function badgeLabel(view: BadgeView): string {
  if (view.deep && view.deep.progress < 1 && view.state !== 'unsupported') {
    return `Deep check ${Math.round(view.deep.progress * 100)}%`;
  }
  switch (view.state) {
    case 'idle':
      return 'Telltale';
    case 'analyzing':
      return 'Checking…';
    case 'scored':
      return `${view.risk ?? 0}% · ${VERDICT_WORDS[view.verdict ?? 'uncertain']}`;
    case 'insufficient':
      return 'Not enough evidence';
    case 'unsupported':
      return "Can't check";
    case 'error':
      return 'Check failed';
  }
}

/** Sentence for the evidence panel. */
export function badgeSummary(view: BadgeView): string {
  switch (view.state) {
    case 'idle':
      return 'Telltale checks this video when it plays.';
    case 'analyzing':
      return 'Sampling frames on this device. Nothing leaves your computer.';
    case 'scored':
      return `Estimated risk ${view.risk ?? 0} of 100: ${VERDICT_WORDS[view.verdict ?? 'uncertain']}.`;
    case 'insufficient':
      return 'Not enough evidence to judge this video: no verdict either way.';
    case 'unsupported':
      return 'This video cannot be checked here.';
    case 'error':
      return 'The check failed.';
  }
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

export function Badge({ view, expanded, onToggle, onDismiss, onSeek, onOpenTriage }: BadgeProps) {
  const tone = view.state === 'scored' ? (view.verdict ?? 'uncertain') : view.state;
  const minimal = isMinimal(view) && !expanded;
  return (
    <div class={`tt tt--${tone}${minimal ? ' tt--minimal' : ''}`}>
      <button
        type="button"
        class="tt-pill"
        aria-expanded={expanded}
        aria-label={`Telltale: ${badgeLabel(view)}. Show details`}
        title={minimal ? `Telltale: ${badgeLabel(view)}` : undefined}
        onClick={onToggle}
      >
        {view.state === 'scored' && view.risk !== undefined ? (
          <RiskRing risk={view.risk} />
        ) : (
          <span class="tt-mark" aria-hidden="true">
            {mark(view)}
          </span>
        )}
        {!minimal && <span class="tt-label">{badgeLabel(view)}</span>}
      </button>
      <MatchBanner match={view.match} />
      <ProvenanceBanner provenance={view.provenance} />
      {expanded && (
        <div class="tt-panel" role="dialog" aria-label="Telltale details">
          <p class="tt-summary">{badgeSummary(view)}</p>
          {view.reason && <p class="tt-reason">{view.reason}</p>}
          {view.evidence && view.evidence.length > 0 && (
            <ul class="tt-evidence">
              {view.evidence.map((item) => (
                <li key={item.cue}>
                  <strong>{cueLabel(item.cue)}</strong>: {item.text}
                  {item.times && item.times.length > 0 && ' at'}
                  {item.times?.slice(0, 4).map((t) => (
                    <button
                      type="button"
                      class="tt-time"
                      key={t}
                      onClick={() => onSeek?.(t)}
                      aria-label={`Jump to ${formatTime(t)}`}
                    >
                      {formatTime(t)}
                    </button>
                  ))}
                  {item.image && (
                    <img
                      class="tt-map"
                      src={item.image}
                      alt="Where the frame model saw fakery: red squares over the face"
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          {view.state === 'scored' && !view.evidence?.length && (
            <p class="tt-reason">No single tell raised the risk.</p>
          )}
          {view.checked && view.checked.length > 0 && (
            <p class="tt-meta">Looked at: {view.checked.map(cueShortName).join(', ')}.</p>
          )}
          {view.state === 'scored' && (
            <p class="tt-note">
              Research preview: the detectors are not yet accurate. Treat this as a hint, not a
              verdict.
            </p>
          )}
          {view.placeholder && (
            <p class="tt-note">
              Preview build: no detectors are installed yet, so no score is given.
            </p>
          )}
          <ProvenancePanel provenance={view.provenance} />
          {view.frames && (
            <p class="tt-meta">
              Frames: {view.frames.sampled} sampled, {view.frames.analysed} analysed,{' '}
              {view.frames.dropped} dropped{view.sampling ? '' : ' (sampling paused)'}
            </p>
          )}
          <div class="tt-actions">
            {onOpenTriage && (
              <button type="button" class="tt-action" onClick={onOpenTriage}>
                Open in triage
              </button>
            )}
            <button type="button" class="tt-action" onClick={onDismiss}>
              Hide for this video
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
