/**
 * Index sets for MediaPipe FaceLandmarker's 478-point mesh and conversions from the track's
 * box-normalised landmarks to isotropic frame pixels.
 *
 * Sources: mediapipe/python/solutions/face_mesh_connections.py (FACEMESH_FACE_OVAL, _LEFT_EYE,
 * _RIGHT_EYE, _LEFT_IRIS, _RIGHT_IRIS, _LIPS) and the canonical face model UV map
 * (mediapipe/modules/face_geometry/data/canonical_face_model_uv_visualization.png).
 * "Left"/"right" are the subject's: the right eye (33..133, iris 468-472) appears on the image's
 * left in an unmirrored video.
 */

import type { FaceSample } from '../tracks/types';

/** Points in the full mesh with irises. */
export const LANDMARK_COUNT = 478;
/** Points without the iris refinement. */
export const MESH_COUNT = 468;

/** Eye-aspect-ratio points [p1..p6] (Soukupova & Cech 2016): corners p1/p4, lids p2-p6, p3-p5. */
export const RIGHT_EYE_EAR = [33, 160, 158, 133, 153, 144] as const;
export const LEFT_EYE_EAR = [362, 385, 387, 263, 373, 380] as const;

export const RIGHT_EYE_OUTER = 33;
export const RIGHT_EYE_INNER = 133;
export const LEFT_EYE_INNER = 362;
export const LEFT_EYE_OUTER = 263;

/** Iris centre and its four boundary points (FACEMESH_RIGHT_IRIS / FACEMESH_LEFT_IRIS). */
export const RIGHT_IRIS_CENTER = 468;
export const RIGHT_IRIS_RING = [469, 470, 471, 472] as const;
export const LEFT_IRIS_CENTER = 473;
export const LEFT_IRIS_RING = [474, 475, 476, 477] as const;

/** Eye contours (FACEMESH_RIGHT_EYE / FACEMESH_LEFT_EYE), unique points in ring order. */
export const RIGHT_EYE_CONTOUR = [
  33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246,
] as const;
export const LEFT_EYE_CONTOUR = [
  263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466,
] as const;

/**
 * Face oval (FACEMESH_FACE_OVAL) in ring order: forehead top (10), down the subject's left side
 * (454 at the cheek), chin (152), up the right side (234). Clockwise in image coordinates.
 */
export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
  176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

/** Nose ridge from the nasion (168, between the eyes) down to the tip (1). */
export const NOSE_RIDGE = [168, 6, 197, 195, 5, 4, 1] as const;
export const NASION = 168;
export const NOSE_TIP = 1;
export const SUBNASALE = 2;
/** Alar (nostril wing) points, right then left. */
export const NOSE_WINGS = [98, 327] as const;

/** Mouth corners (right 61, left 291) and the outer lip midpoints (upper 0, lower 17). */
export const MOUTH_CORNERS = [61, 291] as const;
export const UPPER_LIP = 0;
export const LOWER_LIP = 17;

export const FOREHEAD_TOP = 10;
export const CHIN = 152;
/** Widest face-oval points, level with the eyes (right 234, left 454). */
export const RIGHT_FACE_EDGE = 234;
export const LEFT_FACE_EDGE = 454;

/**
 * Points that do not move with expressions: nose ridge, eye corners and the upper face oval
 * (temples and forehead line). Residual motion here after removing head motion is tracking
 * noise or synthesis flicker, not speech or emotion. Brows, lids, lips and jaw are excluded.
 */
export const RIGID_POINTS = [
  ...NOSE_RIDGE,
  RIGHT_EYE_OUTER,
  RIGHT_EYE_INNER,
  LEFT_EYE_INNER,
  LEFT_EYE_OUTER,
  ...NOSE_WINGS,
  // Upper face oval: from the right face edge over the forehead to the left face edge.
  234,
  127,
  162,
  21,
  54,
  103,
  67,
  109,
  10,
  338,
  297,
  332,
  284,
  251,
  389,
  356,
  454,
] as const;

