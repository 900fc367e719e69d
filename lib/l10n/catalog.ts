/**
 * chrome.i18n.getMessage's substitution rules over a catalog held in memory: named
 * placeholders ($NAME$, case-insensitive) are replaced by their `content`, then $1…$9 by the
 * substitutions, and $$ by $. Used where the browser cannot look a string up for us (Node
 * tests, and German unit tests in a browser that runs in English).
 */
import type { Catalog, MessageKey, Translate } from './keys';

/** A message with its substitutions filled in, or null when the catalog lacks the key. */
export function formatMessage(
  catalog: Catalog,
  key: string,
  substitutions: readonly string[] = [],
): string | null {
  const entry = catalog[key];
  if (!entry) return null;
  const placeholders = new Map(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
  const named = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, name: string) => placeholders.get(name.toLowerCase()) ?? whole,
  );
  return named.replace(/\$(\$|[1-9])/g, (_, c: string) =>
    c === '$' ? '$' : (substitutions[Number(c) - 1] ?? ''),
  );
}

/** A `Translate` over `catalog` that behaves like the extension's `t` (the key when missing). */
export function translatorFor(catalog: Catalog): Translate {
  return (key: MessageKey, substitutions?: string | string[]) =>
    formatMessage(catalog, key, substitutions === undefined ? [] : [substitutions].flat()) ?? key;
}
