/** Display helpers shared by the triage components. */
import type { MessageKey, Translate } from '@/lib/l10n/keys';
import { formatLocale } from '@/lib/l10n/phrases';
import type { ModeratorVerdict } from '@/lib/storage/types';

/** Message keys of the moderator verdicts. */
export const MOD_LABEL: Record<ModeratorVerdict, MessageKey> = {
  fake: 'modFake',
  authentic: 'modAuthentic',
  unsure: 'modUnsure',
};

/** Message keys of the detector's verdicts and of the video states. */
export { STATE_LABEL, VERDICT_LABEL } from '@/lib/l10n/labels';

/** Keyboard digit -> moderator verdict (1/2/3). */
export const VERDICT_KEYS: Record<string, ModeratorVerdict> = {
  '1': 'fake',
  '2': 'authentic',
  '3': 'unsure',
};

/** A date and time, short, in the UI language's format. */
export function when(ms: number, t: Translate): string {
  return new Date(ms).toLocaleString(formatLocale(t), { dateStyle: 'short', timeStyle: 'short' });
}
