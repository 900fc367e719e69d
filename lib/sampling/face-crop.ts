/**
 * Native-resolution face crops (issue #15): the sampled frame is downscaled to a few hundred
 * pixels for the landmarker, so the pixel cues and frame models read the face from a square
 * crop of the video at its own resolution instead. The geometry is pure; `FaceCropper` draws
 * a crop from any CanvasImageSource (the page's <video>, or a file's frames in diagnostics).
 */
import {
  MAX_FACE_CROP_SIDE,
  type FaceCropMessage,
  type NormBox,
} from '../messaging/frame-protocol';

/**
 * Side of the crop region as a multiple of the face box's larger side: 2.0 holds MesoNet's
 * 1.4x region and a frame model's ~1.8x region, and 0.2 more allows for the face moving while
 * its box travels back from the host (it is a frame or a few old).
 */
export const FACE_CROP_MARGIN = 2.2;
/** Smallest crop region worth sending, source px (below it the sampled frame is as good). */
const MIN_REGION_SIDE = 16;

/** Where a face crop is taken from the source and where it lies in the sampled frame. */
export interface FaceCropRegion {
  /** Square source rectangle, source pixels (integers; may reach past the video's edges). */
  sx: number;
  sy: number;
  sourceSide: number;
  /** Output side, px: at most MAX_FACE_CROP_SIDE, never more than `sourceSide`. */
  side: number;
  /** The same region in sampled-frame pixels. */
  box: { x: number; y: number; width: number; height: number };
  /** Source pixels per sampled-frame pixel (horizontal). */
  sourceScale: number;
}

/**
 * The crop region for a face box given as fractions of the sampled frame (`frameW` x
 * `frameH`, a downscale of the `sourceW` x `sourceH` video): a square of FACE_CROP_MARGIN
 * times the box's larger side in source pixels, centred on the box. Null when the box is not
 * finite, the region would be tiny or misses the video, or the crop would have no more pixels
 * than the sampled frame over the same region.
 */
export function faceCropRegion(
  face: NormBox,
  frameW: number,
  frameH: number,
  sourceW: number,
  sourceH: number,
  maxSide: number = MAX_FACE_CROP_SIDE,
  margin: number = FACE_CROP_MARGIN,
): FaceCropRegion | null {
  const values = [face.x, face.y, face.width, face.height, frameW, frameH, sourceW, sourceH];
  if (!values.every(Number.isFinite) || frameW <= 0 || frameH <= 0) return null;
  const faceSide = Math.max(face.width * sourceW, face.height * sourceH);
  const sourceSide = Math.round(margin * faceSide);
  if (!(sourceSide >= MIN_REGION_SIDE)) return null;
  const cx = (face.x + face.width / 2) * sourceW;
  const cy = (face.y + face.height / 2) * sourceH;
  const sx = Math.round(cx - sourceSide / 2);
  const sy = Math.round(cy - sourceSide / 2);
  if (sx >= sourceW || sy >= sourceH || sx + sourceSide <= 0 || sy + sourceSide <= 0) return null;
  const scaleX = sourceW / frameW;
  const scaleY = sourceH / frameH;
  const side = Math.max(1, Math.min(Math.floor(maxSide), sourceSide));
  // A crop with no more pixels than the frame has over the same region adds nothing (a video
  // not much larger than the frame, or a face so large that the side cap binds).
  if (side <= sourceSide / scaleX) return null;
  return {
    sx,
    sy,
    sourceSide,
    side,
    box: {
      x: sx / scaleX,
      y: sy / scaleY,
      width: sourceSide / scaleX,
      height: sourceSide / scaleY,
    },
    sourceScale: scaleX,
  };
}

/**
 * Draws face crops on one reusable canvas. Pixels outside the source stay transparent black.
 * Throws what the canvas throws (a tainted source: SecurityError).
 */
export class FaceCropper {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  /** The crop of `region` from `source`, ready to send (its buffer may be transferred). */
  draw(source: CanvasImageSource, region: FaceCropRegion): FaceCropMessage {
    const { side } = region;
    if (!this.canvas) {
      this.canvas = new OffscreenCanvas(side, side);
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    } else if (this.canvas.width !== side || this.canvas.height !== side) {
      this.canvas.width = side;
      this.canvas.height = side;
    }
    const context = this.context;
    if (!context) throw new Error('No 2D canvas available');
    context.clearRect(0, 0, side, side);
    const { sx, sy, sourceSide } = region;
    context.drawImage(source, sx, sy, sourceSide, sourceSide, 0, 0, side, side);
    const pixels = context.getImageData(0, 0, side, side).data.buffer;
    return { box: { ...region.box }, side, sourceScale: region.sourceScale, pixels };
  }
}
