// @ts-check
/**
 * Plays video files in headless Chromium with the built extension, through the same
 * content-script -> offscreen path as a web page (a local page on 127.0.0.1), and collects the
 * extension's report. One browser serves many files, so models load once (scan, eval, tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, readHostState, readReports } from './browser.mjs';
import { importListThroughPage } from './import-list.mjs';
import { videoPage } from './scan-page.mjs';
import { serve } from './serve.mjs';

/** A failure with the exit code the CLI should use. */
export class ScanError extends Error {
  /** @param {string} message @param {number} code */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/**
 * Chromium cannot decode some codecs (e.g. MPEG-4 Part 2, HEVC). When ffmpeg is installed and
 * ffprobe finds a real video stream, the file is re-encoded to H.264 for the scan.
 * @param {string} file
 * @returns {Promise<string | null>} path of the transcoded copy (in its own temp folder), or null
 */
export async function transcodeForChromium(file) {
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
 * Duration in seconds by ffprobe, or null when ffprobe is missing or cannot tell.
 * @param {string} file
 */
function probeDuration(file) {
  const probe = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
    { encoding: 'utf8' },
  );
  const seconds = Number(probe.stdout?.trim());
  return probe.status === 0 && Number.isFinite(seconds) ? seconds : null;
}

/**
 * A copy of the first `seconds` of `file` (stream copy, no re-encode), so that a long video
 * ends naturally at the scan limit and its verdict is final; null without ffmpeg.
 * @param {string} file
 * @param {number} seconds
 * @returns {Promise<string | null>}
 */
async function trimCopy(file, seconds) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'telltale-trim-'));
  const out = path.join(dir, `trimmed${path.extname(file) || '.mp4'}`);
  const result = spawnSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-i',
    file,
    '-t',
    String(seconds),
    '-c',
    'copy',
    out,
  ]);
  if (result.status === 0) return out;
  await rm(dir, { recursive: true, force: true });
  return null;
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Scanner {
  /**
   * @param {Awaited<ReturnType<typeof launchBrowser>>} session
   * @param {Awaited<ReturnType<typeof serve>>} server
   * @param {Record<string, string>} files  URL path -> file on disk (read per request)
   * @param {Record<string, string>} pages  URL path -> HTML (read per request)
   */
  constructor(session, server, files, pages) {
    this.session = session;
    this.server = server;
    this.files = files;
    this.pages = pages;
    this.count = 0;
  }

  /**
   * @param {{ lipSync?: boolean }} [options] lipSync: run the lip-sync cues on every scan (the
   *   extension's "lip sync on every video" setting; audio analysis roughly doubles the CPU)
   */
  static async start({ lipSync = false } = {}) {
    /** @type {Record<string, string>} */
    const files = {};
    /** @type {Record<string, string>} */
    const pages = {};
    const server = await serve({ pages, files });
    const session = await launchBrowser();
    if (lipSync) {
      const worker = await session.worker();
      await worker.evaluate(() =>
        /** @type {any} */ (globalThis).chrome.storage.local.set({
          settings: { lipSyncAlways: true },
        }),
      );
    }
    return new Scanner(session, server, files, pages);
  }

  /**
   * Imports a hash list into this browser's fresh profile (through the extension's lists
   * page), so that scans report `match`. Throws ScanError (code 2) when the list is refused.
   * @param {string} file
   */
  async importHashList(file) {
    const result = await importListThroughPage(
      this.session.browser,
      this.session.extensionId,
      path.resolve(file),
    );
    if (!result.ok) throw new ScanError(`hash list refused: ${result.text}`, 2);
    return result.text;
  }

  /**
   * Plays one file once (at most `maxSeconds`) and returns the extension's report for it.
   * @param {string} file
   * @param {{ maxSeconds?: number }} [options]
   */
  async scan(file, { maxSeconds = 120 } = {}) {
    const started = Date.now();
    const id = ++this.count;
    const mediaPath = `/media/${id}`;
    this.files[mediaPath] = file;
    this.pages[`/scan/${id}`] = videoPage(mediaPath);
    const page = await this.session.browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`${this.server.origin}/scan/${id}`);
      /** @type {{ ok: boolean, error?: string, durationS?: number, hasVideo?: boolean }} */
      const loaded = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
            const fail = () =>
              resolve({
                ok: false,
                error: video.error?.message || `media error ${video.error?.code}`,
              });
            const done = () =>
              resolve({ ok: true, durationS: video.duration, hasVideo: video.videoWidth > 0 });
            if (video.error) return fail();
            if (video.readyState >= 1) return done();
            video.addEventListener('loadedmetadata', done, { once: true });
            video.addEventListener('error', fail, { once: true });
            setTimeout(() => resolve({ ok: false, error: 'timed out loading the file' }), 20000);
          }),
      );
      if (!loaded.ok) return { loadError: loaded.error ?? 'cannot load' };
      if (!loaded.hasVideo) return { loadError: 'the file has no video track' };

      await this.waitForHost();
      const durationS = Number.isFinite(loaded.durationS) ? Number(loaded.durationS) : null;
      const playFor = Math.min(maxSeconds, durationS ?? maxSeconds);
      await page.evaluate(() =>
        /** @type {HTMLVideoElement} */ (document.getElementById('subject'))
          .play()
          .catch(() => undefined),
      );
      // Play to the end, or jump to the end at maxSeconds (so the video ends and the verdict
      // is final).
      await page
        .waitForFunction(
          (limit) => {
            const video = /** @type {HTMLVideoElement} */ (document.getElementById('subject'));
            // Seek once to just before the end: a seek to the exact duration never ends.
            if (
              !video.ended &&
              !video.dataset.jumped &&
              video.currentTime >= limit &&
              Number.isFinite(video.duration)
            ) {
              video.dataset.jumped = '1';
              video.currentTime = Math.max(0, video.duration - 0.1);
            }
            return video.ended;
          },
          { timeout: (playFor + 30) * 1000, polling: 100 },
          playFor,
        )
        .catch(() => undefined);
      const badge = await page.evaluate(() => {
        const host = document.querySelector('telltale-badge');
        return host instanceof HTMLElement ? { ...host.dataset } : null;
      });
      const report = await this.settledReport(badge?.videoId);
      return { durationS, report, badge, wallMs: Date.now() - started };
    } finally {
      await page.close().catch(() => undefined);
      delete this.files[mediaPath];
      delete this.pages[`/scan/${id}`];
    }
  }

  /**
   * Waits until the extension's analysis host has loaded its models (the page's video asked it
   * to prepare), so that a short clip is not over before analysis starts.
   */
  async waitForHost(timeoutMs = 90000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const host = await readHostState(await this.session.worker());
      if (host?.state === 'ready') return;
      if (host?.state === 'error') throw new ScanError(`analysis host failed: ${host.error}`, 4);
      await sleep(200);
    }
    throw new ScanError('analysis host did not become ready in time', 4);
  }

  /**
   * Waits for the final report: the video ended and the host analysed (or dropped) every
   * sampled frame. A video stopped at maxSeconds is paused, not ended: its latest report is
   * returned after the deadline.
   * @param {string | undefined} videoId
   */
  async settledReport(videoId) {
    const deadline = Date.now() + 15000;
    let report = null;
    while (Date.now() < deadline) {
      const tabs = await readReports(await this.session.worker());
      const all = Object.values(tabs).flatMap((videos) => Object.values(videos));
      report = (videoId ? all.find((r) => r.videoId === videoId) : null) ?? report;
      const f = report?.frames;
      if (report?.final || (report?.state === 'unsupported' && f)) break;
      await sleep(250);
    }
    return report;
  }

  async close() {
    await this.session.close();
    await this.server.close();
  }
}

