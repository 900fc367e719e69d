// @ts-check
/**
 * Model setup: copy from ../shared/models when present, otherwise download the official URL;
 * verify sha256 either way. Used by scripts/setup-models.mjs and its tests.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * @typedef {object} ModelEntry
 * @property {string} file      name under the destination folder (and in ../shared/models)
 * @property {string} url       official download URL
 * @property {string} sha256    expected hex digest
 * @property {number} [bytes]
 * @property {string} [licence]
 */

/** @param {string} file */
export async function sha256File(file) {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** @param {string} file */
async function exists(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Makes `destDir/entry.file` exist with the right digest.
 * @param {ModelEntry} entry
 * @param {{ destDir: string, sharedDir?: string, fetchImpl?: typeof fetch }} options
 * @returns {Promise<'cached' | 'copied' | 'downloaded'>}
 */
export async function ensureModel(entry, { destDir, sharedDir, fetchImpl = fetch }) {
  const dest = path.join(destDir, entry.file);
  await mkdir(destDir, { recursive: true });
  if ((await exists(dest)) && (await sha256File(dest)) === entry.sha256) return 'cached';

  const tmp = `${dest}.part`;
  /** @type {'copied' | 'downloaded'} */
  let how;
  const shared = sharedDir ? path.join(sharedDir, entry.file) : null;
  if (shared && (await exists(shared))) {
    await copyFile(shared, tmp);
    how = 'copied';
  } else {
    let response;
    try {
      response = await fetchImpl(entry.url);
    } catch (error) {
      throw new Error(
        `${entry.file}: not in ${sharedDir ?? '(no shared folder)'} and the download from ` +
          `${entry.url} failed (${error instanceof Error ? error.message : String(error)}). ` +
          'Put the file in ../shared/models or allow the download.',
      );
    }
    if (!response.ok) {
      throw new Error(`${entry.file}: download from ${entry.url} answered HTTP ${response.status}`);
    }
    await writeFile(tmp, Buffer.from(await response.arrayBuffer()));
    how = 'downloaded';
  }
  const digest = await sha256File(tmp);
  if (digest !== entry.sha256) {
    await rm(tmp, { force: true });
    throw new Error(
      `${entry.file}: sha256 mismatch (${how} file has ${digest}, manifest says ${entry.sha256}). ` +
        'The file is corrupted or not the official release; it was not installed.',
    );
  }
  await rename(tmp, dest);
  return how;
}

/**
 * @param {string} manifestPath
 * @returns {Promise<ModelEntry[]>}
 */
export async function readManifest(manifestPath) {
  const json = JSON.parse(await readFile(manifestPath, 'utf8'));
  if (!Array.isArray(json.models)) throw new Error(`${manifestPath}: "models" must be an array`);
  return json.models;
}
