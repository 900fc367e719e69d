/**
 * Takes a playing video's decoded frame (`new VideoFrame(video)`) to be sent as planes, with no
 * canvas. Its bytes are copied later: by the transport's page worker when there is one
 * (lib/sampling/frame-copier.ts), else on this thread (readHere, lib/sampling/unread-frame.ts);
 * the extension draws the downscaled frame and the face crop from them
 * (lib/messaging/frame-planes.ts). Null means "use the canvas" (FrameCapturer): no WebCodecs, a
 * GPU-backed or high-bit-depth frame, or a frame larger than MAX_PLANAR_PIXELS. Such a reason
 * will not change while the video plays, so the capturer then stays off (`disabled`, also set
 * by the sampler when a copy here fails) and the canvas takes every frame.
 */
import {
  MAX_PLANAR_PIXELS,
  PLANAR_FORMATS,
  planesByteLength,
  statedColorSpace,
  type PlanarFormat,
} from '../messaging/frame-planes';
import {
  DEFAULT_MAX_SIDE,
  crossOrigin,
  knownUnreadable,
  scaledSize,
  type UnreadableReason,
} from './frame-capture';
import type { UnreadPlanes } from './unread-frame';

export type PlanarResult =
  | {
      ok: true;
      /** Size the host draws the frame at for the landmarker. */
      width: number;
      height: number;
      /** The frame, not read yet: the transport reads it (and closes it). */
      unread: UnreadPlanes;
    }
  | { ok: false; reason: UnreadableReason; detail: string };

function isPlanarFormat(format: string | null): format is PlanarFormat {
  return format !== null && (PLANAR_FORMATS as readonly string[]).includes(format);
}

export class PlanarCapturer {
  /** True once planes cannot work for this video (see the file comment). */
  disabled = typeof VideoFrame !== 'function';

  constructor(private readonly maxSide = DEFAULT_MAX_SIDE) {}

  /** The current frame's planes, why the video cannot be read, or null (use the canvas). */
  capture(video: HTMLVideoElement): PlanarResult | null {
    if (this.disabled) return null;
    const known = knownUnreadable(video);
    if (known && !known.ok) return known;
    let frame: VideoFrame;
    try {
      frame = new VideoFrame(video, { timestamp: 0 });
    } catch (error) {
      // Not cross-origin: no frame to wrap now; the canvas says why, or reads it.
      return crossOrigin(error);
    }
    /** Planes cannot work for this video: the canvas takes it from now on. */
    const giveUp = (): null => {
      frame.close();
      this.disabled = true;
      return null;
    };
    let unread: UnreadPlanes;
    try {
      const { format } = frame;
      const width = frame.visibleRect?.width ?? 0;
      const height = frame.visibleRect?.height ?? 0;
      if (!isPlanarFormat(format) || width < 2 || height < 2) return giveUp();
      const byteLength = planesByteLength(format, width, height);
      if (width * height > MAX_PLANAR_PIXELS || frame.allocationSize() !== byteLength) {
        return giveUp();
      }
      unread = { frame, format, codedWidth: width, codedHeight: height, byteLength };
      const colorSpace = statedColorSpace(frame.colorSpace.toJSON());
      if (colorSpace) unread.colorSpace = colorSpace;
    } catch {
      return giveUp();
    }
    return {
      ok: true,
      ...scaledSize(video.videoWidth, video.videoHeight, this.maxSide),
      unread,
    };
  }
}
