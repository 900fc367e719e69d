/**
 * LRNet's input from a `FaceTrack`: MediaPipe's 478 points reduced to the 68-point iBUG/dlib
 * layout, then normalised the way LRNet's landmark extraction does it
 * (frederickszk/LRNet demo/utils/landmark_utils.py `detect_frames_track`, commit d090c80c).
 *
 * What LRNet does per video (and what this module reproduces):
 * 1. 68 landmarks per frame from face_alignment (FAN), pixels truncated to integers.
 *    Here: MediaPipe points mapped through MEDIAPIPE_TO_IBUG68, in frame pixels, truncated.
 * 2. A frame whose face jumps (mean point moved > 0.5 x previous face size, or size outside 0.7-1.3 x
 *    the previous) reuses the previous frame's shape; a frame without a face reuses the previous
 *    shape too. Here: the same jump rule; sampled frames missing from the track (`frame` index
 *    gaps) of up to MAX_FILLED_GAP frames repeat the previous shape, longer gaps are joined.
 * 3. A square box per frame: side = even(int(1.2 x round(mean face size))) where face size is
 *    max(width, height) of the landmarks' extent (mean over frames but the last, as there);
 *    centred on the landmarks' integer bbox centre, kept at the previous centre when it moved
 *    < 1.42 px; clipped to the frame.
 * 4. Landmarks relative to the box, scaled to a 400 px side and rounded (half to even, np.rint);
 *    then (p - 200) / 200: each coordinate in [-1, 1], 136 values per frame (x0, y0, x1, y1...).
 * Skipped: LRNet's calibration between steps 4 and 5 (pyramidal Lucas-Kanade optical flow on the
 * 400 px face crops, merged with the detections by a per-point Kalman filter). It needs the
 * pixels of consecutive frames at the video's frame rate, which the track does not keep; the
 * MediaPipe landmarks (themselves temporally smoothed by the landmarker in VIDEO mode) go in
 * uncalibrated.
 */
import type { FaceTrack } from '../tracks/types';

/**
 * MediaPipe face-mesh index for each of the 68 iBUG points (0-16 jaw from the subject's right
 * ear to the left, 17-21 right brow outer->inner, 22-26 left brow inner->outer, 27-30 nose
 * bridge, 31-35 nostrils, 36-41 right eye, 42-47 left eye, 48-59 outer lips, 60-67 inner lips;
 * "right" = the subject's right = image left).
 *
 * Source: the correspondence published in PeizhiYan/Mediapipe_2_Dlib_Landmarks (mp2dlib.py,
 * 2024), which averages two mesh points for five iBUG points (3, 4, 12, 27, 28); here each takes
 * one mesh point instead, so the table is a plain index list: jaw 3 -> 132, 4 -> 172, 12 -> 397,
 * 27 -> 168, 28 -> 197 (the jaw choice keeps it left-right symmetric: every point's mirror
 * image maps to the mirrored mesh index). An approximation either way: the two layouts define
 * their points differently (the iBUG jaw line follows the visible outline, the mesh silhouette
 * is a fixed set of vertices), so expect a few pixels of systematic offset on the jaw and brows.
 */
export const MEDIAPIPE_TO_IBUG68: readonly number[] = [
  // jaw 0-16
  127, 234, 93, 132, 172, 136, 150, 176, 152, 400, 379, 365, 397, 361, 323, 454, 356,
  // right brow 17-21, left brow 22-26
  70, 63, 105, 66, 107, 336, 296, 334, 293, 300,
  // nose bridge 27-30, nostrils 31-35
  168, 197, 5, 4, 75, 97, 2, 326, 305,
  // right eye 36-41, left eye 42-47
  33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380,
  // outer lips 48-59
  61, 39, 37, 0, 267, 269, 291, 321, 314, 17, 84, 91,
  // inner lips 60-67
  78, 82, 13, 312, 308, 317, 14, 87,
];

/** LRNet's normalised face side (pixels) and box scale. */
const NORMALISED_SIDE = 400;
const BOX_SCALE = 1.2;
const CENTRE_SHIFT_THRESHOLD = 1.42;
/** Longest run of missing sampled frames filled by repeating the previous shape. */
export const MAX_FILLED_GAP = 4;

