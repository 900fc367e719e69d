/** Checks on a dropped or picked file before any byte of it is decoded (pure). */

/** Largest file checked by default, bytes (2 GiB). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|webm|mkv|ogv|avi|3gp)$/i;

/** Why the file is refused outright, or null when it is worth trying to decode. */
export function refuseFile(
  file: { name: string; size: number; type: string },
  maxBytes = DEFAULT_MAX_BYTES,
): string | null {
  if (file.size === 0) return 'Empty file';
  if (file.size > maxBytes) {
    const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
    return `Too large (${gib(file.size)}; the limit is ${gib(maxBytes)})`;
  }
  const type = file.type.toLowerCase();
  if (type !== '' && !type.startsWith('video/') && !VIDEO_EXTENSIONS.test(file.name)) {
    return `Not a video file (${type})`;
  }
  if (type === '' && !VIDEO_EXTENSIONS.test(file.name)) return 'Not a video file';
  return null;
}
