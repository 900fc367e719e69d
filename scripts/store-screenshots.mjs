#!/usr/bin/env node
// @ts-check
/**
 * npm run store:screenshots — the Chrome Web Store's 1280x800 screenshots, made only from the
 * screenshots the end-to-end test tests/e2e/sites.test.ts takes of the real build
 * (test-results/badges/, 1280x900 pages): each is cut or padded to 1280x800, never scaled or
 * painted on, and written to docs/store/screenshots/ as 24-bit PNG (the store refuses alpha).
 *
 *   node scripts/store-screenshots.mjs [--from test-results/badges] [--out docs/store/screenshots]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { parseArgs } from './lib/args.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WIDTH = 1280;
const HEIGHT = 800;

/** Store screenshot <- the e2e screenshot it is cut from (tests/e2e/sites.test.ts). */
const SHOTS = [
  ['1-verdict-panel.png', 'tiktok-verdict-panel.png'],
  ['2-checking-in-feed.png', 'x-profile-analyzing.png'],
  ['3-panel-by-keyboard.png', 'youtube-panel.png'],
];

/**
 * `src` placed at the top left of a WIDTH x HEIGHT canvas: cut where larger, padded with its
 * top-left pixel's colour where smaller.
 * @param {PNG} src
 */
function fit(src) {
  const out = new PNG({ width: WIDTH, height: HEIGHT });
  const fill = [src.data[0] ?? 0, src.data[1] ?? 0, src.data[2] ?? 0, 255];
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const o = (y * WIDTH + x) * 4;
      const inside = x < src.width && y < src.height;
      const s = (y * src.width + x) * 4;
      for (let c = 0; c < 4; c++)
        out.data[o + c] = inside ? (src.data[s + c] ?? 0) : (fill[c] ?? 0);
    }
  }
  return out;
}

const { options } = parseArgs(process.argv.slice(2), []);
const from = path.resolve(ROOT, options.from ?? 'test-results/badges');
const to = path.resolve(ROOT, options.out ?? 'docs/store/screenshots');
const missing = SHOTS.filter(([, src]) => !existsSync(path.join(from, src ?? '')));
if (missing.length > 0) {
  console.error(
    `[store] missing in ${path.relative(ROOT, from)}: ${missing.map(([, s]) => s).join(', ')}`,
  );
  console.error(
    '[store] run `npm run build && npx vitest run --project e2e tests/e2e/sites.test.ts` first',
  );
  process.exit(2);
}
mkdirSync(to, { recursive: true });
for (const [name, src] of SHOTS) {
  const png = PNG.sync.read(readFileSync(path.join(from, src ?? '')));
  writeFileSync(path.join(to, name ?? ''), PNG.sync.write(fit(png), { colorType: 2 }));
  console.log(
    `[store] ${src} (${png.width}x${png.height}) -> ${path.relative(ROOT, path.join(to, name ?? ''))}`,
  );
}
