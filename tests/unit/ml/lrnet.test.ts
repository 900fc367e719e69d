/**
 * LRNet port: the Node .pth reader + converter + TypeScript forward pass against PyTorch on the
 * same weights and inputs; the MediaPipe -> 68-point table; the cue's abstentions and measures.
 * The parity test needs ../shared/models/pretrained/lrnet_*.pth and Debian's PyTorch
 * (/usr/bin/python3 with torch); without either it is skipped with the reason printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertLrnet } from '../../../scripts/convert-lrnet.mjs';
import { installModel, readManifest } from '../../../scripts/lib/models.mjs';
import { runCues } from '@/lib/analysis/judge';
import { atSequenceRate, LRNET_SEQUENCE_FPS, lrnetCue, lrnetWindows } from '@/lib/cues/lrnet';
import { lrnetSequence, MEDIAPIPE_TO_IBUG68 } from '@/lib/cues/lrnet-landmarks';
import { lrnetForward, type LrnetModel, type LrnetStream } from '@/lib/cues/lrnet-network';
import { loadLrnet, parseLrnetStream } from '@/lib/ml/lrnet';
import { mulberry32 } from '../prng';
import { synthTrack } from '../cues/synthetic';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pretrained = path.resolve(root, '..', 'shared', 'models', 'pretrained');
const STREAMS = ['dfo_g1', 'dfo_g2', 'ffpp_g1', 'ffpp_g2'] as const;
const hasShared = STREAMS.every((s) => existsSync(path.join(pretrained, `lrnet_${s}.pth`)));
const PYTHON = '/usr/bin/python3';

/** PyTorch reference: nn.GRU with the state_dict's weights, then the dense head, softmax. */
const REFERENCE = String.raw`
import json, sys, torch
from torch import nn
req = json.load(open(sys.argv[1]))
out = {}
torch.set_grad_enabled(False)
for name, path in req['weights'].items():
    sd = torch.load(path, map_location='cpu')
    gru = nn.GRU(136, 32, num_layers=1, batch_first=True, bidirectional=True)
    gru.load_state_dict({k[4:]: v for k, v in sd.items() if k.startswith('gru.')})
    gru.eval()
    res = {}
    for key, seqs in req['inputs'].items():
        x = torch.tensor(seqs, dtype=torch.float32)
        _, h = gru(x, sd['hidden_state'].repeat(1, x.shape[0], 1))
        f = torch.cat([h[0], h[1]], dim=1)
        y = torch.relu(f @ sd['dense.1.fn.net.0.weight'].T + sd['dense.1.fn.net.0.bias'])
        f = f + y @ sd['dense.1.fn.net.3.weight'].T + sd['dense.1.fn.net.3.bias']
        logits = f @ sd['dense.3.weight'].T + sd['dense.3.bias']
        res[key] = torch.softmax(logits, dim=1).tolist()
    out[name] = res
print(json.dumps(out))
`;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'telltale-lrnet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Random sequences: landmark-like values in [-1, 1] (g1) and small differences (g2). */
function randomInputs(): Record<string, number[][][]> {
  const rand = mulberry32(15);
  const seqs = (count: number, steps: number, scale: number) =>
    Array.from({ length: count }, () =>
      Array.from({ length: steps }, () =>
        Array.from({ length: 136 }, () => Math.fround((rand() * 2 - 1) * scale)),
      ),
    );
  return { landmarks: seqs(3, 30, 1), diffs: seqs(3, 29, 0.005), jittery: seqs(2, 29, 0.05) };
}

