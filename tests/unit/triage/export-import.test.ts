import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/hashing/csv';
import { textCell, toCsv, toJson } from '@/lib/triage/export';
import { parseImport } from '@/lib/triage/import-parse';
import { mergeImport } from '@/lib/triage/import-merge';
import { mulberry32 } from '../prng';
import { media } from './fixtures';

const NOW = new Date('2026-01-01T00:00:00Z');

describe('CSV export', () => {
  it('escapes quotes, commas, line breaks and formula prefixes', () => {
    expect(textCell('plain')).toBe('plain');
    expect(textCell('a,b')).toBe('"a,b"');
    expect(textCell('say "hi"')).toBe('"say ""hi"""');
    expect(textCell('two\nlines')).toBe('"two\nlines"');
    expect(textCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(textCell('+1')).toBe("'+1");
    expect(textCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('round-trips hostile text through a CSV reader, one row per item', () => {
    const hostile = 'line1\r\nline2, "quoted" =cmd|\' /C calc\'!A0';
    const rows = [media('a', { notes: hostile, title: '=1+1', tags: ['x', 'y'] }), media('b')];
    const parsed = parseCsv(toCsv(rows));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.rows).toHaveLength(3);
    const header = parsed.rows[0]!.cells;
    const first = parsed.rows[1]!.cells;
    expect(first[header.indexOf('notes')]).toBe(hostile);
    expect(first[header.indexOf('title')]).toBe("'=1+1");
    expect(first[header.indexOf('tags')]).toBe('x;y');
    expect(first[header.indexOf('cue:blink')]).toBe('0.4');
    expect(first[header.indexOf('fusionVersion')]).toBe('prior-2');
    expect(first[header.indexOf('evidence')]).toContain('blink: blinks 3 times a minute');
    expect(parsed.rows.every((r) => r.cells.length === header.length)).toBe(true);
  });
});

describe('JSON export and import', () => {
  it('imports exactly what it exported', () => {
    const rows = [media('a', { modVerdict: 'fake', reviewedAt: 10, notes: 'n' }), media('b')];
    const result = parseImport(toJson(rows, 'telltale 0.1.0', NOW));
    expect(result).toEqual({ ok: true, media: rows });
  });

  it('rejects malformed files with a message naming the problem', () => {
    const good = JSON.parse(toJson([media('a')], 't', NOW));
    const cases: [unknown, RegExp][] = [
      [{ ...good, format: 'other' }, /format/],
      [{ ...good, version: 99 }, /newer/],
      [{ ...good, items: {} }, /items must be an array/],
      [{ ...good, items: [{ ...good.items[0], risk: 101 }] }, /items\[0\]\.risk/],
      [{ ...good, items: [{ ...good.items[0], key: '' }] }, /key is empty/],
      [{ ...good, items: [{ ...good.items[0], modVerdict: 'maybe' }] }, /modVerdict/],
      [{ ...good, items: [{ ...good.items[0], notes: 'x'.repeat(30_000) }] }, /notes is longer/],
      [
        {
          ...good,
          items: [
            {
              ...good.items[0],
              detail: { ...good.items[0].detail, keyframes: ['javascript:alert(1)'] },
            },
          ],
        },
        /image data URL/,
      ],
      [
        {
          ...good,
          items: [
            {
              ...good.items[0],
              detail: {
                ...good.items[0].detail,
                cues: {
                  blink: {
                    ...good.items[0].detail.cues.blink,
                    evidence: [{ text: 'map', image: 'https://example.com/x.jpg' }],
                  },
                },
              },
            },
          ],
        },
        /evidence\[0\]\.image must be a JPEG data URL/,
      ],
      [
        {
          ...good,
          items: [
            {
              ...good.items[0],
              detail: { ...good.items[0].detail, series: { t: [1], risk: [], cues: {} } },
            },
          ],
        },
        /match/,
      ],
      [{ ...good, items: [{ ...good.items[0], firstSeen: 5, lastSeen: 4 }] }, /before firstSeen/],
    ];
    for (const [doc, pattern] of cases) {
      const result = parseImport(JSON.stringify(doc));
      expect(result.ok, JSON.stringify(pattern)).toBe(false);
      if (!result.ok) expect(result.error).toMatch(pattern);
    }
    expect(parseImport('{"format":')).toMatchObject({ ok: false, error: /Not a JSON file/ });
    expect(parseImport('null')).toMatchObject({ ok: false });
  });

  it('refuses keys that could reach a prototype', () => {
    const text = toJson([media('a')], 't', NOW).replace('"blink":', '"__proto__":');
    const result = parseImport(text);
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
    const ctor = toJson([media('a')], 't', NOW).replace('"blink":', '"constructor":');
    expect(parseImport(ctor).ok).toBe(false);
  });

  it('never throws on randomly damaged files; what it accepts is well formed (fuzz)', () => {
    const text = toJson([media('a', { notes: 'ok' }), media('b')], 't', NOW);
    const random = mulberry32(7);
    const junk = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ',',
      ':',
      'null',
      '-1',
      '1e999',
      '"__proto__"',
      'true',
      '\u0000',
    ];
    let accepted = 0;
    for (let i = 0; i < 1500; i++) {
      const chars = [...text];
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        const op = random();
        if (op < 0.33) chars.splice(at, 1 + Math.floor(random() * 20));
        else if (op < 0.66) chars.splice(at, 0, junk[Math.floor(random() * junk.length)]!);
        else chars[at] = String.fromCharCode(32 + Math.floor(random() * 95));
      }
      const result = parseImport(chars.join(''));
      if (result.ok) {
        accepted++;
        // Anything accepted must still be a well-formed set of records.
        for (const m of result.media) {
          expect(typeof m.item.key).toBe('string');
          expect(m.detail.key).toBe(m.item.key);
          expect(m.detail.series.risk.length).toBe(m.detail.series.t.length);
        }
      } else expect(result.error.length).toBeGreaterThan(0);
    }
    // Most edits break the file; some land in free text (notes, titles) and are legitimately fine.
    expect(accepted).toBeLessThan(1500);
  });

  it('rejects wrong types at every field of an item (structured fuzz)', () => {
    const good = JSON.parse(toJson([media('a')], 't', NOW));
    const paths: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      if (v !== null && typeof v === 'object') {
        for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
      }
      if (path.length > 0) paths.push(path);
    };
    walk(good.items[0], []);
    const hostile = [
      { $gt: 1 },
      [1, 2],
      'x'.repeat(300_000),
      -1e308,
      Symbol.iterator.toString(),
      { length: 1e9 },
    ];
    let rejected = 0;
    for (const path of paths) {
      for (const value of hostile) {
        const doc = structuredClone(good);
        let target = doc.items[0];
        for (const k of path.slice(0, -1)) target = target[k];
        target[path.at(-1)!] = value;
        const result = parseImport(JSON.stringify(doc));
        if (!result.ok) rejected++;
        else expect(JSON.stringify(result.media).length).toBeLessThan(400_000);
      }
    }
    // Strings accept strings; everything else in the wrong place is refused.
    expect(rejected).toBeGreaterThan(paths.length * 4);
  });
});

describe('import merge', () => {
  it('merges by key without duplicates: latest analysis, latest review, united tags', () => {
    const stored = media('a', {
      lastSeen: 2000,
      modVerdict: 'unsure',
      reviewedAt: 100,
      notes: 'mine',
      tags: ['x'],
    });
    const older = media('a', {
      lastSeen: 1000,
      risk: 99,
      modVerdict: 'fake',
      reviewedAt: 200,
      notes: '',
      tags: ['y'],
    });
    const fresh = media('b');
    const out = mergeImport(new Map([['a', stored]]), [older, fresh, fresh]);
    expect(out.map((m) => m.item.key)).toEqual(['a', 'b']);
    expect(out[0]!.item).toMatchObject({
      lastSeen: 2000,
      risk: 42,
      modVerdict: 'fake',
      reviewedAt: 200,
      notes: 'mine',
      tags: ['x', 'y'],
    });
  });
});
