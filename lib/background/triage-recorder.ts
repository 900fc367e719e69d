/**
 * Records every published VideoReport in the triage store (coalesced writes) and applies the
 * retention limit at start-up and at most hourly after writes.
 */
import type { VideoReport } from '../messaging/types';
import type { TriageDb } from '../storage/db';
import { MediaRepo } from '../storage/media-repo';
import { MediaWriter } from '../storage/media-writer';
import { readRetentionDays, retentionCutoff, type LocalArea } from '../storage/retention';

const PRUNE_EVERY_MS = 3_600_000;

export class TriageRecorder {
  private readonly repo: MediaRepo;
  private readonly writer: MediaWriter;
  private lastPrune = 0;

  constructor(
    db: TriageDb,
    private readonly settings: LocalArea,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.repo = new MediaRepo(db);
    this.writer = new MediaWriter(this.repo, {
      now,
      afterFlush: () => {
        if (this.now() - this.lastPrune > PRUNE_EVERY_MS) void this.prune();
      },
      onError: (error) => console.error('[telltale] triage store write failed:', error),
    });
  }

  record(report: VideoReport): void {
    this.writer.add(report);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Deletes items older than the retention limit; resolves to how many. */
  async prune(): Promise<number> {
    this.lastPrune = this.now();
    const days = await readRetentionDays(this.settings);
    try {
      return await this.repo.pruneBefore(retentionCutoff(days, this.now()));
    } catch (error) {
      console.error('[telltale] triage retention failed:', error);
      return 0;
    }
  }
}
