// @ts-check
/**
 * Final outcomes (cues, features, verdict) of video files from the shipped face analyser, run by
 * the extension's diagnostics page (entrypoints/diagnostics/analyse-file.ts): frames at a fixed
 * rate, the sound decoded in full. Cached per file content, rate, length and FEATURES_VERSION
 * (lib/features/video-features.ts) under bench/out/analysed/, so the classifier can be refitted
 * and cross-validated without re-analysing. Files Chromium cannot decode are re-encoded to
 * H.264 with ffmpeg first.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, ROOT } from './browser.mjs';
import { transcodeForChromium } from './scanner.mjs';
import { importTs } from './ts.mjs';

const CACHE = path.join(ROOT, 'bench', 'out', 'analysed');

/** @type {typeof import('../../lib/features/video-features')} */
const { FEATURES_VERSION } = await importTs('lib/features/video-features.ts');

/**
 * @param {Buffer} bytes @param {string} file @param {number} fps @param {number} maxSeconds
 */
function cachePath(bytes, file, fps, maxSeconds) {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return path.join(
    CACHE,
    `${path.basename(file)}.${hash}.${fps}fps.${maxSeconds}s.${FEATURES_VERSION}.json`,
  );
}

/**
 * @param {any} page @param {Buffer} bytes @param {number} fps @param {number} maxSeconds
 * @returns {Promise<any>}
 */
async function analyseInPage(page, bytes, fps, maxSeconds) {
  const text = await page.evaluate(
    (/** @type {string} */ data, /** @type {number} */ rate, /** @type {number} */ limit) =>
      /** @type {any} */ (globalThis)
        .telltaleAnalyseFile(data, rate, { maxSeconds: limit })
        .then((/** @type {unknown} */ r) => JSON.stringify(r)),
    bytes.toString('base64'),
    fps,
    maxSeconds,
  );
  return JSON.parse(text);
}

/**
 * @param {string[]} files
 * @param {{ fps: number, maxSeconds: number, log?: (line: string) => void, cache?: boolean, cachedOnly?: boolean }} options
 *   cachedOnly: files not in the cache are left out (reported as errors), nothing is analysed
 * @returns {Promise<Map<string, any>>} file -> analysed result ({ outcome, ... } or { error })
 */
export async function analyseFiles(
  files,
  { fps, maxSeconds, log = () => undefined, cache = true, cachedOnly = false },
) {
  if (cache) mkdirSync(CACHE, { recursive: true });
  /** @type {Map<string, any>} */
  const out = new Map();
  /** @type {{ file: string, bytes: Buffer, cached: string }[]} */
  const todo = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const cached = cache ? cachePath(bytes, file, fps, maxSeconds) : '';
    if (cached && existsSync(cached)) out.set(file, JSON.parse(readFileSync(cached, 'utf8')));
    else todo.push({ file, bytes, cached });
  }
  if (cachedOnly) for (const { file } of todo) out.set(file, { error: 'not analysed yet' });
  if (todo.length === 0 || cachedOnly) return out;
  log(`analysing ${todo.length} file(s) (${out.size} cached)`);
  const browser = await launchBrowser();
  try {
    const page = await browser.browser.newPage();
    page.setDefaultTimeout(300000);
    await page.goto(`chrome-extension://${browser.extensionId}/diagnostics.html?track`);
    await page.waitForFunction(
      () => document.body.dataset.trackReady || document.body.dataset.result,
      { timeout: 180000 },
    );
    for (const { file, bytes, cached } of todo) {
      const started = Date.now();
      try {
        let result;
        try {
          result = await analyseInPage(page, bytes, fps, maxSeconds);
        } catch (error) {
          if (!String(error).includes('cannot load the video')) throw error;
          const copy = await transcodeForChromium(file);
          if (!copy) throw error;
          try {
            result = {
              ...(await analyseInPage(page, readFileSync(copy), fps, maxSeconds)),
              transcoded: true,
            };
          } finally {
            rmSync(path.dirname(copy), { recursive: true, force: true });
          }
        }
        if (cached) writeFileSync(cached, JSON.stringify(result));
        out.set(file, result);
        const o = result.outcome;
        log(
          `analysed ${path.basename(file)} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${o.state}${o.reason ? ` (${o.reason})` : ''}`,
        );
      } catch (error) {
        out.set(file, { error: String(error) });
        log(`could not analyse ${path.basename(file)}: ${String(error)}`);
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}
