// @ts-check
/**
 * The manipulations: per (source clip, method) a deterministic parameter set from a seeded PRNG
 * and the ffmpeg arguments that render it.
 *
 * Every video path goes through the same prefix (scale to even size, planar RGB) and suffix
 * (yuv420p, libx264 veryfast crf 20, AAC), the `reencode` control included, so outside the
 * manipulated region a fake is pixel-identical to its control before encoding: encoding alone
 * cannot tell real from fake.
 */
import { meanFaceColour } from './face.mjs';
import { Rng, round, seedFrom } from './prng.mjs';

/** Bump when a filter graph changes: it is part of every output's parameter hash. */
export const PIPELINE_VERSION = 1;

/** Encoder settings shared by every output (hashed too). */
export const ENCODE = {
  video: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'],
  videoExtra: ['-profile:v', 'high', '-movflags', '+faststart', '-map_metadata', '-1'],
  audioBitrate: '128k',
};

export const METHODS = /** @type {const} */ ([
  'reencode',
  'self-blend',
  'face-paste',
  'jitter',
  'freeze-eyes',
  'av-shift-300ms',
  'av-swap',
]);

/** @typedef {(typeof METHODS)[number]} Method */

/**
 * A real source clip as the generator sees it.
 * @typedef {object} Clip
 * @property {string} file absolute path
 * @property {string} name file name (the source manifest's `file`)
 * @property {string} stem name without extension
 * @property {number} bytes
 * @property {import('./ffmpeg.mjs').MediaInfo} info
 * @property {number} duration seconds rendered: min(cap, video duration)
 * @property {number} width even output width
 * @property {number} height even output height
 * @property {import('./face.mjs').FaceEllipse} face in output pixels
 */

/**
 * A feathered, possibly rotated, elliptical mask in output pixels.
 * @typedef {{ cx: number, cy: number, rx: number, ry: number, angleDeg: number, feather: number }} Mask
 */

/**
 * One output to render.
 * @typedef {object} Plan
 * @property {Method} method
 * @property {'real' | 'fake'} label
 * @property {Clip} clip
 * @property {Clip | null} donor the other clip whose face or voice is used
 * @property {Record<string, unknown>} params everything that shapes the output (hashed)
 * @property {Mask | null} mask the manipulated region, when there is one
 * @property {string} notes one human-readable line for the manifest
 * @property {Method | null} dependsOn an output of the same clip used as an input
 * @property {(ctx: BuildContext) => Promise<string[]>} build ffmpeg arguments, output last
 */

/**
 * @typedef {object} BuildContext
 * @property {string} output path to write (mp4)
 * @property {string | null} dependency path of the `dependsOn` output
 */

/** @param {number} v */
const num = (v) => String(round(v, 3));

/** Feathered elliptical mask as a one-frame planar-RGB stream, repeated by maskedmerge. */
/** @param {Clip} clip @param {Mask} m */
function maskSource(clip, m) {
  const a = (m.angleDeg * Math.PI) / 180;
  const c = num(Math.cos(a));
  const s = num(Math.sin(a));
  const dx = `(X-${num(m.cx)})`;
  const dy = `(Y-${num(m.cy)})`;
  const u = `(${dx}*${c}+${dy}*${s})/${num(m.rx)}`;
  const v = `(${dy}*${c}-${dx}*${s})/${num(m.ry)}`;
  return (
    `color=c=black:s=${clip.width}x${clip.height}:r=${clip.info.fpsRational}:d=1,trim=end_frame=1,` +
    `format=gray,geq=lum='255*lte(hypot(${u},${v}),1)',gblur=sigma=${num(m.feather)},format=gbrp`
  );
}

/** Common prefix: timestamps from 0, even size, square pixels, planar RGB. @param {Clip} clip */
function prep(clip) {
  return `setpts=PTS-STARTPTS,scale=${clip.width}:${clip.height}:flags=bicubic,setsar=1,format=gbrp`;
}

/** @param {Clip} clip */
function audioOut(clip) {
  if (!clip.info.hasAudio) return ['-an'];
  return [
    '-c:a',
    'aac',
    '-b:a',
    ENCODE.audioBitrate,
    '-ar',
    String(clip.info.sampleRate ?? 44100),
    '-ac',
    String(clip.info.channels ?? 2),
  ];
}

