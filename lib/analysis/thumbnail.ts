/**
 * A small JPEG of the main face for the triage page (a data URL of a few kB), made off the
 * analysis path: the caller does not wait for it.
 */
import type { Box } from '../tracks/types';

/** Side of the thumbnail, px. */
export const THUMB_SIDE = 80;

/** Crops `box` (with a margin) from `image` and encodes it as a JPEG data URL. */
export async function faceThumbnail(image: ImageData, box: Box): Promise<string> {
  const side = Math.max(box.width, box.height) * 1.3;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const sx = Math.max(0, Math.round(cx - side / 2));
  const sy = Math.max(0, Math.round(cy - side / 2));
  const sw = Math.max(1, Math.min(image.width - sx, Math.round(side)));
  const sh = Math.max(1, Math.min(image.height - sy, Math.round(side)));
  const bitmap = await createImageBitmap(image, sx, sy, sw, sh, {
    resizeWidth: THUMB_SIDE,
    resizeHeight: THUMB_SIDE,
    resizeQuality: 'medium',
  });
  try {
    const canvas = new OffscreenCanvas(THUMB_SIDE, THUMB_SIDE);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(bitmap, 0, 0);
    return await jpegDataUrl(canvas);
  } finally {
    bitmap.close();
  }
}

async function jpegDataUrl(canvas: OffscreenCanvas): Promise<string> {
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.75 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/jpeg;base64,${btoa(binary)}`;
}

/** RGBA pixels (side x side) as a JPEG data URL (the frame model's map, cam-overlay.ts). */
export async function rgbaJpeg(
  pixels: Uint8ClampedArray<ArrayBuffer>,
  side: number,
): Promise<string> {
  const canvas = new OffscreenCanvas(side, side);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.putImageData(new ImageData(pixels, side, side), 0, 0);
  return jpegDataUrl(canvas);
}
