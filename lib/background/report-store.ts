/**
 * Latest report of every video per tab, kept in storage.session so that it survives the
 * service worker being stopped (and is gone when the browser closes). Writes per tab are
 * serialised so that concurrent updates do not overwrite each other.
 */
import type { VideoReport } from '../messaging/types';

/** The slice of browser.storage.session the store needs. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export type TabReports = Record<string, VideoReport>;

/** storage.session key holding the analysis host's lifecycle ({state, error?, progress?, at}). */
export const HOST_STATE_KEY = 'host';

/** storage.session key holding one tab's reports. */
export function tabKey(tabId: number): string {
  return `reports:${tabId}`;
}

export class ReportStore {
  private readonly chains = new Map<number, Promise<unknown>>();

  constructor(private readonly area: SessionArea) {}

  /** All reports of a tab. */
  async forTab(tabId: number): Promise<TabReports> {
    const key = tabKey(tabId);
    const items = await this.area.get(key);
    return (items[key] as TabReports | undefined) ?? {};
  }

  /**
   * Stores a report, replacing the video's previous one but keeping its page context when the
   * new report has none (the host does not know pages). `unsupported` is final for a video. Resolves to the stored report and the
   * tab's reports.
   */
  put(tabId: number, report: VideoReport): Promise<{ report: VideoReport; reports: TabReports }> {
    return this.serial(tabId, async () => {
      const reports = await this.forTab(tabId);
      const previous = reports[report.videoId];
      // The content script found the pixels unreadable: nothing the host says later changes that.
      if (previous?.state === 'unsupported') return { report: previous, reports };
      const page = report.page ?? previous?.page;
      const stored = page === undefined ? report : { ...report, page };
      reports[report.videoId] = stored;
      await this.area.set({ [tabKey(tabId)]: reports });
      return { report: stored, reports };
    });
  }

  /** Forgets a tab. */
  clearTab(tabId: number): Promise<void> {
    return this.serial(tabId, () => this.area.remove(tabKey(tabId)));
  }

  private serial<T>(tabId: number, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(tabId) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.chains.set(
      tabId,
      next.catch(() => undefined),
    );
    return next;
  }
}

/**
 * Toolbar badge for a tab: the number of videos judged likely fake or matching a known
 * deepfake list (empty when none).
 */
export function toolbarBadge(reports: TabReports): {
  text: string;
  title: string;
  flagged: number;
  analysed: number;
} {
  const all = Object.values(reports);
  const flagged = all.filter(
    (r) => r.match !== undefined || (r.state === 'scored' && r.verdict === 'likely-fake'),
  ).length;
  const analysed = all.filter((r) => r.state !== 'unsupported').length;
  return {
    flagged,
    analysed,
    text: flagged > 0 ? String(flagged) : '',
    title:
      all.length === 0
        ? 'Telltale'
        : `Telltale: ${analysed} video(s) checked on this page, ${flagged} flagged`,
  };
}
