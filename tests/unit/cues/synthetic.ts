/**
 * Seeded synthetic face tracks with known answers for the cue tests and benchmark.
 *
 * A canonical 478-point face (millimetres; x to the image's right, y down, z away from the
 * camera) gives the indices the cues use their MediaPipe meaning: eye corners and lids, irises,
 * nose ridge, mouth, face oval. Every frame is deformed (blinks, speech, drift), rotated by a
 * pose, projected orthographically into a 1280x720 frame, given tracking noise and stored
 * normalised to a face box exactly as lib/tracks/types describes. Optional extras: blendshapes,
 * skin colour with or without a pulse, RGBA face crops with or without a pasted patch, and eye
 * crops with corneal highlights.
 */

import type { BlendshapeName, Crop, FaceSample, FaceTrack, Rgb } from '@/lib/tracks/types';
import { blendshapeIndex, BLENDSHAPE_NAMES } from '@/lib/tracks/types';
import {
  CENTRAL_POINTS,
  FACE_OVAL,
  LEFT_EYE_CONTOUR,
  LEFT_IRIS_CENTER,
  LEFT_IRIS_RING,
  RIGHT_EYE_CONTOUR,
  RIGHT_IRIS_CENTER,
  RIGHT_IRIS_RING,
} from '@/lib/cues/landmarks';
import { mulberry32 } from '../prng';
import { insidePolygon } from '@/lib/cues/geometry';

/** mulberry32: small, fast, seeded (floats in [0, 1)). */
export const rng = mulberry32;

/** Standard normal deviates from a uniform source (Box-Muller). */
export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

const N = 478;
/** Face oval semi-axes and centre, mm. Face width 140 mm, height 190 mm. */
const OVAL_A = 70;
const OVAL_B = 95;
const OVAL_CY = 5;
const EYE_Y = -10;
const EYE_HALF_OPEN = 4.5;
const IRIS_R = 6;

/** Lower-lid point order from the outer corner inwards, and upper-lid from the inner corner. */
const RIGHT_LOWER = RIGHT_EYE_CONTOUR.slice(1, 8);
const RIGHT_UPPER = RIGHT_EYE_CONTOUR.slice(9, 16);
const LEFT_LOWER = LEFT_EYE_CONTOUR.slice(1, 8);
const LEFT_UPPER = LEFT_EYE_CONTOUR.slice(9, 16);
export const UPPER_LID_POINTS: readonly number[] = [...RIGHT_UPPER, ...LEFT_UPPER];

const LOWER_LIP_POINTS = [
  146, 91, 181, 84, 17, 314, 405, 321, 375, 95, 88, 178, 87, 14, 317, 402, 318, 324,
];
const UPPER_LIP_POINTS = [
  185, 40, 39, 37, 0, 267, 269, 270, 409, 191, 80, 81, 82, 13, 312, 311, 310, 415,
];
const LOWER_OVAL = [365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136];

function set(p: Float64Array, i: number, x: number, y: number, z: number): void {
  p[i * 3] = x;
  p[i * 3 + 1] = y;
  p[i * 3 + 2] = z;
}

/** Depth of the face surface at (x, y): a dome bulging towards the camera (negative z). */
function dome(x: number, y: number): number {
  const r2 = (x / OVAL_A) ** 2 + ((y - OVAL_CY) / OVAL_B) ** 2;
  return 25 - 45 * Math.max(0, 1 - r2);
}

/** Angle (radians, image frame) of the k-th face-oval point: 8 steps per upper quarter, 10 per lower. */
function ovalAngle(k: number): number {
  const q = Math.PI / 2;
  if (k <= 8) return -q + (k / 8) * q;
  if (k <= 18) return ((k - 8) / 10) * q;
  if (k <= 28) return q + ((k - 18) / 10) * q;
  return 2 * q + ((k - 28) / 8) * q;
}

