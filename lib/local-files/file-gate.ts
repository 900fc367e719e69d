/** Checks on a dropped or picked file before any byte of it is decoded (pure). */

/** Largest file checked by default, bytes (2 GiB). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|webm|mkv|ogv|avi|3gp)$/i;
const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|gif|avif|heic|heif)$/i;

/**
 * A still image: its Content Credentials are read (issue #18), its faces are not analysed
 * (Telltale's analysis is for video).
 */
export function isStillImage(file: { name: string; type: string }): boolean {
  const type = file.type.toLowerCase();
  return type.startsWith('image/') || (type === '' && IMAGE_EXTENSIONS.test(file.name));
}

/** Why the file is refused outright, or null when it is worth trying to read (video or image). */
export function refuseFile(
  file: { name: string; size: number; type: string },
  maxBytes = DEFAULT_MAX_BYTES,
): string | null {
  if (file.size === 0) return 'Empty file';
  if (file.size > maxBytes) {
    const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
    return `Too large (${gib(file.size)}; the limit is ${gib(maxBytes)})`;
  }
  if (isStillImage(file)) return null;
  const type = file.type.toLowerCase();
  if (type !== '' && !type.startsWith('video/') && !VIDEO_EXTENSIONS.test(file.name)) {
    return `Not a video or image file (${type})`;
  }
  if (type === '' && !VIDEO_EXTENSIONS.test(file.name)) return 'Not a video or image file';
  return null;
}
