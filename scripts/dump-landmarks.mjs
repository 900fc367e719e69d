// @ts-check
/**
 * Landmarks (the extension's own FaceLandmarker, 478 points) of still images, for training and
 * evaluating the blend frame model (training/). Runs the built extension's diagnostics page in
 * "landmarks" mode in Chromium and writes one JSON file per image folder under
 * bench/out/landmarks/ (gitignored): { "<file name>": { width, height, faces: [[x0,y0,...]] } }.
 * Folders already dumped are skipped unless --force.
 *
 *   npx wxt build
 *   node scripts/dump-landmarks.mjs <image folder>...      (folders of .png/.jpg files)
 *   node scripts/dump-landmarks.mjs --frames bench/out/frames   (every sub-sub-folder)
 *
 * The cache file for folder a/b/c is bench/out/landmarks/<b>__<c>.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, ROOT } from './lib/browser.mjs';

const OUT = path.join(ROOT, 'bench', 'out', 'landmarks');
const args = process.argv.slice(2);
const force = args.includes('--force');
/** @type {string[]} */
const folders = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] ?? '';
  if (a === '--force') continue;
  if (a === '--frames') {
    const root = path.resolve(args[++i] ?? '');
    for (const source of readdirSync(root).sort()) {
      for (const video of readdirSync(path.join(root, source)).sort()) {
        const dir = path.join(root, source, video);
        if (statSync(dir).isDirectory()) folders.push(dir);
      }
    }
  } else folders.push(path.resolve(a));
}
if (folders.length === 0) {
  console.error('usage: node scripts/dump-landmarks.mjs [--force] (<folder> | --frames <root>)...');
  process.exit(2);
}

/** @param {string} dir */
const cacheFile = (dir) =>
  path.join(OUT, `${path.basename(path.dirname(dir))}__${path.basename(dir)}.json`);

mkdirSync(OUT, { recursive: true });
const session = await launchBrowser();
try {
  const page = await session.browser.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/diagnostics.html?landmarks`);
  await page.waitForFunction(
    () => document.body.dataset.landmarksReady || document.body.dataset.result,
    { timeout: 120000 },
  );
  const failed = await page.evaluate(() => document.body.dataset.result);
  if (failed) throw new Error(`the diagnostics page could not start its landmarker: ${failed}`);
  for (const dir of folders) {
    const target = cacheFile(dir);
    if (!force && existsSync(target)) continue;
    const files = readdirSync(dir)
      .filter((f) => /\.(png|jpe?g)$/i.test(f))
      .sort();
    /** @type {Record<string, unknown>} */
    const result = {};
    const started = Date.now();
    let withFace = 0;
    for (const file of files) {
      const base64 = readFileSync(path.join(dir, file)).toString('base64');
      try {
        const r = await page.evaluate(
          (data) =>
            /** @type {any} */ (globalThis)
              .telltaleLandmarkImage(data)
              .then((/** @type {unknown} */ x) => JSON.stringify(x)),
          base64,
        );
        const parsed = JSON.parse(r);
        if (parsed.faces.length > 0) withFace++;
        result[file] = parsed;
      } catch (error) {
        result[file] = { error: String(error) };
      }
    }
    writeFileSync(target, JSON.stringify(result));
    const s = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${path.relative(ROOT, target)}: ${withFace}/${files.length} with a face, ${s} s`);
  }
} finally {
  await session.close();
}
