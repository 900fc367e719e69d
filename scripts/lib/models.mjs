// @ts-check
/**
 * Model setup: copy from ../shared/models when present, otherwise download the official URL;
 * verify sha256 either way; then run the entry's conversion, if any (MesoNet Keras -> ONNX).
 * Used by scripts/setup-models.mjs and its tests.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (for entries with `local`). */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {object} ModelEntry
 * @property {string} file      name under the destination folder (and in ../shared/models)
 * @property {string} url       official download URL ("" for `local` entries)
 * @property {string} [local]   path in this repository (from its root) of a model the project
 *   trains itself (training/): copied from there, never downloaded
 * @property {string} sha256    expected hex digest
 * @property {number} [bytes]
 * @property {string} [licence]
 * @property {'public' | 'cache'} [dest] where the file goes: public/models (default, shipped in
 *   the extension) or models/cache (git-ignored, not shipped: sources for a conversion)
 * @property {ModelConversion} [convert] derive a shipped file from this one after verification
 * @property {string} [sharedFile] path under ../shared/models when it differs from `file`
 *   (e.g. pretrained/lrnet_dfo_g1.pth)
 * @property {boolean} [optional] a model the extension can do without (its cue abstains): when it
 *   can be neither copied nor downloaded, setup says so and goes on instead of failing
 */

/**
 * @typedef {object} ModelConversion
 * @property {'mesonet' | 'lrnet'} with   the converter (scripts/convert-mesonet.mjs,
 *   scripts/convert-lrnet.mjs)
 * @property {import('../convert-mesonet.mjs').MesoVariant} [variant] MesoNet only
 * @property {string} output    path under public/models, e.g. mesonet/meso4_df.onnx; for lrnet
 *   the base name of the .json/.bin pair, e.g. lrnet/dfo_g1
 * @property {Record<string, string>} [metadata] extra ONNX metadata_props
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
  const shared = sharedDir ? path.join(sharedDir, entry.sharedFile ?? entry.file) : null;
  const local = entry.local ? path.resolve(REPO_ROOT, entry.local) : null;
  if (local) {
    if (!(await exists(local))) {
      throw new Error(
        `${entry.file}: ${entry.local} is missing (the project's own model: restore it from git ` +
          'or retrain it, see training/README.md)',
      );
    }
    await copyFile(local, tmp);
    how = 'copied';
  } else if (shared && (await exists(shared))) {
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

/**
 * Installs one manifest entry: ensureModel into public/models or models/cache, then runs its
 * conversion into public/models. A file that fails verification is never converted.
 * @param {ModelEntry} entry
 * @param {{ publicDir: string, cacheDir: string, sharedDir?: string, fetchImpl?: typeof fetch }} options
 * @returns {Promise<string>} a one-line summary for the log
 */
export async function installModel(entry, { publicDir, cacheDir, sharedDir, fetchImpl }) {
  const dir = entry.dest === 'cache' ? cacheDir : publicDir;
  /** @type {'cached' | 'copied' | 'downloaded'} */
  let how;
  try {
    how = await ensureModel(entry, { destDir: dir, sharedDir, fetchImpl });
  } catch (error) {
    if (!entry.optional) throw error;
    const why = error instanceof Error ? error.message : String(error);
    return `${entry.file}: unavailable, skipped (optional model; its cue will abstain): ${why}`;
  }
  let line = `${entry.file}: ${how}, sha256 ok`;
  const conversion = entry.convert;
  if (conversion?.with === 'lrnet') {
    const { convertLrnet } = await import('../convert-lrnet.mjs');
    try {
      const r = await convertLrnet(
        path.join(dir, entry.file),
        path.join(publicDir, conversion.output),
        { source_url: entry.url, ...conversion.metadata },
      );
      return `${line} -> ${conversion.output}.json/.bin (${r.bytes} bytes, ${r.written ? 'converted' : 'unchanged'})`;
    } catch (error) {
      if (!entry.optional) throw error;
      const why = error instanceof Error ? error.message : String(error);
      return `${line}, conversion failed, skipped (optional model; its cue will abstain): ${why}`;
    }
  }
  if (conversion) {
    if (conversion.with !== 'mesonet' || !conversion.variant) {
      throw new Error(`${entry.file}: unknown converter "${conversion.with}"`);
    }
    // Imported lazily: only conversions need jsfive and onnx-proto.
    const { convertMesonet } = await import('../convert-mesonet.mjs');
    const out = path.join(publicDir, conversion.output);
    const r = await convertMesonet(path.join(dir, entry.file), out, conversion.variant, {
      source_url: entry.url,
      ...conversion.metadata,
    });
    line += ` -> ${conversion.output} (${r.bytes} bytes, ${r.written ? 'converted' : 'unchanged'})`;
  }
  return line;
}
