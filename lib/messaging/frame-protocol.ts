/**
 * The frame path: content script -> hidden extension iframe (MessagePort, buffer transferred)
 * -> offscreen document (BroadcastChannel), and acks back the same way. STACK.md measured this
 * at ~5 ms per 256x256 RGBA round trip against ~12 ms for sendMessage + base64. When the iframe
 * cannot load (page CSP, sandboxed frame), frames go over a runtime Port as base64 instead.
 */
import { int, isRecord, num, oneOf, record, videoId } from './validate';

/** BroadcastChannel shared by the bridge iframes and the offscreen document. */
export const FRAME_BROADCAST = 'telltale:frames';
/** BroadcastChannel on which the host acks one tab's frames (bridges listen only to theirs). */
export function ackChannelName(tabId: number): string {
  return `telltale:acks:${tabId}`;
}
/** runtime.connect() port name of the fallback path (offscreen listens). */
export const FRAME_PORT_NAME = 'telltale:frames';
/**
 * First message the content script posts to the bridge iframe, with a MessagePort and its tab's
 * token (lib/background/bridge-tokens.ts); the bridge refuses a connection without the token.
 */
export const BRIDGE_CONNECT = 'telltale:bridge-connect';
/**
 * Posted to the bridge on the connected port, with a second MessagePort: the page worker's
 * (lib/sampling/frame-copier.ts), which carries planar frames read off the page's main thread.
 */
export const FRAME_WORKER_PORT = 'telltale:frame-worker-port';
/** storage.session key of a tab's bridge token. */
export function bridgeTokenKey(tabId: number): string {
  return `bridgeToken:${tabId}`;
}

/** The two frame paths. */
export type TransportKind = 'bridge' | 'port';

/** Largest frame side accepted, in pixels: frames are downscaled before they travel. */
export const MAX_FRAME_SIDE = 1024;

/** A sampled frame as the content script sends it. */
export interface FrameMessage {
  kind: 'frame';
  videoId: string;
  /** 0-based count of frames this video has sent. */
  seq: number;
  /** Media time of the frame, seconds. */
  mediaTimeS: number;
  /** performance.timeOrigin + performance.now() in the content script at capture start. */
  captureTs: number;
  /**
   * Main-thread cost of reading this frame's pixels (canvas draw + read-back, or the planes'
   * copy) and cropping the face; posting is `postMs` of the next frame.
   */
  captureMs: number;
  /** Main-thread cost of posting the PREVIOUS frame of this video, ms. */
  postMs?: number;
  /** The PREVIOUS frame's whole main-thread cost (its captureMs + postMs), ms. */
  pageMs?: number;
  /** Round trip of the previous frame's ack, if one came back. */
  rttMs?: number;
  /** Which path carried the frame (set by the transport). */
  transport?: TransportKind;
  /** The page worker read this planar frame's bytes, off the page's main thread. */
  offPage?: true;
  width: number;
  height: number;
  /**
   * The video's own size (videoWidth x videoHeight), so that face sizes are judged in source
   * pixels even on frames without a face crop. Absent: the frame is at the source's size.
   */
  sourceWidth?: number;
  sourceHeight?: number;
  /** RGBA pixels, width * height * 4 bytes. */
  pixels: ArrayBuffer;
  /**
   * A crop of the main face at the source video's own resolution, taken at the same moment
   * as the frame (issue #15): pixel cues and frame models read faces from it, not from the
   * downscaled frame. Absent when no face is known yet, or on frames that do not carry one.
   */
  faceCrop?: FaceCropMessage;
  /** Set by the host, never read from the page: the frame came as planes (frame-planes.ts). */
  planar?: true;
}

/**
 * A square region of the source video around the main face, resampled to `side` x `side`
 * RGBA. `box` is the region in the SAMPLED frame's pixel coordinates (it may extend past the
 * frame edges; pixels outside the video are black). `sourceScale` is source pixels per
 * sampled-frame pixel (videoWidth / frame width), so the face's size in the source is
 * `box.width * sourceScale`. The crop is never upscaled: side <= box.width * sourceScale.
 */
export interface FaceCropMessage {
  box: { x: number; y: number; width: number; height: number };
  side: number;
  sourceScale: number;
  /** RGBA pixels, side * side * 4 bytes. */
  pixels: ArrayBuffer;
}

