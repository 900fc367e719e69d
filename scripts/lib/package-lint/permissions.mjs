// @ts-check
/**
 * Every permission, host pattern and web-accessible resource in the manifest must have a
 * one-line justification in docs/permissions.md, written as a list item
 * "- `name`: why" (the store asks for one per permission).
 */

/** @typedef {import('./types.mjs').Finding} Finding */

/**
 * Justified names -> their justification.
 * @param {string} markdown
 */
export function parseJustifications(markdown) {
  /** @type {Map<string, string>} */
  const out = new Map();
  for (const line of markdown.split('\n')) {
    const m = /^\s*[-*]\s+`([^`]+)`\s*[:—–-]\s*(.*)$/.exec(line);
    if (m?.[1]) out.set(m[1], (m[2] ?? '').trim());
  }
  return out;
}

/** @param {unknown} v @returns {string[]} */
const strings = (v) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
/** @param {unknown} o @param {string} k */
const get = (o, k) =>
  typeof o === 'object' && o !== null ? /** @type {Record<string, unknown>} */ (o)[k] : undefined;

/**
 * What needs a justification: [kind, name].
 * @param {Record<string, unknown>} m
 * @returns {[string, string][]}
 */
export function declared(m) {
  /** @type {[string, string][]} */
  const out = [];
  for (const key of ['permissions', 'optional_permissions'])
    for (const p of strings(m[key])) out.push(['permission', p]);
  for (const key of ['host_permissions', 'optional_host_permissions'])
    for (const p of strings(m[key])) out.push(['host permission', p]);
  for (const cs of Array.isArray(m.content_scripts) ? m.content_scripts : [])
    for (const p of strings(get(cs, 'matches'))) out.push(['content script match', p]);
  for (const w of Array.isArray(m.web_accessible_resources) ? m.web_accessible_resources : [])
    for (const p of strings(get(w, 'resources'))) out.push(['web-accessible resource', p]);
  return out;
}

/**
 * @param {Record<string, unknown>} manifest
 * @param {string | null} markdown  docs/permissions.md, or null when it is missing
 * @returns {Finding[]}
 */
export function checkPermissions(manifest, markdown) {
  if (markdown === null) return [{ level: 'error', message: 'docs/permissions.md is missing' }];
  const justified = parseJustifications(markdown);
  /** @type {Finding[]} */
  const out = [];
  const names = new Set();
  for (const [kind, name] of declared(manifest)) {
    if (names.has(name)) continue;
    names.add(name);
    const why = justified.get(name);
    if (why === undefined)
      out.push({
        level: 'error',
        message: `${kind} ${name} is not justified in docs/permissions.md`,
      });
    else if (why.length < 10)
      out.push({
        level: 'error',
        message: `${kind} ${name}: docs/permissions.md gives no real reason ("${why}")`,
      });
  }
  for (const name of justified.keys())
    if (!names.has(name) && /^[a-zA-Z]+$|:\/\/|^<all_urls>$|\.html$/.test(name))
      out.push({
        level: 'warning',
        message: `docs/permissions.md justifies ${name}, which the manifest does not ask for`,
      });
  return out;
}
