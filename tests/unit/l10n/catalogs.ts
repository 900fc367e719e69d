/** The shipped catalogs and translators over them, for tests that render the UI. */
import english from '@/public/_locales/en/messages.json';
import german from '@/public/_locales/de/messages.json';
import { translatorFor } from '@/lib/l10n/catalog';

export { english, german };
export const en = translatorFor(english);
export const de = translatorFor(german);
