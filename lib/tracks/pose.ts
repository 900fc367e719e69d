import type { Pose } from './types';

/**
 * Yaw, pitch and roll (radians) from a 4x4 rigid transform stored column-major (MediaPipe's
 * facial transformation matrix; three.js reads it the same way). Decomposes R = Rz(roll) ·
 * Ry(yaw) · Rx(pitch); `composeRotation` is the inverse, used by the tests.
 */
export function poseFromMatrix(m: ArrayLike<number>): Pose {
  // Column-major: element (row r, column c) is m[c * 4 + r].
  const at = (r: number, c: number) => m[c * 4 + r] ?? 0;
  const r00 = at(0, 0);
  const r10 = at(1, 0);
  const r20 = at(2, 0);
  const r21 = at(2, 1);
  const r22 = at(2, 2);
  // Matrices may carry a uniform scale: normalise by the first column's length.
  const scale = Math.hypot(r00, r10, r20) || 1;
  const yaw = Math.asin(Math.max(-1, Math.min(1, -r20 / scale)));
  const pitch = Math.atan2(r21, r22);
  const roll = Math.atan2(r10, r00);
  return { yaw, pitch, roll };
}

/** Column-major 4x4 rotation Rz(roll) · Ry(yaw) · Rx(pitch), optionally scaled and translated. */
export function composeRotation(pose: Pose, scale = 1, translation = [0, 0, 0]): Float32Array {
  const { yaw, pitch, roll } = pose;
  const [cy, sy] = [Math.cos(yaw), Math.sin(yaw)];
  const [cp, sp] = [Math.cos(pitch), Math.sin(pitch)];
  const [cr, sr] = [Math.cos(roll), Math.sin(roll)];
  const r = [
    [cr * cy, cr * sy * sp - sr * cp, cr * sy * cp + sr * sp],
    [sr * cy, sr * sy * sp + cr * cp, sr * sy * cp - cr * sp],
    [-sy, cy * sp, cy * cp],
  ];
  const m = new Float32Array(16);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) m[col * 4 + row] = (r[row]?.[col] ?? 0) * scale;
  }
  m[12] = translation[0] ?? 0;
  m[13] = translation[1] ?? 0;
  m[14] = translation[2] ?? 0;
  m[15] = 1;
  return m;
}