/** @param {Clip} clip @param {string} output */
function videoOut(clip, output) {
  return [...ENCODE.video, ...ENCODE.videoExtra, '-t', num(clip.duration), '-f', 'mp4', output];
}

/** @param {Clip} clip */
function sourceInput(clip) {
  return ['-t', num(clip.duration), '-i', clip.file];
}

/**
 * Base (input 0) merged with an overlay through a mask: the whole graph's tail.
 * @param {Clip} clip @param {string} fgChain filters from [src] to [fg] @param {Mask} mask
 */
function maskedGraph(clip, fgChain, mask) {
  return (
    `[0:v]${prep(clip)},split[base][src];` +
    `${fgChain};` +
    `${maskSource(clip, mask)}[m];` +
    `[base][fg][m]maskedmerge,format=yuv420p[v]`
  );
}

/** @param {Clip} clip @param {string} graph @param {string} output @param {string[]} [extraInputs] */
function videoArgs(clip, graph, output, extraInputs = []) {
  return [
    '-y',
    ...sourceInput(clip),
    ...extraInputs,
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    ...(clip.info.hasAudio ? ['-map', '0:a:0'] : []),
    ...audioOut(clip),
    ...videoOut(clip, output),
  ];
}

/**
 * The face ellipse, randomly resized / moved / tilted, as a mask.
 * @param {Clip} clip @param {Rng} rng
 * @param {{ scale: [number, number], shift: number, tiltDeg: number, feather: [number, number] }} o
 * @returns {Mask}
 */
function faceMask(clip, rng, o) {
  const f = clip.face;
  return {
    cx: round(f.cx + rng.uniform(-o.shift, o.shift) * f.rx, 1),
    cy: round(f.cy + rng.uniform(-o.shift, o.shift) * f.ry, 1),
    rx: round(f.rx * rng.uniform(o.scale[0], o.scale[1]), 1),
    ry: round(f.ry * rng.uniform(o.scale[0], o.scale[1]), 1),
    angleDeg: round(rng.uniform(-o.tiltDeg, o.tiltDeg), 1),
    feather: round(Math.max(1.5, f.rx * rng.uniform(o.feather[0], o.feather[1])), 1),
  };
}

/** @param {Mask} m */
function maskNote(m) {
  return `ellipse c=(${Math.round(m.cx)},${Math.round(m.cy)}) r=(${Math.round(m.rx)},${Math.round(m.ry)}) tilt=${m.angleDeg}deg feather=${m.feather}px`;
}

/**
 * Per-frame pseudo-random number in [0, 1) inside an ffmpeg expression (a shader-style hash
 * of the frame number n, so frames are independent and the sequence is seeded per clip).
 * @param {number} freq @param {number} seed
 */
function frameRandom(freq, seed) {
  const h = `sin(n*${freq}+${seed})*43758.5453`;
  return `(${h}-floor(${h}))`;
}

/** @param {Clip} clip @param {Method} method */
function rngFor(clip, method) {
  return new Rng(seedFrom(clip.name, method, String(PIPELINE_VERSION)));
}

/** @param {Clip} clip @returns {Plan} */
function reencode(clip) {
  return {
    method: 'reencode',
    label: 'real',
    clip,
    donor: null,
    params: {},
    mask: null,
    notes: 'control: same decode/scale/RGB/encode pipeline, no manipulation',
    dependsOn: null,
    build: async ({ output }) =>
      videoArgs(clip, `[0:v]${prep(clip)},format=yuv420p[v]`, output),
  };
}