/** Largest native face crop side accepted, px. */
export const MAX_FACE_CROP_SIDE = 320;
/** Largest video side accepted as a frame's source size, px (8K is 7680). */
export const MAX_SOURCE_SIDE = 16384;

/** A box as fractions of the frame's width and height (0..1 inside the frame). */
export interface NormBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A frame after the bridge has stamped the tab it came from (taken from the extension API). */
export interface BridgedFrame extends FrameMessage {
  tabId: number;
}

/** Sent back for every frame the host accepted (or dropped). */
export interface AckMessage {
  kind: 'ack';
  tabId: number;
  videoId: string;
  seq: number;
  captureTs: number;
  queueDepth: number;
  dropped: number;
  /**
   * The main face's latest box as fractions of the frame (issue #15): the content script crops
   * the next frames around it. Absent while no face is tracked.
   */
  face?: NormBox;
  /**
   * The host could not draw this video's planar frames (lib/messaging/frame-planes.ts): send
   * canvas frames from now on.
   */
  noPlanes?: true;
}

/** Parses an untrusted frame (pixels must be an ArrayBuffer of exactly width*height*4 bytes). */
export function parseFrame(value: unknown): FrameMessage {
  const data = record(value, 'frame');
  if (data.kind !== 'frame') throw new Error('not a frame');
  const width = int(data.width, 'width', 1, MAX_FRAME_SIDE);
  const height = int(data.height, 'height', 1, MAX_FRAME_SIDE);
  const pixels = data.pixels;
  if (!(pixels instanceof ArrayBuffer)) throw new Error('pixels must be an ArrayBuffer');
  if (pixels.byteLength !== width * height * 4) throw new Error('pixels has the wrong length');
  const frame: FrameMessage = { ...parseFrameHeader(data, width, height), pixels };
  if (data.sourceWidth !== undefined || data.sourceHeight !== undefined) {
    // Frames are downscaled, never upscaled: the source is at least as large as the frame.
    frame.sourceWidth = int(data.sourceWidth, 'sourceWidth', width, MAX_SOURCE_SIDE);
    frame.sourceHeight = int(data.sourceHeight, 'sourceHeight', height, MAX_SOURCE_SIDE);
  }
  if (data.faceCrop !== undefined) {
    // A malformed crop costs the crop, not the frame: the frame still has a face to landmark.
    try {
      frame.faceCrop = parseFaceCrop(data.faceCrop);
    } catch {
      // dropped
    }
  }
  return frame;
}

/** A frame's fields other than its pixels, source size and crop (validated). */
export type FrameHeader = Omit<
  FrameMessage,
  'pixels' | 'faceCrop' | 'sourceWidth' | 'sourceHeight'
>;

/** Parses the header fields of an untrusted frame of `width` x `height` (already checked). */
export function parseFrameHeader(
  data: Record<string, unknown>,
  width: number,
  height: number,
): FrameHeader {
  const header: FrameHeader = {
    kind: 'frame',
    videoId: videoId(data.videoId),
    seq: int(data.seq, 'seq', 0, Number.MAX_SAFE_INTEGER),
    mediaTimeS: num(data.mediaTimeS, 'mediaTimeS', 0, 1e7),
    captureTs: num(data.captureTs, 'captureTs', 0, 1e15),
    captureMs: num(data.captureMs, 'captureMs', 0, 1e5),
    width,
    height,
  };
  if (data.postMs !== undefined) header.postMs = num(data.postMs, 'postMs', 0, 1e5);
  if (data.pageMs !== undefined) header.pageMs = num(data.pageMs, 'pageMs', 0, 2e5);
  if (data.rttMs !== undefined) header.rttMs = num(data.rttMs, 'rttMs', 0, 1e6);
  if (data.transport !== undefined) {
    header.transport = oneOf(data.transport, 'transport', ['bridge', 'port'] as const);
  }
  if (data.offPage === true) header.offPage = true;
  return header;
}

