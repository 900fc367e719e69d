/**
 * The data gate shared by the landmark cues: enough seconds and frames with a full mesh, and a
 * face wide enough for landmark motion to mean something. Returns the frames' points, or the
 * "not enough data" report the cue must give instead.
 */
import type { CueReport } from '../messaging/types';
import type { FaceSample, FaceTrack } from '../tracks/types';
import { faceWidthPx, framePoints, hasMesh } from './landmarks';
import { insufficient, notEnoughSeconds, spanSeconds } from './report';
import { fmt, median } from './signal';

export interface MeshGateOptions {
  minDurationS: number;
  minFrames: number;
  minFaceWidthPx: number;
}

export interface MeshFrames {
  samples: FaceSample[];
  times: number[];
  pts: ReturnType<typeof framePoints>[];
  faceWidth: number;
}

/** The track's mesh frames, or the abstain report when they are too few or too small. */
export function meshFrames(
  track: FaceTrack,
  o: MeshGateOptions,
): { ok: true; frames: MeshFrames } | { ok: false; report: CueReport } {
  const samples = track.samples.filter(hasMesh);
  const times = samples.map((s) => s.t);
  const span = spanSeconds(times);
  if (span < o.minDurationS) {
    return { ok: false, report: insufficient(notEnoughSeconds(span, o.minDurationS)) };
  }
  if (samples.length < o.minFrames) {
    return {
      ok: false,
      report: insufficient(
        `not enough data: ${samples.length} frames with a face, need ${o.minFrames}`,
      ),
    };
  }
  const pts = samples.map((s) => framePoints(s));
  const faceWidth = median(pts.map(faceWidthPx));
  if (!(faceWidth >= o.minFaceWidthPx)) {
    return {
      ok: false,
      report: insufficient(`face too small: ${fmt(faceWidth, 2)} px, need ${o.minFaceWidthPx} px`),
    };
  }
  return { ok: true, frames: { samples, times, pts, faceWidth } };
}
