/**
 * The visual mouth state over a face track, for the lip-sync cues: lip aperture (inner-lip gap
 * over mouth width, so it does not change with face size or distance), mouth width, and the
 * jawOpen / mouthClose / mouthPucker / mouthFunnel blendshapes when the landmarker gives them.
 */
import type { FaceTrack } from '../tracks/types';
import { blendshapeIndex } from '../tracks/types';
import { dist2, framePoints, hasMesh, MOUTH_CORNERS } from './landmarks';

/** Inner-lip midpoints (FACEMESH_LIPS): upper 13, lower 14. */
export const INNER_LIP_UPPER = 13;
export const INNER_LIP_LOWER = 14;

/** Mouth measurements per face sample, in the track's time order. */
export interface MouthSeries {
  /** Media time, s. */
  t: number[];
  /** Inner-lip gap / mouth-corner distance (0 closed, ~0.3-0.6 wide open). */
  aperture: number[];
  /** Mouth-corner distance / face box width. */
  width: number[];
  /** Blendshapes 0..1; NaN where the model gave none. */
  jawOpen: number[];
  mouthClose: number[];
  mouthPucker: number[];
  mouthFunnel: number[];
}

const JAW_OPEN = blendshapeIndex('jawOpen');
const MOUTH_CLOSE = blendshapeIndex('mouthClose');
const MOUTH_PUCKER = blendshapeIndex('mouthPucker');
const MOUTH_FUNNEL = blendshapeIndex('mouthFunnel');

/** A series with no samples. */
export function emptyMouthSeries(): MouthSeries {
  return {
    t: [],
    aperture: [],
    width: [],
    jawOpen: [],
    mouthClose: [],
    mouthPucker: [],
    mouthFunnel: [],
  };
}

/** Mouth measurements of every sample with a mesh. */
export function mouthSeries(track: FaceTrack): MouthSeries {
  const out = emptyMouthSeries();
  let points: Float64Array | undefined;
  for (const sample of track.samples) {
    if (!hasMesh(sample)) continue;
    points = framePoints(sample, points);
    const width = dist2(points, MOUTH_CORNERS[0], MOUTH_CORNERS[1]);
    if (!(width > 0)) continue;
    const b = sample.blendshapes;
    const blend = (i: number) => (b.length > i ? (b[i] as number) : NaN);
    out.t.push(sample.t);
    out.aperture.push(dist2(points, INNER_LIP_UPPER, INNER_LIP_LOWER) / width);
    out.width.push(width / Math.max(1, sample.box.width));
    out.jawOpen.push(blend(JAW_OPEN));
    out.mouthClose.push(blend(MOUTH_CLOSE));
    out.mouthPucker.push(blend(MOUTH_PUCKER));
    out.mouthFunnel.push(blend(MOUTH_FUNNEL));
  }
  return out;
}
