// @ts-check
/**
 * The manipulations: per (source clip, method) a deterministic parameter set from a seeded PRNG
 * and the ffmpeg arguments that render it.
 *
 * Every video path goes through the same prefix (scale to even size, yuv420p) and encoder
 * (libx264 veryfast crf 20, AAC), the `reencode` control included. A manipulation renders a
 * face-sized patch, gives it a feathered elliptical alpha and overlays it on the untouched
 * frame, so outside the face a fake is bit-identical to its control before encoding: encoding
 * alone cannot tell real from fake.
 */
import { meanFaceColour } from './face.mjs';
import { Rng, round, seedFrom } from './prng.mjs';

/** Bump when a filter graph changes: it is part of every output's parameter hash. */
export const PIPELINE_VERSION = 5;

/** Bump to draw new random parameters for every clip. */
const SEED_VERSION = 1;

/** Mean level (dBFS) above which a track counts as sound, not a silent placeholder. */
export const AUDIBLE_DB = -50;

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
 * @property {boolean} audible an audio track that is not (near) silence: mean level above
 *   AUDIBLE_DB; only those get the audio manipulations and donate speech
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

/**
 * Axis-aligned box (even position and size, inside the frame) that holds a mask with its
 * feathered edge, so the per-pixel work is done on the face box only.
 * @typedef {{ x: number, y: number, w: number, h: number }} Box
 */

/** @param {number} v */
const evenDown = (v) => 2 * Math.floor(v / 2);
/** @param {number} v */
const evenUp = (v) => 2 * Math.ceil(v / 2);

/**
 * @param {Clip} clip @param {Mask} m @param {number} [extra] pixels around the feathered edge
 * @returns {Box}
 */
function maskBox(clip, m, extra = 2) {
  const a = (m.angleDeg * Math.PI) / 180;
  const halfW = Math.hypot(m.rx * Math.cos(a), m.ry * Math.sin(a)) + 3 * m.feather + extra;
  const halfH = Math.hypot(m.rx * Math.sin(a), m.ry * Math.cos(a)) + 3 * m.feather + extra;
  const x = Math.max(0, evenDown(m.cx - halfW));
  const y = Math.max(0, evenDown(m.cy - halfH));
  const w = Math.min(clip.width, evenUp(m.cx + halfW)) - x;
  const h = Math.min(clip.height, evenUp(m.cy + halfH)) - y;
  return { x, y, w, h };
}

/**
 * Feathered elliptical alpha for the box: a hard ellipse (geq) blurred by gblur, rendered once
 * (one frame; alphamerge repeats the last frame of its alpha input).
 * @param {Clip} clip @param {Mask} m @param {Box} box
 */
function maskSource(clip, m, box) {
  const a = (m.angleDeg * Math.PI) / 180;
  const c = num(Math.cos(a));
  const s = num(Math.sin(a));
  const dx = `(X-${num(m.cx - box.x)})`;
  const dy = `(Y-${num(m.cy - box.y)})`;
  const u = `(${dx}*${c}+${dy}*${s})/${num(m.rx)}`;
  const v = `(${dy}*${c}-${dx}*${s})/${num(m.ry)}`;
  return (
    `color=c=black:s=${box.w}x${box.h}:r=${clip.info.fpsRational}:d=1,trim=end_frame=1,` +
    `format=gray,geq=lum='255*lte(hypot(${u},${v}),1)',gblur=sigma=${num(m.feather)}`
  );
}

/**
 * Common prefix of every video path, the control's included: timestamps from 0, even size,
 * square pixels, yuv420p. Outside the face box a fake is bit-identical to its control before
 * encoding, so encoding alone cannot separate real from fake.
 * @param {Clip} clip
 */
