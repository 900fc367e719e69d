import { describe, expect, it } from 'vitest';
import { formatMessage } from '@/lib/l10n/catalog';
import { de, en } from './catalogs';

describe('formatMessage (chrome.i18n substitution rules)', () => {
  const catalog = {
    two: {
      message: 'Had $A$ of $b$; cost $$5 ($2 direct)',
      placeholders: { a: { content: '$1' }, B: { content: '$2' } },
    },
    fixed: { message: 'Open $WHAT$', placeholders: { what: { content: 'Telltale' } } },
  };

  it('fills named placeholders case-insensitively, $n directly, and $$ as a dollar', () => {
    expect(formatMessage(catalog, 'two', ['3', '7'])).toBe('Had 3 of 7; cost $5 (7 direct)');
    expect(formatMessage(catalog, 'two', ['3'])).toBe('Had 3 of ; cost $5 ( direct)');
    expect(formatMessage(catalog, 'fixed')).toBe('Open Telltale');
    expect(formatMessage(catalog, 'absent')).toBeNull();
  });

  it('reads the shipped catalogs like the browser does', () => {
    expect(en('toolbarTitle', ['3', '1'])).toBe(
      'Telltale: 3 video(s) checked on this page, 1 flagged',
    );
    expect(de('toolbarTitle', ['3', '1'])).toBe(
      'Telltale: 3 Video(s) auf dieser Seite geprüft, 1 markiert',
    );
    expect(de('popupCheckPlaying')).toBe('Laufendes Video prüfen');
    expect(de('formatLocale')).toBe('de');
  });
});
