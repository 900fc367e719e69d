// @ts-check
/**
 * npm run scan -- FILE [--json] [--max-seconds N]
 *
 * Plays FILE in headless Chromium with the built extension, through the same content-script ->
 * offscreen path as a web page (a local page on 127.0.0.1), and prints the report.
 * Exit codes: 0 report printed; 2 usage / missing file; 3 not a playable video; 4 internal error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR, ROOT, launchBrowser, readReports } from './lib/browser.mjs';
import { videoPage } from './lib/scan-page.mjs';
import { serve } from './lib/serve.mjs';

class ScanError extends Error {
  /** @param {string} message @param {number} code */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ file?: string, json: boolean, maxSeconds: number }} */
  const args = { json: false, maxSeconds: 120 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--max-seconds') args.maxSeconds = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run scan -- FILE [--json] [--max-seconds N]');
      process.exit(0);
    } else if (arg?.startsWith('--')) throw new ScanError(`unknown option ${arg}`, 2);
    else if (arg !== undefined) args.file = arg;
  }
  if (!args.file) throw new ScanError('usage: npm run scan -- FILE [--json] [--max-seconds N]', 2);
  if (!(args.maxSeconds > 0)) throw new ScanError('--max-seconds must be a positive number', 2);
  return args;
}

/** @param {string} file */
async function checkFile(file) {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ScanError(`${file}: no such file`, 2);
  }
  if (!info.isFile()) throw new ScanError(`${file}: not a regular file`, 2);
  if (info.size === 0) throw new ScanError(`${file}: empty file, not a video`, 3);
  return info.size;
}

function ensureBuilt() {
  if (existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) return;
  console.error('[scan] no built extension yet: running "npm run build" once');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new ScanError('build failed', 4);
}

/**
 * Chromium cannot decode some codecs (e.g. MPEG-4 Part 2, HEVC). When ffmpeg is installed and
 * ffprobe finds a video stream, the file is re-encoded to H.264 for the scan (noted in the report).
 * @param {string} file
 * @returns {Promise<string | null>} path of the transcoded copy, or null
 */
async function transcodeForChromium(file) {
  const probe = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name:format=format_name',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (probe.error || probe.status !== 0) return null;
  /** @type {{ streams?: { codec_name?: string }[], format?: { format_name?: string } }} */
  let info;
  try {
    info = JSON.parse(probe.stdout);
  } catch {
    return null;
  }
  const codec = info.streams?.[0]?.codec_name;
  // ffmpeg renders text files as ANSI-art "video" (tty demuxer) and decodes single images:
  // neither is a video to scan.
  const format = info.format?.format_name ?? '';
  if (!codec || codec === 'ansi' || /^(tty|image2|png_pipe|jpeg_pipe)/.test(format)) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'telltale-scan-'));
  const out = path.join(dir, 'transcoded.mp4');
  const result = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-i',
      file,
      '-c:v',
      'libx264',
      '-crf',
      '18',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      out,
    ],
    { encoding: 'utf8' },
  );
  return result.status === 0 ? out : null;
}

/**
 * Plays one file and returns the extension's report for it.
 * @param {string} file
 * @param {{ maxSeconds: number }} options
 */
