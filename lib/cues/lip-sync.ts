/**
 * The lip-sync cues: the face track's mouth against the video's audio. Keyed as in
 * `VideoReport.cues`; both abstain (status 'insufficient') without audio or without speech.
 */
import type { AudioTrack } from '../audio/types';
import type { CueReport } from '../messaging/types';
import type { FaceTrack } from '../tracks/types';
import { avSyncCue } from './av-sync';
import { mouthSeries } from './mouth';
import { phonemeVisemeCue } from './phoneme-viseme';

export { avSyncCue, AV_SYNC_DEFAULTS, type AvSyncOptions } from './av-sync';
export {
  phonemeVisemeCue,
  PHONEME_VISEME_DEFAULTS,
  type PhonemeVisemeOptions,
} from './phoneme-viseme';

/** Report keys of the lip-sync cues. */
export type LipSyncCueName = 'avSync' | 'phonemeViseme';

/** Runs both lip-sync cues on one track and the video's audio. */
export function runLipSyncCues(
  track: FaceTrack,
  audio: AudioTrack,
): Record<LipSyncCueName, CueReport> {
  const mouth = mouthSeries(track);
  return { avSync: avSyncCue(mouth, audio), phonemeViseme: phonemeVisemeCue(mouth, audio) };
}
