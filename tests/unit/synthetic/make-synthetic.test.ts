/**
 * scripts/make-synthetic.mjs end to end on two real fixture clips: manifest layout, decodable
 * browser-friendly outputs of the right length, a measurable 300 ms audio delay, manipulations
 * confined to the face, and a rerun that skips everything.
 *
 * The test writes its own source manifest (absolute paths into ../shared) so that the two
 * clips under --limit 2 cover both cases: one without audio (LivePortrait d0) and one with
 * speech (VoxCeleb 00086); a third row (HDTF RD_Radio34) is only a donor of face and voice.
 * The fixture manifest's own first rows have no audible audio (d3's track is silent).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const mediaDir = path.resolve(root, '..', 'shared', 'fixtures', 'media');
const script = path.join(root, 'scripts', 'make-synthetic.mjs');
const SOURCES = [
  'real__liveportrait__d0.mp4',
  'real__vox__pcavs_audio_00086.mp4',
  'real__hdtf__RD_Radio34_000_yuv420p.mp4',
] as const;
const CAP_S = 4;

const hasShared = SOURCES.every((f) => existsSync(path.join(mediaDir, f)));
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
if (!hasShared) console.log(`[synthetic] skipped: ${mediaDir} is absent (the real source clips)`);
else if (!hasFfmpeg) console.log('[synthetic] skipped: ffmpeg is not installed');

type Row = Record<string, string>;

interface Mask {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angleDeg: number;
  feather: number;
}

function readTsv(file: string): { header: string[]; rows: Row[] } {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const header = (lines.shift() ?? '').split('\t');
  const rows = lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
  return { header, rows };
}

interface Probe {
  streams: Array<{
    codec_type: string;
    codec_name: string;
    pix_fmt?: string;
    width?: number;
    height?: number;
  }>;
  format: { duration: string };
}

function ffprobe(file: string): Probe {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,codec_name,pix_fmt,width,height:format=duration',
    '-of',
    'json',
    file,
  ]);
  return JSON.parse(out.toString('utf8')) as Probe;
}

/** Frames from `start` s as packed RGB24, `count` of them. */
function rgbFrames(file: string, start: number, count: number, width: number, height: number) {
  const buf = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-ss', String(start), '-i', file, '-frames:v', String(count)].concat([
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ]),
    { maxBuffer: 64 << 20 },
  );
  const size = width * height * 3;
  return Array.from({ length: Math.floor(buf.length / size) }, (_, i) =>
    buf.subarray(i * size, (i + 1) * size),
  );
}

/** Audio as 8 kHz mono samples. */
function pcm8k(file: string): Int16Array {
  const buf = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-i',
    file,
    '-vn',
    '-ac',
    '1',
    '-ar',
    '8000',
    '-f',
    's16le',
    '-',
  ]);
  const copy = new Uint8Array(buf.length - (buf.length % 2));
  copy.set(buf.subarray(0, copy.length));
  return new Int16Array(copy.buffer);
}

/** Mean |sample| per millisecond (8 samples at 8 kHz). */
function envelope(samples: Int16Array): Float64Array {
  const out = new Float64Array(Math.floor(samples.length / 8));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let k = 0; k < 8; k++) sum += Math.abs(samples[i * 8 + k] ?? 0);
    out[i] = sum / 8;
  }
  return out;
}

/** Lag (ms) of b relative to a with the highest Pearson correlation, searched in ±maxMs. */
function bestLagMs(a: Float64Array, b: Float64Array, maxMs: number): number {
  let best = -Infinity;
  let bestLag = 0;
  for (let lag = -maxMs; lag <= maxMs; lag++) {
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    let n = 0;
    for (let i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
      const x = a[i] ?? 0;
      const y = b[i + lag] ?? 0;
      sa += x;
      sb += y;
      saa += x * x;
      sbb += y * y;
      sab += x * y;
      n++;
    }
    if (n < 100) continue;
    const cov = sab / n - (sa / n) * (sb / n);
    const r = cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2) || 1);
    if (r > best) {
      best = r;
      bestLag = lag;
    }
  }
  return bestLag;
}