function buildCanonical(): Float64Array {
  const p = new Float64Array(N * 3);
  const rand = rng(20240611);
  // Unnamed points: spread over the face surface.
  for (let i = 0; i < N; i++) {
    const a = 2 * Math.PI * rand();
    const r = 0.85 * Math.sqrt(rand());
    const x = OVAL_A * r * Math.cos(a);
    const y = OVAL_CY + OVAL_B * r * Math.sin(a);
    set(p, i, x, y, dome(x, y));
  }
  FACE_OVAL.forEach((idx, k) => {
    const a = ovalAngle(k);
    set(p, idx, OVAL_A * Math.cos(a), OVAL_CY + OVAL_B * Math.sin(a), 10 + 20 * Math.cos(a) ** 2);
  });
  // Eyes: corners, lids on a sine profile, so EAR ~ 0.28 open.
  const eye = (
    outer: number,
    inner: number,
    lower: readonly number[],
    upper: readonly number[],
    sign: number,
  ) => {
    const xo = sign * 45;
    const xi = sign * 15;
    set(p, outer, xo, EYE_Y, -5);
    set(p, inner, xi, EYE_Y, -8);
    lower.forEach((idx, j) => {
      const f = (j + 1) / 8;
      set(p, idx, xo + (xi - xo) * f, EYE_Y + EYE_HALF_OPEN * Math.sin(Math.PI * f), -9);
    });
    upper.forEach((idx, j) => {
      const f = 1 - (j + 1) / 8;
      set(p, idx, xo + (xi - xo) * f, EYE_Y - EYE_HALF_OPEN * Math.sin(Math.PI * f), -9);
    });
  };
  eye(33, 133, RIGHT_LOWER, RIGHT_UPPER, -1);
  eye(263, 362, LEFT_LOWER, LEFT_UPPER, 1);
  const iris = (center: number, ring: readonly number[], cx: number) => {
    set(p, center, cx, EYE_Y, -11);
    const offsets = [
      [IRIS_R, 0],
      [0, -IRIS_R],
      [-IRIS_R, 0],
      [0, IRIS_R],
    ] as const;
    ring.forEach((idx, j) => set(p, idx, cx + offsets[j]![0], EYE_Y + offsets[j]![1], -10));
  };
  iris(RIGHT_IRIS_CENTER, RIGHT_IRIS_RING, -30);
  iris(LEFT_IRIS_CENTER, LEFT_IRIS_RING, 30);
  // Nose ridge from the nasion to the tip, nostril wings, subnasale.
  const ridge: [number, number, number, number][] = [
    [168, 0, -12, -22],
    [6, 0, -4, -26],
    [197, 0, 2, -30],
    [195, 0, 8, -33],
    [5, 0, 14, -36],
    [4, 0, 20, -40],
    [1, 0, 24, -42],
  ];
  for (const [i, x, y, z] of ridge) set(p, i, x, y, z);
  set(p, 2, 0, 32, -30);
  set(p, 98, -14, 28, -24);
  set(p, 327, 14, 28, -24);
  // Mouth: corners and lips on two arcs.
  set(p, 61, -25, 55, -18);
  set(p, 291, 25, 55, -18);
  const lip = (ids: readonly number[], yMid: number, z: number) => {
    const half = ids.length / 2;
    ids.forEach((idx, j) => {
      const f = ((j % half) + 1) / (half + 1);
      const inner = j >= half ? 0.6 : 1;
      const x = -25 + 50 * f;
      set(p, idx, x * inner, 55 + (yMid - 55) * inner * Math.sin(Math.PI * f), z);
    });
  };
  lip(UPPER_LIP_POINTS, 46, -28);
  lip(LOWER_LIP_POINTS, 66, -26);
  return p;
}

/** The canonical face, mm. */
export const CANONICAL: Float64Array = buildCanonical();

/** Rotation R = Ry(yaw) Rx(pitch) Rz(roll), row-major. */
export function rotation(yaw: number, pitch: number, roll: number): Float64Array {
  const [cy, sy, cx, sx, cz, sz] = [
    Math.cos(yaw),
    Math.sin(yaw),
    Math.cos(pitch),
    Math.sin(pitch),
    Math.cos(roll),
    Math.sin(roll),
  ];
  return new Float64Array([
    cy * cz + sy * sx * sz,
    -cy * sz + sy * sx * cz,
    sy * cx,
    cx * sz,
    cx * cz,
    -sx,
    -sy * cz + cy * sx * sz,
    sy * sz + cy * sx * cz,
    cy * cx,
  ]);
}

