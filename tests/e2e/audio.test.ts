/**
 * Lip sync end to end: real fixture clips with speech through the built extension (audio
 * captured in the page, VAD and visemes in the offscreen document), and variants made here with
 * ffmpeg (never committed): the audio delayed by 300 ms, the audio replaced by another clip's
 * speech, and the audio removed. The cue scores are compared within a clip, not gated on
 * absolute values: the fixtures are too few for that (per-cue AUCs are in bench/RESULTS.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scanner, scanOrTranscode } from '../../scripts/lib/scanner.mjs';
import { HAS_SHARED, MEDIA } from './helpers';

const HAS_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0;
const CLIP = path.join(MEDIA, 'real__hdtf__RD_Radio34_000_yuv420p.mp4');
const DONOR = path.join(MEDIA, 'real__vox__pcavs_audio_00015.mp4');

type Cue = {
  status: string;
  score: number | null;
  reason?: string;
  evidence: { text: string; value?: number; unit?: string; times?: number[] }[];
};

function ffmpeg(args: string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
}

function offsetMs(cue: Cue | undefined): number | undefined {
  return cue?.evidence.find((e) => e.unit === 'ms')?.value;
}

describe.skipIf(!HAS_SHARED || !HAS_FFMPEG)('lip-sync cues on real speech', () => {
  let dir = '';
  let scanner: Scanner;
  const cues: Record<string, Record<string, Cue>> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'telltale-audio-'));
    const shifted = path.join(dir, 'shifted.mp4');
    const replaced = path.join(dir, 'replaced.mp4');
    const silent = path.join(dir, 'no-audio.mp4');
    // Audio 300 ms late (silence first), picture untouched.
    ffmpeg([
      '-i',
      CLIP,
      '-map',
      '0:v',
      '-map',
      '0:a',
      '-c:v',
      'copy',
      '-af',
      'adelay=300:all=1',
      '-c:a',
      'aac',
      shifted,
    ]);
    // Another person's speech over the same picture.
    ffmpeg([
      '-i',
      CLIP,
      '-i',
      DONOR,
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-c:v',
      'copy',
      '-c:a',
      'aac',
      '-shortest',
      replaced,
    ]);
    ffmpeg(['-i', CLIP, '-c:v', 'copy', '-an', silent]);
    scanner = await Scanner.start({ lipSync: true });
    for (const [name, file] of Object.entries({ real: CLIP, shifted, replaced, silent })) {
      const json = await scanOrTranscode(scanner, file, { maxSeconds: 8 });
      console.log(
        name,
        JSON.stringify({
          avSync: json.cues.avSync,
          phonemeViseme: json.cues.phonemeViseme,
          frames: json.frames,
          audio: json.audio,
        }),
      );
      cues[name] = json.cues as Record<string, Cue>;
    }
  }, 600_000);

  afterAll(async () => {
    await scanner?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The sync checks need lips sampled densely enough; a saturated machine samples fewer. */
  function needsDenseLips(ctx: { skip: (note?: string) => void }, name: string): void {
    const reason = cues[name]?.avSync?.reason ?? '';
    if (/too sparsely/.test(reason)) {
      console.warn(`[e2e] ${name}: ${reason} (machine busy): sync assertions skipped`);
      ctx.skip(reason);
    }
  }

  it('finds the real clip in sync: offset within 80 ms, lips follow the speech', (ctx) => {
    needsDenseLips(ctx, 'real');
    const avSync = cues.real?.avSync;
    expect(avSync?.status, avSync?.reason).toBe('ok');
    expect(Math.abs(offsetMs(avSync) ?? Infinity)).toBeLessThanOrEqual(80);
    expect(avSync?.score).toBeLessThan(0.5);
    expect(avSync?.evidence.some((e) => e.unit === 'r')).toBe(true);
    const pv = cues.real?.phonemeViseme;
    expect(pv?.evidence ?? [], pv?.reason).toBeDefined();
    if (pv?.status === 'ok') expect(pv.score).toBeLessThan(0.5);
  });

  it('scores audio delayed by 300 ms clearly higher, with the offset it measured', (ctx) => {
    needsDenseLips(ctx, 'real');
    needsDenseLips(ctx, 'shifted');
    const real = cues.real?.avSync?.score ?? 1;
    const shifted = cues.shifted?.avSync;
    expect(shifted?.status, shifted?.reason).toBe('ok');
    expect(shifted?.score).toBeGreaterThan(real + 0.3);
    expect(offsetMs(shifted)).toBeGreaterThanOrEqual(200);
    expect(offsetMs(shifted)).toBeLessThanOrEqual(400);
  });

  it('scores another clip’s speech clearly higher', (ctx) => {
    needsDenseLips(ctx, 'real');
    needsDenseLips(ctx, 'replaced');
    const real = cues.real?.avSync?.score ?? 1;
    const replaced = cues.replaced?.avSync;
    expect(replaced?.status, replaced?.reason).toBe('ok');
    expect(replaced?.score).toBeGreaterThan(real + 0.3);
  });

  it('abstains on a video without an audio track', () => {
    for (const name of ['avSync', 'phonemeViseme']) {
      const cue = cues.silent?.[name];
      expect(cue?.status).toBe('insufficient');
      expect(cue?.reason).toMatch(/no audio track/);
    }
  });
});