describe('LRNet forward pass', () => {
  it('matches PyTorch within 1e-4 on every shipped stream', async (ctx) => {
    if (!hasShared) {
      console.log(`[lrnet] parity skipped: ${pretrained}/lrnet_*.pth absent`);
      ctx.skip();
    }
    const hasTorch =
      existsSync(PYTHON) &&
      spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
    if (!hasTorch) {
      console.log(`[lrnet] parity skipped: ${PYTHON} cannot import torch`);
      ctx.skip();
    }
    const inputs = randomInputs();
    const weights = Object.fromEntries(
      STREAMS.map((s) => [s, path.join(pretrained, `lrnet_${s}.pth`)]),
    );
    const request = path.join(dir, 'request.json');
    writeFileSync(request, JSON.stringify({ weights, inputs }));
    const run = spawnSync(PYTHON, ['-c', REFERENCE, request], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const reference = JSON.parse(run.stdout) as Record<string, Record<string, number[][]>>;

    // The comparison means something only where the softmax is not saturated.
    const pFakes = Object.values(reference).flatMap((r) =>
      Object.values(r)
        .flat()
        .map((p) => p[1] as number),
    );
    expect(pFakes.filter((p) => p > 0.05 && p < 0.95).length).toBeGreaterThan(pFakes.length / 3);

    let worst = 0;
    for (const s of STREAMS) {
      // Node side: the setup converter (Node .pth reader) then the extension's parser.
      const base = path.join(dir, s);
      await convertLrnet(weights[s] as string, base);
      const stream: LrnetStream = parseLrnetStream(
        JSON.parse(readFileSync(`${base}.json`, 'utf8')),
        new Uint8Array(readFileSync(`${base}.bin`)).buffer,
      );
      for (const [key, seqs] of Object.entries(inputs)) {
        seqs.forEach((seq, i) => {
          const x = Float32Array.from(seq.flat());
          const ours = lrnetForward(stream, x, seq.length);
          const theirs = reference[s]?.[key]?.[i] as number[];
          for (let c = 0; c < 2; c++) {
            worst = Math.max(worst, Math.abs((ours[c] as number) - (theirs[c] as number)));
          }
        });
      }
    }
    console.log(
      `[lrnet] parity: max |TS - PyTorch| = ${worst.toExponential(2)} (${pFakes.length} windows)`,
    );
    expect(worst).toBeLessThan(1e-4);
  });
});

describe('MediaPipe -> iBUG 68 table', () => {
  it('is 68 distinct face-mesh indices', () => {
    expect(MEDIAPIPE_TO_IBUG68).toHaveLength(68);
    expect(new Set(MEDIAPIPE_TO_IBUG68).size).toBe(68);
    for (const i of MEDIAPIPE_TO_IBUG68) {
      expect(Number.isInteger(i) && i >= 0 && i < 468).toBe(true);
    }
  });
});

/** A model whose every weight is zero: P(fake) is exactly 0.5 for any input. */
function zeroModel(): LrnetModel {
  const dir = () => ({
    wIh: new Float32Array(96 * 136),
    wHh: new Float32Array(96 * 32),
    bIh: new Float32Array(96),
    bHh: new Float32Array(96),
    h0: new Float32Array(32),
  });
  const stream = (): LrnetStream => ({
    forward: dir(),
    backward: dir(),
    res1W: new Float32Array(64 * 64),
    res1B: new Float32Array(64),
    res2W: new Float32Array(64 * 64),
    res2B: new Float32Array(64),
    headW: new Float32Array(2 * 64),
    headB: new Float32Array(2),
  });
  return { name: 'dfo', g1: stream(), g2: stream() };
}

describe('lrnet cue', () => {
  it('abstains with the reason when the weights are unavailable', () => {
    const r = lrnetCue(synthTrack({ durationS: 10 }), { unavailable: 'not installed (HTTP 404)' });
    expect(r.status).toBe('insufficient');
    expect(r.score).toBeNull();
    expect(r.reason).toContain('not installed');
  });

  it('abstains on a track with no full window (30 frames + 1)', () => {
    const track = synthTrack({ durationS: 3.5, fps: 8 }); // 28-29 samples
    const r = lrnetCue(track, zeroModel());
    expect(r.status).toBe('insufficient');
    expect(r.reason).toMatch(/not enough data/);
  });

  it('windows like LRNet (range(0, n - 30, 30)) and reports the streams as measures', () => {
    const track = synthTrack({ durationS: 10, fps: 8 });
    const n = lrnetSequence(track).frames;
    const expected = Math.ceil((n - 30) / 30);
    expect(lrnetWindows(track, zeroModel())).toHaveLength(expected);
    const r = lrnetCue(track, zeroModel());
    expect(r.status).toBe('ok');
    expect(r.score).toBeCloseTo(0.5, 6);
    expect(r.measures).toMatchObject({ g1: 0.5, g2: 0.5, pFake: 0.5, windows: expected });
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(0.3);
  });

  it('leaves a track at the fitted rate (8 fps) as it is', () => {
    const track = synthTrack({ durationS: 10, fps: 8, timeJitterS: 0.01 });
    expect(atSequenceRate(track)).toBe(track);
  });

  it('thins a 15 fps track to about the fitted rate, renumbering frames and keeping gaps', () => {
    const full = synthTrack({ durationS: 10, fps: 15 });
    // A second without the face (frames 60-74), as when the speaker turns away.
    const track = { ...full, samples: full.samples.filter((s) => s.t < 4 || s.t >= 5) };
    const thinned = atSequenceRate(track);
    expect(thinned.fps).toBe(LRNET_SEQUENCE_FPS);
    const gaps = thinned.samples.slice(1).map((s, i) => s.t - (thinned.samples[i]?.t ?? 0));
    const frameSteps = thinned.samples
      .slice(1)
      .map((s, i) => s.frame - (thinned.samples[i]?.frame ?? 0));
    // Every kept gap is at least 0.75 / 8 s; away from the hole, consecutive frames 2/15 s apart.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.75 / LRNET_SEQUENCE_FPS - 1e-9);
    expect(frameSteps.filter((d) => d === 1).length).toBeGreaterThan(55);
    // The hole (just over 1 s) stays a hole of about 8 frames at 8 fps.
    expect(Math.max(...frameSteps)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...frameSteps)).toBeLessThanOrEqual(10);
    // The input track is not modified.
    expect(track.samples[1]?.frame).toBe(1);
  });

  it('gives a 15 fps track about as many LRNet windows as an 8 fps one of the same length', () => {
    const at8 = lrnetWindows(synthTrack({ durationS: 12, fps: 8 }), zeroModel()).length;
    const at15 = lrnetWindows(synthTrack({ durationS: 12, fps: 15 }), zeroModel()).length;
    expect(at8).toBeGreaterThan(1);
    expect(Math.abs(at15 - at8)).toBeLessThanOrEqual(1);
  });

  it('normalises landmarks into [-1, 1] around the face', () => {
    const seq = lrnetSequence(synthTrack({ durationS: 5, fps: 8 }));
    expect(seq.frames).toBeGreaterThan(30);
    const values = Array.from(seq.data);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    // The box is 1.2x the face: the landmarks span most of it but not all.
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(1.2);
  });

  it('runs in runCues only when given weights or a reason', () => {
    const track = synthTrack({ durationS: 5, fps: 8 });
    expect(runCues(track)).not.toHaveProperty('lrnet');
    expect(runCues(track, undefined, { unavailable: 'x' }).lrnet?.status).toBe('insufficient');
    expect(runCues(track, undefined, zeroModel()).lrnet?.measures?.pFake).toBeCloseTo(0.5, 6);
  });

  it('loadLrnet explains a missing install', async () => {
    const missing = (async () => new Response('', { status: 404 })) as unknown as typeof fetch;
    await expect(loadLrnet('chrome-extension://x/models/lrnet/', 'dfo', missing)).rejects.toThrow(
      /not installed \(HTTP 404\)/,
    );
  });
});

