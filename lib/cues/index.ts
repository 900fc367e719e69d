/**
 * The visual cues: pure functions from a `FaceTrack` to a `CueReport`, keyed by the names used
 * in `VideoReport.cues`. Each module documents its method, defaults and abstain rules.
 */

import type { CueReport } from '../messaging/types';
import type { FaceTrack } from '../tracks/types';
import { blinkCue } from './blink';
import { boundaryCue } from './boundary';
import { eyeReflectionCue } from './eye-reflection';
import { headPoseCue } from './head-pose';
import { motionCue } from './motion';
import { pulseCue } from './pulse';
import { temporalCue } from './temporal';

export { blinkCue, BLINK_DEFAULTS, type BlinkOptions } from './blink';
export { boundaryCue, BOUNDARY_DEFAULTS, type BoundaryOptions } from './boundary';
export {
  eyeReflectionCue,
  EYE_REFLECTION_DEFAULTS,
  type EyeReflectionOptions,
} from './eye-reflection';
export { headPoseCue, HEAD_POSE_DEFAULTS, type HeadPoseOptions } from './head-pose';
export { motionCue, trackDynamics } from './motion';
export { pulseCue, PULSE_DEFAULTS, type PulseOptions } from './pulse';
export { temporalCue, TEMPORAL_DEFAULTS, type TemporalOptions } from './temporal';

/** Report keys of the visual cues. */
export type VisualCueName =
  'temporal' | 'blink' | 'headPose' | 'boundary' | 'eyeReflection' | 'pulse' | 'motion';

/** Every visual cue with its default options, by report key. */
export const VISUAL_CUES: Readonly<Record<VisualCueName, (track: FaceTrack) => CueReport>> = {
  temporal: (track) => temporalCue(track),
  blink: (track) => blinkCue(track),
  headPose: (track) => headPoseCue(track),
  boundary: (track) => boundaryCue(track),
  eyeReflection: (track) => eyeReflectionCue(track),
  pulse: (track) => pulseCue(track),
  motion: (track) => motionCue(track),
};

/** Runs every visual cue on one track. */
export function runVisualCues(track: FaceTrack): Record<VisualCueName, CueReport> {
  return {
    temporal: temporalCue(track),
    blink: blinkCue(track),
    headPose: headPoseCue(track),
    boundary: boundaryCue(track),
    eyeReflection: eyeReflectionCue(track),
    pulse: pulseCue(track),
    motion: motionCue(track),
  };
}
