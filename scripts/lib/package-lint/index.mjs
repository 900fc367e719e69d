// @ts-check
/**
 * Store-readiness lint of a built Chrome extension package (issue #18, part 4): manifest, icons,
 * locales, permissions against docs/permissions.md, CSP, remote and dynamic code, stray files,
 * size. Pure over the package's files, so tests can lint a package made in memory.
 */
import { ALLOW } from './allowlist.mjs';
import { checkCode } from './code.mjs';
import { checkCsp } from './csp.mjs';
import { checkFileNames, compareZipToBuild } from './files.mjs';
import { checkManifest } from './manifest.mjs';
import { checkPermissions } from './permissions.mjs';

export { compareZipToBuild };

/** @typedef {import('./types.mjs').Finding} Finding */
/** @typedef {import('./types.mjs').AllowRule} AllowRule */

/**
 * @typedef {object} LintOptions
 * @property {string | null} permissionsDoc  docs/permissions.md, or null when missing
 * @property {AllowRule[]} [allow]  reviewed dynamic-code occurrences (default: allowlist.mjs)
 */

/**
 * @param {Map<string, Uint8Array>} files  package path -> bytes (directories left out)
 * @param {LintOptions} options
 * @returns {Finding[]}
 */
export function lintPackage(files, options) {
  const { manifest, findings } = checkManifest(files);
  const out = [...findings, ...checkFileNames(files), ...checkCode(files, options.allow ?? ALLOW)];
  if (manifest)
    out.push(...checkCsp(manifest), ...checkPermissions(manifest, options.permissionsDoc));
  return out;
}

/**
 * A size check: the zip must stay under `maxBytes`; the size is reported either way.
 * @param {number} zipBytes
 * @param {number} maxBytes
 * @returns {Finding}
 */
export function checkSize(zipBytes, maxBytes) {
  const mb = (/** @type {number} */ n) => `${(n / 1e6).toFixed(1)} MB`;
  return zipBytes > maxBytes
    ? { level: 'error', message: `the zip is ${mb(zipBytes)}, over the ${mb(maxBytes)} limit` }
    : {
        level: 'note',
        message: `zip size ${mb(zipBytes)} (${zipBytes} bytes; limit ${mb(maxBytes)})`,
      };
}