export interface PoseAngles {
  yaw: number;
  pitch: number;
  roll: number;
}

/** A smooth, natural head movement: a few incommensurate sinusoids, amplitude in radians. */
export function naturalPose(amplitude = 0.25, seed = 1): (t: number) => PoseAngles {
  const r = rng(seed);
  const ph = Array.from({ length: 6 }, () => 2 * Math.PI * r());
  return (t) => ({
    yaw: amplitude * (0.7 * Math.sin(0.9 * t + ph[0]!) + 0.3 * Math.sin(2.3 * t + ph[1]!)),
    pitch: 0.4 * amplitude * (0.7 * Math.sin(0.6 * t + ph[2]!) + 0.3 * Math.sin(1.7 * t + ph[3]!)),
    roll: 0.2 * amplitude * Math.sin(0.5 * t + ph[4]!),
  });
}

/** Options for `synthTrack`; everything has a natural default. */
export interface SynthOptions {
  seed?: number;
  durationS?: number;
  fps?: number;
  /** Random jitter of sample times, s (the live sampler is not perfectly regular). */
  timeJitterS?: number;
  /** Face width (landmarks 234-454), px. */
  faceWidthPx?: number;
  pose?: (t: number) => PoseAngles;
  /** Natural tracking noise, fraction of eye span, plus 0.3 px. */
  landmarkNoise?: number;
  /** Extra independent per-frame noise on every point (synthesis flicker), fraction of eye span. */
  jitter?: number;
  /** The central face region rotates by this fraction of the head's rotation (1 = consistent). */
  centralPoseGain?: number;
  /** Nose length scales by 1 + driftAmplitude * sin(2 pi t / 6 s). */
  driftAmplitude?: number;
  /** Blink start times, s. */
  blinkTimes?: readonly number[];
  blinkDurationS?: number;
  /** Peak eyelid closure of each blink (1 = fully closed). */
  blinkDepth?: number;
  /** Emit blendshapes (default true). */
  blendshapes?: boolean;
  /** Left/right blendshape pairs exactly equal (a symmetric puppet). */
  symmetricBlendshapes?: boolean;
  /** Speech-like mouth movement (default true). */
  speech?: boolean;
  /** Skin colour samples: pulse frequency (Hz, 0 = none) and relative amplitude. */
  skin?: { pulseHz: number; amplitude?: number; noise?: number } | false;
  /** Face crops: on every `every`-th frame, at `size` px on the long side (0 = native). */
  faceCrops?: { every?: number; size?: number; seam?: boolean } | false;
  /** Eye crops with highlights at offsets (in iris radii) from each iris centre. */
  eyeCrops?:
    | {
        every?: number;
        left?: readonly [number, number];
        right?: readonly [number, number];
        /** Highlight radius, iris radii. */
        radius?: number;
        highlight?: boolean;
        /** Store the crops under swapped names (image left vs subject left). */
        swapNames?: boolean;
      }
    | false;
}

/** Pairs of blendshapes that mirror each other. */
const PAIRS: readonly [BlendshapeName, BlendshapeName][] = [
  ['mouthSmileLeft', 'mouthSmileRight'],
  ['browOuterUpLeft', 'browOuterUpRight'],
  ['browDownLeft', 'browDownRight'],
  ['eyeSquintLeft', 'eyeSquintRight'],
  ['cheekSquintLeft', 'cheekSquintRight'],
  ['mouthFrownLeft', 'mouthFrownRight'],
];

/** Closure (0..1) of a blink starting at t0 lasting d: fast close, slower open. */
function blinkClosure(t: number, starts: readonly number[], d: number, depth: number): number {
  let c = 0;
  for (const t0 of starts) {
    const u = (t - t0) / d;
    if (u < 0 || u > 1) continue;
    c = Math.max(c, depth * (u < 0.35 ? u / 0.35 : (1 - u) / 0.65));
  }
  return c;
}

