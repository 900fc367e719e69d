/**
 * UI strings through browser.i18n (public/_locales/<lang>/messages.json; English first).
 * Keys are typed from the English file, so a missing key is a type error.
 */
import { browser } from '#imports';
import type english from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;

/** Looks a string up; substitutions fill $1, $2… placeholders. */
export type Translate = (key: MessageKey, substitutions?: string | string[]) => string;

/** The browser's translation, or the key itself when a locale lacks it. */
export const t: Translate = (key, substitutions) =>
  browser.i18n.getMessage(key, substitutions) || key;
