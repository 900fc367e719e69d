// @ts-check
/** Installs model files into public/models (shipped in the extension). Run by npm install/build. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureModel, readManifest } from './lib/models.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = process.env.TELLTALE_SHARED
  ? path.join(process.env.TELLTALE_SHARED, 'models')
  : path.resolve(root, '..', 'shared', 'models');
const destDir = path.join(root, 'public', 'models');

try {
  for (const entry of await readManifest(path.join(root, 'models', 'manifest.json'))) {
    const how = await ensureModel(entry, { destDir, sharedDir });
    console.log(`[models] ${entry.file}: ${how}, sha256 ok`);
  }
} catch (error) {
  console.error(`[models] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
