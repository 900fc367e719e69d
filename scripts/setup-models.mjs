// @ts-check
/**
 * Installs model files into public/models (shipped in the extension), or into models/cache when
 * they are only conversion sources (MesoNet Keras weights -> public/models/mesonet/*.onnx).
 * Run by npm install/build.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installModel, readManifest } from './lib/models.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = process.env.TELLTALE_SHARED
  ? path.join(process.env.TELLTALE_SHARED, 'models')
  : path.resolve(root, '..', 'shared', 'models');
const publicDir = path.join(root, 'public', 'models');
const cacheDir = path.join(root, 'models', 'cache');

try {
  for (const entry of await readManifest(path.join(root, 'models', 'manifest.json'))) {
    console.log(`[models] ${await installModel(entry, { publicDir, cacheDir, sharedDir })}`);
  }
} catch (error) {
  console.error(`[models] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