/** Builds a synthetic track. */
export function synthTrack(options: SynthOptions = {}): FaceTrack {
  const o = {
    seed: 1,
    durationS: 10,
    fps: 8,
    timeJitterS: 0,
    faceWidthPx: 200,
    landmarkNoise: 0.002,
    jitter: 0,
    centralPoseGain: 1,
    driftAmplitude: 0,
    blinkTimes: [] as readonly number[],
    blinkDurationS: 0.3,
    blinkDepth: 1,
    blendshapes: true,
    symmetricBlendshapes: false,
    speech: true,
    skin: false as SynthOptions['skin'],
    faceCrops: false as SynthOptions['faceCrops'],
    eyeCrops: false as SynthOptions['eyeCrops'],
    ...options,
  };
  const pose = o.pose ?? naturalPose(0.25, o.seed + 11);
  const rand = rng(o.seed);
  const gauss = gaussian(rand);
  const scale = o.faceWidthPx / (2 * OVAL_A);
  const eyeSpanPx = 90 * scale;
  const frameWidth = 1280;
  const frameHeight = 720;
  const central = new Set<number>(CENTRAL_POINTS);
  const samples: FaceSample[] = [];
  const count = Math.floor(o.durationS * o.fps) + 1;
  const shape = new Float64Array(N * 3);
  const speechPhase = [rand() * 6, rand() * 6, rand() * 6];
  const pulsePhase = rand() * 2 * Math.PI;
  for (let k = 0; k < count; k++) {
    const t = k / o.fps + (k > 0 ? o.timeJitterS * (rand() * 2 - 1) : 0);
    // Deform the canonical face.
    shape.set(CANONICAL);
    const closure = blinkClosure(t, o.blinkTimes, o.blinkDurationS, o.blinkDepth);
    for (const [upper, lower] of [
      [RIGHT_UPPER, RIGHT_LOWER],
      [LEFT_UPPER, LEFT_LOWER],
    ] as const) {
      upper.forEach((u, j) => {
        const l = lower[6 - j]!;
        shape[u * 3 + 1] =
          shape[u * 3 + 1]! + 0.92 * closure * (shape[l * 3 + 1]! - shape[u * 3 + 1]!);
      });
    }
    const jaw = o.speech
      ? Math.max(
          0,
          0.5 * Math.sin(2 * Math.PI * 1.3 * t + speechPhase[0]!) +
            0.3 * Math.sin(2 * Math.PI * 0.45 * t + speechPhase[1]!),
        )
      : 0;
    for (const i of LOWER_LIP_POINTS) shape[i * 3 + 1] = shape[i * 3 + 1]! + 8 * jaw;
    for (const i of LOWER_OVAL) shape[i * 3 + 1] = shape[i * 3 + 1]! + 6 * jaw;
    const smile = o.speech ? 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.2 * t + speechPhase[2]!) : 0;
    shape[61 * 3] = shape[61 * 3]! - 3 * smile;
    shape[291 * 3] = shape[291 * 3]! + 3 * smile;
    if (o.driftAmplitude) {
      const g = 1 + o.driftAmplitude * Math.sin((2 * Math.PI * t) / 6);
      for (const i of [6, 197, 195, 5, 4, 1]) {
        shape[i * 3 + 1] = -12 + (shape[i * 3 + 1]! + 12) * g;
        shape[i * 3 + 2] = -22 + (shape[i * 3 + 2]! + 22) * g;
      }
    }
    // Pose and projection.
    const a = pose(t);
    const R = rotation(a.yaw, a.pitch, a.roll);
    const g = o.centralPoseGain;
    const Rc = g === 1 ? R : rotation(g * a.yaw, g * a.pitch, g * a.roll);
    const cx = frameWidth / 2 + 30 * Math.sin(0.3 * t);
    const cy = frameHeight / 2 + 15 * Math.sin(0.4 * t + 1);
    const truth = new Float64Array(N * 3);
    for (let i = 0; i < N; i++) {
      const M = central.has(i) ? Rc : R;
      const x = shape[i * 3]!;
      const y = shape[i * 3 + 1]!;
      const z = shape[i * 3 + 2]!;
      truth[i * 3] = cx + scale * (M[0]! * x + M[1]! * y + M[2]! * z);
      truth[i * 3 + 1] = cy + scale * (M[3]! * x + M[4]! * y + M[5]! * z);
      truth[i * 3 + 2] = scale * (M[6]! * x + M[7]! * y + M[8]! * z);
    }
    const noisy = new Float64Array(truth);
    const sigma = Math.hypot(o.landmarkNoise * eyeSpanPx, 0.3);
    for (let i = 0; i < N * 3; i++) {
      noisy[i] = noisy[i]! + sigma * gauss() + o.jitter * eyeSpanPx * gauss();
    }
    // Face box: the oval's bounds, with the detector's own wobble in size and aspect.
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const i of FACE_OVAL) {
      minX = Math.min(minX, truth[i * 3]!);
      maxX = Math.max(maxX, truth[i * 3]!);
      minY = Math.min(minY, truth[i * 3 + 1]!);
      maxY = Math.max(maxY, truth[i * 3 + 1]!);
    }
    const padX = (maxX - minX) * (0.02 + 0.03 * rand());
    const padY = (maxY - minY) * (0.02 + 0.03 * rand());
    const box = {
      x: minX - padX,
      y: minY - padY,
      width: maxX - minX + 2 * padX,
      height: maxY - minY + 2 * padY,
    };
    const landmarks = new Float32Array(N * 3);
    for (let i = 0; i < N; i++) {
      landmarks[i * 3] = (noisy[i * 3]! - box.x) / box.width;
      landmarks[i * 3 + 1] = (noisy[i * 3 + 1]! - box.y) / box.height;
      landmarks[i * 3 + 2] = noisy[i * 3 + 2]! / box.width;
    }
    const sample: FaceSample = {
      t,
      frame: k,
      frameWidth,
      frameHeight,
      box,
      landmarks,
      blendshapes: o.blendshapes
        ? blendshapes(closure, jaw, smile, t, rand, o.symmetricBlendshapes)
        : new Float32Array(0),
      pose: { yaw: a.yaw, pitch: a.pitch, roll: a.roll },
    };
    if (o.skin) sample.skin = skin(t, o.skin, pulsePhase, gauss);
    const faceCrops = o.faceCrops;
    if (faceCrops && k % (faceCrops.every ?? 1) === 0) {
      sample.crops = { ...sample.crops, face: renderFace(truth, box, faceCrops, rand, gauss) };
    }
    const eyeCrops = o.eyeCrops;
    if (eyeCrops && k % (eyeCrops.every ?? 1) === 0) {
      const right = renderEye(
        truth,
        RIGHT_EYE_CONTOUR,
        RIGHT_IRIS_CENTER,
        RIGHT_IRIS_RING,
        closure,
        eyeCrops.right ?? [0.3, -0.3],
        eyeCrops,
        gauss,
      );
      const left = renderEye(
        truth,
        LEFT_EYE_CONTOUR,
        LEFT_IRIS_CENTER,
        LEFT_IRIS_RING,
        closure,
        eyeCrops.left ?? [0.3, -0.3],
        eyeCrops,
        gauss,
      );
      sample.crops = {
        ...sample.crops,
        leftEye: eyeCrops.swapNames ? right : left,
        rightEye: eyeCrops.swapNames ? left : right,
      };
    }
    samples.push(sample);
  }
  return { id: o.seed, samples, fps: o.fps };
}

