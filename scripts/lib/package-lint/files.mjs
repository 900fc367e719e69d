// @ts-check
/**
 * What a store package may contain: only build output. Source maps, sources, dotfiles, keys and
 * paths that climb out of the package are refused; a zip must hold exactly the built folder.
 */

/** @typedef {import('./types.mjs').Finding} Finding */

/** File names that are never build output, with why. */
const FORBIDDEN = /** @type {const} */ ([
  [/\.map$/i, 'a source map'],
  [/\.(?:ts|tsx|jsx|vue|svelte)$/i, 'a source file'],
  [/(?:^|\/)\./, 'a dotfile'],
  [/(?:^|\/)node_modules\//, 'from node_modules'],
  [/\.(?:pem|key|p12|crx)$/i, 'a key or signed package'],
]);

/**
 * @param {Map<string, Uint8Array>} files  package files by path ('/'-separated, no directories)
 * @returns {Finding[]}
 */
export function checkFileNames(files) {
  /** @type {Finding[]} */
  const out = [];
  for (const name of files.keys()) {
    if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
      out.push({ level: 'error', message: `${name}: path outside the package` });
      continue;
    }
    for (const [pattern, what] of FORBIDDEN) {
      if (pattern.test(name))
        out.push({ level: 'error', message: `${name}: ${what}, not build output` });
    }
  }
  return out;
}

/**
 * The zip must be the built folder, file for file and byte for byte (else it is stale or holds
 * files from elsewhere).
 * @param {Map<string, Uint8Array>} zip
 * @param {Map<string, Uint8Array>} folder
 * @returns {Finding[]}
 */
export function compareZipToBuild(zip, folder) {
  /** @type {Finding[]} */
  const out = [];
  for (const [name, bytes] of zip) {
    const built = folder.get(name);
    if (!built) out.push({ level: 'error', message: `${name}: in the zip but not in the build` });
    else if (Buffer.compare(Buffer.from(built), Buffer.from(bytes)) !== 0)
      out.push({
        level: 'error',
        message: `${name}: differs from the build (stale zip? run npm run zip)`,
      });
  }
  for (const name of folder.keys())
    if (!zip.has(name)) out.push({ level: 'error', message: `${name}: built but not in the zip` });
  return out;
}
