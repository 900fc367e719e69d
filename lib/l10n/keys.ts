/**
 * Message keys, typed from the English catalog (public/_locales/en/messages.json): a key that
 * is not in the English file is a type error. Pure (no browser API), so lib code and Node
 * tests can name keys too.
 */
import type english from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;

/** Looks a string up; substitutions fill the message's $1, $2… (via its placeholders). */
export type Translate = (key: MessageKey, substitutions?: string | string[]) => string;

/** One locale's messages.json. */
export type Catalog = Readonly<
  Record<
    string,
    {
      message: string;
      description?: string;
      placeholders?: Readonly<Record<string, { content: string; example?: string }>>;
    }
  >
>;
