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

/** storage.session key of the latest triage write problem (a StoreProblem), absent when none. */
export const TRIAGE_PROBLEM_KEY = 'triageProblem';

/** What went wrong with a write: the storage is full, or something else (with the error). */
export interface StoreProblem {
  kind: 'quota' | 'write';
  detail: string;
}

/** Classifies a store error (Dexie keeps the IndexedDB error as `inner`). */
export function describeStoreError(error: unknown): StoreProblem {
  const name = error instanceof Error ? error.name : '';
  const inner =
    error instanceof Error && 'inner' in error && error.inner instanceof Error
      ? error.inner.name
      : '';
  const quota =
    name === 'QuotaExceededError' || inner === 'QuotaExceededError' || /quota/i.test(String(error));
  return { kind: quota ? 'quota' : 'write', detail: String(error).slice(0, 200) };
}

export class TriageRecorder {
  private readonly repo: MediaRepo;
  private readonly writer: MediaWriter;
  private lastPrune = 0;
  /** True until a write succeeds: a problem stored by an earlier worker is cleared then. */
  private failing = true;

  constructor(
    db: TriageDb,
    private readonly settings: LocalArea,
    private readonly now: () => number = () => Date.now(),
    /** Told when a write fails (with why) and when writes work again (null). */
    private readonly onWriteProblem: (problem: StoreProblem | null) => void = () => undefined,
  ) {
    this.repo = new MediaRepo(db);
    this.writer = new MediaWriter(this.repo, {
      now,
      afterFlush: () => {
        if (this.failing) {
          this.failing = false;
          this.onWriteProblem(null);
        }
        if (this.now() - this.lastPrune > PRUNE_EVERY_MS) void this.prune();
      },
      onError: (error) => {
        console.error('[telltale] triage store write failed:', error);
        this.failing = true;
        this.onWriteProblem(describeStoreError(error));
      },
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
