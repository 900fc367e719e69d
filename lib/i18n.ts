/**
 * UI strings through browser.i18n (public/_locales/<lang>/messages.json; English first).
 * Keys are typed from the English file (lib/l10n/keys.ts), so a missing key is a type error.
 */
import { browser } from '#imports';
import type { Translate } from './l10n/keys';

export type { MessageKey, Translate } from './l10n/keys';

/** The browser's translation, or the key itself when a locale lacks it. */
export const t: Translate = (key, substitutions) =>
  browser.i18n.getMessage(key, substitutions) || key;
