// @ts-check
/**
 * The manifest as the Chrome Web Store reads it: Manifest V3, a name and description that
 * resolve in every locale and fit the store's limits, the four icon sizes as real PNGs of their
 * size, and every file the manifest names present in the package.
 */

/** @typedef {import('./types.mjs').Finding} Finding */

/** Chrome's limits on manifest strings (developer.chrome.com, manifest keys). */
export const LIMITS = { name: 75, short_name: 12, description: 132 };
export const ICON_SIZES = [16, 32, 48, 128];

const decoder = new TextDecoder();
const MSG = /^__MSG_(\w+)__$/;

/**
 * @param {Map<string, Uint8Array>} files
 * @param {string} name
 * @returns {unknown}  parsed JSON, or undefined when absent
 */
export function readJson(files, name) {
  const bytes = files.get(name);
  if (!bytes) return undefined;
  // Chrome accepts a UTF-8 byte order mark in messages.json.
  return JSON.parse(decoder.decode(bytes).replace(/^\uFEFF/, ''));
}

/**
 * Locales of the package: locale -> lower-cased message key -> message.
 * @param {Map<string, Uint8Array>} files
 * @param {Finding[]} out
 */
function readLocales(files, out) {
  /** @type {Map<string, Map<string, string>>} */
  const locales = new Map();
  for (const name of files.keys()) {
    const m = /^_locales\/([^/]+)\/messages\.json$/.exec(name);
    if (!m?.[1]) continue;
    try {
      const json = /** @type {Record<string, { message?: unknown }>} */ (readJson(files, name));
      const messages = new Map();
      for (const [key, value] of Object.entries(json))
        if (typeof value?.message === 'string') messages.set(key.toLowerCase(), value.message);
      locales.set(m[1], messages);
    } catch (error) {
      out.push({ level: 'error', message: `${name}: not valid JSON (${String(error)})` });
    }
  }
  return locales;
}

/**
 * Width and height of a PNG, or null when the bytes are not one.
 * @param {Uint8Array} bytes
 */
export function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** @param {unknown} v */
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v @returns {string[]} */
const strings = (v) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
/** Package path of a manifest path ('/popup.html' and 'popup.html' are the same file). */
const pkgPath = (/** @type {string} */ p) => p.replace(/^\/+/, '');

/**
 * Strings the store shows (name, short_name, description): present, resolved in every locale,
 * within Chrome's limits.
 * @param {Record<string, unknown>} manifest
 * @param {Map<string, Map<string, string>>} locales
 * @param {Finding[]} out
 */
function checkStrings(manifest, locales, out) {
  const fallback = typeof manifest.default_locale === 'string' ? manifest.default_locale : '';
  for (const key of /** @type {const} */ (['name', 'short_name', 'description'])) {
    const value = manifest[key];
    if (value === undefined && key === 'short_name') continue;
    if (typeof value !== 'string' || value.trim() === '') {
      out.push({ level: 'error', message: `manifest ${key} is missing` });
      continue;
    }
    const msg = MSG.exec(value);
    /** @type {[string, string][]} */
    const resolved = [];
    if (!msg?.[1]) resolved.push(['', value]);
    else {
      const base = locales.get(fallback)?.get(msg[1].toLowerCase());
      if (base === undefined) continue; // checkMessageRefs reports it
      for (const [locale, messages] of locales)
        resolved.push([locale, messages.get(msg[1].toLowerCase()) ?? base]);
    }
    for (const [locale, text] of resolved) {
      const where = locale ? ` (${locale})` : '';
      if (text.trim() === '')
        out.push({ level: 'error', message: `manifest ${key}${where} is empty` });
      else if (text.length > LIMITS[key])
        out.push({
          level: 'error',
          message: `manifest ${key}${where} has ${text.length} characters, more than ${LIMITS[key]}: "${text}"`,
        });
    }
  }
}

/**
 * Every `__MSG_key__` anywhere in the manifest is defined in the default locale.
 * @param {unknown} value
 * @param {Map<string, string> | undefined} messages
 * @param {string} at
 * @param {Finding[]} out
 */
function checkMessageRefs(value, messages, at, out) {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/__MSG_(\w+)__/g))
      if (!messages?.has((m[1] ?? '').toLowerCase()))
        out.push({
          level: 'error',
          message: `manifest ${at}: __MSG_${m[1]}__ is not defined in the default locale`,
        });
  } else if (Array.isArray(value))
    value.forEach((v, i) => checkMessageRefs(v, messages, `${at}[${i}]`, out));
  else if (isObj(value))
    for (const [k, v] of Object.entries(/** @type {object} */ (value)))
      checkMessageRefs(v, messages, at ? `${at}.${k}` : k, out);
}

/**
 * @param {Record<string, unknown>} manifest
 * @param {Map<string, Uint8Array>} files
 * @param {Finding[]} out
 */
