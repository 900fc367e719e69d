// @ts-check
/**
 * The frame-accurate lip-sync pass of `npm run scan -- FILE --lip-sync`: a file, unlike a web
 * page, can be decoded exactly, so its sound and its frames (up to 15/s, the video pausing on
 * each) go through the diagnostics page's tracking (scripts/lib/track-files.mjs) and both
 * lip-sync cues run on the result. Live playback on a busy machine samples lips too sparsely
 * for a trustworthy offset; this pass does not depend on how busy the machine is.
 */
import { trackFiles } from './track-files.mjs';
import { importTs } from './ts.mjs';

/** Lip frames per second of the pass (the deep-check rate). */
export const LIP_SYNC_FPS = 15;

/**
 * @param {string} file
 * @param {{ maxSeconds: number, session?: Parameters<typeof trackFiles>[1]['session'] }} options
 *   session: the scan's browser, reused instead of launching another
 */
export async function frameAccurateLipSync(file, { maxSeconds, session }) {
  const options = { fps: LIP_SYNC_FPS, cache: false, speechOnly: true, maxSeconds };
  const tracked = (await trackFiles([file], session ? { ...options, session } : options)).get(file);
  const base = { method: 'frame-accurate', fps: LIP_SYNC_FPS };
  if (!tracked || tracked.error) {
    return {
      ...base,
      error: String(tracked?.error ?? 'not tracked'),
      avSync: null,
      phonemeViseme: null,
    };
  }
  /** @type {typeof import('../../lib/cues/lip-sync')} */
  const { avSyncCue, phonemeVisemeCue } = await importTs('lib/cues/lip-sync.ts');
  return {
    ...base,
    framesAnalysed: tracked.frames,
    framesWithFace: tracked.framesWithFace,
    avSync: avSyncCue(tracked.mouth, tracked.audio),
    phonemeViseme: phonemeVisemeCue(tracked.mouth, tracked.audio),
  };
}
