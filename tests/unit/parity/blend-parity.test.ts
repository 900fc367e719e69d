/**
 * Train/serve parity of the blend model (docs/models.md): one decoded RGBA image and a face box
 * go through the runtime path (lib/ml/frame-model/input.ts + onnxruntime-web's wasm backend on
 * the shipped models/telltale-blend.onnx) and through the training path
 * (training/telltale_train/preprocess.py + the same weights in PyTorch). The input tensors must
 * agree to float rounding and the scores within 0.02. The image is drawn here (a face-like
 * ellipse over noise; no media), and the box reaches past the top edge so that the edge
 * clamping is compared too. Needs Debian's python3-torch; skipped, with the reason printed,
 * where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { BLEND_SIDE, blendInput } from '@/lib/ml/frame-model/input';
import type { Rgba } from '@/lib/tracks/measure';
import type { Box } from '@/lib/tracks/types';
import { mulberry32 } from '../prng';
import { PYTHON, pythonMissing } from '../training/python';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = path.join(root, 'models', 'telltale-blend.onnx');
const missing = pythonMissing();
if (missing) console.warn(`[blend parity test skipped] ${missing}`);

/** A face-like test image: noisy background, a shaded skin ellipse, dark eyes and a mouth. */
function testImage(width: number, height: number): Rgba {
  const rand = mulberry32(19);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inFace = ((x - 160) / 70) ** 2 + ((y - 120) / 92) ** 2 < 1;
      const eye = (x - 133) ** 2 + (y - 100) ** 2 < 64 || (x - 187) ** 2 + (y - 100) ** 2 < 64;
      const mouth = Math.abs(y - 160) < 4 && Math.abs(x - 160) < 24;
      const shade = inFace ? 1 - ((x - 160) / 140) ** 2 : 1;
      const base: [number, number, number] = eye
        ? [40, 30, 30]
        : mouth
          ? [140, 50, 60]
          : inFace
            ? [215 * shade, 170 * shade, 140 * shade]
            : [60 + x / 4, 90, 120 - y / 4];
      for (let c = 0; c < 3; c++) data[i + c] = (base[c] ?? 0) + (rand() - 0.5) * 24;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'telltale-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(missing !== null)(
  'blend model parity (TypeScript runtime vs Python training)',
  () => {
    it('scores one image the same through both paths', { timeout: 120_000 }, async () => {
      expect(existsSync(MODEL), `${MODEL} is missing`).toBe(true);
      const image = testImage(320, 240);
      const box: Box = { x: 92.4, y: 18.3, width: 135.6, height: 190.2 };
      const input = blendInput(image, box);

      ort.env.wasm.numThreads = 1;
      const session = await ort.InferenceSession.create(readFileSync(MODEL), {
        executionProviders: ['wasm'],
      });
      const tensor = new ort.Tensor('float32', input, [1, 3, BLEND_SIDE, BLEND_SIDE]);
      const outputs = await session.run({ image: tensor });
      const tsScore = Number((outputs.p_fake?.data as Float32Array)[0]);
      await session.release();

      const raw = path.join(dir, 'image.rgba');
      const tensorOut = path.join(dir, 'tensor.f32');
      writeFileSync(raw, image.data);
      const r = spawnSync(
        PYTHON,
        [
          'training/tests/parity.py',
          raw,
          String(image.width),
          String(image.height),
          [box.x, box.y, box.width, box.height].join(','),
          MODEL,
          tensorOut,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      expect(r.status, r.stderr.slice(-3000)).toBe(0);
      const pyScore = (JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { p_fake: number })
        .p_fake;
      const buffer = readFileSync(tensorOut);
      const pyInput = new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
      expect(pyInput.length).toBe(input.length);
      let maxDiff = 0;
      for (let i = 0; i < input.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs((input[i] ?? 0) - (pyInput[i] ?? 0)));
      }
      console.log(
        `[blend parity] P(fake) TypeScript+onnxruntime-web ${tsScore.toFixed(5)}, Python+PyTorch ${pyScore.toFixed(5)}; input max |diff| ${maxDiff.toExponential(2)}`,
      );
      expect(maxDiff).toBeLessThan(1e-5);
      expect(Number.isFinite(tsScore)).toBe(true);
      expect(Math.abs(tsScore - pyScore)).toBeLessThanOrEqual(0.02);
    });
  },
);
