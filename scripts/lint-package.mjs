#!/usr/bin/env node
// @ts-check
/**
 * npm run test:package — lints the Chrome store package: the built folder (.output/chrome-mv3)
 * and the zip `npm run zip` made from it (.output/*-chrome.zip), which must hold exactly the
 * build. Checks in scripts/lib/package-lint/.
 *
 *   node scripts/lint-package.mjs [PATH...] [--max-mb 60] [--permissions docs/permissions.md]
 *
 * PATH is a built folder or a zip (default: both of the above). Exit codes: 0 clean (warnings
 * allowed), 1 errors found, 2 usage error or nothing to lint.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { checkSize, compareZipToBuild, lintPackage } from './lib/package-lint/index.mjs';
import { readZip } from './lib/zip.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(ROOT, '.output');

/**
 * Files under `dir`, by '/'-separated relative path.
 * @param {string} dir
 * @returns {Map<string, Uint8Array>}
 */
function readFolder(dir) {
  /** @type {Map<string, Uint8Array>} */
  const files = new Map();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full));
  }
  return files;
}

/** The default targets: the Chrome build folder and its newest zip. */
function defaultTargets() {
  const zips = existsSync(OUTPUT)
    ? readdirSync(OUTPUT)
        .filter((f) => f.endsWith('-chrome.zip'))
        .map((f) => path.join(OUTPUT, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    : [];
  return [path.join(OUTPUT, 'chrome-mv3'), ...zips.slice(0, 1)];
}

const { options, positional } = parseArgs(process.argv.slice(2), []);
const maxBytes = Number(options['max-mb'] ?? 60) * 1e6;
const docPath = path.resolve(ROOT, options.permissions ?? 'docs/permissions.md');
const targets = positional.length > 0 ? positional.map((p) => path.resolve(p)) : defaultTargets();
if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
  console.error('[package] --max-mb takes a positive number');
  process.exit(2);
}
const missing = targets.filter((t) => !existsSync(t));
if (missing.length > 0 || !targets.some((t) => t.endsWith('.zip'))) {
  for (const t of missing) console.error(`[package] ${path.relative(ROOT, t)} does not exist`);
  if (!targets.some((t) => t.endsWith('.zip'))) console.error('[package] no Chrome zip to lint');
  console.error('[package] run `npm run zip` first (it builds .output/chrome-mv3 and zips it)');
  process.exit(2);
}

const permissionsDoc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : null;
/** @type {Map<string, Uint8Array> | null} */
let folder = null;
let errors = 0;
for (const target of targets) {
  const isZip = target.endsWith('.zip');
  const bytes = isZip ? readFileSync(target) : null;
  /** @type {Map<string, Uint8Array>} */
  let files;
  try {
    files = bytes ? readZip(bytes) : readFolder(target);
  } catch (error) {
    console.error(`[package] ${path.relative(ROOT, target)}: ${String(error)}`);
    process.exit(1);
  }
  for (const name of [...files.keys()]) if (name.endsWith('/')) files.delete(name); // directories
  const findings = lintPackage(files, { permissionsDoc });
  if (bytes) findings.push(checkSize(bytes.length, maxBytes));
  if (bytes && folder) findings.push(...compareZipToBuild(files, folder));
  if (!bytes) folder = files;
  const unpacked = [...files.values()].reduce((sum, b) => sum + b.length, 0);
  console.log(
    `[package] ${path.relative(ROOT, target)}: ${files.size} files, ${(unpacked / 1e6).toFixed(1)} MB unpacked`,
  );
  for (const f of findings) console.log(`  ${f.level}: ${f.message}`);
  errors += findings.filter((f) => f.level === 'error').length;
}
console.log(errors === 0 ? '[package] ok' : `[package] ${errors} error(s)`);
process.exit(errors === 0 ? 0 : 1);