/** The normalised sequence: `frames` rows of 136 values; `times[i]` is row i's media time. */
export interface LrnetSequence {
  data: Float32Array;
  frames: number;
  times: number[];
}

/** np.rint: round half to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** 68 (x, y) integer pixel points of one sample. */
function ibugPixels(sample: FaceTrack['samples'][number]): Int32Array {
  const out = new Int32Array(136);
  const { box, landmarks } = sample;
  for (let i = 0; i < 68; i++) {
    const m = MEDIAPIPE_TO_IBUG68[i] as number;
    out[2 * i] = Math.trunc(box.x + (landmarks[3 * m] ?? 0) * box.width);
    out[2 * i + 1] = Math.trunc(box.y + (landmarks[3 * m + 1] ?? 0) * box.height);
  }
  return out;
}

/** Mean of the 68 points (LRNet's face centre for the jump rule). */
function meanPoint(shape: Int32Array): [number, number] {
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < 68; i++) {
    sx += shape[2 * i] as number;
    sy += shape[2 * i + 1] as number;
  }
  return [sx / 68, sy / 68];
}

function extent(shape: Int32Array) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < 68; i++) {
    const x = shape[2 * i] as number;
    const y = shape[2 * i + 1] as number;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return { x0, y0, x1, y1, size: Math.max(x1 - x0, y1 - y0) };
}

/** The track as LRNet's normalised 136-value rows (see the module comment). */
export function lrnetSequence(track: FaceTrack): LrnetSequence {
  const shapes: Int32Array[] = [];
  const times: number[] = [];
  let prev: Int32Array | null = null;
  let prevFrame = -1;
  let width = 0;
  let height = 0;
  for (const sample of track.samples) {
    width = sample.frameWidth;
    height = sample.frameHeight;
    let shape = ibugPixels(sample);
    if (prev) {
      const a = extent(prev);
      const b = extent(shape);
      const [ax, ay] = meanPoint(prev);
      const [bx, by] = meanPoint(shape);
      const jump = Math.hypot(bx - ax, by - ay);
      if (jump > 0.5 * a.size || b.size < 0.7 * a.size || b.size > 1.3 * a.size) shape = prev;
      const gap = sample.frame - prevFrame - 1;
      if (gap > 0 && gap <= MAX_FILLED_GAP) {
        for (let g = 0; g < gap; g++) {
          shapes.push(prev);
          times.push(times[times.length - 1] ?? sample.t);
        }
      }
    }
    shapes.push(shape);
    times.push(sample.t);
    prev = shape;
    prevFrame = sample.frame;
  }
  const n = shapes.length;
  const data = new Float32Array(n * 136);
  if (n < 2) return { data, frames: n, times };
  // Stable face size: LRNet averages the previous frame's size over frames 1..n-1.
  let sum = 0;
  for (let i = 0; i < n - 1; i++) sum += extent(shapes[i] as Int32Array).size;
  const stable = rint(sum / (n - 1));
  let side = Math.trunc(stable * BOX_SCALE);
  side -= side % 2;
  let centrePrev: [number, number] | null = null;
  for (let i = 0; i < n; i++) {
    const shape = shapes[i] as Int32Array;
    const e = extent(shape);
    let cx = Math.floor((e.x0 + e.x1) / 2);
    let cy = Math.floor((e.y0 + e.y1) / 2);
    if (centrePrev && Math.hypot(centrePrev[0] - cx, centrePrev[1] - cy) < CENTRE_SHIFT_THRESHOLD) {
      [cx, cy] = centrePrev;
    }
    centrePrev = [cx, cy];
    const x1 = Math.max(cx - side / 2, 0);
    const y1 = Math.max(cy - side / 2, 0);
    let size = side;
    if (width > 0) size = Math.min(width - x1, size);
    if (height > 0) size = Math.min(height - y1, size);
    const scale = NORMALISED_SIDE / Math.max(size, 1);
    const half = NORMALISED_SIDE / 2;
    for (let k = 0; k < 68; k++) {
      const px = rint(((shape[2 * k] as number) - x1) * scale);
      const py = rint(((shape[2 * k + 1] as number) - y1) * scale);
      data[i * 136 + 2 * k] = (px - half) / half;
      data[i * 136 + 2 * k + 1] = (py - half) / half;
    }
  }
  return { data, frames: n, times };
}
