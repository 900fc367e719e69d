/**
 * Converts FaceLandmarker output into the project's own types at the lib/ml boundary.
 */
import type { FaceLandmarkerResult } from '@mediapipe/tasks-vision';
import { poseFromMatrix } from '../../tracks/pose';
import type { Box, Pose } from '../../tracks/types';

/** One face found in one frame, in the project's conventions (lib/tracks/types.ts). */
export interface FaceDetection {
  box: Box;
  /** 478 * 3, normalised to `box`. */
  landmarks: Float32Array;
  blendshapes: Float32Array;
  pose: Pose | null;
}

export const LANDMARK_COUNT = 478;

/** Faces of one frame of `width` x `height` pixels. */
export function toDetections(
  result: FaceLandmarkerResult,
  width: number,
  height: number,
): FaceDetection[] {
  const faces: FaceDetection[] = [];
  result.faceLandmarks.forEach((points, i) => {
    if (points.length < LANDMARK_COUNT) return;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const p of points) {
      minX = Math.min(minX, p.x * width);
      maxX = Math.max(maxX, p.x * width);
      minY = Math.min(minY, p.y * height);
      maxY = Math.max(maxY, p.y * height);
    }
    const box = {
      x: minX,
      y: minY,
      width: Math.max(1, maxX - minX),
      height: Math.max(1, maxY - minY),
    };
    const landmarks = new Float32Array(LANDMARK_COUNT * 3);
    for (let j = 0; j < LANDMARK_COUNT; j++) {
      const p = points[j];
      if (!p) continue;
      landmarks[j * 3] = (p.x * width - box.x) / box.width;
      landmarks[j * 3 + 1] = (p.y * height - box.y) / box.height;
      // MediaPipe's z uses roughly the same scale as x (image width).
      landmarks[j * 3 + 2] = (p.z * width) / box.width;
    }
    const categories = result.faceBlendshapes[i]?.categories ?? [];
    const blendshapes = new Float32Array(categories.length);
    categories.forEach((c) => {
      if (c.index >= 0 && c.index < blendshapes.length) blendshapes[c.index] = c.score;
    });
    const matrix = result.facialTransformationMatrixes[i];
    faces.push({
      box,
      landmarks,
      blendshapes,
      pose: matrix && matrix.data.length === 16 ? poseFromMatrix(matrix.data) : null,
    });
  });
  return faces;
}
