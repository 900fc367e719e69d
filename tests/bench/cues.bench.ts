/**
 * Cost of each visual cue on a 10 s track analysed at 8 frames/s (81 frames), every frame with a
 * 160 px face crop, eye crops, skin colour and blendshapes: the worst case the offscreen host
 * sees. Target: under 2 ms per analysed frame per cue, i.e. mean time per run / 81 < 2 ms.
 */

import { bench, describe } from 'vitest';
import {
  blinkCue,
  boundaryCue,
  eyeReflectionCue,
  headPoseCue,
  pulseCue,
  temporalCue,
} from '@/lib/cues';
import { synthTrack } from '../unit/cues/synthetic';

const track = synthTrack({
  seed: 1,
  durationS: 10,
  fps: 8,
  blinkTimes: [1.2, 4.5, 7.9],
  skin: { pulseHz: 1.2 },
  faceCrops: { size: 160 },
  eyeCrops: {},
});
const frames = track.samples.length;

describe(`visual cues, 10 s track, ${frames} frames at 8 fps (divide by ${frames} for per frame)`, () => {
  bench('temporal', () => void temporalCue(track));
  bench('blink', () => void blinkCue(track));
  bench('headPose', () => void headPoseCue(track));
  bench('boundary', () => void boundaryCue(track));
  bench('eyeReflection', () => void eyeReflectionCue(track));
  bench('pulse', () => void pulseCue(track));
});