/**
 * Central face region (Yang et al. 2019, "Exposing Deep Fakes Using Inconsistent Head Poses"):
 * eye corners, nose and mouth, i.e. what a face swap replaces.
 */
export const CENTRAL_POINTS = [
  RIGHT_EYE_OUTER,
  RIGHT_EYE_INNER,
  LEFT_EYE_INNER,
  LEFT_EYE_OUTER,
  ...NOSE_RIDGE,
  ...NOSE_WINGS,
  SUBNASALE,
  ...MOUTH_CORNERS,
  UPPER_LIP,
] as const;

/**
 * Whole face for the same comparison: the central points plus the face oval above the mouth
 * corners (the jaw and chin move with speech, which would tilt a rigid fit).
 */
export const WHOLE_FACE_POINTS = [
  ...CENTRAL_POINTS,
  10,
  338,
  297,
  332,
  284,
  251,
  389,
  356,
  454,
  323,
  361,
  93,
  132,
  234,
  127,
  162,
  21,
  54,
  103,
  67,
  109,
] as const;

/** True when the sample carries the full 478-point mesh (irises included). */
export function hasIris(sample: FaceSample): boolean {
  return sample.landmarks.length >= LANDMARK_COUNT * 3;
}

/** True when the sample carries at least the 468-point mesh. */
export function hasMesh(sample: FaceSample): boolean {
  return sample.landmarks.length >= MESH_COUNT * 3;
}

/**
 * Landmarks in frame pixels with an isotropic z: x_px = box.x + x * box.width,
 * y_px = box.y + y * box.height, z_px = z * box.width (z is in x's unit, see lib/tracks/types).
 * Working in pixels undoes the face box's aspect ratio, which would otherwise distort shapes
 * and fake rotations whenever the box changes shape.
 */
export function framePoints(sample: FaceSample, out?: Float64Array): Float64Array {
  const lm = sample.landmarks;
  const n = Math.floor(lm.length / 3);
  const p = out && out.length >= n * 3 ? out : new Float64Array(n * 3);
  const { x: bx, y: by, width: bw, height: bh } = sample.box;
  for (let i = 0; i < n; i++) {
    p[i * 3] = bx + lm[i * 3]! * bw;
    p[i * 3 + 1] = by + lm[i * 3 + 1]! * bh;
    p[i * 3 + 2] = lm[i * 3 + 2]! * bw;
  }
  return p;
}

/** 3D distance between two points of a flat xyz array. */
export function dist3(p: Float64Array, i: number, j: number): number {
  return Math.hypot(
    p[i * 3]! - p[j * 3]!,
    p[i * 3 + 1]! - p[j * 3 + 1]!,
    p[i * 3 + 2]! - p[j * 3 + 2]!,
  );
}

/** Distance in the image plane (x, y only). */
export function dist2(p: Float64Array, i: number, j: number): number {
  return Math.hypot(p[i * 3]! - p[j * 3]!, p[i * 3 + 1]! - p[j * 3 + 1]!);
}

/**
 * Eye aspect ratio (|p2-p6| + |p3-p5|) / (2 |p1-p4|) in 3D, so turning the head does not read
 * as closing the eyes. About 0.25-0.35 open, under 0.1 closed.
 */
export function eyeAspectRatio(p: Float64Array, eye: readonly number[]): number {
  const [p1, p2, p3, p4, p5, p6] = eye as [number, number, number, number, number, number];
  const width = dist3(p, p1, p4);
  if (!(width > 0)) return NaN;
  return (dist3(p, p2, p6) + dist3(p, p3, p5)) / (2 * width);
}

/** Face width in frame pixels: the distance between the widest oval points (234 and 454). */
export function faceWidthPx(p: Float64Array): number {
  return dist2(p, RIGHT_FACE_EDGE, LEFT_FACE_EDGE);
}