function checkIcons(manifest, files, out) {
  const icons = isObj(manifest.icons)
    ? /** @type {Record<string, unknown>} */ (manifest.icons)
    : {};
  for (const size of ICON_SIZES) {
    const file = icons[String(size)];
    if (typeof file !== 'string') {
      out.push({ level: 'error', message: `manifest icons: no ${size}x${size} icon` });
      continue;
    }
    const bytes = files.get(pkgPath(file));
    const got = bytes ? pngSize(bytes) : null;
    if (!bytes)
      out.push({ level: 'error', message: `icon ${size}: ${file} is not in the package` });
    else if (!got) out.push({ level: 'error', message: `icon ${size}: ${file} is not a PNG` });
    else if (got.width !== size || got.height !== size)
      out.push({ level: 'error', message: `icon ${size}: ${file} is ${got.width}x${got.height}` });
  }
}

/**
 * Files the manifest names: each must be in the package.
 * @param {Record<string, unknown>} m
 * @returns {[string, string][]}  [where, path]
 */
function referencedFiles(m) {
  /** @type {[string, string][]} */
  const refs = [];
  const add = (/** @type {string} */ where, /** @type {unknown} */ p) => {
    if (typeof p === 'string') refs.push([where, p]);
  };
  const get = (/** @type {unknown} */ o, /** @type {string} */ k) =>
    isObj(o) ? /** @type {Record<string, unknown>} */ (o)[k] : undefined;
  add('background.service_worker', get(m.background, 'service_worker'));
  add('action.default_popup', get(m.action, 'default_popup'));
  const actionIcon = get(m.action, 'default_icon');
  if (typeof actionIcon === 'string') add('action.default_icon', actionIcon);
  else if (isObj(actionIcon))
    for (const [size, p] of Object.entries(/** @type {object} */ (actionIcon)))
      add(`action.default_icon.${size}`, p);
  add('options_ui.page', get(m.options_ui, 'page'));
  add('options_page', m.options_page);
  add('side_panel.default_path', get(m.side_panel, 'default_path'));
  add('devtools_page', m.devtools_page);
  (Array.isArray(m.content_scripts) ? m.content_scripts : []).forEach((cs, i) => {
    for (const p of [...strings(get(cs, 'js')), ...strings(get(cs, 'css'))])
      add(`content_scripts[${i}]`, p);
  });
  (Array.isArray(m.web_accessible_resources) ? m.web_accessible_resources : []).forEach((w, i) => {
    for (const p of strings(get(w, 'resources')))
      if (!p.includes('*')) add(`web_accessible_resources[${i}]`, p);
  });
  return refs;
}

/**
 * @param {Map<string, Uint8Array>} files
 * @returns {{ manifest: Record<string, unknown> | null, findings: Finding[] }}
 */
export function checkManifest(files) {
  /** @type {Finding[]} */
  const out = [];
  /** @type {unknown} */
  let parsed;
  try {
    parsed = readJson(files, 'manifest.json');
  } catch (error) {
    return {
      manifest: null,
      findings: [{ level: 'error', message: `manifest.json is not valid JSON (${String(error)})` }],
    };
  }
  if (!isObj(parsed))
    return {
      manifest: null,
      findings: [{ level: 'error', message: 'no manifest.json at the root of the package' }],
    };
  const manifest = /** @type {Record<string, unknown>} */ (parsed);
  if (manifest.manifest_version !== 3)
    out.push({
      level: 'error',
      message: `manifest_version is ${JSON.stringify(manifest.manifest_version)}, not 3`,
    });
  const version = manifest.version;
  if (
    typeof version !== 'string' ||
    !/^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){0,3}$/.test(version) ||
    version.split('.').some((n) => Number(n) > 65535)
  )
    out.push({
      level: 'error',
      message: `manifest version ${JSON.stringify(version)}: 1-4 dot-separated integers 0-65535`,
    });

  const locales = readLocales(files, out);
  const fallback = manifest.default_locale;
  if (typeof fallback !== 'string' || fallback === '') {
    out.push({ level: 'error', message: 'manifest default_locale is missing' });
  } else if (!locales.has(fallback)) {
    out.push({
      level: 'error',
      message: `default_locale ${fallback}: _locales/${fallback}/messages.json is missing`,
    });
  }
  checkStrings(manifest, locales, out);
  const defaults = locales.get(String(fallback));
  if (defaults) checkMessageRefs(manifest, defaults, '', out);
  checkIcons(manifest, files, out);
  for (const [where, p] of referencedFiles(manifest))
    if (!files.has(pkgPath(p)))
      out.push({ level: 'error', message: `manifest ${where}: ${p} is not in the package` });
  for (const key of ['update_url', 'key'])
    if (key in manifest)
      out.push({ level: 'warning', message: `manifest ${key} is set: the store sets it itself` });
  return { manifest, findings: out };
}