/**
 * Scans a file, re-encoding it with ffmpeg when Chromium cannot decode it. Throws ScanError
 * (code 3) when it is not a playable video.
 * @param {Scanner} scanner
 * @param {string} file
 * @param {{ maxSeconds?: number }} [options]
 * @returns {Promise<ReturnType<typeof toJson> & { trimmedToS?: number }>}
 */
export async function scanOrTranscode(scanner, file, options = {}) {
  const maxSeconds = options.maxSeconds ?? 120;
  const duration = probeDuration(file);
  if (duration !== null && duration > maxSeconds + 0.5) {
    const trimmed = await trimCopy(file, maxSeconds);
    if (trimmed) {
      try {
        /** @type {ReturnType<typeof toJson>} */
        const json = await scanOrTranscode(scanner, trimmed, options);
        return { ...json, file: path.resolve(file), durationS: duration, trimmedToS: maxSeconds };
      } finally {
        await rm(path.dirname(trimmed), { recursive: true, force: true });
      }
    }
  }
  let result = await scanner.scan(file, options);
  let transcoded = false;
  if (result.loadError && !result.loadError.includes('no video track')) {
    const copy = await transcodeForChromium(file);
    if (copy) {
      transcoded = true;
      try {
        result = await scanner.scan(copy, options);
      } finally {
        await rm(path.dirname(copy), { recursive: true, force: true });
      }
    }
  }
  if (result.loadError)
    throw new ScanError(`${file}: not a playable video (${result.loadError})`, 3);
  return toJson(file, result, transcoded);
}

/**
 * The stable --json shape (README "Contracts"): extend, never rename.
 * @param {string} file @param {any} result @param {boolean} transcoded
 */
export function toJson(file, result, transcoded) {
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
    final: report.final ?? false,
    face: report.face ?? null,
    audio: report.audio ?? null,
    fusion: report.fusion ?? null,
    features: report.features ?? null,
    analyser: report.analyser ?? null,
    transport: report.transport ?? null,
    match: report.match ?? null,
    hashes: report.hashes ?? null,
    transcoded,
  };
}