function prep(clip) {
  return `setpts=PTS-STARTPTS,scale=${clip.width}:${clip.height}:flags=bicubic,setsar=1,format=yuv420p`;
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
 * The whole graph: the source (input 0) as [base] and, when the patch needs it, [src];
 * `patchChain` turns [src] or another input into a box-sized [patch]; the patch gets the feathered ellipse as
 * alpha and is overlaid on the base at the box.
 * @param {Clip} clip @param {string} patchChain ends in [patch] @param {Mask} mask @param {Box} box
 */
function patchGraph(clip, patchChain, mask, box) {
  return (
    `[0:v]${prep(clip)}${patchChain.includes('[src]') ? ',split[base][src]' : '[base]'};` +
    `${patchChain};` +
    `${maskSource(clip, mask, box)}[alpha];` +
    `[patch][alpha]alphamerge[face];` +
    `[base][face]overlay=x=${box.x}:y=${box.y}:format=yuv420,format=yuv420p[v]`
  );
}

/**
 * @param {Clip} clip @param {string} graph @param {string} output
 * @param {string[]} [extraInputs]
 */
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
  return new Rng(seedFrom(clip.name, method, String(SEED_VERSION)));
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
    notes: 'control: same decode/scale/encode pipeline as the fakes, no manipulation',
    dependsOn: null,
    build: async ({ output }) => videoArgs(clip, `[0:v]${prep(clip)}[v]`, output),
  };
}

/**
 * Self-Blended Image: the face blended with a slightly transformed copy of itself.
 * @param {Clip} clip @returns {Plan}
 */
