/**
 * Face tracks: what the face analysis (lib/ml/face, offscreen) hands to the cues (lib/cues).
 * Plain data, no browser types, so cues are pure functions tested in Node.
 *
 * Conventions
 * - Landmarks are MediaPipe FaceLandmarker's 478 points (468 mesh + 10 iris: 468-472 one iris,
 *   473-477 the other), stored as x, y, z triples NORMALISED TO THE FACE BOX: x = 0 at the box's
 *   left edge and 1 at its right edge, y likewise top to bottom, z in the same unit as x.
 *   Pixel position in the frame: box.x + x * box.width, box.y + y * box.height.
 * - Blendshapes are the 52 MediaPipe scores in BLENDSHAPE_NAMES order.
 * - Angles are radians. Times are media seconds.
 */

/** Axis-aligned box in frame pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Head pose from the facial transformation matrix (radians; yaw > 0 = turning to its left). */
export interface Pose {
  yaw: number;
  pitch: number;
  roll: number;
}

/** A small RGBA crop of the frame and where it came from. */
export interface Crop {
  /**
   * Where the crop lies in the frame, pixels (before resizing to width x height); fractional
   * when the crop was read from a native face crop, which has more pixels than the frame.
   */
  box: Box;
  width: number;
  height: number;
  /** RGBA, width * height * 4 bytes. */
  data: Uint8ClampedArray;
}

/** Mean RGB (0-255) of a skin region, for the pulse cue. */
export type Rgb = [number, number, number];

/** Everything kept about one face in one analysed frame. */
export interface FaceSample {
  /** Media time, s. */
  t: number;
  /** Index of the analysed frame within the video (gaps mean frames without this face). */
  frame: number;
  frameWidth: number;
  frameHeight: number;
  box: Box;
  /** 478 * 3 values, normalised to `box` (see above). */
  landmarks: Float32Array;
  /** 52 values in BLENDSHAPE_NAMES order; empty when the model gave none. */
  blendshapes: Float32Array;
  /** From the facial transformation matrix; null when the model gave none. */
  pose: Pose | null;
  /**
   * MesoNet's P(real) for this face's crop (0..1), on the frames where the frame model ran
   * (every few frames; absent elsewhere or when the model is unavailable).
   */
  mesonetPReal?: number;
  /**
   * Source (video) pixels per frame pixel, when the video is larger than the sampled frame:
   * the face's size in the source is box.width * sourceScale.
   */
  sourceScale?: number;
  /**
   * Pixels of the image the skin means and crops were read from, per frame pixel: above 1 when
   * they came from a native face crop. Absent: the frame itself.
   */
  measuredScale?: number;
  /**
   * The blend model's P(fake) for this face's crop (0..1; lib/ml/frame-model), on the frames
   * where it ran (every few frames, main face only; absent elsewhere or when it is unavailable).
   */
  blendPFake?: number;
  /** Where the blend model saw the blend: per-cell logits, row-major size x size over its crop. */
  blendMap?: { size: number; values: Float32Array };
  /**
   * Mean skin colour of three regions, measured at sampling time (from the native face crop
   * when the frame carried one).
   */
  skin?: { forehead: Rgb; leftCheek: Rgb; rightCheek: Rgb };
  /** Small crops for pixel cues; kept for a subset of frames to bound memory. */
  crops?: {
    /** Face box grown by 25% on each side, so a ring of background/hair surrounds the face. */
    face?: Crop;
    leftEye?: Crop;
    rightEye?: Crop;
    mouth?: Crop;
  };
}

/** One person's face over time. */
export interface FaceTrack {
  id: number;
  /** Samples in time order. */
  samples: FaceSample[];
  /** Rate at which frames were analysed (frames/s), for cues that need a time base. */
  fps: number;
}

/** The 52 blendshape names in MediaPipe's output order. */
export const BLENDSHAPE_NAMES = [
  '_neutral',
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'eyeLookDownLeft',
  'eyeLookDownRight',
  'eyeLookInLeft',
  'eyeLookInRight',
  'eyeLookOutLeft',
  'eyeLookOutRight',
  'eyeLookUpLeft',
  'eyeLookUpRight',
  'eyeSquintLeft',
  'eyeSquintRight',
  'eyeWideLeft',
  'eyeWideRight',
  'jawForward',
  'jawLeft',
  'jawOpen',
  'jawRight',
  'mouthClose',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthFunnel',
  'mouthLeft',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthPucker',
  'mouthRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'noseSneerLeft',
  'noseSneerRight',
] as const;

export type BlendshapeName = (typeof BLENDSHAPE_NAMES)[number];

/** Index of a blendshape in `FaceSample.blendshapes`. */
export function blendshapeIndex(name: BlendshapeName): number {
  return BLENDSHAPE_NAMES.indexOf(name);
}