function blendshapes(
  closure: number,
  jaw: number,
  smile: number,
  t: number,
  rand: () => number,
  symmetric: boolean,
): Float32Array {
  const b = new Float32Array(BLENDSHAPE_NAMES.length);
  const noise = () => 0.02 * (rand() - 0.5);
  b[blendshapeIndex('eyeBlinkLeft')] = Math.min(1, Math.max(0, closure + noise()));
  b[blendshapeIndex('eyeBlinkRight')] = Math.min(1, Math.max(0, closure + noise()));
  b[blendshapeIndex('jawOpen')] = jaw;
  const base: Record<string, number> = {
    mouthSmile: 0.4 * smile,
    browOuterUp: 0.2 + 0.1 * Math.sin(0.7 * t),
    browDown: 0.05 + 0.05 * Math.sin(0.3 * t),
    eyeSquint: 0.1 + 0.05 * Math.sin(0.9 * t),
    cheekSquint: 0.1 * smile,
    mouthFrown: 0.05,
  };
  for (const [l, r] of PAIRS) {
    const v = base[l.replace(/Left$/, '')] ?? 0;
    // Real faces are never exactly symmetric: a few percent of independent difference.
    const asym = symmetric ? 0 : 0.04 * (rand() - 0.5) + 0.03 * Math.sin(0.8 * t + l.length);
    b[blendshapeIndex(l)] = Math.max(0, v + asym);
    b[blendshapeIndex(r)] = Math.max(0, v - (symmetric ? 0 : asym));
  }
  return b;
}

