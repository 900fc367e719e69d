/** `npm run scan` end to end: the stable JSON on a fixture, clear failures on bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, MEDIA, runScript } from './helpers';

function scan(...args: string[]) {
  return runScript('scan.mjs', args, 240_000);
}

describe('npm run scan', () => {
  it.skipIf(!HAS_SHARED)('prints the stable JSON report for a fixture video', () => {
    const file = path.join(MEDIA, 'fake__FOMM__generated.mp4');
    const result = scan(file, '--json');
    expect(result.stderr).not.toMatch(/\[scan\]/);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'file',
        'durationS',
        'state',
        'risk',
        'verdict',
        'cues',
        'frames',
        'timingsMs',
      ]),
    );
    expect(json.file).toBe(file);
    expect(json.durationS).toBeCloseTo(7.03, 1);
    expect(['scored', 'insufficient']).toContain(json.state);
    // About 8 frames per second of video were sampled, and every one was analysed or dropped.
    expect(json.frames.sampled).toBeGreaterThan(20);
    expect(json.frames.analysed + json.frames.dropped).toBe(json.frames.sampled);
    expect(json.timingsMs.capture.count).toBeGreaterThan(0);
    if (json.state !== 'scored') {
      expect(json.risk).toBeNull();
      expect(json.verdict).toBeNull();
    }
    expect(json.lipSync).toBeNull();
  });

  it.skipIf(!HAS_SHARED)(
    'with --lip-sync adds the frame-accurate lip-sync cues of the file',
    () => {
      const file = path.join(MEDIA, 'real__vox__pcavs_audio_00015.mp4');
      const result = scan(file, '--json', '--lip-sync', '--max-seconds', '6');
      expect(result.status, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json.audio?.status).toBe('ok');
      const lip = json.lipSync;
      expect(lip.method).toBe('frame-accurate');
      expect(lip.framesAnalysed).toBeGreaterThan(60);
      expect(lip.avSync.status, lip.avSync.reason).toBe('ok');
      const units = lip.avSync.evidence.map((e: { unit?: string }) => e.unit);
      expect(units).toEqual(expect.arrayContaining(['ms', 'r']));
      expect(lip.phonemeViseme.evidence.length).toBeGreaterThan(0);
    },
    240_000,
  );

  it('fails clearly on a text file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'telltale-'));
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'this is not a video\n'.repeat(100));
    const result = scan(file, '--json');
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/not a playable video/);
  });

  it('fails clearly on a missing file and on no argument', () => {
    const missing = scan('/nonexistent/clip.mp4');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const none = scan();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/usage/);
  });
});
