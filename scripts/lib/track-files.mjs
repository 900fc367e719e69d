// @ts-check
/**
 * Frame-accurate mouth series and audio tracks of video files, from the extension's diagnostics
 * page in "track" mode (entrypoints/diagnostics/track-file.ts): frames from playback at up to a
 * fixed rate (the video pauses on each), the sound decoded in full. Results are cached per file
 * content, rate and options under bench/out/tracks/ so that the lip-sync evaluation can be
 * re-run without re-landmarking.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, ROOT } from './browser.mjs';

const CACHE = path.join(ROOT, 'bench', 'out', 'tracks');
/** Bumped whenever what the page returns changes (v2: bandDb; v3: frames from playback). */
const FORMAT = 'v3';

/**
 * @param {Buffer} bytes  the file's content
 * @param {string} file @param {number} fps @param {boolean} speechOnly @param {number} maxSeconds
 */
function cachePath(bytes, file, fps, speechOnly, maxSeconds) {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const only = speechOnly ? '.speech' : '';
  const until = Number.isFinite(maxSeconds) ? `.${maxSeconds}s` : '';
  return path.join(CACHE, `${path.basename(file)}.${hash}.${fps}fps${only}${until}.${FORMAT}.json`);
}

/**
 * @param {string[]} files
 * @param {{ fps: number, log?: (line: string) => void, cache?: boolean, speechOnly?: boolean, maxSeconds?: number, session?: Awaited<ReturnType<typeof launchBrowser>> }} options
 *   cache: false tracks every file afresh and writes nothing (tests); speechOnly: files with
 *   (almost) no speech are not landmarked (their mouth series is empty); maxSeconds: only the
 *   start; session: a browser with the extension already running (kept open), else one is
 *   launched and closed
 * @returns {Promise<Map<string, any>>} file -> tracked result ({ mouth, audio, ... } or { error })
 */
export async function trackFiles(
  files,
  { fps, log = () => undefined, cache = true, speechOnly = false, maxSeconds = Infinity, session },
) {
  if (cache) mkdirSync(CACHE, { recursive: true });
  /** @type {Map<string, any>} */
  const out = new Map();
  /** @type {{ file: string, bytes: Buffer, cached: string }[]} */
  const todo = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const cached = cache ? cachePath(bytes, file, fps, speechOnly, maxSeconds) : '';
    if (cached && existsSync(cached)) out.set(file, JSON.parse(readFileSync(cached, 'utf8')));
    else todo.push({ file, bytes, cached });
  }
  if (todo.length === 0) return out;
  const browser = session ?? (await launchBrowser());
  let page = null;
  try {
    page = await browser.browser.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/diagnostics.html?track`);
    await page.waitForFunction(
      () => document.body.dataset.trackReady || document.body.dataset.result,
      {
        timeout: 120000,
      },
    );
    for (const { file, bytes, cached } of todo) {
      const started = Date.now();
      const base64 = bytes.toString('base64');
      try {
        const result = await page.evaluate(
          (data, rate, only, limit) =>
            /** @type {any} */ (globalThis)
              .telltaleTrackFile(data, rate, { speechOnly: only, maxSeconds: limit ?? undefined })
              .then((/** @type {unknown} */ r) => JSON.stringify(r)),
          base64,
          fps,
          speechOnly,
          Number.isFinite(maxSeconds) ? maxSeconds : null,
        );
        if (cached) writeFileSync(cached, result);
        out.set(file, JSON.parse(result));
        log(`tracked ${path.basename(file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        out.set(file, { error: String(error) });
        log(`could not track ${path.basename(file)}: ${String(error)}`);
      }
    }
  } finally {
    if (session) await page?.close().catch(() => undefined);
    else await browser.close();
  }
  return out;
}