function skin(
  t: number,
  opts: { pulseHz: number; amplitude?: number; noise?: number },
  phase: number,
  gauss: () => number,
): { forehead: Rgb; leftCheek: Rgb; rightCheek: Rgb } {
  // Blood-volume pulse signature of skin in normalised RGB (de Haan & van Leest 2014).
  const pbv = [0.27, 0.8, 0.54];
  const amp = opts.amplitude ?? 0.004;
  const noise = opts.noise ?? 0.002;
  const light =
    1 + 0.03 * Math.sin(2 * Math.PI * 0.07 * t) + 0.01 * Math.sin(2 * Math.PI * 0.23 * t + 1);
  const region = (base: Rgb, lag: number): Rgb => {
    // Heart rate wanders slowly by a couple of beats per minute.
    const f = opts.pulseHz;
    const beat =
      f > 0
        ? Math.sin(2 * Math.PI * f * t + 0.4 * Math.sin(2 * Math.PI * 0.05 * t) + phase + lag)
        : 0;
    return base.map((c, i) => c * light * (1 + amp * pbv[i]! * beat + noise * gauss())) as Rgb;
  };
  return {
    forehead: region([185, 140, 120], 0),
    leftCheek: region([190, 135, 118], 0.15),
    rightCheek: region([188, 137, 119], 0.12),
  };
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/**
 * Face crop: the box grown by 25 % per side, rendered at `size` px on its long side. Skin with
 * smooth shading, dark eyes and mouth, textured background, camera noise sd 3 everywhere. With
 * `seam`, the face inside 90 % of the oval is a pasted patch: shifted colour, noise sd 1.
 */
function renderFace(
  truth: Float64Array,
  box: { x: number; y: number; width: number; height: number },
  opts: { size?: number; seam?: boolean },
  rand: () => number,
  gauss: () => number,
): Crop {
  const cb = {
    x: box.x - 0.25 * box.width,
    y: box.y - 0.25 * box.height,
    width: 1.5 * box.width,
    height: 1.5 * box.height,
  };
  const size = opts.size ?? 160;
  const k = size > 0 ? size / Math.max(cb.width, cb.height) : 1;
  const w = Math.max(1, Math.round(cb.width * k));
  const h = Math.max(1, Math.round(cb.height * k));
  const poly = new Float64Array(FACE_OVAL.length * 2);
  let ox = 0;
  let oy = 0;
  FACE_OVAL.forEach((i, j) => {
    poly[j * 2] = truth[i * 3]!;
    poly[j * 2 + 1] = truth[i * 3 + 1]!;
    ox += truth[i * 3]! / FACE_OVAL.length;
    oy += truth[i * 3 + 1]! / FACE_OVAL.length;
  });
  const inner = new Float64Array(poly.length);
  for (let j = 0; j < poly.length / 2; j++) {
    inner[j * 2] = ox + 0.9 * (poly[j * 2]! - ox);
    inner[j * 2 + 1] = oy + 0.9 * (poly[j * 2 + 1]! - oy);
  }
  const feature = (i: number) => [truth[i * 3]!, truth[i * 3 + 1]!] as const;
  const blobs = [feature(468), feature(473), feature(13)];
  const blobR = 0.06 * box.width;
  const halfW = box.width / 2;
  const halfH = box.height / 2;
  const phase = rand() * 6;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      const X = cb.x + ((u + 0.5) / w) * cb.width;
      const Y = cb.y + ((v + 0.5) / h) * cb.height;
      let rgb: [number, number, number];
      let sd = 3;
      if (insidePolygon(X, Y, poly)) {
        const rr = ((X - ox) / halfW) ** 2 + ((Y - oy) / halfH) ** 2;
        const shade = 1 - 0.2 * rr;
        rgb = [200 * shade, 150 * shade, 128 * shade];
        for (const [bx, by] of blobs) {
          if ((X - bx) ** 2 + (Y - by) ** 2 < blobR * blobR) rgb = [70, 45, 40];
        }
        if (opts.seam && insidePolygon(X, Y, inner)) {
          rgb = [rgb[0] + 10, rgb[1] + 3, rgb[2] - 6];
          sd = 1;
        }
      } else {
        const tex = 10 * Math.sin(X / 9 + phase) * Math.sin(Y / 13);
        rgb = [60 + tex + 0.05 * (Y - cb.y), 80 + tex, 110 + 0.5 * tex];
      }
      const o = (v * w + u) * 4;
      data[o] = clampByte(rgb[0] + sd * gauss());
      data[o + 1] = clampByte(rgb[1] + sd * gauss());
      data[o + 2] = clampByte(rgb[2] + sd * gauss());
      data[o + 3] = 255;
    }
  }
  return { box: cb, width: w, height: h, data };
}

