/**
 * Notices when the analysis host stops answering a video's frames (its offscreen document was
 * closed or crashed): frames keep going out and no ack comes back. The controller then asks the
 * background for the host again (which re-creates the document and restarts the video there),
 * and after several unanswered asks it gives up with a reason instead of analysing for ever.
 * Pure: the caller passes the clock.
 */

export interface WatchdogOptions {
  /** Frames unanswered for this long count as silence, ms. */
  silenceMs: number;
  /** Asks without an ack in between before the host counts as lost. */
  asksBeforeLost: number;
}

/** Long enough for a loaded machine where the host's thread is busy loading models. */
export const DEFAULT_WATCHDOG: WatchdogOptions = { silenceMs: 8000, asksBeforeLost: 4 };

/** What the caller should do now. */
export type WatchdogAction = 'none' | 'ask' | 'lost';

export class HostWatchdog {
  /** When the oldest frame sent since the last ack went out, or null when all are answered. */
  private unansweredSince: number | null = null;
  private lastAskAt = -Infinity;
  private asks = 0;
  private lostSaid = false;

  constructor(private readonly options: WatchdogOptions = DEFAULT_WATCHDOG) {}

  /** A frame went out. */
  sent(now: number): void {
    this.unansweredSince ??= now;
  }

  /** An ack came back: the host is alive. */
  acked(): void {
    this.unansweredSince = null;
    this.asks = 0;
    this.lastAskAt = -Infinity;
    this.lostSaid = false;
  }

  /** True once the host counted as lost and no ack came since. */
  get lost(): boolean {
    return this.lostSaid;
  }

  /** Called periodically: 'ask' when frames went unanswered too long, 'lost' once after that. */
  check(now: number): WatchdogAction {
    const since = this.unansweredSince;
    const { silenceMs, asksBeforeLost } = this.options;
    if (since === null || now - since < silenceMs || now - this.lastAskAt < silenceMs) {
      return 'none';
    }
    if (this.asks >= asksBeforeLost) {
      if (this.lostSaid) return 'none';
      this.lostSaid = true;
      return 'lost';
    }
    this.asks++;
    this.lastAskAt = now;
    return 'ask';
  }
}