/** Self-Blended Image: the face blended with a slightly transformed copy of itself. */
/** @param {Clip} clip @returns {Plan} */
function selfBlend(clip) {
  const rng = rngFor(clip, 'self-blend');
  const side = Math.min(clip.width, clip.height);
  const scale = round(rng.uniform(1.02, 1.06), 3);
  const shiftX = Math.round(rng.uniform(-1, 1) * 0.01 * side);
  const shiftY = Math.round(rng.uniform(-1, 1) * 0.01 * side);
  const brightness = round(rng.sign() * rng.uniform(0.015, 0.05), 3);
  const contrast = round(rng.uniform(0.94, 1.06), 3);
  const saturation = round(rng.uniform(0.85, 1.15), 3);
  const hue = round(rng.sign() * rng.uniform(2, 8), 1);
  const blur = rng.next() < 0.5;
  const blurSigma = round(rng.uniform(0.5, 1.3), 2);
  const sharpen = round(rng.uniform(0.5, 1.2), 2);
  const mask = faceMask(clip, rng, {
    scale: [0.85, 1.0],
    shift: 0.05,
    tiltDeg: 8,
    feather: [0.04, 0.1],
  });
  const sw = Math.round(clip.width * scale);
  const sh = Math.round(clip.height * scale);
  // Scale about the face centre, then move by (shiftX, shiftY).
  const cropX = Math.min(sw - clip.width, Math.max(0, Math.round(scale * (clip.face.cx - shiftX) - clip.face.cx)));
  const cropY = Math.min(sh - clip.height, Math.max(0, Math.round(scale * (clip.face.cy - shiftY) - clip.face.cy)));
  const texture = blur ? `gblur=sigma=${blurSigma}` : `unsharp=5:5:${sharpen}:5:5:0`;
  const fg =
    `[src]scale=${sw}:${sh}:flags=bicubic,crop=${clip.width}:${clip.height}:${cropX}:${cropY},` +
    `format=yuv444p,eq=brightness=${brightness}:contrast=${contrast}:saturation=${saturation},` +
    `hue=h=${hue},${texture},format=gbrp[fg]`;
  const params = {
    scale,
    shiftX,
    shiftY,
    brightness,
    contrast,
    saturation,
    hue,
    texture: blur ? { gblur: blurSigma } : { unsharp: sharpen },
    mask,
  };
  return {
    method: 'self-blend',
    label: 'fake',
    clip,
    donor: null,
    params,
    mask,
    notes:
      `SBI: copy scaled x${scale} shifted (${shiftX},${shiftY})px, brightness ${brightness} contrast ${contrast} ` +
      `saturation ${saturation} hue ${hue}deg, ${blur ? `blur ${blurSigma}` : `sharpen ${sharpen}`}; ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => videoArgs(clip, maskedGraph(clip, fg, mask), output),
  };
}

/** @type {Map<string, Promise<[number, number, number]>>} */
const colourCache = new Map();

/** @param {Clip} clip */
function faceColour(clip) {
  let colour = colourCache.get(clip.file);
  if (!colour) {
    colour = meanFaceColour(clip.file, clip.duration, clip.face, clip.width, clip.height);
    colourCache.set(clip.file, colour);
  }
  return colour;
}

/**
 * Donor candidates: other clips, preferring faces at least half as large (in pixels) as the
 * target's so the pasted face is not a blurry upscale.
 * @param {Clip} clip @param {readonly Clip[]} all @param {(c: Clip) => boolean} [ok]
 */
function donors(clip, all, ok = () => true) {
  const others = all.filter((c) => c.file !== clip.file && ok(c));
  const large = others.filter((c) => c.face.rx >= 0.5 * clip.face.rx);
  return large.length > 0 ? large : others;
}

/** Crude face swap: another clip's face pasted through a feathered ellipse. */
/** @param {Clip} clip @param {readonly Clip[]} all @returns {Plan | null} */
function facePaste(clip, all) {
  const candidates = donors(clip, all);
  if (candidates.length === 0) return null;
  const rng = rngFor(clip, 'face-paste');
  const donor = rng.pick(candidates);
  const offset = round(rng.uniform(0, Math.max(0, donor.duration - clip.duration)), 2);
  const strength = round(rng.uniform(0.3, 1), 2);
  const mask = faceMask(clip, rng, { scale: [0.85, 0.95], shift: 0.03, tiltDeg: 5, feather: [0.05, 0.1] });
  // Donor box: its face ellipse grown by 20 %, clipped to its frame; the target box is the
  // same box in the target's face-normalised coordinates.
  const d = donor.face;
  const t = clip.face;
  const grow = 1.2;
  const x0 = Math.max(0, Math.round(d.cx - grow * d.rx));
  const y0 = Math.max(0, Math.round(d.cy - grow * d.ry));
  const x1 = Math.min(donor.width, Math.round(d.cx + grow * d.rx));
  const y1 = Math.min(donor.height, Math.round(d.cy + grow * d.ry));
  const tx0 = Math.round(t.cx + ((x0 - d.cx) / d.rx) * t.rx);
  const ty0 = Math.round(t.cy + ((y0 - d.cy) / d.ry) * t.ry);
  const tw = Math.max(2, Math.round(((x1 - x0) / d.rx) * t.rx));
  const th = Math.max(2, Math.round(((y1 - y0) / d.ry) * t.ry));
  const params = {
    donor: donor.name,
    donorBytes: donor.bytes,
    offset,
    strength,
    mask,
    donorBox: [x0, y0, x1 - x0, y1 - y0],
    targetBox: [tx0, ty0, tw, th],
  };
  return {
    method: 'face-paste',
    label: 'fake',
    clip,
    donor,
    params,
    mask,
    notes:
      `face of ${donor.name} (from ${offset}s, box ${x1 - x0}x${y1 - y0}) resized to ${tw}x${th} at (${tx0},${ty0}), ` +
      `colour matched ${Math.round(strength * 100)}%; ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => {
      const [target, source] = await Promise.all([faceColour(clip), faceColour(donor)]);
      const gain = target.map((tc, i) => {
        const g = Math.pow(tc / Math.max(1, source[i] ?? 1), strength);
        return round(Math.min(1.6, Math.max(0.6, g)), 3);
      });
      const fg =
        `[1:v]setpts=PTS-STARTPTS,fps=${donor.info.fpsRational},${prep(donor)},` +
        `crop=${x1 - x0}:${y1 - y0}:${x0}:${y0},scale=${tw}:${th}:flags=bicubic,format=gbrp,` +
        `colorchannelmixer=rr=${gain[0]}:gg=${gain[1]}:bb=${gain[2]}[face];` +
        `[src][face]overlay=x=${tx0}:y=${ty0}:format=gbrp:eof_action=repeat[fg]`;
      const donorInput = ['-stream_loop', '-1', '-ss', num(offset), '-t', num(clip.duration), '-i', donor.file];
      return videoArgs(clip, maskedGraph(clip, fg, mask), output, donorInput);
    },
  };
}

