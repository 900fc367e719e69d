// @ts-check
/**
 * Thin promise wrappers around the ffmpeg / ffprobe binaries, and a probe of the stream facts
 * the synthetic generator needs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Prefer the system binaries (the brief's /usr/bin), fall back to PATH. */
export const FFMPEG = existsSync('/usr/bin/ffmpeg') ? '/usr/bin/ffmpeg' : 'ffmpeg';
export const FFPROBE = existsSync('/usr/bin/ffprobe') ? '/usr/bin/ffprobe' : 'ffprobe';

/**
 * @typedef {object} MediaInfo
 * @property {number} width
 * @property {number} height
 * @property {number} fps Average video frame rate (frames per second).
 * @property {string} fpsRational The same as ffprobe reports it, e.g. "30/1".
 * @property {number} duration Container duration in seconds.
 * @property {boolean} hasAudio
 * @property {number | null} sampleRate Audio sample rate (Hz), null without audio.
 * @property {number | null} channels Audio channel count, null without audio.
 */

/**
 * Runs a binary and collects its output. Rejects with stderr's tail on a non-zero exit.
 * @param {string} bin
 * @param {string[]} args
 * @returns {Promise<{ stdout: Buffer, stderr: string }>}
 */
export function run(bin, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else
        reject(
          new Error(
            `${bin} exited with ${code}: ${stderr.trim().split('\n').slice(-6).join('\n')}`,
          ),
        );
    });
  });
}

/** @param {string[]} args */
export function ffmpeg(args) {
  return run(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args]);
}

/** @param {string} rational e.g. "30000/1001" */
function parseRational(rational) {
  const [num, den] = rational.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num)) return NaN;
  return den ? num / den : num;
}

/**
 * Stream facts of a media file.
 * @param {string} file
 * @returns {Promise<MediaInfo>}
 */
export async function probe(file) {
  const { stdout } = await run(FFPROBE, [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,width,height,avg_frame_rate,r_frame_rate,sample_rate,channels:format=duration',
    '-of',
    'json',
    file,
  ]);
  /** @type {{ streams?: Array<Record<string, unknown>>, format?: { duration?: string } }} */
  const json = JSON.parse(stdout.toString('utf8'));
  const streams = json.streams ?? [];
  const video = streams.find((s) => s['codec_type'] === 'video');
  const audio = streams.find((s) => s['codec_type'] === 'audio');
  if (!video) throw new Error(`${file}: no video stream`);
  let fpsRational = String(video['avg_frame_rate'] ?? '0/0');
  if (!(parseRational(fpsRational) > 0)) fpsRational = String(video['r_frame_rate'] ?? '25/1');
  const fps = parseRational(fpsRational);
  return {
    width: Number(video['width']),
    height: Number(video['height']),
    fps: fps > 0 && fps < 240 ? fps : 25,
    fpsRational: fps > 0 && fps < 240 ? fpsRational : '25/1',
    duration: Number(json.format?.duration ?? NaN),
    hasAudio: Boolean(audio),
    sampleRate: audio ? Number(audio['sample_rate']) : null,
    channels: audio ? Number(audio['channels']) : null,
  };
}

/**
 * Mean audio level of the first `seconds` (ffmpeg volumedetect), in dBFS; -Infinity without
 * audio. Some fixture clips carry a digitally silent track (-91 dB): they "have audio" but
 * nothing to shift or swap.
 * @param {string} file
 * @param {number} seconds
 */
export async function meanVolumeDb(file, seconds) {
  const { stderr } = await run(FFMPEG, [
    '-hide_banner',
    '-nostdin',
    '-t',
    String(seconds),
    '-i',
    file,
    '-map',
    '0:a:0',
    '-af',
    'volumedetect',
    '-f',
    'null',
    '-',
  ]);
  const match = /mean_volume:\s*(-?[\d.]+|-inf) dB/.exec(stderr);
  if (!match?.[1] || match[1] === '-inf') return -Infinity;
  return Number(match[1]);
}
