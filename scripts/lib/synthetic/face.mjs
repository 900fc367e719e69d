// @ts-check
/**
 * Where the face is in a source clip, as one static ellipse in output pixels.
 *
 * Default: frame geometry. Most talking-head clips are centred crops whose inner face (brows to
 * chin, cheek to cheek) sits in an upright ellipse slightly below the middle of the frame.
 * Better, optional: a per-clip ellipse from a faces table (KNOWN_FACES below, measured once by
 * eye on three frames of each ../shared fixture clip, or a --faces JSON file with the same
 * shape). Nothing depends on the table: unknown clips use the geometry.
 */
import { ffmpeg } from './ffmpeg.mjs';

/**
 * Face ellipse as fractions of the frame: centre (cx of width, cy of height), semi-axes (rx of
 * width, ry of height) and the eye line (eyeY of height).
 * @typedef {{ cx: number, cy: number, rx: number, ry: number, eyeY?: number, note?: string }} FaceFraction
 */

/**
 * Face ellipse in output pixels.
 * @typedef {{ cx: number, cy: number, rx: number, ry: number, eyeY: number, from: 'table' | 'faces-file' | 'geometry' }} FaceEllipse
 */

/**
 * Inner-face ellipses of the real fixture clips (../shared/fixtures/media), measured on frames
 * at 5 %, 50 % and 95 % of the first 8 s. Heads move, so these are averages: a seam that drifts
 * over the face is still a manipulation.
 * @type {Readonly<Record<string, FaceFraction>>}
 */
export const KNOWN_FACES = {
  'real__ghost__orig.webm': {
    cx: 0.51,
    cy: 0.33,
    rx: 0.08,
    ry: 0.1,
    eyeY: 0.29,
    note: 'full body, small face',
  },
  'real__hdtf__RD_Radio2_000_yuv420p.mp4': { cx: 0.5, cy: 0.56, rx: 0.22, ry: 0.3, eyeY: 0.47 },
  'real__hdtf__RD_Radio34_000_yuv420p.mp4': { cx: 0.5, cy: 0.56, rx: 0.23, ry: 0.3, eyeY: 0.46 },
  'real__hdtf__WDA_BobMenendez_000_yuv420p.mp4': {
    cx: 0.5,
    cy: 0.56,
    rx: 0.25,
    ry: 0.31,
    eyeY: 0.47,
  },
  'real__liveportrait__d0.mp4': { cx: 0.5, cy: 0.54, rx: 0.2, ry: 0.26, eyeY: 0.48 },
  'real__liveportrait__d10.mp4': { cx: 0.5, cy: 0.53, rx: 0.17, ry: 0.25, eyeY: 0.45 },
  'real__liveportrait__d3.mp4': { cx: 0.5, cy: 0.56, rx: 0.22, ry: 0.3, eyeY: 0.5 },
  'real__liveportrait__d5.mp4': { cx: 0.5, cy: 0.56, rx: 0.23, ry: 0.3, eyeY: 0.45 },
  'real__liveportrait__d8.mp4': { cx: 0.49, cy: 0.58, rx: 0.23, ry: 0.3, eyeY: 0.48 },
  'real__liveportrait__d9.mp4': { cx: 0.48, cy: 0.56, rx: 0.22, ry: 0.28, eyeY: 0.45 },
  'real__tpsmm__driving.mp4': { cx: 0.5, cy: 0.53, rx: 0.25, ry: 0.31, eyeY: 0.45 },
  'real__vox__pcavs_audio_00015.mp4': { cx: 0.5, cy: 0.38, rx: 0.27, ry: 0.32, eyeY: 0.25 },
  'real__vox__pcavs_audio_00086.mp4': { cx: 0.55, cy: 0.38, rx: 0.27, ry: 0.32, eyeY: 0.25 },
  'real__vox__pcavs_input_00098.mp4': { cx: 0.55, cy: 0.38, rx: 0.26, ry: 0.32, eyeY: 0.27 },
};

/**
 * Geometry prior for a centred talking-head crop; taller-than-wide frames keep the face in
 * the upper square.
 * @param {number} width @param {number} height
 * @returns {FaceFraction}
 */
export function geometryFace(width, height) {
  const side = Math.min(width, height);
  const cyPx = height > width * 1.15 ? 0.55 * side : 0.53 * height;
  return {
    cx: 0.5,
    cy: cyPx / height,
    rx: (0.22 * side) / width,
    ry: (0.29 * side) / height,
    eyeY: (cyPx - 0.27 * 0.29 * side) / height,
  };
}

/** @param {unknown} value @returns {value is FaceFraction} */
export function isFaceFraction(value) {
  if (!value || typeof value !== 'object') return false;
  const v = /** @type {Record<string, unknown>} */ (value);
  const inUnit = (/** @type {unknown} */ x) => typeof x === 'number' && x > 0 && x < 1;
  return inUnit(v['cx']) && inUnit(v['cy']) && inUnit(v['rx']) && inUnit(v['ry']);
}

/**
 * @param {string} name source file name
 * @param {number} width output width @param {number} height output height
 * @param {Record<string, FaceFraction>} [overrides] from --faces
 * @returns {FaceEllipse}
 */
export function faceEllipse(name, width, height, overrides = {}) {
  const override = overrides[name];
  const known = KNOWN_FACES[name];
  /** @type {FaceEllipse['from']} */
  let from = 'geometry';
  let f = geometryFace(width, height);
  if (override) {
    f = override;
    from = 'faces-file';
  } else if (known) {
    f = known;
    from = 'table';
  }
  const ry = f.ry * height;
  return {
    cx: f.cx * width,
    cy: f.cy * height,
    rx: f.rx * width,
    ry,
    eyeY: f.eyeY !== undefined ? f.eyeY * height : f.cy * height - 0.27 * ry,
    from,
  };
}

/**
 * Mean RGB (0-255) inside the face ellipse over a few frames, for the face-paste colour match.
 * @param {string} file
 * @param {number} duration seconds to look at
 * @param {FaceEllipse} face in output pixels
 * @param {number} width output width @param {number} height output height
 * @returns {Promise<[number, number, number]>}
 */
export async function meanFaceColour(file, duration, face, width, height) {
  const G = 48;
  const frames = 6;
  const { stdout } = await ffmpeg([
    '-t',
    String(duration),
    '-i',
    file,
    '-vf',
    `fps=${frames / duration},scale=${G}:${G}:flags=area`,
    '-frames:v',
    String(frames),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ]);
  let r = 0;
  let g = 0;
  let b = 0;
  let count = 0;
  const n = Math.floor(stdout.length / (G * G * 3));
  for (let k = 0; k < n; k++) {
    for (let y = 0; y < G; y++) {
      for (let x = 0; x < G; x++) {
        const u = (((x + 0.5) / G) * width - face.cx) / face.rx;
        const v = (((y + 0.5) / G) * height - face.cy) / face.ry;
        if (u * u + v * v > 0.7 * 0.7) continue;
        const i = ((k * G + y) * G + x) * 3;
        r += stdout[i] ?? 0;
        g += stdout[i + 1] ?? 0;
        b += stdout[i + 2] ?? 0;
        count++;
      }
    }
  }
  if (count === 0) return [128, 128, 128];
  return [r / count, g / count, b / count];
}
