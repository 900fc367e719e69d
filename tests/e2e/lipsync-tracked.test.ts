/**
 * Lip sync measured frame-accurately: real fixture clips with speech, and variants made here
 * with ffmpeg (never committed) — the audio delayed by 300 ms, the audio replaced by another
 * clip's speech, the audio removed — are tracked in Chromium by the extension's diagnostics page
 * (up to 15 frames/s on the video's own frame times, the video pausing on each, the real landmarker; the sound decoded in full through
 * the shipped VAD and viseme models), and the lip-sync cues run on the result. Unlike
 * audio.test.ts (live playback), the sampling rate here does not depend on how busy the machine
 * is, so the offset checks always run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackFiles } from '../../scripts/lib/track-files.mjs';
import { avSyncCue, phonemeVisemeCue } from '../../lib/cues/lip-sync';
import type { AudioTrack } from '../../lib/audio/types';
import type { MouthSeries } from '../../lib/cues/mouth';
import type { CueReport } from '../../lib/messaging/types';
import { HAS_SHARED, MEDIA } from './helpers';

const HAS_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0;
/** Real clips with clear speech (HDTF, VoxCeleb); the first one also gets dubbed variants. */
const REALS = [
  'real__hdtf__RD_Radio34_000_yuv420p.mp4',
  'real__hdtf__WDA_BobMenendez_000_yuv420p.mp4',
  'real__vox__pcavs_audio_00015.mp4',
].map((name) => path.join(MEDIA, name));
const CLIP = REALS[0] as string;
const DONOR = path.join(MEDIA, 'real__vox__pcavs_input_00098.mp4');
const FPS = 15;

function ffmpeg(args: string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
}

function offsetMs(cue: CueReport | undefined): number | undefined {
  return cue?.evidence.find((e) => e.unit === 'ms')?.value;
}

describe.skipIf(!HAS_SHARED || !HAS_FFMPEG)('lip-sync cues, frame-accurate', () => {
  let dir = '';
  const cues: Record<string, { avSync: CueReport; phonemeViseme: CueReport }> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'telltale-lipsync-'));
    const shifted = path.join(dir, 'shifted.mp4');
    const replaced = path.join(dir, 'replaced.mp4');
    const silent = path.join(dir, 'no-audio.mp4');
    ffmpeg(
      ['-i', CLIP, '-map', '0:v', '-map', '0:a', '-c:v', 'copy'].concat([
        '-af',
        'adelay=300:all=1',
        '-c:a',
        'aac',
        shifted,
      ]),
    );
    ffmpeg(
      ['-i', CLIP, '-i', DONOR, '-map', '0:v', '-map', '1:a', '-c:v', 'copy'].concat([
        '-c:a',
        'aac',
        '-shortest',
        replaced,
      ]),
    );
    ffmpeg(['-i', CLIP, '-c:v', 'copy', '-an', silent]);
    const files = {
      ...Object.fromEntries(REALS.map((f) => [path.basename(f), f])),
      shifted,
      replaced,
      silent,
    };
    const tracked = await trackFiles(Object.values(files), {
      fps: FPS,
      cache: false,
      speechOnly: true,
    });
    for (const [name, file] of Object.entries(files)) {
      const t = tracked.get(file) as { mouth: MouthSeries; audio: AudioTrack; error?: string };
      if (!t || t.error) throw new Error(`${name}: ${t?.error ?? 'not tracked'}`);
      cues[name] = {
        avSync: avSyncCue(t.mouth, t.audio),
        phonemeViseme: phonemeVisemeCue(t.mouth, t.audio),
      };
      const { avSync, phonemeViseme } = cues[name];
      console.log(
        name,
        JSON.stringify({
          frames: t.mouth.t.length,
          avSync,
          phonemeViseme: { score: phonemeViseme.score, reason: phonemeViseme.reason },
        }),
      );
    }
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds real clips in sync: offset within 80 ms, lips follow the speech', () => {
    for (const file of REALS) {
      const avSync = cues[path.basename(file)]?.avSync;
      expect(avSync?.status, `${file}: ${avSync?.reason}`).toBe('ok');
      expect(Math.abs(offsetMs(avSync) ?? Infinity), file).toBeLessThanOrEqual(80);
      expect(avSync?.score, file).toBeLessThan(0.5);
      expect(avSync?.evidence.some((e) => e.unit === 'r')).toBe(true);
    }
  });

  it('scores audio delayed by 300 ms clearly higher, with the offset it measured', () => {
    const real = cues[path.basename(CLIP)]?.avSync.score ?? 1;
    const shifted = cues.shifted?.avSync;
    expect(shifted?.status, shifted?.reason).toBe('ok');
    expect(shifted?.score).toBeGreaterThan(real + 0.3);
    expect(offsetMs(shifted)).toBeGreaterThanOrEqual(200);
    expect(offsetMs(shifted)).toBeLessThanOrEqual(400);
  });

  it('scores another clip’s speech clearly higher', () => {
    const real = cues[path.basename(CLIP)]?.avSync.score ?? 1;
    const replaced = cues.replaced?.avSync;
    expect(replaced?.status, replaced?.reason).toBe('ok');
    expect(replaced?.score).toBeGreaterThan(real + 0.3);
  });

  it('reports the phoneme-viseme check with the times of the sounds it judged', () => {
    for (const name of [path.basename(CLIP), 'replaced']) {
      const pv = cues[name]?.phonemeViseme;
      expect(pv?.status, pv?.reason).toBe('ok');
      const bilabial = pv?.evidence.find((e) => /p\/b\/m/.test(e.text));
      expect(bilabial?.unit).toBe('share');
    }
  });

  it('abstains on a video without an audio track', () => {
    for (const cue of Object.values(cues.silent ?? {})) {
      expect(cue.status).toBe('insufficient');
      expect(cue.reason).toMatch(/no audio track/);
    }
  });
});
