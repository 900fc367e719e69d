// @ts-check
/**
 * Frame-accurate mouth series and audio tracks of video files, from the extension's diagnostics
 * page in "track" mode (entrypoints/diagnostics/track-file.ts): every frame at a fixed rate by
 * seeking, the sound decoded in full. Results are cached per file content and rate under
 * bench/out/tracks/ so that the lip-sync evaluation can be re-run without re-landmarking.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, ROOT } from './browser.mjs';

const CACHE = path.join(ROOT, 'bench', 'out', 'tracks');
/** Bumped whenever what the page returns changes (v2: bandDb; v3: frames from playback). */
const FORMAT = 'v3';

/** @param {string} file @param {number} fps @param {boolean} speechOnly */
function cachePath(file, fps, speechOnly) {
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const only = speechOnly ? '.speech' : '';
  return path.join(CACHE, `${path.basename(file)}.${hash}.${fps}fps${only}.${FORMAT}.json`);
}

/**
 * @param {string[]} files
 * @param {{ fps: number, log?: (line: string) => void, cache?: boolean, speechOnly?: boolean, maxSeconds?: number }} options  cache: false
 *   tracks every file afresh and writes nothing (tests); speechOnly: files with (almost) no
 *   speech are not landmarked (their mouth series is empty); maxSeconds: only the start
 * @returns {Promise<Map<string, any>>} file -> tracked result ({ mouth, audio, ... } or { error })
 */
export async function trackFiles(
  files,
  { fps, log = () => undefined, cache = true, speechOnly = false, maxSeconds = Infinity },
) {
  if (cache) mkdirSync(CACHE, { recursive: true });
  /** @type {Map<string, any>} */
  const out = new Map();
  const todo = [];
  for (const file of files) {
    const cached = cache ? cachePath(file, fps, speechOnly) : '';
    if (cached && existsSync(cached)) out.set(file, JSON.parse(readFileSync(cached, 'utf8')));
    else todo.push(file);
  }
  if (todo.length === 0) return out;
  const session = await launchBrowser();
  try {
    const page = await session.browser.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/diagnostics.html?track`);
    await page.waitForFunction(
      () => document.body.dataset.trackReady || document.body.dataset.result,
      {
        timeout: 120000,
      },
    );
    for (const file of todo) {
      const started = Date.now();
      const base64 = readFileSync(file).toString('base64');
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
        if (cache) writeFileSync(cachePath(file, fps, speechOnly), result);
        out.set(file, JSON.parse(result));
        log(`tracked ${path.basename(file)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        out.set(file, { error: String(error) });
        log(`could not track ${path.basename(file)}: ${String(error)}`);
      }
    }
  } finally {
    await session.close();
  }
  return out;
}
