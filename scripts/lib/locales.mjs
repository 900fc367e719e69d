// @ts-check
/**
 * Checks the extension's locales (public/_locales/<lang>/messages.json) against the base
 * locale (English): the same keys, no empty message, and placeholders intact. Chrome's rules
 * (developer.chrome.com/docs/extensions/reference/api/i18n): $NAME$ names a placeholder
 * (case-insensitive) whose `content` may hold $1-$9; $1-$9 may also stand in the message
 * itself; $$ is a literal $.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ content?: unknown, example?: unknown }} Placeholder
 * @typedef {{ message?: unknown, description?: unknown, placeholders?: Record<string, Placeholder> }} Entry
 * @typedef {Record<string, Entry>} Messages
 */

const NAMED = /\$([A-Za-z0-9_@]+)\$/g;

/**
 * @param {string} file
 * @returns {Messages}
 */
function readMessages(file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('not a JSON object');
  }
  return data;
}

/**
 * What a message refers to: its named placeholders (lower case) with the $n each stands for,
 * the $n used directly, and any stray `$` that forms no placeholder.
 * @param {Entry} entry
 */
export function placeholderUse(entry) {
  const message = typeof entry.message === 'string' ? entry.message : '';
  const defined = new Map(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p]),
  );
  /** @type {Map<string, string>} */
  const named = new Map();
  /** @type {string[]} */
  const undefinedNames = [];
  for (const m of message.matchAll(NAMED)) {
    const name = /** @type {string} */ (m[1]).toLowerCase();
    const p = defined.get(name);
    if (!p) undefinedNames.push(m[0]);
    named.set(name, p && typeof p.content === 'string' ? p.content : '');
  }
  const rest = message.replace(NAMED, '').replaceAll('$$', '');
  const direct = [...rest.matchAll(/\$([1-9])/g)].map((m) => `$${m[1]}`).sort();
  const stray = /\$(?![1-9])/.test(rest);
  return { named, direct, undefinedNames, stray };
}

/**
 * Problems of one entry on its own (any locale, the base included).
 * @param {Entry} entry
 * @returns {string[]}
 */
function entryProblems(entry) {
  if (typeof entry !== 'object' || entry === null) return ['is not an object'];
  if (typeof entry.message !== 'string' || entry.message.trim() === '') {
    return ['has an empty or missing "message"'];
  }
  const problems = [];
  const use = placeholderUse(entry);
  for (const name of use.undefinedNames)
    problems.push(`uses ${name}, which "placeholders" does not define`);
  if (use.stray) problems.push('has a "$" that is no placeholder (write $$ for a dollar sign)');
  for (const [name, p] of Object.entries(entry.placeholders ?? {})) {
    if (typeof p?.content !== 'string' || /\$(?![1-9$])/.test(p.content.replaceAll('$$', ''))) {
      problems.push(`placeholder "${name}" needs a "content" string ($1-$9 or plain text)`);
    }
  }
  return problems;
}

/** @param {Map<string, string>} named */
const describeNamed = (named) =>
  [...named]
    .map(([name, content]) => `$${name.toUpperCase()}$=${content}`)
    .sort()
    .join(' ') || 'none';

/**
 * Every problem of every locale under `dir`, as "locale: key: problem" lines (empty when all
 * is well).
 * @param {string} dir folder of <lang>/messages.json
 * @param {string} [base] the locale every other must match
 * @returns {string[]}
 */
export function checkLocales(dir, base = 'en') {
  const locales = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  if (!locales.includes(base)) return [`${base}: no ${base}/messages.json in ${dir}`];
  /** @type {Record<string, Messages>} */
  const all = {};
  const problems = [];
  for (const locale of locales) {
    try {
      all[locale] = readMessages(path.join(dir, locale, 'messages.json'));
    } catch (error) {
      problems.push(
        `${locale}: messages.json unreadable: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
  const english = all[base];
  if (!english) return problems;
  for (const locale of locales) {
    const messages = all[locale];
    if (!messages) continue;
    for (const key of Object.keys(english)) {
      if (!(key in messages)) problems.push(`${locale}: ${key}: missing`);
    }
    for (const [key, entry] of Object.entries(messages)) {
      if (!(key in english)) {
        problems.push(`${locale}: ${key}: not in ${base} (extra key)`);
        continue;
      }
      if (!/^[A-Za-z0-9_@]+$/.test(key)) problems.push(`${locale}: ${key}: invalid key name`);
      const own = entryProblems(entry);
      problems.push(...own.map((p) => `${locale}: ${key}: ${p}`));
      if (locale === base || own.length > 0) continue;
      const want = placeholderUse(/** @type {Entry} */ (english[key]));
      const got = placeholderUse(entry);
      if (describeNamed(want.named) !== describeNamed(got.named)) {
        problems.push(
          `${locale}: ${key}: placeholders ${describeNamed(got.named)}, ${base} has ${describeNamed(want.named)}`,
        );
      }
      if (want.direct.join(' ') !== got.direct.join(' ')) {
        problems.push(
          `${locale}: ${key}: uses ${got.direct.join(' ') || 'no'} $n directly, ${base} uses ${want.direct.join(' ') || 'none'}`,
        );
      }
    }
  }
  return problems;
}
