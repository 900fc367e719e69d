/**
 * Decodes a video's frames to RGBA in Node with ffmpeg (rawvideo rgb24 on stdout), for tests
 * that hash real media. Relative imports only: the unit tests use it too.
 */
import { spawn, spawnSync } from 'node:child_process';

export const HAS_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0;

export interface DecodedFrame {
  width: number;
  height: number;
  data: Uint8Array;
  /** Presentation time, seconds (index / fps). */
  seconds: number;
}

/**
 * Frames of `file` at `fps`, optionally scaled so the longest side is `maxSide` (bilinear, as a
 * browser's drawImage does), at most `maxFrames`.
 */
export async function decodeFrames(
  file: string,
  options: { fps: number; maxSide?: number; maxFrames?: number },
): Promise<DecodedFrame[]> {
  const size = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      file,
    ],
    { encoding: 'utf8' },
  );
  let [width = 0, height = 0] = size.stdout.trim().split(',').map(Number);
  if (!(width > 0 && height > 0)) throw new Error(`ffprobe could not size ${file}`);
  const filters = [`fps=${options.fps}`];
  if (options.maxSide && Math.max(width, height) > options.maxSide) {
    const scale = options.maxSide / Math.max(width, height);
    width = Math.max(1, Math.round(width * scale));
    height = Math.max(1, Math.round(height * scale));
    filters.push(`scale=${width}:${height}:flags=bilinear`);
  }
  const args = ['-v', 'error', '-i', file, '-an', '-vf', filters.join(',')];
  if (options.maxFrames) args.push('-frames:v', String(options.maxFrames));
  args.push('-pix_fmt', 'rgb24', '-f', 'rawvideo', '-');
  const proc = spawn('ffmpeg', args);
  const chunks: Buffer[] = [];
  for await (const chunk of proc.stdout as AsyncIterable<Buffer>) chunks.push(chunk);
  const rgb = Buffer.concat(chunks);
  const frameBytes = width * height * 3;
  const frames: DecodedFrame[] = [];
  for (let off = 0; off + frameBytes <= rgb.length; off += frameBytes) {
    const data = new Uint8Array(width * height * 4).fill(255);
    for (let p = off, q = 0; p < off + frameBytes; p += 3, q += 4) {
      data[q] = rgb[p]!;
      data[q + 1] = rgb[p + 1]!;
      data[q + 2] = rgb[p + 2]!;
    }
    frames.push({ width, height, data, seconds: frames.length / options.fps });
  }
  return frames;
}