/** Normalised elliptical distance of pixel (x, y) from the mask centre (1 = on the ellipse). */
function maskDistance(m: Mask, x: number, y: number): number {
  const a = (m.angleDeg * Math.PI) / 180;
  const dx = x - m.cx;
  const dy = y - m.cy;
  return Math.hypot(
    (dx * Math.cos(a) + dy * Math.sin(a)) / m.rx,
    (dy * Math.cos(a) - dx * Math.sin(a)) / m.ry,
  );
}

/** Mean absolute RGB difference well inside the mask and well outside its feathered edge. */
function insideOutside(a: Uint8Array, b: Uint8Array, width: number, height: number, m: Mask) {
  const outerMargin = (3 * m.feather + 4) / Math.min(m.rx, m.ry);
  let inSum = 0;
  let inN = 0;
  let outSum = 0;
  let outN = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = maskDistance(m, x, y);
      const i = (y * width + x) * 3;
      const diff =
        (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) +
          Math.abs((a[i + 1] ?? 0) - (b[i + 1] ?? 0)) +
          Math.abs((a[i + 2] ?? 0) - (b[i + 2] ?? 0))) /
        3;
      if (d < 0.8) {
        inSum += diff;
        inN++;
      } else if (d > 1 + outerMargin) {
        outSum += diff;
        outN++;
      }
    }
  }
  return { inside: inSum / inN, outside: outSum / outN };
}

function runGenerator(source: string, out: string) {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [script, '--source', source, '--out', out, '--limit', '2', '--seconds', String(CAP_S)],
    { encoding: 'utf8' },
  );
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

