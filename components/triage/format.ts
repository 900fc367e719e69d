/** Display helpers shared by the triage components. */
import type { MessageKey, Translate } from '@/lib/l10n/keys';
import { formatLocale } from '@/lib/l10n/phrases';
import type { Verdict, VideoState } from '@/lib/messaging/types';
import type { ModeratorVerdict } from '@/lib/storage/types';

/** Message keys of the moderator verdicts. */
export const MOD_LABEL: Record<ModeratorVerdict, MessageKey> = {
  fake: 'modFake',
  authentic: 'modAuthentic',
  unsure: 'modUnsure',
};

/** Message keys of the detector's verdicts and of the video states. */
export const VERDICT_LABEL: Record<Verdict, MessageKey> = {
  'likely-real': 'verdictLikelyReal',
  uncertain: 'verdictUncertain',
  'likely-fake': 'verdictLikelyFake',
};
export const STATE_LABEL: Record<VideoState, MessageKey> = {
  idle: 'stateIdle',
  analyzing: 'stateAnalyzing',
  scored: 'stateScored',
  insufficient: 'stateInsufficient',
  unsupported: 'stateUnsupported',
  error: 'stateError',
};

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
