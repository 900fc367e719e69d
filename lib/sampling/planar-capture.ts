/**
 * Reads a playing video's decoded frame as planes (`new VideoFrame(video)` + `copyTo`), with no
 * canvas: the page's main thread copies bytes and nothing else; the extension draws the
 * downscaled frame and the face crop from them (lib/messaging/frame-planes.ts). Null means
 * "use the canvas" (FrameCapturer): no WebCodecs, a GPU-backed or high-bit-depth frame, or a
 * frame larger than MAX_PLANAR_PIXELS. Such a reason will not change while the video plays,
 * so the capturer then stays off (`disabled`) and the canvas takes every frame.
 */
import {
  MAX_PLANAR_PIXELS,
  PLANAR_FORMATS,
  planesByteLength,
  statedColorSpace,
  type FramePlanes,
  type PlanarFormat,
} from '../messaging/frame-planes';
import {
  DEFAULT_MAX_SIDE,
  crossOrigin,
  knownUnreadable,
  scaledSize,
  type UnreadableReason,
} from './frame-capture';

export type PlanarResult =
  | {
      ok: true;
      /** Size the host draws the frame at for the landmarker. */
      width: number;
      height: number;
      /** Settles once the bytes are copied; rejects when the copy failed. */
      planes: Promise<FramePlanes>;
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
    let copied: Promise<unknown>;
    let planes: FramePlanes;
    try {
      const { format } = frame;
      const width = frame.visibleRect?.width ?? 0;
      const height = frame.visibleRect?.height ?? 0;
      if (!isPlanarFormat(format) || width < 2 || height < 2) return giveUp();
      const size = planesByteLength(format, width, height);
      if (width * height > MAX_PLANAR_PIXELS || frame.allocationSize() !== size) return giveUp();
      const data = new ArrayBuffer(size);
      copied = frame.copyTo(data);
      planes = { format, codedWidth: width, codedHeight: height, data };
      const colorSpace = statedColorSpace(frame.colorSpace.toJSON());
      if (colorSpace) planes.colorSpace = colorSpace;
    } catch {
      return giveUp();
    }
    const done = copied.then(
      () => planes,
      (error: unknown) => {
        this.disabled = true;
        throw error;
      },
    );
    void done.finally(() => frame.close()).catch(() => undefined);
    return {
      ok: true,
      ...scaledSize(video.videoWidth, video.videoHeight, this.maxSide),
      planes: done,
    };
  }
}