describe.skipIf(!hasShared || !hasFfmpeg)('make-synthetic on two real clips', () => {
  let dir = '';
  let out = '';
  let rows: Row[] = [];
  let header: string[] = [];
  let firstRun: ReturnType<typeof runGenerator> | undefined;
  const sourceDuration = new Map<string, number>();

  const rowFor = (method: string, source: string): Row => {
    const row = rows.find((r) => r['method'] === method && r['source'] === source);
    if (!row) throw new Error(`no ${method} row for ${source}`);
    return row;
  };
  const outputPath = (row: Row) => path.join(out, row['file'] ?? '');
  const sidecar = (row: Row) =>
    JSON.parse(readFileSync(outputPath(row).replace(/\.mp4$/, '.json'), 'utf8')) as {
      mask: Mask;
    };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'telltale-synthetic-'));
    out = path.join(dir, 'out');
    const manifest = [
      'file\tlabel\tmethod\tnotes',
      ...SOURCES.map((f) => `${path.join(mediaDir, f)}\treal\t\t`),
    ].join('\n');
    writeFileSync(path.join(dir, 'MANIFEST.tsv'), `${manifest}\n`);
    for (const f of SOURCES) {
      sourceDuration.set(f, Number(ffprobe(path.join(mediaDir, f)).format.duration));
    }
    firstRun = runGenerator(dir, out);
    if (firstRun.status !== 0) throw new Error(`generator failed: ${firstRun.stderr}`);
    ({ header, rows } = readTsv(path.join(out, 'MANIFEST.tsv')));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a manifest with the fixture layout and one row per applicable method', () => {
    expect(header.slice(0, 5)).toEqual(['file', 'label', 'method', 'source', 'notes']);
    const got = rows.map((r) => `${r['source']}:${r['method']}:${r['label']}`).sort();
    const video = [
      'reencode:real',
      'self-blend:fake',
      'face-paste:fake',
      'jitter:fake',
      'freeze-eyes:fake',
    ];
    const audio = ['av-shift-300ms:fake', 'av-swap:fake'];
    const [noAudio, withAudio] = SOURCES;
    const want = [
      ...video.map((m) => `${noAudio}:${m}`),
      ...[...video, ...audio].map((m) => `${withAudio}:${m}`),
    ].sort();
    expect(got).toEqual(want);
    for (const row of rows) {
      expect(row['file']).toMatch(/^[\w.-]+\.mp4$/);
      expect(existsSync(outputPath(row))).toBe(true);
      expect(row['notes']?.length).toBeGreaterThan(10);
      if (row['method'] === 'face-paste' || row['method'] === 'av-swap') {
        expect(row['donor']).not.toBe('');
        expect(row['donor']).not.toBe(row['source']);
      }
    }
    expect(firstRun?.stdout).toMatch(/reencode\s+real\s+2\b/);
    console.log(`[synthetic] first run ${firstRun?.seconds.toFixed(1)} s`);
  });

  it('every output is H.264 yuv420p with even size, AAC when the source has audio, and capped', () => {
    for (const row of rows) {
      const probe = ffprobe(outputPath(row));
      const video = probe.streams.find((s) => s.codec_type === 'video');
      const audio = probe.streams.find((s) => s.codec_type === 'audio');
      expect(video?.codec_name).toBe('h264');
      expect(video?.pix_fmt).toBe('yuv420p');
      expect((video?.width ?? 1) % 2).toBe(0);
      expect((video?.height ?? 1) % 2).toBe(0);
      const source = row['source'] ?? '';
      expect(audio?.codec_name).toBe(source === SOURCES[0] ? undefined : 'aac');
      const expected = Math.min(CAP_S, sourceDuration.get(source) ?? NaN);
      expect(Math.abs(Number(probe.format.duration) - expected)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(Number(row['duration_s']) - expected)).toBeLessThanOrEqual(0.2);
    }
  });

  it('av-shift-300ms audio lags the control by 300 ± 40 ms', () => {
    const source = SOURCES[1];
    const control = envelope(pcm8k(outputPath(rowFor('reencode', source))));
    const shifted = envelope(pcm8k(outputPath(rowFor('av-shift-300ms', source))));
    const lag = bestLagMs(control, shifted, 600);
    console.log(`[synthetic] av-shift best lag ${lag} ms`);
    expect(Math.abs(lag - 300)).toBeLessThanOrEqual(40);
  });

  it.each(['self-blend', 'face-paste'])('%s changes the face region only', (method) => {
    for (const source of SOURCES.slice(0, 2)) {
      const row = rowFor(method, source);
      const [width = 0, height = 0] = (row['resolution'] ?? '').split('x').map(Number);
      const [control] = rgbFrames(outputPath(rowFor('reencode', source)), 1, 1, width, height);
      const [fake] = rgbFrames(outputPath(row), 1, 1, width, height);
      if (!control || !fake) throw new Error('no frame decoded');
      const { inside, outside } = insideOutside(control, fake, width, height, sidecar(row).mask);
      console.log(
        `[synthetic] ${method} ${source}: |diff| inside ${inside.toFixed(2)}, outside ${outside.toFixed(2)}`,
      );
      expect(inside).toBeGreaterThan(4);
      expect(outside).toBeLessThan(3);
      expect(inside).toBeGreaterThan(4 * outside);
    }
  });

  it('jitter adds frame-to-frame change inside the face, not outside', () => {
    for (const source of SOURCES.slice(0, 2)) {
      const row = rowFor('jitter', source);
      const mask = sidecar(row).mask;
      const [width = 0, height = 0] = (row['resolution'] ?? '').split('x').map(Number);
      const flicker = (file: string) => {
        const frames = rgbFrames(file, 0.5, 12, width, height);
        let inside = 0;
        let outside = 0;
        for (let k = 1; k < frames.length; k++) {
          const d = insideOutside(frames[k - 1]!, frames[k]!, width, height, mask);
          inside += d.inside;
          outside += d.outside;
        }
        return { inside, outside };
      };
      const control = flicker(outputPath(rowFor('reencode', source)));
      const jittered = flicker(outputPath(row));
      console.log(
        `[synthetic] jitter ${source}: flicker inside ${control.inside.toFixed(1)} -> ${jittered.inside.toFixed(1)}, ` +
          `outside ${control.outside.toFixed(1)} -> ${jittered.outside.toFixed(1)}`,
      );
      expect(jittered.inside).toBeGreaterThan(1.3 * control.inside);
      expect(Math.abs(jittered.outside - control.outside)).toBeLessThan(0.2 * control.outside + 1);
    }
  });

  it('a rerun skips every output', () => {
    const again = runGenerator(dir, out);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`rendered 0, skipped ${rows.length} \\(already there\\), failed 0`),
    );
    expect(again.seconds).toBeLessThan(10);
    expect(readTsv(path.join(out, 'MANIFEST.tsv')).rows).toEqual(rows);
  });
});
