/**
 * Draws a planar frame (lib/messaging/frame-planes.ts) into what the analysers read: the frame
 * downscaled for the landmarker and the main face's native-resolution crop, both RGBA, with
 * lib/analysis/planes-image.ts (bilinear, the frame's own YCbCr matrix; no canvas, whose
 * per-frame discardable copies would cost up to ~510 MiB). Runs in the extension (offscreen
 * document).
 */
import type { PlanarFrameMessage } from '../messaging/frame-planes';
import type { FrameMessage } from '../messaging/frame-protocol';
import { drawPlanes, type SourceRect } from './planes-image';

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

/** Turns planar frames into the frames the analysers read (see the file comment). */
export class PlanarRenderer {
  /**
   * The frame the analysers read (`planar` set). Its planes and crop were validated by
   * parsePlanarFrame (the crop is never upscaled). Throws when the planes cannot be drawn (the
   * caller then asks the page for canvas frames).
   */
  render(message: PlanarFrameMessage): FrameMessage {
    const { planes, ...header } = message;
    const { sourceWidth, sourceHeight, width, height } = message;
    const draw = (rect: SourceRect, outW: number, outH: number) =>
      drawPlanes(planes, sourceWidth, sourceHeight, rect, outW, outH);
    const frame: FrameMessage = {
      ...header,
      pixels: draw({ sx: 0, sy: 0, sw: sourceWidth, sh: sourceHeight }, width, height),
      planar: true,
    };
    const crop = planes.crop;
    if (crop) {
      const { sx, sy, sourceSide, side } = crop;
      frame.faceCrop = {
        box: cropBox(crop, message),
        side,
        sourceScale: sourceWidth / width,
        pixels: draw({ sx, sy, sw: sourceSide, sh: sourceSide }, side, side),
      };
    }
    return frame;
  }
}