function selfBlend(clip) {
  const rng = rngFor(clip, 'self-blend');
  const side = Math.min(clip.width, clip.height);
  const scale = rng.uniform(1.02, 1.06);
  const shiftX = Math.round(rng.uniform(-1, 1) * 0.01 * side);
  const shiftY = Math.round(rng.uniform(-1, 1) * 0.01 * side);
  const brightness = round(rng.sign() * rng.uniform(0.01, 0.035), 3);
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
  const box = maskBox(clip, mask);
  // The box is filled from the source region that, scaled by `scale` about the face centre
  // and moved by (shiftX, shiftY), lands on it.
  const { cx, cy } = clip.face;
  const srcW = Math.min(clip.width, Math.round(box.w / scale));
  const srcH = Math.min(clip.height, Math.round(box.h / scale));
  const srcX = Math.min(
    clip.width - srcW,
    Math.max(0, Math.round((box.x - cx - shiftX) / scale + cx)),
  );
  const srcY = Math.min(
    clip.height - srcH,
    Math.max(0, Math.round((box.y - cy - shiftY) / scale + cy)),
  );
  const effective = round(box.w / srcW, 3);
  // Blur / sharpen the luma only (cheaper, and where SBI's texture change shows).
  const texture = blur ? `gblur=sigma=${blurSigma}:planes=1` : `unsharp=5:5:${sharpen}:5:5:0`;
  const patch =
    `[src]crop=${srcW}:${srcH}:${srcX}:${srcY}:exact=1,scale=${box.w}:${box.h}:flags=bicubic,` +
    `eq=brightness=${brightness}:contrast=${contrast}:saturation=${saturation},hue=h=${hue},` +
    `${texture}[patch]`;
  const params = {
    scale: effective,
    shiftX,
    shiftY,
    brightness,
    contrast,
    saturation,
    hue,
    texture: blur ? { gblur: blurSigma } : { unsharp: sharpen },
    mask,
    box,
    sourceBox: [srcX, srcY, srcW, srcH],
  };
  return {
    method: 'self-blend',
    label: 'fake',
    clip,
    donor: null,
    params,
    mask,
    notes:
      `SBI: copy scaled x${effective} shifted (${shiftX},${shiftY})px, brightness ${brightness} contrast ${contrast} ` +
      `saturation ${saturation} hue ${hue}deg, ${blur ? `blur ${blurSigma}` : `sharpen ${sharpen}`}; ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => videoArgs(clip, patchGraph(clip, patch, mask, box), output),
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
 * @param {Clip} clip @param {readonly Clip[]} all
 */
function donors(clip, all) {
  const others = all.filter((c) => c.file !== clip.file);
  const large = others.filter((c) => c.face.rx >= 0.5 * clip.face.rx);
  return large.length > 0 ? large : others;
}

/**
 * Crude face swap: another clip's face pasted through a feathered ellipse.
 * @param {Clip} clip @param {readonly Clip[]} all @returns {Plan | null}
 */
function facePaste(clip, all) {
  const candidates = donors(clip, all);
  if (candidates.length === 0) return null;
  const rng = rngFor(clip, 'face-paste');
  const donor = rng.pick(candidates);
  const offset = round(rng.uniform(0, Math.max(0, donor.duration - clip.duration)), 2);
  const strength = round(rng.uniform(0.3, 1), 2);
  const mask = faceMask(clip, rng, {
    scale: [0.85, 0.95],
    shift: 0.03,
    tiltDeg: 5,
    feather: [0.05, 0.1],
  });
  const box = maskBox(clip, mask);
  // The donor region that maps onto the box when the donor's face ellipse is stretched onto
  // this clip's face ellipse (clipped to the donor frame: then the patch is smaller).
  const d = donor.face;
  const t = clip.face;
  const toDonorX = (/** @type {number} */ x) => d.cx + ((x - t.cx) / t.rx) * d.rx;
  const toDonorY = (/** @type {number} */ y) => d.cy + ((y - t.cy) / t.ry) * d.ry;
  const toTargetX = (/** @type {number} */ x) => t.cx + ((x - d.cx) / d.rx) * t.rx;
  const toTargetY = (/** @type {number} */ y) => t.cy + ((y - d.cy) / d.ry) * t.ry;
  const dx0 = Math.max(0, Math.round(toDonorX(box.x)));
  const dy0 = Math.max(0, Math.round(toDonorY(box.y)));
  const dx1 = Math.min(donor.width, Math.round(toDonorX(box.x + box.w)));
  const dy1 = Math.min(donor.height, Math.round(toDonorY(box.y + box.h)));
  // Where that region lands (even, so yuv420p crops and overlays stay exact).
  const px = Math.max(box.x, evenDown(toTargetX(dx0)));
  const py = Math.max(box.y, evenDown(toTargetY(dy0)));
  const pw = Math.max(2, Math.min(box.x + box.w, evenUp(toTargetX(dx1))) - px);
  const ph = Math.max(2, Math.min(box.y + box.h, evenUp(toTargetY(dy1))) - py);
  const patchBox = { x: px, y: py, w: pw, h: ph };
  const params = {
    donor: donor.name,
    donorBytes: donor.bytes,
    donorFace: d,
    offset,
    strength,
    mask,
    donorBox: [dx0, dy0, dx1 - dx0, dy1 - dy0],
    box: patchBox,
  };
  return {
    method: 'face-paste',
    label: 'fake',
    clip,
    donor,
    params,
    mask,
    notes:
      `face of ${donor.name} (from ${offset}s, ${dx1 - dx0}x${dy1 - dy0} region) resized to ${pw}x${ph} at (${px},${py}), ` +
      `colour matched ${Math.round(strength * 100)}%; ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => {
      const [target, source] = await Promise.all([faceColour(clip), faceColour(donor)]);
      const gain = target.map((tc, i) => {
        const g = Math.pow(tc / Math.max(1, source[i] ?? 1), strength);
        return round(Math.min(1.6, Math.max(0.6, g)), 3);
      });
      const patch =
        `[1:v]setpts=PTS-STARTPTS,fps=${clip.info.fpsRational},${prep(donor)},` +
        `crop=${dx1 - dx0}:${dy1 - dy0}:${dx0}:${dy0}:exact=1,scale=${pw}:${ph}:flags=bicubic,` +
        `format=gbrp,colorchannelmixer=rr=${gain[0]}:gg=${gain[1]}:bb=${gain[2]},format=yuv420p[patch]`;
      const donorInput = [
        '-stream_loop',
        '-1',
        '-ss',
        num(offset),
        '-t',
        num(clip.duration),
        '-i',
        donor.file,
      ];
      return videoArgs(clip, patchGraph(clip, patch, mask, patchBox), output, donorInput);
    },
  };
}

/**
 * Temporal flicker: an independent small shift + rotation of the face region every frame.
 * @param {Clip} clip @returns {Plan}
 */
