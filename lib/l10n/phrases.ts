/**
 * Sentences that lib code writes in English (state reasons, cue reasons and evidence) reach
 * the badge and triage as plain text, and the same text is in the scan JSON (a contract whose
 * English must not change). They are translated at display time: each `reason*` / `evidence*`
 * message of the English catalog is also a pattern ($NAME$ placeholders match any text), so
 * a sentence that matches one is shown in the UI language with the same substitutions. A
 * sentence that matches none, or a locale that lacks the key, stays in English.
 *
 * A placeholder whose `example` is a number matches only a number (as lib's `fmt` writes it),
 * so that "eyes closed: 2 frames with…, need 5" is read as the outer sentence around the inner
 * one, not the other way round. Substitutions are localised in turn: a substitution that is
 * itself such a sentence ("Kept last score: …") is translated, and decimal numbers are written
 * for the catalog's `formatLocale` (chrome.i18n's @@ui_locale says en_US even when Chromium
 * runs with --lang=de, so the catalog names its own language).
 */
import english from '../../public/_locales/en/messages.json';
import type { Catalog, MessageKey, Translate } from './keys';

/** Keys of the sentences lib code writes in English. */
export type PhraseKey = Extract<MessageKey, `reason${string}` | `evidence${string}`>;

export function isPhraseKey(key: string): key is PhraseKey {
  return /^(reason|evidence)[A-Z]/.test(key);
}

interface Pattern {
  key: PhraseKey;
  re: RegExp;
  /** Capture group i fills substitution order[i] ($1 is 1). */
  order: number[];
  /** Characters of fixed text: more specific patterns are tried first. */
  literal: number;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
/** A number as String(number) writes it. */
const NUMBER_SLOT = '(-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|NaN|-?Infinity)';
const ANY_SLOT = '([\\s\\S]+?)';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The patterns of every phrase key of `catalog`, most specific first. */
export function compilePhrases(catalog: Catalog): Pattern[] {
  const patterns: Pattern[] = [];
  for (const [key, entry] of Object.entries(catalog)) {
    if (!isPhraseKey(key)) continue;
    const placeholders = new Map(
      Object.entries(entry.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p]),
    );
    const order: number[] = [];
    let source = '';
    let literal = 0;
    const text = (s: string) => {
      const plain = s.replaceAll('$$', '$');
      source += escape(plain);
      literal += plain.length;
    };
    let last = 0;
    for (const m of entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)) {
      text(entry.message.slice(last, m.index));
      const placeholder = placeholders.get((m[1] as string).toLowerCase());
      const content = placeholder?.content ?? m[0];
      const slot = /^\$([1-9])$/.exec(content);
      if (slot) {
        source += NUMBER.test(placeholder?.example ?? '') ? NUMBER_SLOT : ANY_SLOT;
        order.push(Number(slot[1]));
      } else {
        text(content);
      }
      last = m.index + m[0].length;
    }
    text(entry.message.slice(last));
    patterns.push({ key, re: new RegExp(`^${source}$`), order, literal });
  }
  return patterns.sort((a, b) => b.literal - a.literal);
}

/** Compiled on first use: most pages never open a badge panel. */
let englishPhrases: Pattern[] | undefined;

/**
 * The catalog's language tag for numbers and dates (`formatLocale`), or undefined (the
 * browser's default) when it is not one Intl knows (a test's translator answers with the key).
 */
export function formatLocale(t: Translate): string | undefined {
  try {
    return Intl.getCanonicalLocales(t('formatLocale'))[0];
  } catch {
    return undefined;
  }
}

/** "0.25" in the locale's decimal format ("0,25" in German); other text unchanged. */
function localNumber(s: string, locale: string | undefined): string {
  const m = /^-?\d+\.(\d+)$/.exec(s);
  if (!m || locale === undefined) return s;
  const digits = (m[1] as string).length;
  return new Intl.NumberFormat(locale, {
    useGrouping: false,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Number(s));
}

/** A decimal number written by code ("0.25", from toFixed) in the UI language's format. */
export function localDecimal(value: string, t: Translate): string {
  return localNumber(value, formatLocale(t));
}

/** The phrase key and substitutions behind an English sentence, or null. */
export function parsePhrase(
  text: string,
  patterns?: readonly Pattern[],
): { key: PhraseKey; substitutions: string[] } | null {
  for (const p of patterns ?? (englishPhrases ??= compilePhrases(english))) {
    const m = p.re.exec(text);
    if (!m) continue;
    const substitutions: string[] = [];
    p.order.forEach((n, i) => (substitutions[n - 1] = m[i + 1] ?? ''));
    return { key: p.key, substitutions: Array.from(substitutions, (s) => s ?? '') };
  }
  return null;
}

/** `text` (an English sentence from lib) in the UI language, or `text` itself. */
export function localizeText(text: string, t: Translate, depth = 0): string {
  const found = parsePhrase(text);
  if (!found) return text;
  const locale = formatLocale(t);
  const substitutions = found.substitutions.map((s) =>
    depth < 2 ? localNumber(localizeText(s, t, depth + 1), locale) : s,
  );
  const out = t(found.key, substitutions);
  return out && out !== found.key ? out : text;
}
