/**
 * Inputs the classifier must not judge (issue #15 "bad input"): a face whose picture does not
 * change (a frozen stream, a still image shown as video) and a face seen in profile for most of
 * the clip (the landmarker's mesh is guessed on the hidden half). Both would otherwise look
 * "unnaturally still" or "inconsistent" to the features and be scored as fake.
 */
import type { FaceTrack } from '../tracks/types';

/** Share of frames above which the track is called frozen / in profile. */
export const FROZEN_SHARE = 0.8;
export const PROFILE_SHARE = 0.7;
/** |yaw| beyond which a face is in profile, radians (50 degrees). */
export const PROFILE_YAW = (50 * Math.PI) / 180;
/** Mean landmark change below which two frames count as the same picture (box units). */
const FROZEN_STEP = 1e-4;

/** Share of consecutive sample pairs whose landmarks did not move at all. */
export function frozenShare(track: FaceTrack): number {
  const s = track.samples;
  if (s.length < 2) return 0;
  let still = 0;
  for (let k = 1; k < s.length; k++) {
    const a = s[k - 1]!;
    const b = s[k]!;
    const n = Math.min(a.landmarks.length, b.landmarks.length);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(a.landmarks[i]! - b.landmarks[i]!);
    const boxMoved =
      Math.abs(a.box.x - b.box.x) + Math.abs(a.box.y - b.box.y) > 0.5 ||
      Math.abs(a.box.width - b.box.width) > 0.5;
    if (n > 0 && sum / n < FROZEN_STEP && !boxMoved) still++;
  }
  return still / (s.length - 1);
}

/** Share of samples (with a pose) whose head is turned beyond PROFILE_YAW. */
export function profileShare(track: FaceTrack): number {
  const posed = track.samples.filter((s) => s.pose !== null);
  if (posed.length === 0) return 0;
  return posed.filter((s) => Math.abs(s.pose!.yaw) > PROFILE_YAW).length / posed.length;
}

/** Why the track cannot be judged, or null when it can. */
export function unjudgeable(track: FaceTrack): string | null {
  if (frozenShare(track) > FROZEN_SHARE) {
    return 'The picture does not change (frozen frames or a still image): nothing to judge over time';
  }
  if (profileShare(track) > PROFILE_SHARE) {
    return 'The face is seen in profile most of the time: its landmarks cannot be trusted';
  }
  return null;
}
