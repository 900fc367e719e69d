/**
 * The format to hand the C2PA reader, from the first bytes of the file (what the bytes are, not
 * what a server or file name claims), else from the MIME type. Pure.
 */

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

/** MIME type the C2PA reader understands for these leading bytes, or null when unknown. */
export function sniffFormat(head: Uint8Array): string | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return 'image/jpeg';
  }
  if (head.length >= 8 && ascii(head, 1, 3) === 'PNG') return 'image/png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF') {
    const kind = ascii(head, 8, 4);
    if (kind === 'WEBP') return 'image/webp';
    if (kind === 'AVI ') return 'video/avi';
    if (kind === 'WAVE') return 'audio/wav';
  }
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (brand === 'qt  ') return 'video/quicktime';
    if (/^(heic|heix|mif1|msf1)$/.test(brand)) return 'image/heic';
    if (/^avi[fs]$/.test(brand)) return 'image/avif';
    return 'video/mp4';
  }
  if (head.length >= 3 && ascii(head, 0, 3) === 'GIF') return 'image/gif';
  return null;
}

/**
 * The reader's format for a file: sniffed from its first bytes, else its MIME type when the
 * reader supports it (`supported`), else null.
 */
export function mediaFormat(
  head: Uint8Array,
  mimeType: string,
  supported: (format: string) => boolean,
): string | null {
  const sniffed = sniffFormat(head);
  if (sniffed && supported(sniffed)) return sniffed;
  const type = mimeType.toLowerCase().split(';')[0]?.trim() ?? '';
  return type && supported(type) ? type : null;
}
