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
    "shows where the frame model saw fakery: its map over the crop, in the blend cue's evidence",
    () => {
      // A generated talking head the frame model rates fake in every crop (docs/models.md).
      const file = path.join(MEDIA, 'fake__SadTalker__still1_yuv420p.mp4');
      const result = scan(file, '--json', '--max-seconds', '6');
      expect(result.status, result.stderr).toBe(0);
      const blend = JSON.parse(result.stdout).cues.blend;
      expect(blend?.status, JSON.stringify(blend)).toBe('ok');
      expect(blend.measures.meanLogit).toBeGreaterThan(0);
      const withMap = blend.evidence.filter((e: { image?: string }) => e.image !== undefined);
      expect(
        withMap,
        JSON.stringify(blend.evidence.map((e: { text: string }) => e.text)),
      ).toHaveLength(1);
      const map = withMap[0];
      expect(map.text).toMatch(/Where the frame model saw fakery/);
      expect(map.times).toHaveLength(1);
      // A real JPEG of the 128 px crop: SOI marker, then a frame header with 128 x 128.
      const bytes = Buffer.from(map.image.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
      expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
      const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
      expect(sof).toBeGreaterThan(0);
      expect([bytes.readUInt16BE(sof + 5), bytes.readUInt16BE(sof + 7)]).toEqual([128, 128]);
    },
    240_000,
  );

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
