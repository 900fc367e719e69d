import { STATE_LABEL, VERDICT_LABEL } from '@/lib/l10n/labels';
import type { MessageKey, Translate } from '@/lib/i18n';
import { localizeText } from '@/lib/l10n/phrases';
import type { VideoReport } from '@/lib/messaging/types';

/** What the popup shows about the active tab. */
export interface PopupView {
  /** False when the popup has no tab to talk about (browser pages). */
  hasTab: boolean;
  /** The tab's reports, sensitivity applied, oldest first. */
  reports: VideoReport[];
  /** Analysis only on request (settings). */
  onRequest: boolean;
  /** The tab's site is switched off (settings). */
  siteOff: boolean;
  /** Result of the last button press, for the status line. */
  status?: string;
}

export interface PopupProps {
  view: PopupView;
  t: Translate;
  /** Deep-check one video, or with no id the tab's playing video. */
  onDeepCheck: (videoId?: string) => void;
  onOpenTriage: () => void;
  onOpenSettings: () => void;
}

/** One line summary of a report: verdict and risk when scored, else the state. */
export function reportSummary(report: VideoReport, t: Translate): string {
  if (report.state === 'scored' && report.risk !== undefined) {
    const verdict = t(VERDICT_LABEL[report.verdict ?? 'uncertain']);
    return `${verdict} · ${t('popupRisk', String(report.risk))}`;
  }
  return t(STATE_LABEL[report.state]);
}

export function PopupApp({ view, t, onDeepCheck, onOpenTriage, onOpenSettings }: PopupProps) {
  let empty: MessageKey | null = null;
  if (!view.hasTab) empty = 'popupNoTab';
  else if (view.siteOff) empty = 'popupSiteOff';
  else if (view.reports.length === 0) empty = view.onRequest ? 'popupEmptyOnRequest' : 'popupEmpty';
  return (
    <main class="pp">
      <h1 class="pp-heading">{t('popupHeading')}</h1>
      {empty && <p class="pp-empty">{t(empty)}</p>}
      {view.reports.length > 0 && (
        <ul class="pp-list">
          {view.reports.map((report, i) => {
            const name = report.page?.title || t('popupVideoName', String(i + 1));
            return (
              <li
                key={report.videoId}
                class={`pp-item pp-item--${report.state === 'scored' ? (report.verdict ?? 'uncertain') : report.state}`}
                data-video-id={report.videoId}
                data-state={report.state}
                {...(report.verdict ? { 'data-verdict': report.verdict } : {})}
              >
                <div class="pp-name" title={report.page?.url}>
                  {name}
                </div>
                <div class="pp-summary">
                  {reportSummary(report, t)}
                  {report.final ? ` · ${t('popupFinal')}` : ''}
                </div>
                {report.frames.analysed > 0 && (
                  <div class="pp-meta">{t('popupFrames', String(report.frames.analysed))}</div>
                )}
                {report.reason && report.state !== 'scored' && (
                  <div class="pp-meta">{localizeText(report.reason, t)}</div>
                )}
                {report.state !== 'unsupported' && !view.siteOff && (
                  <button
                    type="button"
                    class="pp-deep"
                    aria-label={t('popupDeepCheckLabel', name)}
                    onClick={() => onDeepCheck(report.videoId)}
                  >
                    {t('popupDeepCheck')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {view.status && (
        <p class="pp-status" role="status">
          {view.status}
        </p>
      )}
      <div class="pp-actions">
        {view.hasTab && !view.siteOff && (
          <button type="button" class="pp-check" onClick={() => onDeepCheck()}>
            {t('popupCheckPlaying')}
          </button>
        )}
        <button type="button" class="pp-triage" onClick={onOpenTriage}>
          {t('popupOpenTriage')}
        </button>
        <button type="button" class="pp-settings" onClick={onOpenSettings}>
          {t('popupOpenSettings')}
        </button>
      </div>
    </main>
  );
}
