/** What the triage UI needs from the extension; entrypoints/triage/services.ts provides it. */
import type { LocalJob } from '@/lib/local-files/local-checker';
import type { ModeratorVerdict, TriageDetail, TriageItem } from '@/lib/storage/types';

export interface TriageServices {
  /**
   * Calls `onItems` with every stored row now and after each change, and `onProblem` with what
   * went wrong with the store (rows that could not be read, a failed read, results the
   * background could not save), or null when nothing is wrong; returns unsubscribe.
   */
  subscribe(
    onItems: (items: TriageItem[]) => void,
    onProblem?: (problem: string | null) => void,
  ): () => void;
  detail(key: string): Promise<TriageDetail | undefined>;
  setVerdict(keys: readonly string[], verdict: ModeratorVerdict | null): Promise<void>;
  setNotes(key: string, notes: string, tags: string[]): Promise<void>;
  /** Downloads the items (all when `keys` is null). */
  exportItems(keys: readonly string[] | null, format: 'json' | 'csv'): Promise<void>;
  /** Imports an export file; resolves to how many items were written, or why not. */
  importFile(file: File): Promise<{ ok: true; count: number } | { ok: false; error: string }>;
  /** Checks local video files; `onJobs` sees every state change. */
  checkFiles(files: readonly File[], onJobs: (jobs: readonly LocalJob[]) => void): void;
}
