/**
 * Inputs the classifier must not judge (issue #15 "bad input"): a face whose picture does not
 * change (a frozen stream, a still image shown as video) and a face seen in profile for most of
 * the clip (the landmarker's mesh is guessed on the hidden half). Both would otherwise look
 * "unnaturally still" or "inconsistent" to the features and be scored as fake.
 */
import { trackDynamics } from '../cues/motion';
import type { FaceTrack } from '../tracks/types';

/** Share of frames above which the track is called in profile. */
export const PROFILE_SHARE = 0.7;
/** |yaw| beyond which a face is in profile, radians (50 degrees). */
export const PROFILE_YAW = (50 * Math.PI) / 180;
/**
 * Motion below which a face counts as a frozen picture. A still image shown as video measures
 * about 0.02 deg of head-pose spread, 0.003 of expression spread and 0.0005 face sizes of box
 * motion (tracker noise alone); the stillest real speakers in the corpus (GRID) 0.25-1.2 deg,
 * 0.13 and 0.02: an order of magnitude or more above these limits.
 */
export const FROZEN_LIMITS = { poseStdDeg: 0.1, expressionMaxStd: 0.01, boxMotion: 0.003 };

/** Whether nothing in the face moves beyond tracker noise (a frozen stream or a still image). */
export function isFrozen(track: FaceTrack): boolean {
  const d = trackDynamics(track);
  if (d.boxMotion === undefined || d.boxMotion >= FROZEN_LIMITS.boxMotion) return false;
  if (d.expressionMaxStd !== undefined && d.expressionMaxStd >= FROZEN_LIMITS.expressionMaxStd) {
    return false;
  }
  const pose = [d.poseYawStd, d.posePitchStd, d.poseRollStd].filter(
    (x): x is number => x !== undefined,
  );
  return pose.every((x) => x < FROZEN_LIMITS.poseStdDeg);
}

/** Share of samples (with a pose) whose head is turned beyond PROFILE_YAW. */
export function profileShare(track: FaceTrack): number {
  const posed = track.samples.filter((s) => s.pose !== null);
  if (posed.length === 0) return 0;
  return posed.filter((s) => Math.abs(s.pose!.yaw) > PROFILE_YAW).length / posed.length;
}

/** Why the track cannot be judged, or null when it can. */
export function unjudgeable(track: FaceTrack): string | null {
  if (isFrozen(track)) {
    return 'The picture does not change (frozen frames or a still image): nothing to judge over time';
  }
  if (profileShare(track) > PROFILE_SHARE) {
    return 'The face is seen in profile most of the time: its landmarks cannot be trusted';
  }
  return null;
}
