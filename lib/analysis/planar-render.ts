/**
 * Draws a planar frame (lib/messaging/frame-planes.ts) into what the analysers read: the frame
 * downscaled for the landmarker and the main face's native-resolution crop, both RGBA, drawn
 * by the browser from a VideoFrame rebuilt from the page's planes (its own YUV conversion and
 * scaling, as the page's canvas did). Runs in the extension (offscreen document).
 */
import type { PlanarFrameMessage } from '../messaging/frame-planes';
import { parseFrame, type FrameMessage } from '../messaging/frame-protocol';

/** The square a face crop covers in the downscaled frame's pixels (as faceCropRegion's box). */
export function cropBox(
  crop: { sx: number; sy: number; sourceSide: number },
  frame: { width: number; height: number; sourceWidth: number; sourceHeight: number },
): { x: number; y: number; width: number; height: number } {
  const scaleX = frame.sourceWidth / frame.width;
  const scaleY = frame.sourceHeight / frame.height;
  return {
    x: crop.sx / scaleX,
    y: crop.sy / scaleY,
    width: crop.sourceSide / scaleX,
    height: crop.sourceSide / scaleY,
  };
}

class Surface {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  /** `source`'s rectangle (sx, sy, sw, sh) drawn at `width` x `height`, read back as RGBA. */
  draw(
    source: VideoFrame,
    rect: [number, number, number, number],
    width: number,
    height: number,
  ): ArrayBuffer {
    if (!this.canvas) {
      this.canvas = new OffscreenCanvas(width, height);
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    } else if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const context = this.context;
    if (!context) throw new Error('No 2D canvas available');
    context.clearRect(0, 0, width, height);
    context.drawImage(source, ...rect, 0, 0, width, height);
    return context.getImageData(0, 0, width, height).data.buffer;
  }
}

export class PlanarRenderer {
  private readonly frameSurface = new Surface();
  private readonly cropSurface = new Surface();

  /**
   * The frame the analysers read, validated like any frame (`planar` set). Throws when the
   * browser cannot rebuild or draw the planes (the caller then asks the page for canvas
   * frames).
   */
  render(message: PlanarFrameMessage): FrameMessage {
    const { planes, ...header } = message;
    const { sourceWidth, sourceHeight, width, height } = message;
    const init: VideoFrameBufferInit = {
      format: planes.format,
      codedWidth: planes.codedWidth,
      codedHeight: planes.codedHeight,
      timestamp: 0,
      // The video's display size (non-square pixels are stretched to it, as the page shows it).
      displayWidth: sourceWidth,
      displayHeight: sourceHeight,
    };
    if (planes.colorSpace) init.colorSpace = planes.colorSpace as VideoColorSpaceInit;
    const frame = new VideoFrame(planes.data, init);
    try {
      const out: Record<string, unknown> = {
        ...header,
        pixels: this.frameSurface.draw(frame, [0, 0, sourceWidth, sourceHeight], width, height),
      };
      const crop = planes.crop;
      if (crop) {
        const { sx, sy, sourceSide, side } = crop;
        out.faceCrop = {
          box: cropBox(crop, message),
          side,
          sourceScale: sourceWidth / width,
          pixels: this.cropSurface.draw(frame, [sx, sy, sourceSide, sourceSide], side, side),
        };
      }
      return { ...parseFrame(out), planar: true };
    } finally {
      frame.close();
    }
  }
}
