import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VISEME } from '@/lib/audio/types';
import { VisemeDetector } from '@/lib/ml/audio/visemes';

const dist = path.dirname(
  createRequire(import.meta.url).resolve('@met4citizen/headaudio/dist/headworklet.min.mjs'),
);
const CLIP = path.resolve('../shared/fixtures/media/real__vox__pcavs_audio_00015.mp4');
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

function load(): Promise<VisemeDetector> {
  return VisemeDetector.load(
    {
      worklet: pathToFileURL(path.join(dist, 'headworklet.min.mjs')).href,
      model: path.join(dist, 'model-en-mixed.bin'),
    },
    async (file) => {
      const bytes = readFileSync(file);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    },
  );
}

describe('HeadAudio visemes (the shipped processor and model, run in Node)', () => {
  it('gives no visemes for silence', async () => {
    const stream = (await load()).createStream(5);
    expect(stream.push(new Float32Array(16000 * 2))).toEqual([]);
  });

  it.skipIf(!existsSync(CLIP) || !hasFfmpeg)(
    'finds visemes, bilabials included, on media time in real speech',
    async () => {
      const decoded = spawnSync(
        'ffmpeg',
        ['-v', 'error', '-i', CLIP, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'],
        { maxBuffer: 64 << 20 },
      );
      const bytes = decoded.stdout;
      const pcm = new Float32Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      );
      const stream = (await load()).createStream(10);
      const events = [];
      for (let i = 0; i < pcm.length; i += 5120)
        events.push(...stream.push(pcm.subarray(i, i + 5120)));
      expect(events.length).toBeGreaterThan(100);
      expect(events.some((e) => e.viseme === VISEME.PP)).toBe(true);
      for (const e of events) {
        expect(e.t).toBeGreaterThanOrEqual(10);
        expect(e.t).toBeLessThanOrEqual(10 + pcm.length / 16000);
      }
    },
  );
});
