/**
 * Coalesces the stream of VideoReports (several per second per video) into one store
 * transaction per flush. Every report still adds its point to the cue series; a final report
 * (video ended) is flushed at once. Flushes run one at a time.
 */
import type { VideoReport } from '../messaging/types';
import { applyReport, itemKey } from './item-from-report';
import type { StoredMedia } from './types';

/** The store operation the writer needs (MediaRepo.update). */
export interface MediaUpdater {
  update(
    keys: readonly string[],
    update: (current: Map<string, StoredMedia>) => StoredMedia[],
  ): Promise<StoredMedia[]>;
}

export interface WriterOptions {
  /** How long reports are gathered before a write, ms. */
  delayMs: number;
  now: () => number;
  /** Called after each successful flush (e.g. retention). */
  afterFlush?: () => void;
  onError?: (error: unknown) => void;
}

export class MediaWriter {
  private pending = new Map<string, VideoReport[]>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly options: WriterOptions;

  constructor(
    private readonly store: MediaUpdater,
    options: Partial<WriterOptions> = {},
  ) {
    this.options = { delayMs: 1000, now: () => Date.now(), ...options };
  }

  /** Queues a report; reports without a page context are ignored (they cannot be keyed). */
  add(report: VideoReport): void {
    const key = itemKey(report);
    if (key === null) return;
    const list = this.pending.get(key) ?? [];
    list.push(report);
    this.pending.set(key, list);
    if (report.final === true || report.state === 'unsupported') void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.delayMs);
  }

  /** Writes everything queued; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size === 0) return this.chain;
    this.chain = this.chain.then(async () => {
      try {
        const now = this.options.now();
        await this.store.update([...batch.keys()], (current) => {
          const out: StoredMedia[] = [];
          for (const [key, reports] of batch) {
            let media = current.get(key);
            for (const report of reports) media = applyReport(media, report, now) ?? media;
            if (media) out.push(media);
          }
          return out;
        });
        this.options.afterFlush?.();
      } catch (error) {
        this.options.onError?.(error);
      }
    });
    return this.chain;
  }
}
