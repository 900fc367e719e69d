/**
 * Rigid and similarity alignment of 3D landmark sets (Procrustes), used to separate head motion
 * from what the face itself does. Points are flat Float64Arrays of x, y, z triples; every
 * function takes the landmark indices to use, so the same frame can be aligned on different
 * regions (rigid parts for jitter; central vs whole face for head pose).
 */

/** Row-major 3x3 matrix. */
export type Mat3 = Float64Array;

/** dst ~ scale * R * src + t */
export interface Similarity {
  R: Mat3;
  scale: number;
  t: [number, number, number];
}

/** Weighted centroid of the indexed points. */
export function centroid(
  points: Float64Array,
  indices: readonly number[],
  weights?: ArrayLike<number>,
): [number, number, number] {
  let x = 0;
  let y = 0;
  let z = 0;
  let sw = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = (indices[k] as number) * 3;
    const w = weights ? (weights[k] as number) : 1;
    x += w * (points[i] as number);
    y += w * (points[i + 1] as number);
    z += w * (points[i + 2] as number);
    sw += w;
  }
  return [x / sw, y / sw, z / sw];
}

/** Largest-eigenvalue eigenvector of a symmetric 4x4 matrix (cyclic Jacobi). */
function topEigenvector4(a: Float64Array): [number, number, number, number] {
  const v = new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  for (let sweep = 0; sweep < 24; sweep++) {
    let off = 0;
    for (let p = 0; p < 3; p++) for (let q = p + 1; q < 4; q++) off += Math.abs(a[p * 4 + q]!);
    if (off < 1e-15) break;
    for (let p = 0; p < 3; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = a[p * 4 + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * 4 + p]!;
        const aqq = a[q * 4 + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = a[k * 4 + p]!;
          const akq = a[k * 4 + q]!;
          a[k * 4 + p] = c * akp - s * akq;
          a[k * 4 + q] = s * akp + c * akq;
        }
        for (let k = 0; k < 4; k++) {
          const apk = a[p * 4 + k]!;
          const aqk = a[q * 4 + k]!;
          a[p * 4 + k] = c * apk - s * aqk;
          a[q * 4 + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[k * 4 + p]!;
          const vkq = v[k * 4 + q]!;
          v[k * 4 + p] = c * vkp - s * vkq;
          v[k * 4 + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (a[k * 5]! > a[best * 5]!) best = k;
  return [v[best]!, v[4 + best]!, v[8 + best]!, v[12 + best]!];
}

/**
 * Least-squares similarity transform taking `src` to `dst` over the indexed points (Horn 1987,
 * "Closed-form solution of absolute orientation using unit quaternions"). The quaternion form
 * always yields a proper rotation (no reflections), unlike a naive SVD.
 */
export function fitSimilarity(
  src: Float64Array,
  dst: Float64Array,
  indices: readonly number[],
  weights?: ArrayLike<number>,
): Similarity {
  const cs = centroid(src, indices, weights);
  const cd = centroid(dst, indices, weights);
  let sxx = 0,
    sxy = 0,
    sxz = 0,
    syx = 0,
    syy = 0,
    syz = 0,
    szx = 0,
    szy = 0,
    szz = 0,
    ss = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = (indices[k] as number) * 3;
    const w = weights ? (weights[k] as number) : 1;
    const ax = src[i]! - cs[0];
    const ay = src[i + 1]! - cs[1];
    const az = src[i + 2]! - cs[2];
    const bx = dst[i]! - cd[0];
    const by = dst[i + 1]! - cd[1];
    const bz = dst[i + 2]! - cd[2];
    sxx += w * ax * bx;
    sxy += w * ax * by;
    sxz += w * ax * bz;
    syx += w * ay * bx;
    syy += w * ay * by;
    syz += w * ay * bz;
    szx += w * az * bx;
    szy += w * az * by;
    szz += w * az * bz;
    ss += w * (ax * ax + ay * ay + az * az);
  }
  const n = new Float64Array([
    sxx + syy + szz,
    syz - szy,
    szx - sxz,
    sxy - syx,
    syz - szy,
    sxx - syy - szz,
    sxy + syx,
    szx + sxz,
    szx - sxz,
    sxy + syx,
    -sxx + syy - szz,
    syz + szy,
    sxy - syx,
    szx + sxz,
    syz + szy,
    -sxx - syy + szz,
  ]);
  const [qw, qx, qy, qz] = topEigenvector4(n);
  const R = quaternionToMatrix(qw, qx, qy, qz);
  // scale = sum b . (R a) / sum |a|^2 = trace(R^T S^T) / ss, S[i][j] = sum a_i b_j
  const dot =
    R[0]! * sxx +
    R[1]! * syx +
    R[2]! * szx +
    R[3]! * sxy +
    R[4]! * syy +
    R[5]! * szy +
    R[6]! * sxz +
    R[7]! * syz +
    R[8]! * szz;
  const scale = ss > 0 ? dot / ss : 1;
  const t: [number, number, number] = [
    cd[0] - scale * (R[0]! * cs[0] + R[1]! * cs[1] + R[2]! * cs[2]),
    cd[1] - scale * (R[3]! * cs[0] + R[4]! * cs[1] + R[5]! * cs[2]),
    cd[2] - scale * (R[6]! * cs[0] + R[7]! * cs[1] + R[8]! * cs[2]),
  ];
  return { R, scale, t };
}

/** Rotation matrix of a (not necessarily normalised) quaternion. */
export function quaternionToMatrix(w: number, x: number, y: number, z: number): Mat3 {
  const n = Math.hypot(w, x, y, z) || 1;
  w /= n;
  x /= n;
  y /= n;
  z /= n;
  return new Float64Array([
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  ]);
}

/** Writes tf(points[i]) for the indexed points into `out` (same layout); returns `out`. */
export function applySimilarity(
  tf: Similarity,
  points: Float64Array,
  indices: readonly number[],
  out: Float64Array,
): Float64Array {
  const { R, scale: s, t } = tf;
  for (const idx of indices) {
    const i = idx * 3;
    const x = points[i]!;
    const y = points[i + 1]!;
    const z = points[i + 2]!;
    out[i] = s * (R[0]! * x + R[1]! * y + R[2]! * z) + t[0];
    out[i + 1] = s * (R[3]! * x + R[4]! * y + R[5]! * z) + t[1];
    out[i + 2] = s * (R[6]! * x + R[7]! * y + R[8]! * z) + t[2];
  }
  return out;
}

/** The inverse of a similarity transform. */
export function invertSimilarity(tf: Similarity): Similarity {
  const R = transpose(tf.R);
  const s = 1 / tf.scale;
  const [tx, ty, tz] = tf.t;
  return {
    R,
    scale: s,
    t: [
      -s * (R[0]! * tx + R[1]! * ty + R[2]! * tz),
      -s * (R[3]! * tx + R[4]! * ty + R[5]! * tz),
      -s * (R[6]! * tx + R[7]! * ty + R[8]! * tz),
    ],
  };
}

/** Transpose of a 3x3 matrix. */
export function transpose(a: Mat3): Mat3 {
  return new Float64Array([a[0]!, a[3]!, a[6]!, a[1]!, a[4]!, a[7]!, a[2]!, a[5]!, a[8]!]);
}

/** a * b^T (the rotation taking b's frame to a's, for rotations a and b). */
export function multiplyTransposed(a: Mat3, b: Mat3): Mat3 {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[i * 3 + j] =
        a[i * 3]! * b[j * 3]! + a[i * 3 + 1]! * b[j * 3 + 1]! + a[i * 3 + 2]! * b[j * 3 + 2]!;
    }
  }
  return out;
}

/** Angle of a rotation matrix, radians (0..pi). */
export function rotationAngle(r: Mat3): number {
  const c = (r[0]! + r[4]! + r[8]! - 1) / 2;
  return Math.acos(Math.min(1, Math.max(-1, c)));
}

/**
 * Euler angles of R = Ry(yaw) Rx(pitch) Rz(roll) in the image frame (x right, y down, z away
 * from the camera), radians. Used only to describe a rotation in words.
 */
export function eulerAngles(r: Mat3): { yaw: number; pitch: number; roll: number } {
  return {
    yaw: Math.atan2(r[2]!, r[8]!),
    pitch: Math.asin(Math.min(1, Math.max(-1, -r[5]!))),
    roll: Math.atan2(r[3]!, r[4]!),
  };
}

/** Result of aligning every frame of a track to a common reference shape. */
export interface TrackAlignment {
  /** Mean shape in the reference frame (only the indexed points are meaningful). */
  reference: Float64Array;
  /** Per frame, the transform taking that frame's points onto `reference`. */
  toReference: Similarity[];
}

/**
 * Generalised Procrustes analysis over a track: align every frame to a reference on `indices`,
 * replace the reference by the mean of the aligned frames, repeat. Two passes suffice in
 * practice (the mean barely moves after the first); the first reference is the middle frame.
 */
export function alignTrack(
  frames: readonly Float64Array[],
  indices: readonly number[],
  passes = 2,
): TrackAlignment {
  const first = frames[Math.floor(frames.length / 2)];
  if (!first) throw new Error('alignTrack: no frames');
  let reference = Float64Array.from(first);
  let toReference: Similarity[] = [];
  const tmp = new Float64Array(first.length);
  for (let pass = 0; pass < passes; pass++) {
    toReference = frames.map((f) => fitSimilarity(f, reference, indices));
    const next = new Float64Array(first.length);
    for (let k = 0; k < frames.length; k++) {
      applySimilarity(toReference[k]!, frames[k]!, indices, tmp);
      for (const idx of indices) {
        next[idx * 3] = next[idx * 3]! + tmp[idx * 3]!;
        next[idx * 3 + 1] = next[idx * 3 + 1]! + tmp[idx * 3 + 1]!;
        next[idx * 3 + 2] = next[idx * 3 + 2]! + tmp[idx * 3 + 2]!;
      }
    }
    for (const idx of indices) {
      for (let c = 0; c < 3; c++) next[idx * 3 + c] = next[idx * 3 + c]! / frames.length;
    }
    reference = next;
  }
  toReference = frames.map((f) => fitSimilarity(f, reference, indices));
  return { reference, toReference };
}

/** Axis-angle vector (axis * angle, radians) of a rotation matrix; accurate for angles < pi. */
export function rotationVector(r: Mat3): [number, number, number] {
  const angle = rotationAngle(r);
  const vx = r[7]! - r[5]!;
  const vy = r[2]! - r[6]!;
  const vz = r[3]! - r[1]!;
  // (R - R^T) / 2 = sin(angle) [axis]x; near zero use the first-order limit.
  const s = Math.sin(angle);
  const k = s > 1e-9 ? angle / (2 * s) : 0.5;
  return [vx * k, vy * k, vz * k];
}

/** Even-odd point-in-polygon test; `poly` is flat x, y pairs. */
export function insidePolygon(x: number, y: number, poly: Float64Array): boolean {
  let inside = false;
  const n = poly.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[i * 2]!;
    const yi = poly[i * 2 + 1]!;
    const xj = poly[j * 2]!;
    const yj = poly[j * 2 + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
