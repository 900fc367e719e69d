/** Display helpers shared by the triage components. */
import type { ModeratorVerdict } from '@/lib/storage/types';

export const MOD_LABEL: Record<ModeratorVerdict, string> = {
  fake: 'Confirmed fake',
  authentic: 'Authentic',
  unsure: 'Unsure',
};

/** Keyboard digit -> moderator verdict (1/2/3). */
export const VERDICT_KEYS: Record<string, ModeratorVerdict> = {
  '1': 'fake',
  '2': 'authentic',
  '3': 'unsure',
};

export function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
