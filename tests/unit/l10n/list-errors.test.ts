import { describe, expect, it } from 'vitest';
import { importHashList } from '@/lib/hashing/lists';
import { localizeText } from '@/lib/l10n/phrases';
import { de, en } from './catalogs';

const HASH = 'f'.repeat(64);

/** Bad lists of every format, and the errors the importer writes for them. */
function errorsOf(input: string, format?: 'csv' | 'json' | 'text'): string[] {
  const result = importHashList(input, format ? { format } : {});
  if (result.ok) throw new Error(`accepted: ${input}`);
  return result.errors;
}

const CASES: [string, string[]][] = [
  [
    'csv',
    [
      `hash,label\nabc,x\n${HASH},a,b\n${HASH},"x\u0001"\n`,
      `hash,colour\n${HASH},red\n`,
      `hash,hash\n${HASH},${HASH}\n`,
      `${HASH},a,b,https://x.org,pdq,extra\n`,
      `hash,url,kind\n${HASH},ftp://x,mp4\n`,
      `hash,label\n${HASH},"open\n`,
      `hash,label\n${HASH},"a"b\n`,
      `hash,label\n${HASH},a"b\n`,
      `hash,label\n${HASH},${'x'.repeat(600)}\n`,
    ],
  ],
  [
    'json',
    [
      '{"entries": [1',
      '{"format": "other", "version": 9, "x": 1, "entries": {}}',
      `[{"hash": "${HASH}", "colour": 1}, 5, {"label": "no hash"}, {"hash": "${HASH}", "label": 3}]`,
    ],
  ],
  [
    'text',
    [
      `${HASH}\ta\tb\tc\td\n`,
      `sha1 ${HASH}\n`,
      'vpdq not-json\n',
      'vpdq {"a": 1}\n',
      'vpdq ["bad"]\n',
    ],
  ],
];

describe('hash-list import errors in the UI language', () => {
  it('translates every error the importer writes, nested parts included', () => {
    const untranslated: string[] = [];
    for (const [format, inputs] of CASES) {
      for (const input of inputs) {
        for (const error of errorsOf(input, format as 'csv' | 'json' | 'text')) {
          expect(localizeText(error, en)).toBe(error); // English stays word for word
          const german = localizeText(error, de);
          if (german === error || /\bline \d|characters\b|must be|expected/.test(german)) {
            untranslated.push(`${error} -> ${german}`);
          }
        }
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('reads a German example right', () => {
    expect(localizeText('line 3: hash must be 64 hex digits (got "abc", 3 characters)', de)).toBe(
      'Zeile 3: Hash muss aus 64 Hexadezimalziffern bestehen (erhalten: "abc", 3 Zeichen)',
    );
  });
});

describe('local-file check reasons in the UI language', () => {
  it('translates the refusals and the still-image note', () => {
    for (const text of [
      'Not a video or image file (text/plain)',
      'Not a video or image file',
      'Too large (3.2 GiB; the limit is 2.0 GiB)',
      'A still image: its Content Credentials were read; faces are analysed in video only',
    ]) {
      expect(localizeText(text, en)).toBe(text);
      expect(localizeText(text, de)).not.toBe(text);
    }
    expect(localizeText('Too large (3.2 GiB; the limit is 2.0 GiB)', de)).toBe(
      'Zu groß (3,2 GiB; die Grenze liegt bei 2,0 GiB)',
    );
  });
});