/**
 * Eye crop at native resolution around the eye corners: skin, sclera inside the lids, iris,
 * pupil, and a corneal highlight at `offset` (iris radii) from the iris centre. Supersampled 3x3.
 */
function renderEye(
  truth: Float64Array,
  contour: readonly number[],
  center: number,
  ring: readonly number[],
  closure: number,
  offset: readonly [number, number],
  opts: { radius?: number; highlight?: boolean },
  gauss: () => number,
): Crop {
  const px = (i: number) => [truth[i * 3]!, truth[i * 3 + 1]!] as const;
  const [ax, ay] = px(contour[0]!);
  const [bx, by] = px(contour[8]!);
  const ex = (ax + bx) / 2;
  const ey = (ay + by) / 2;
  const eyeW = Math.hypot(bx - ax, by - ay);
  const cbw = Math.round(1.6 * eyeW);
  const cbh = Math.round(1.0 * eyeW);
  const cb = { x: Math.round(ex - cbw / 2), y: Math.round(ey - cbh / 2), width: cbw, height: cbh };
  const [ix, iy] = px(center);
  let ir = 0;
  for (const r of ring) ir += Math.hypot(truth[r * 3]! - ix, truth[r * 3 + 1]! - iy) / ring.length;
  const halfOpen = (1 - 0.92 * closure) * 0.15 * eyeW;
  const hr = (opts.radius ?? 0.2) * ir;
  const hx = ix + offset[0] * ir;
  const hy = iy + offset[1] * ir;
  const data = new Uint8ClampedArray(cbw * cbh * 4);
  for (let v = 0; v < cbh; v++) {
    for (let u = 0; u < cbw; u++) {
      const acc = [0, 0, 0];
      for (let sv = 0; sv < 3; sv++) {
        for (let su = 0; su < 3; su++) {
          const X = cb.x + u + (su + 0.5) / 3;
          const Y = cb.y + v + (sv + 0.5) / 3;
          // Position along the eye axis, 0..1 between the corners.
          const f = ((X - ax) * (bx - ax) + (Y - ay) * (by - ay)) / (eyeW * eyeW);
          const across = Y - (ay + f * (by - ay));
          const open = f > 0 && f < 1 && Math.abs(across) < halfOpen * Math.sin(Math.PI * f);
          let c = [180, 130, 110];
          if (open) {
            c = [225, 220, 215];
            const d = Math.hypot(X - ix, Y - iy);
            if (d < ir) c = [95, 65, 45];
            if (d < 0.45 * ir) c = [20, 15, 15];
            if (opts.highlight !== false && Math.hypot(X - hx, Y - hy) < hr) c = [252, 252, 252];
          }
          for (let ch = 0; ch < 3; ch++) acc[ch] = acc[ch]! + c[ch]! / 9;
        }
      }
      const o = (v * cbw + u) * 4;
      for (let ch = 0; ch < 3; ch++) data[o + ch] = clampByte(acc[ch]! + 2 * gauss());
      data[o + 3] = 255;
    }
  }
  return { box: cb, width: cbw, height: cbh, data };
}
