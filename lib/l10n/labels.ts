/** Message keys of the video states and verdicts, shared by the popup and triage. */
import type { Verdict, VideoState } from '../messaging/types';
import type { MessageKey } from './keys';

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
