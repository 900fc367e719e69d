/**
 * Planar frames (issue #16): the content script copies the decoded video frame's own planes
 * (`VideoFrame.copyTo`, no canvas, no scaling: ~0.4 ms for 512x512 I420 against ~3 ms for the
 * canvas draw + read-back of the downscaled frame and the face crop) and the extension draws
 * the downscaled frame and the native face crop from them (lib/analysis/planar-render.ts), so
 * that the page's main thread does no pixel work. Everything here is untrusted page data.
 */
import type { FrameMessage } from './frame-protocol';
import {
  MAX_FACE_CROP_SIDE,
  MAX_FRAME_SIDE,
  MAX_SOURCE_SIDE,
  parseFrameHeader,
} from './frame-protocol';
import { int, isRecord, oneOf, record } from './validate';

/** 8-bit pixel formats whose packed layout the host can rebuild a VideoFrame from. */
export const PLANAR_FORMATS = [
  'I420',
  'I420A',
  'I422',
  'I444',
  'NV12',
  'RGBA',
  'RGBX',
  'BGRA',
  'BGRX',
] as const;
export type PlanarFormat = (typeof PLANAR_FORMATS)[number];

/** Largest decoded frame sent as planes, in pixels (1920x1088); larger goes through a canvas. */
export const MAX_PLANAR_PIXELS = 1920 * 1088;

/** The colour space fields a VideoFrame reports (VideoColorSpaceInit), validated. */
export interface PlanesColorSpace {
  primaries?: string;
  transfer?: string;
  matrix?: string;
  fullRange?: boolean;
}

/**
 * The fields a frame's colour space actually states (`VideoColorSpace.toJSON()` reports unknown
 * ones as null), or undefined when it states none: the drawing then assumes the format's default.
 */
export function statedColorSpace(json: object): PlanesColorSpace | undefined {
  const stated = Object.entries(json).filter(([, v]) => v != null);
  return stated.length > 0 ? (Object.fromEntries(stated) as PlanesColorSpace) : undefined;
}

/** Where the host crops the main face: a square of the source video, in its display pixels. */
export interface PlanesCrop {
  sx: number;
  sy: number;
  sourceSide: number;
  /** Output side, px (at most MAX_FACE_CROP_SIDE, never more than sourceSide). */
  side: number;
}

/** The decoded frame's planes, packed (no row padding), as `VideoFrame.copyTo` writes them. */
export interface FramePlanes {
  format: PlanarFormat;
  /** Size of the planes' luma (or RGBA) plane, px: the frame's visible rectangle. */
  codedWidth: number;
  codedHeight: number;
  colorSpace?: PlanesColorSpace;
  data: ArrayBuffer;
  crop?: PlanesCrop;
}

/**
 * A frame sent as planes: `width` x `height` is the downscaled size the host draws for the
 * landmarker, `sourceWidth` x `sourceHeight` the video's display size.
 */
export type PlanarFrameMessage = Omit<FrameMessage, 'pixels' | 'faceCrop'> & {
  sourceWidth: number;
  sourceHeight: number;
  planes: FramePlanes;
};

/** Bytes of a packed frame of `format` at `width` x `height` (copyTo's default layout). */
export function planesByteLength(format: PlanarFormat, width: number, height: number): number {
  const luma = width * height;
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  switch (format) {
    case 'I420':
    case 'NV12':
      return luma + 2 * cw * ch;
    case 'I420A':
      return 2 * luma + 2 * cw * ch;
    case 'I422':
      return luma + 2 * cw * height;
    case 'I444':
      return 3 * luma;
    default:
      return 4 * luma;
  }
}

const PRIMARIES = ['bt709', 'bt470bg', 'smpte170m', 'bt2020', 'smpte432'] as const;
const TRANSFERS = ['bt709', 'smpte170m', 'iec61966-2-1', 'linear', 'pq', 'hlg'] as const;
const MATRICES = ['rgb', 'bt709', 'bt470bg', 'smpte170m', 'bt2020-ncl'] as const;

function parseColorSpace(value: unknown): PlanesColorSpace | undefined {
  if (!isRecord(value)) return undefined;
  const out: PlanesColorSpace = {};
  // An unknown or null field is left out (the browser's default for the format applies).
  const pick = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  const primaries = pick(value.primaries, PRIMARIES);
  const transfer = pick(value.transfer, TRANSFERS);
  const matrix = pick(value.matrix, MATRICES);
  if (primaries) out.primaries = primaries;
  if (transfer) out.transfer = transfer;
  if (matrix) out.matrix = matrix;
  if (typeof value.fullRange === 'boolean') out.fullRange = value.fullRange;
  return out;
}

/** Parses an untrusted planar frame; throws when it is malformed. */
export function parsePlanarFrame(value: unknown): PlanarFrameMessage {
  const data = record(value, 'frame');
  if (data.kind !== 'frame') throw new Error('not a frame');
  const width = int(data.width, 'width', 1, MAX_FRAME_SIDE);
  const height = int(data.height, 'height', 1, MAX_FRAME_SIDE);
  const header = parseFrameHeader(data, width, height);
  const sourceWidth = int(data.sourceWidth, 'sourceWidth', width, MAX_SOURCE_SIDE);
  const sourceHeight = int(data.sourceHeight, 'sourceHeight', height, MAX_SOURCE_SIDE);
  const p = record(data.planes, 'planes');
  const format = oneOf(p.format, 'planes.format', PLANAR_FORMATS);
  const codedWidth = int(p.codedWidth, 'planes.codedWidth', 2, MAX_SOURCE_SIDE);
  const codedHeight = int(p.codedHeight, 'planes.codedHeight', 2, MAX_SOURCE_SIDE);
  if (codedWidth * codedHeight > MAX_PLANAR_PIXELS) throw new Error('planes are too large');
  const bytes = p.data;
  if (!(bytes instanceof ArrayBuffer)) throw new Error('planes.data must be an ArrayBuffer');
  if (bytes.byteLength !== planesByteLength(format, codedWidth, codedHeight)) {
    throw new Error('planes.data has the wrong length');
  }
  const planes: FramePlanes = { format, codedWidth, codedHeight, data: bytes };
  const colorSpace = parseColorSpace(p.colorSpace);
  if (colorSpace) planes.colorSpace = colorSpace;
  if (p.crop !== undefined) {
    // A malformed crop costs the crop, not the frame.
    try {
      planes.crop = parsePlanesCrop(p.crop, sourceWidth, sourceHeight);
    } catch {
      // dropped
    }
  }
  return { ...header, sourceWidth, sourceHeight, planes };
}

function parsePlanesCrop(value: unknown, sourceWidth: number, sourceHeight: number): PlanesCrop {
  const c = record(value, 'planes.crop');
  const longest = Math.max(sourceWidth, sourceHeight);
  const sourceSide = int(c.sourceSide, 'crop.sourceSide', 1, 4 * longest);
  const sx = int(c.sx, 'crop.sx', -sourceSide, sourceWidth);
  const sy = int(c.sy, 'crop.sy', -sourceSide, sourceHeight);
  const side = int(c.side, 'crop.side', 1, Math.min(MAX_FACE_CROP_SIDE, sourceSide));
  return { sx, sy, sourceSide, side };
}