function jitter(clip) {
  const rng = rngFor(clip, 'jitter');
  // Per frame the face moves by a vector of length in [1, maxShift] px (never 0 after rounding:
  // the larger component of a vector of length >= 1 is >= 0.707) and turns by up to rotateDeg.
  const maxShift = round(rng.uniform(1.5, 2), 2);
  const rotateDeg = round(rng.uniform(0.3, 0.8), 2);
  const seeds = [rng.uniform(0, 1000), rng.uniform(0, 1000), rng.uniform(0, 1000)].map((s) =>
    round(s, 3),
  );
  const mask = faceMask(clip, rng, {
    scale: [0.9, 1.0],
    shift: 0.03,
    tiltDeg: 5,
    feather: [0.03, 0.06],
  });
  const box = maskBox(clip, mask);
  // Cut the box with a margin (from a padded frame, so boxes at the border work too), rotate
  // it about its centre (near the face centre), then crop it back with a per-frame offset.
  const m = 4;
  const rad = round((rotateDeg * Math.PI) / 180, 5);
  const [s0 = 0, s1 = 0, s2 = 0] = seeds;
  const radius = `(1+${round(maxShift - 1, 2)}*${frameRandom(78.233, s1)})`;
  const angle = `(6.28319*${frameRandom(37.719, s2)})`;
  const patch =
    `[src]pad=${clip.width + 2 * m}:${clip.height + 2 * m}:${m}:${m},` +
    `crop=${box.w + 2 * m}:${box.h + 2 * m}:${box.x}:${box.y},` +
    `rotate=a='${rad}*(2*${frameRandom(12.9898, s0)}-1)':c=black,` +
    `crop=${box.w}:${box.h}:x='${m}+round(${radius}*cos(${angle}))':` +
    `y='${m}+round(${radius}*sin(${angle}))':exact=1[patch]`;
  const params = { maxShift, rotateDeg, seeds, mask, box };
  return {
    method: 'jitter',
    label: 'fake',
    clip,
    donor: null,
    params,
    mask,
    notes: `per-frame independent shift of 1-${maxShift}px (rounded) and rotation up to ${rotateDeg}deg about the face; ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => videoArgs(clip, patchGraph(clip, patch, mask, box), output),
  };
}

/**
 * No blinks: an eye band frozen from one frame, blended into every frame.
 * @param {Clip} clip @returns {Plan}
 */
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
  const box = maskBox(clip, mask);
  // A one-frame patch: overlay repeats the last frame of its overlay input (eof_action=repeat).
  const patch =
    `[src]trim=start_frame=${frame}:end_frame=${frame + 1},setpts=PTS-STARTPTS,` +
    `crop=${box.w}:${box.h}:${box.x}:${box.y}[patch]`;
  const params = { frame, mask, box };
  return {
    method: 'freeze-eyes',
    label: 'fake',
    clip,
    donor: null,
    params,
    mask,
    notes: `eye band frozen at frame ${frame} (no blinks, static gaze); ${maskNote(mask)}`,
    dependsOn: null,
    build: async ({ output }) => videoArgs(clip, patchGraph(clip, patch, mask, box), output),
  };
}

/** @param {Clip} clip @param {string} output */
function audioTail(clip, output) {
  return [
    ...audioOut(clip),
    '-c:v',
    'copy',
    '-movflags',
    '+faststart',
    '-map_metadata',
    '-1',
    '-t',
    num(clip.duration),
    '-f',
    'mp4',
    output,
  ];
}

/**
 * Audio 300 ms late, video bit-identical to the control (stream copy).
 * @param {Clip} clip @returns {Plan | null}
 */
function avShift(clip) {
  if (!clip.audible) return null;
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

/**
 * Another real clip's speech over this video, trimmed / looped to length.
 * @param {Clip} clip @param {readonly Clip[]} all @returns {Plan | null}
 */
function avSwap(clip, all) {
  if (!clip.audible) return null;
  const candidates = all.filter((c) => c.file !== clip.file && c.audible);
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