/** Temporal flicker: an independent small shift + rotation of the face region every frame. */
/** @param {Clip} clip @returns {Plan} */
function jitter(clip) {
  const rng = rngFor(clip, 'jitter');
  const amplitude = round(rng.uniform(1, 2), 2);
  const rotateDeg = round(rng.uniform(0.3, 0.8), 2);
  const seeds = [rng.uniform(0, 1000), rng.uniform(0, 1000), rng.uniform(0, 1000)].map((s) => round(s, 3));
  const mask = faceMask(clip, rng, { scale: [0.9, 1.0], shift: 0.03, tiltDeg: 5, feather: [0.03, 0.06] });
  // Pad so the face centre is the canvas centre: rotate turns about the face, not the frame.
  const fx = Math.round(clip.face.cx);
  const fy = Math.round(clip.face.cy);
  const margin = 4;
  const pw = 2 * (Math.max(fx, clip.width - fx) + margin);
  const ph = 2 * (Math.max(fy, clip.height - fy) + margin);
  const ox = pw / 2 - fx;
  const oy = ph / 2 - fy;
  const rad = round((rotateDeg * Math.PI) / 180, 5);
  const [s0 = 0, s1 = 0, s2 = 0] = seeds;
  const fg =
    `[src]pad=${pw}:${ph}:${ox}:${oy}:color=black,` +
    `rotate=a='${rad}*(2*${frameRandom(12.9898, s0)}-1)':c=black,` +
    `crop=${clip.width}:${clip.height}:x='${ox}+round(${amplitude}*(2*${frameRandom(78.233, s1)}-1))':` +
    `y='${oy}+round(${amplitude}*(2*${frameRandom(37.719, s2)}-1))'[fg]`;
  const params = { amplitude, rotateDeg, seeds, mask };
  return {
    method: 'jitter',
    label: 'fake',
    clip,
    donor: null,
    params,
    mask,
    notes: `per-frame independent shift up to ${amplitude}px (rounded) and rotation up to ${rotateDeg}deg about the face; ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => videoArgs(clip, maskedGraph(clip, fg, mask), output),
  };
}

/** No blinks: an eye band frozen from one frame, blended into every frame. */
/** @param {Clip} clip @returns {Plan} */
function freezeEyes(clip) {
  const rng = rngFor(clip, 'freeze-eyes');
  const frames = Math.max(1, Math.floor(clip.duration * clip.info.fps));
  const frame = Math.min(frames - 1, Math.round(rng.uniform(0.1, 0.5) * frames));
  const f = clip.face;
  const rx = f.rx * rng.uniform(0.8, 0.95);
  const ry = f.ry * rng.uniform(0.16, 0.22);
  /** @type {Mask} */
  const mask = {
    cx: round(f.cx, 1),
    cy: round(f.eyeY, 1),
    rx: round(rx, 1),
    ry: round(ry, 1),
    angleDeg: 0,
    feather: round(Math.max(1.5, ry * 0.25), 1),
  };
  const fg = `[src]trim=start_frame=${frame}:end_frame=${frame + 1},setpts=PTS-STARTPTS[fg]`;
  const params = { frame, mask };
  return {
    method: 'freeze-eyes',
    label: 'fake',
    clip,
    donor: null,
    params,
    mask,
    notes: `eye band frozen at frame ${frame} (no blinks, static gaze); ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => videoArgs(clip, maskedGraph(clip, fg, mask), output),
  };
}

