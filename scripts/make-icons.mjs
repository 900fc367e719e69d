#!/usr/bin/env node
// @ts-check
/**
 * Draws the extension's icons into public/icon/<size>.png (WXT lists public/icon/<size>.png in
 * the manifest's `icons`): the badge's half-filled ring (◐) in amber on a dark rounded square.
 * Drawn with 4x4 supersampling; the 128 px icon keeps 16 px of transparent margin, as the Chrome
 * Web Store asks. Run it after changing the design: `node scripts/make-icons.mjs`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'public', 'icon');
const SIZES = [16, 32, 48, 128];
const DARK = [0x1f, 0x1f, 0x1f];
const AMBER = [0xf2, 0xa9, 0x00];
const SUB = 4;

/**
 * Colour and coverage at a point of the art box, coordinates in [-1, 1].
 * @param {number} x
 * @param {number} y
 * @returns {number[] | null}  RGB, or null outside the icon
 */
function shade(x, y) {
  const r = Math.hypot(x, y);
  if ((r > 0.5 && r < 0.68) || (r <= 0.38 && x < 0)) return AMBER;
  // Rounded square of half-side 1 and corner radius 0.3.
  const qx = Math.max(Math.abs(x) - 0.7, 0);
  const qy = Math.max(Math.abs(y) - 0.7, 0);
  return Math.hypot(qx, qy) <= 0.3 ? DARK : null;
}

/** @param {number} size */
function icon(size) {
  const margin = size === 128 ? 16 : Math.round(size / 16);
  const art = size - 2 * margin;
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      let hits = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const x = ((px - margin + (sx + 0.5) / SUB) / art) * 2 - 1;
          const y = ((py - margin + (sy + 0.5) / SUB) / art) * 2 - 1;
          const colour = shade(x, y);
          if (!colour) continue;
          hits++;
          for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (colour[c] ?? 0);
        }
      }
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = hits ? Math.round((sum[c] ?? 0) / hits) : 0;
      png.data[i + 3] = Math.round((255 * hits) / (SUB * SUB));
    }
  }
  return PNG.sync.write(png);
}

mkdirSync(OUT, { recursive: true });
for (const size of SIZES) {
  const file = path.join(OUT, `${size}.png`);
  writeFileSync(file, icon(size));
  console.log(`[icons] ${path.relative(ROOT, file)}`);
}