/** Parses an untrusted face crop (see FaceCropMessage); throws when it is malformed. */
export function parseFaceCrop(value: unknown): FaceCropMessage {
  const data = record(value, 'faceCrop');
  const side = int(data.side, 'faceCrop.side', 1, MAX_FACE_CROP_SIDE);
  const pixels = data.pixels;
  if (!(pixels instanceof ArrayBuffer)) throw new Error('faceCrop.pixels must be an ArrayBuffer');
  if (pixels.byteLength !== side * side * 4)
    throw new Error('faceCrop.pixels has the wrong length');
  const b = record(data.box, 'faceCrop.box');
  // The region is centred on a face in the frame but may reach past its edges.
  const reach = 4 * MAX_FRAME_SIDE;
  const box = {
    x: num(b.x, 'faceCrop.box.x', -reach, reach),
    y: num(b.y, 'faceCrop.box.y', -reach, reach),
    width: num(b.width, 'faceCrop.box.width', 1e-3, reach),
    height: num(b.height, 'faceCrop.box.height', 1e-3, reach),
  };
  const sourceScale = num(data.sourceScale, 'faceCrop.sourceScale', 1 / 64, 64);
  // Never upscaled: the crop has at most as many pixels as the source region (+1 for rounding).
  if (side > box.width * sourceScale + 1) throw new Error('faceCrop is upscaled');
  return { box, side, sourceScale, pixels };
}

/** Parses an ack coming from the host. */
export function parseAck(value: unknown): AckMessage {
  const data = record(value, 'ack');
  if (data.kind !== 'ack') throw new Error('not an ack');
  return {
    kind: 'ack',
    tabId: int(data.tabId, 'tabId', -1, Number.MAX_SAFE_INTEGER),
    videoId: videoId(data.videoId),
    seq: int(data.seq, 'seq', 0, Number.MAX_SAFE_INTEGER),
    captureTs: num(data.captureTs, 'captureTs', 0, 1e15),
    queueDepth: int(data.queueDepth, 'queueDepth', 0, 1e6),
    dropped: int(data.dropped, 'dropped', 0, Number.MAX_SAFE_INTEGER),
    ...optionalFace(data.face),
    ...(data.noPlanes === true ? { noPlanes: true as const } : {}),
  };
}

/** `{ face }` when `value` is a valid normalised box, else `{}` (a bad box costs the crop). */
function optionalFace(value: unknown): { face?: NormBox } {
  if (value === undefined) return {};
  try {
    const b = record(value, 'face');
    return {
      face: {
        x: num(b.x, 'face.x', -1, 2),
        y: num(b.y, 'face.y', -1, 2),
        width: num(b.width, 'face.width', 1e-4, 2),
        height: num(b.height, 'face.height', 1e-4, 2),
      },
    };
  } catch {
    return {};
  }
}

/** A frame as it travels on the Port fallback: buffers as base64 (JSON messaging). */
export function encodePortFrame(frame: FrameMessage): Record<string, unknown> {
  const { pixels, faceCrop, ...rest } = frame;
  const message: Record<string, unknown> = {
    ...rest,
    transport: 'port',
    pixels64: bytesToBase64(new Uint8Array(pixels)),
  };
  if (faceCrop) {
    const { pixels: cropPixels, ...cropRest } = faceCrop;
    message.faceCrop = { ...cropRest, pixels64: bytesToBase64(new Uint8Array(cropPixels)) };
  }
  return message;
}

/** Parses a frame sent by `encodePortFrame` (untrusted); throws when it is malformed. */
export function decodePortFrame(message: Record<string, unknown>): FrameMessage {
  if (typeof message.pixels64 !== 'string') throw new Error('pixels64 must be a string');
  const { pixels64, faceCrop, ...rest } = message;
  let crop: unknown = undefined;
  if (isRecord(faceCrop) && typeof faceCrop.pixels64 === 'string') {
    const { pixels64: cropPixels64, ...cropRest } = faceCrop;
    crop = { ...cropRest, pixels: bufferOf(base64ToBytes(cropPixels64 as string)) };
  }
  return parseFrame({
    ...rest,
    pixels: bufferOf(base64ToBytes(pixels64)),
    ...(crop === undefined ? {} : { faceCrop: crop }),
  });
}

/** The bytes' own ArrayBuffer (a copy when they are a view into a larger one). */
function bufferOf(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) {
    return buffer;
  }
  return bytes.slice().buffer;
}

/** Encodes bytes as base64 for the Port fallback (typed arrays do not survive JSON messaging). */
export function bytesToBase64(bytes: Uint8Array): string {
  // Native where the browser has it (Chromium 140+): a frame's base64 then costs the page's
  // main thread about a millisecond instead of tens.
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Decodes base64 produced by `bytesToBase64`. */
export function base64ToBytes(text: string): Uint8Array {
  const native = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
  if (typeof native === 'function') return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