describe('LRNet setup', () => {
  const offline = (async () => {
    throw new Error('getaddrinfo ENOTFOUND github.com');
  }) as unknown as typeof fetch;

  it('says so and goes on when the weights can be neither copied nor downloaded', async () => {
    const entries = await readManifest(path.join(root, 'models', 'manifest.json'));
    const lrnet = entries.filter((e) => e.convert?.with === 'lrnet');
    expect(lrnet.map((e) => e.convert?.output).sort()).toEqual([
      'lrnet/dfo_g1',
      'lrnet/dfo_g2',
      'lrnet/ffpp_g1',
      'lrnet/ffpp_g2',
    ]);
    const opts = {
      publicDir: path.join(dir, 'absent-public'),
      cacheDir: path.join(dir, 'absent-cache'),
      sharedDir: path.join(dir, 'no-shared'),
      fetchImpl: offline,
    };
    for (const entry of lrnet) {
      await expect(installModel(entry, opts)).resolves.toMatch(/unavailable, skipped/);
    }
    expect(existsSync(path.join(dir, 'absent-public', 'lrnet'))).toBe(false);
  });

  it('copies from ../shared/models/pretrained, verifies and converts', async (ctx) => {
    if (!hasShared) {
      console.log(`[lrnet] setup hook test skipped: ${pretrained} absent`);
      ctx.skip();
    }
    const entries = await readManifest(path.join(root, 'models', 'manifest.json'));
    const entry = entries.find((e) => e.convert?.output === 'lrnet/dfo_g1');
    if (!entry) throw new Error('manifest lacks lrnet/dfo_g1');
    const publicDir = path.join(dir, 'public');
    const line = await installModel(entry, {
      publicDir,
      cacheDir: path.join(dir, 'cache'),
      sharedDir: path.dirname(pretrained),
      fetchImpl: offline,
    });
    expect(line).toMatch(/copied, sha256 ok -> lrnet\/dfo_g1\.json\/\.bin/);
    const header = JSON.parse(readFileSync(path.join(publicDir, 'lrnet', 'dfo_g1.json'), 'utf8'));
    expect(header.source_sha256).toBe(entry.sha256);
    expect(header.stream).toBe('g1');
  });
});
