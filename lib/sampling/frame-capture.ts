/**
 * Reads a downscaled RGBA frame from a playing video. A cross-origin video without CORS taints
 * the canvas and getImageData throws SecurityError even in a content script (STACK.md); an
 * encrypted (EME) video draws black. Both get a reason instead of pixels, never a score.
 */

export type CaptureResult =
  | { ok: true; width: number; height: number; pixels: ArrayBuffer }
  | { ok: false; reason: UnreadableReason; detail: string };

export type UnreadableReason = 'cross-origin' | 'drm' | 'not-ready' | 'error';

/** Default longest side of a sampled frame, px. */
export const DEFAULT_MAX_SIDE = 384;

/** Output size that keeps the aspect ratio with the longest side at most `maxSide`. */
export function scaledSize(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** The cross-origin result when `error` is the SecurityError of a tainted video, else null. */
export function crossOrigin(error: unknown): Extract<CaptureResult, { ok: false }> | null {
  if (!(error instanceof DOMException && error.name === 'SecurityError')) return null;
  return {
    ok: false,
    reason: 'cross-origin',
    detail: 'Cross-origin video without CORS: the browser does not let extensions read it',
  };
}

/** Why a video cannot be read before any pixel is tried, or null. */
export function knownUnreadable(video: HTMLVideoElement): CaptureResult | null {
  if (video.mediaKeys) {
    return { ok: false, reason: 'drm', detail: 'Encrypted (DRM) video: its pixels cannot be read' };
  }
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
    return { ok: false, reason: 'not-ready', detail: 'No decoded frame yet' };
  }
  return null;
}

export class FrameCapturer {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  constructor(private readonly maxSide = DEFAULT_MAX_SIDE) {}

  /** Draws the current frame and returns its pixels, or why it cannot. */
  capture(video: HTMLVideoElement): CaptureResult {
    const known = knownUnreadable(video);
    if (known) return known;
    const { width, height } = scaledSize(video.videoWidth, video.videoHeight, this.maxSide);
    const context = this.contextFor(width, height);
    if (!context) return { ok: false, reason: 'error', detail: 'No 2D canvas available' };
    try {
      context.drawImage(video, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      return { ok: true, width, height, pixels: image.data.buffer };
    } catch (error) {
      return crossOrigin(error) ?? { ok: false, reason: 'error', detail: String(error) };
    }
  }

  private contextFor(width: number, height: number): OffscreenCanvasRenderingContext2D | null {
    if (!this.canvas) {
      this.canvas = new OffscreenCanvas(width, height);
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    return this.context;
  }
}