export async function scanFile(file, { maxSeconds }) {
  const started = Date.now();
  const server = await serve({
    pages: { '/': videoPage('/media/subject') },
    files: { '/media/subject': file },
  });
  const session = await launchBrowser();
  try {
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${server.origin}/`);
    /** @type {{ ok: boolean, error?: string, durationS?: number, hasVideo?: boolean }} */
    const loaded = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
          const done = () =>
            resolve({ ok: true, durationS: video.duration, hasVideo: video.videoWidth > 0 });
          if (video.error) {
            resolve({ ok: false, error: video.error.message || `media error ${video.error.code}` });
            return;
          }
          if (video.readyState >= 1) done();
          video.addEventListener('loadedmetadata', done, { once: true });
          video.addEventListener(
            'error',
            () =>
              resolve({
                ok: false,
                error: video.error?.message || `media error ${video.error?.code}`,
              }),
            { once: true },
          );
          setTimeout(() => resolve({ ok: false, error: 'timed out loading the file' }), 20000);
        }),
    );
    if (!loaded.ok) return { loadError: loaded.error ?? 'cannot load' };
    if (!loaded.hasVideo) return { loadError: 'the file has no video track' };

    const durationS = Number.isFinite(loaded.durationS) ? Number(loaded.durationS) : null;
    const playFor = Math.min(maxSeconds, durationS ?? maxSeconds);
    await page.evaluate(() => {
      const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
      return video.play().catch(() => undefined);
    });
    await page
      .waitForFunction(
        () => /** @type {HTMLVideoElement} */ (document.getElementById('subject')).ended,
        { timeout: (playFor + 10) * 1000, polling: 250 },
      )
      .catch(async () => {
        // Longer than --max-seconds: stop here and report what was seen.
        await page.evaluate(() =>
          /** @type {HTMLVideoElement} */ (document.getElementById('subject')).pause(),
        );
      });
    const badge = await page.evaluate(() => {
      const host = document.querySelector('telltale-badge');
      return host instanceof HTMLElement ? { ...host.dataset } : null;
    });
    const report = await settledReport(session, badge?.videoId);
    return { durationS, report, badge, wallMs: Date.now() - started };
  } finally {
    await session.close();
    await server.close();
  }
}

/**
 * Waits until the host has analysed (or dropped) every sampled frame, then returns the report.
 * @param {Awaited<ReturnType<typeof launchBrowser>>} session
 * @param {string | undefined} videoId
 */
async function settledReport(session, videoId) {
  const deadline = Date.now() + 10000;
  let report = null;
  while (Date.now() < deadline) {
    const tabs = await readReports(await session.worker());
    const all = Object.values(tabs).flatMap((videos) => Object.values(videos));
    report = (videoId ? all.find((r) => r.videoId === videoId) : all[0]) ?? report;
    const f = report?.frames;
    if (report && report.state !== 'analyzing' && f && f.analysed + f.dropped >= f.sampled) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return report;
}

/**
 * The stable --json shape (README "Contracts"): extend, never rename.
 * @param {string} file @param {any} result @param {boolean} transcoded
 */
function toJson(file, result, transcoded) {
  const report = result.report ?? {};
  return {
    file: path.resolve(file),
    durationS: result.durationS,
    state: report.state ?? 'error',
    risk: report.risk ?? null,
    verdict: report.verdict ?? null,
    reason: report.reason ?? (result.report ? null : 'no report from the extension'),
    cues: report.cues ?? {},
    frames: report.frames ?? { sampled: 0, analysed: 0, dropped: 0 },
    timingsMs: { ...(report.timingsMs ?? {}), wall: result.wallMs },
    analyser: report.analyser ?? null,
    transport: report.transport ?? null,
    transcoded,
  };
}

/** @param {ReturnType<typeof toJson>} json */
function toText(json) {
  const lines = [
    `Telltale scan: ${json.file}`,
    `  duration   ${json.durationS === null ? 'unknown' : `${json.durationS.toFixed(2)} s`}`,
    `  state      ${json.state}${json.reason ? ` (${json.reason})` : ''}`,
    `  risk       ${json.risk === null ? '-' : `${json.risk} / 100, ${json.verdict}`}`,
    `  frames     ${json.frames.sampled} sampled, ${json.frames.analysed} analysed, ${json.frames.dropped} dropped`,
    `  analyser   ${json.analyser ? `${json.analyser.id}${json.analyser.placeholder ? ' (placeholder: no detectors yet)' : ''}` : '-'}`,
  ];
  for (const [name, cue] of Object.entries(json.cues)) {
    const c = /** @type {any} */ (cue);
    lines.push(
      `  cue ${name.padEnd(14)} ${c.status === 'ok' ? `score ${Number(c.score).toFixed(2)} conf ${Number(c.confidence).toFixed(2)}` : `abstains: ${c.reason ?? ''}`}`,
    );
  }
  if (json.transcoded) lines.push('  note       re-encoded to H.264 with ffmpeg for Chromium');
  return lines.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const file = /** @type {string} */ (args.file);
  await checkFile(file);
  ensureBuilt();
  let result = await scanFile(file, args);
  let transcoded = false;
  if (result.loadError && !result.loadError.includes('no video track')) {
    const copy = await transcodeForChromium(file);
    if (copy) {
      transcoded = true;
      try {
        result = await scanFile(copy, args);
      } finally {
        await rm(path.dirname(copy), { recursive: true, force: true });
      }
    }
  }
  if (result.loadError) {
    throw new ScanError(`${file}: not a playable video (${result.loadError})`, 3);
  }
  const json = toJson(file, result, transcoded);
  console.log(args.json ? JSON.stringify(json, null, 2) : toText(json));
}

main().catch((error) => {
  const code = error instanceof ScanError ? error.code : 4;
  console.error(`[scan] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(code);
});