/** @param {Clip} clip */
function audioTail(clip, output) {
  return [...audioOut(clip), '-c:v', 'copy', '-movflags', '+faststart', '-map_metadata', '-1', '-t', num(clip.duration), '-f', 'mp4', output];
}

/** Audio 300 ms late, video bit-identical to the control (stream copy). */
/** @param {Clip} clip @returns {Plan | null} */
function avShift(clip) {
  if (!clip.info.hasAudio) return null;
  const delayMs = 300;
  return {
    method: 'av-shift-300ms',
    label: 'fake',
    clip,
    donor: null,
    params: { delayMs },
    mask: null,
    notes: `audio delayed ${delayMs} ms (first ${delayMs} ms silent), video stream copied from the reencode control`,
    dependsOn: 'reencode',
    build: async ({ output, dependency }) => [
      '-y',
      '-i',
      String(dependency),
      ...sourceInput(clip),
      '-filter_complex',
      `[1:a]aresample=${clip.info.sampleRate},adelay=delays=${delayMs}:all=1,apad,atrim=end=${num(clip.duration)}[a]`,
      '-map',
      '0:v:0',
      '-map',
      '[a]',
      ...audioTail(clip, output),
    ],
  };
}

/** Another real clip's speech over this video, trimmed / looped to length. */
/** @param {Clip} clip @param {readonly Clip[]} all @returns {Plan | null} */
function avSwap(clip, all) {
  if (!clip.info.hasAudio) return null;
  const candidates = all.filter((c) => c.file !== clip.file && c.info.hasAudio);
  if (candidates.length === 0) return null;
  const rng = rngFor(clip, 'av-swap');
  const donor = rng.pick(candidates);
  const available = Math.min(donor.info.duration, 60);
  const offset = round(rng.uniform(0, Math.max(0, available - clip.duration)), 2);
  return {
    method: 'av-swap',
    label: 'fake',
    clip,
    donor,
    params: { donor: donor.name, donorBytes: donor.bytes, offset },
    mask: null,
    notes: `audio replaced by ${donor.name} from ${offset}s (looped/trimmed to length), video stream copied from the reencode control`,
    dependsOn: 'reencode',
    build: async ({ output, dependency }) => [
      '-y',
      '-i',
      String(dependency),
      '-stream_loop',
      '-1',
      '-ss',
      num(offset),
      '-t',
      num(clip.duration),
      '-i',
      donor.file,
      '-filter_complex',
      `[1:a]aresample=${clip.info.sampleRate},apad,atrim=end=${num(clip.duration)}[a]`,
      '-map',
      '0:v:0',
      '-map',
      '[a]',
      ...audioTail(clip, output),
    ],
  };
}

/**
 * The plan of one method for one clip, or null when it does not apply (no audio, no donor).
 * @param {Method} method @param {Clip} clip @param {readonly Clip[]} all every real clip (donors)
 * @returns {Plan | null}
 */
export function planFor(method, clip, all) {
  switch (method) {
    case 'reencode':
      return reencode(clip);
    case 'self-blend':
      return selfBlend(clip);
    case 'face-paste':
      return facePaste(clip, all);
    case 'jitter':
      return jitter(clip);
    case 'freeze-eyes':
      return freezeEyes(clip);
    case 'av-shift-300ms':
      return avShift(clip);
    case 'av-swap':
      return avSwap(clip, all);
  }
}
