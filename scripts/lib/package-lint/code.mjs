// @ts-check
/**
 * Remotely hosted and dynamic code (Chrome Web Store policy for Manifest V3): no script, style or
 * module loaded from the network, no inline scripts (MV3's CSP refuses them), and no eval /
 * Function / string timers unless a reviewed allow rule names the library they come from.
 */

/** @typedef {import('./types.mjs').Finding} Finding */
/** @typedef {import('./types.mjs').AllowRule} AllowRule */

const REMOTE = String.raw`(?:https?:)?\/\/`;
const decoder = new TextDecoder();

/** Constructs that run a string as code. */
const DYNAMIC = [
  { what: 'eval(', re: /(?:^|[^\w$.])eval\s*\(|\b(?:window|globalThis|self)\.eval\s*\(/g },
  { what: 'Function(', re: /(?:^|[^\w$.])(?:new\s+)?Function\s*\(/g },
  { what: 'string timer', re: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/g },
];

/** Code loaded from the network by a script. */
const REMOTE_IMPORT = [
  { what: 'remote import()', re: new RegExp(String.raw`\bimport\s*\(\s*["'\`]${REMOTE}`, 'g') },
  { what: 'remote static import', re: new RegExp(String.raw`\bfrom\s*["']${REMOTE}`, 'g') },
  {
    what: 'remote importScripts()',
    re: new RegExp(String.raw`\bimportScripts\s*\([^)]*["'\`]${REMOTE}`, 'g'),
  },
];

/** Markup and styles that load something from the network. */
const REMOTE_MARKUP = [
  {
    what: 'remote <script src>',
    re: new RegExp(String.raw`<script\b[^>]*\bsrc\s*=\s*["']?${REMOTE}`, 'gi'),
  },
  {
    what: 'remote resource',
    re: new RegExp(
      String.raw`<(?:link|img|iframe|frame|audio|video|source|track|embed|input)\b[^>]*\b(?:src|href)\s*=\s*["']?${REMOTE}`,
      'gi',
    ),
  },
  { what: 'remote url()', re: new RegExp(String.raw`url\(\s*["']?${REMOTE}`, 'gi') },
  { what: 'remote @import', re: new RegExp(String.raw`@import\s+["']${REMOTE}`, 'gi') },
];

/** An inline script: a <script> without src that has content. */
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * Line (1-based) of `index` in `text`.
 * @param {string} text
 * @param {number} index
 */
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

/**
 * @param {Map<string, Uint8Array>} files
 * @param {AllowRule[]} allow
 * @returns {Finding[]}  errors, and a note per allowed occurrence; unused rules are warnings
 */
export function checkCode(files, allow) {
  /** @type {Finding[]} */
  const out = [];
  const used = new Set();
  for (const [name, bytes] of files) {
    const isScript = /\.m?js$/i.test(name);
    const isMarkup = /\.html?$/i.test(name);
    const isStyle = /\.css$/i.test(name);
    if (!isScript && !isMarkup && !isStyle) continue;
    const text = decoder.decode(bytes);
    const found = (/** @type {string} */ what, /** @type {number} */ at) =>
      out.push({ level: 'error', message: `${name}:${lineOf(text, at)}: ${what}` });
    if (isScript) {
      for (const { what, re } of DYNAMIC) {
        for (const match of text.matchAll(re)) {
          const at = match.index ?? 0;
          const around = text.slice(Math.max(0, at - 150), at + 150);
          const rule = allow.find((r) => r.context.test(around));
          if (rule) {
            used.add(rule.id);
            out.push({
              level: 'note',
              message: `${name}:${lineOf(text, at)}: ${what} allowed by ${rule.id} (scripts/lib/package-lint/allowlist.mjs)`,
            });
          } else found(`${what} (dynamic code; allow it in allowlist.mjs only with a reason)`, at);
        }
      }
      for (const { what, re } of REMOTE_IMPORT)
        for (const m of text.matchAll(re)) found(what, m.index ?? 0);
      for (const m of text.matchAll(/\/\/[#@]\s*sourceMappingURL=/g))
        found('sourceMappingURL (source maps do not ship)', m.index ?? 0);
    } else {
      for (const { what, re } of REMOTE_MARKUP)
        for (const m of text.matchAll(re)) found(what, m.index ?? 0);
      if (isMarkup)
        for (const m of text.matchAll(INLINE_SCRIPT))
          if ((m[1] ?? '').trim() !== '') found('inline <script> (MV3 refuses it)', m.index ?? 0);
    }
  }
  for (const rule of allow)
    if (!used.has(rule.id))
      out.push({ level: 'warning', message: `allow rule ${rule.id} matched nothing: remove it` });
  return out;
}
