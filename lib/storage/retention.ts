/**
 * Retention of the triage store: items not seen for `retentionDays` are deleted. The setting
 * lives in storage.local 'settings' (written by the options page); 30 days when absent.
 */

export const DEFAULT_RETENTION_DAYS = 30;
export const SETTINGS_KEY = 'settings';

/** The slice of browser.storage.local needed here. */
export interface LocalArea {
  get(key: string): Promise<Record<string, unknown>>;
}

/** Reads `settings.retentionDays` (a positive number of days), else the default. */
export async function readRetentionDays(area: LocalArea): Promise<number> {
  const items = await area.get(SETTINGS_KEY).catch(() => ({}) as Record<string, unknown>);
  const settings = items[SETTINGS_KEY] as { retentionDays?: unknown } | undefined;
  const days = settings?.retentionDays;
  return typeof days === 'number' && Number.isFinite(days) && days > 0
    ? days
    : DEFAULT_RETENTION_DAYS;
}

/** Epoch ms before which items are dropped. */
export function retentionCutoff(days: number, now: number): number {
  return now - days * 86_400_000;
}
