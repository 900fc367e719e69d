import { describe, expect, it } from 'vitest';
import {
  detectHashListFormat,
  exportHashList,
  importHashList,
  type HashListEntry,
  type HashListImportOptions,
} from '@/lib/hashing/lists';
import { prng } from './fixtures';

const H1 = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const H2 = 'e4cc89d91c623842f8d1f1d9a398e78c9f199a3bf87925f2b7e11e0bf061b064';
const H3 = '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d';

const ENTRIES: HashListEntry[] = [
  {
    hash: H1,
    label: 'bridge, "original"',
    source: 'ThreatExchange',
    url: 'https://example.org/a?b=1',
    kind: 'pdq',
  },
  { hash: H2 },
  { hash: H3, label: 'frame  with spaces', kind: 'vpdq' },
  { hash: H1, source: 'dup of first, different source' },
];

function expectErrors(input: string, options: HashListImportOptions, ...fragments: string[]) {
  const result = importHashList(input, options);
  expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(false);
  if (!result.ok) for (const f of fragments) expect(result.errors.join('\n')).toContain(f);
  return result;
}

describe('hash list import', () => {
  it('reads CSV with a header in any column order, quoting and CRLF', () => {
    const csv = `\uFEFFlabel,HASH,url\r\n"a, ""quoted"" label",${H1.toUpperCase()},https://x.test/p\r\n,${H2},\r\n\r\n`;
    expect(importHashList(csv)).toEqual({
      ok: true,
      format: 'csv',
      entries: [{ hash: H1, label: 'a, "quoted" label', url: 'https://x.test/p' }, { hash: H2 }],
    });
  });

  it('reads header-less CSV positionally (hash,label,source,url,kind)', () => {
    const result = importHashList(`${H1},cat\n${H2},,src,,vpdq\n`);
    expect(result).toMatchObject({
      ok: true,
      entries: [
        { hash: H1, label: 'cat' },
        { hash: H2, source: 'src', kind: 'vpdq' },
      ],
    });
  });

  it('reads JSON arrays of strings or objects, and the exported wrapper', () => {
    expect(importHashList(JSON.stringify([H1, { hash: H2, label: 'x', kind: null }]))).toEqual({
      ok: true,
      format: 'json',
      entries: [{ hash: H1 }, { hash: H2, label: 'x' }],
    });
    const wrapped = `{"format":"telltale-hash-list","version":1,"entries":[{"hash":"${H3}"}]}`;
    expect(importHashList(wrapped)).toMatchObject({ ok: true, entries: [{ hash: H3 }] });
  });

  it('reads ThreatExchange text signals with optional tab-separated metadata', () => {
    const text = [
      '# exported from HMA',
      `pdq ${H1}`,
      H2,
      `vpdq ${H3}\tknown fake\tlab\thttps://ex.test/v`,
      '',
    ].join('\n');
    expect(importHashList(text)).toEqual({
      ok: true,
      format: 'text',
      entries: [
        { hash: H1, kind: 'pdq' },
        { hash: H2 },
        { hash: H3, kind: 'vpdq', label: 'known fake', source: 'lab', url: 'https://ex.test/v' },
      ],
    });
  });

  it("expands python-threatexchange's vPDQ signal to its distinct usable frames", () => {
    const frames = [`${H1},100,0.000`, `${H1},100,0.033`, `${H2},12,1.0`, `${H3},50,2.5`];
    const text = `vpdq ${JSON.stringify(frames).replace(/","/g, '", "')}\tclip\n`;
    expect(detectHashListFormat(text)).toBe('text');
    expect(importHashList(text)).toMatchObject({
      ok: true,
      entries: [
        { hash: H1, kind: 'vpdq', label: 'clip' },
        { hash: H3, kind: 'vpdq', label: 'clip' },
      ],
    });
    expectErrors(`vpdq ["${H1},100"]`, { format: 'text' }, 'line 1: vpdq frame 0');
    expectErrors('vpdq [oops', { format: 'text' }, 'line 1: vpdq signal is not valid JSON');
  });

  it.each(['csv', 'json', 'text'] as const)('export -> import round-trips through %s', (format) => {
    const text = exportHashList(ENTRIES, format);
    const back = importHashList(text, { format: 'auto' });
    expect(back).toEqual({ ok: true, format, entries: ENTRIES });
    expect(importHashList(exportHashList([], format), { format })).toEqual({
      ok: true,
      format,
      entries: [],
    });
  });
});

describe('hash list import rejects malformed input wholesale', () => {
  it.each([
    ['truncated hex', `hash\n${H1}\n${H2.slice(0, 40)}\n`, 'line 3: hash must be 64 hex digits'],
    ['non-hex', `${H1.slice(0, 63)}z,label\n`, 'line 1: hash must be 64 hex digits'],
    ['too long', `${H1}0\n`, '65 characters'],
    ['0x prefix', `0x${H1.slice(2)}\n`, 'line 1: hash must be'],
    ['unknown column', `hash,quality\n${H1},100\n`, 'line 1: unknown column "quality"'],
    ['duplicate column', `hash,label,label\n`, 'column "label" appears twice'],
    ['ragged row', `hash,label\n${H1}\n`, 'line 2: expected 2 cells, got 1'],
    ['too many cells', `${H1},a,b,https://x.test,pdq,extra\n`, 'line 1: expected at most 5 cells'],
    ['bad kind', `${H1},,,,tmk\n`, 'kind must be "pdq" or "vpdq"'],
    ['javascript: URL', `${H1},,,javascript:alert(1)\n`, 'url must be an http or https URL'],
    ['control characters', `${H1},"bell\u0007"\n`, 'label contains control characters'],
    ['bidi override', `${H1},"gpj.exe\u202e"\n`, 'label contains control characters'],
    ['long label', `${H1},${'x'.repeat(300)}\n`, 'label is longer than 256'],
    ['unterminated quote', `${H1},"open\n`, 'unterminated quoted field'],
    ['stray quote', `${H1},a"b\n`, 'stray quote'],
  ])('CSV: %s', (_name, input, message) => {
    expectErrors(input, { format: 'csv' }, message);
  });

  it.each([
    ['syntax error', `[{"hash": "${H1}"},\n{`, 'invalid JSON at line 2'],
    ['not a list', '{"hash": 1}', 'unknown top-level field "hash"'],
    ['number entry', '[42]', 'entries[0]: expected an object or a hex string'],
    ['wrong type', `[{"hash": "${H1}", "label": 7}]`, 'entries[0]: label must be a string'],
    ['missing hash', '[{"label": "x"}]', 'entries[0]: hash is missing'],
    [
      '__proto__ key',
      `[{"hash": "${H1}", "__proto__": {"polluted": true}}]`,
      'unknown field "__proto__"',
    ],
    [
      'constructor key',
      `[{"hash": "${H1}", "constructor": {"prototype": {}}}]`,
      'unknown field "constructor"',
    ],
    [
      'top-level __proto__',
      `{"entries": [], "__proto__": {"polluted": 1}}`,
      'unknown top-level field',
    ],
    [
      'wrong format id',
      `{"format": "other", "entries": []}`,
      'format must be "telltale-hash-list"',
    ],
    ['future version', `{"version": 2, "entries": []}`, 'unsupported version'],
  ])('JSON: %s', (_name, input, message) => {
    expectErrors(input, { format: 'json' }, message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each([
    ['unknown signal type', `md5 ${H1.slice(0, 32)}`, 'line 1: unsupported signal type "md5"'],
    [
      'extra tab fields',
      `pdq ${H1}\ta\tb\thttps://x.test\textra`,
      'line 1: too many tab-separated',
    ],
    ['bad hash', `pdq ${H1.slice(2)}`, 'line 1: hash must be 64 hex digits'],
  ])('text: %s', (_name, input, message) => {
    expectErrors(`pdq ${H2}\n${input}\n`, { format: 'text' }, message.replace('line 1', 'line 2'));
  });

  it('reports every bad line, not only the first, and caps the list', () => {
    const lines = [H1, 'nope', H2, 'also bad', ...Array.from({ length: 500 }, () => 'x')];
    const result = expectErrors(lines.join('\n'), { format: 'text' }, 'line 2:', 'line 4:');
    if (!result.ok) {
      expect(result.errors).toHaveLength(101);
      expect(result.errors.at(-1)).toContain('too many errors');
    }
  });

  it('refuses huge inputs before parsing them', () => {
    const big = `${H1}\n`.repeat(1000);
    expectErrors(big, { maxChars: 1000 }, 'larger than the 1000-character limit');
    for (const format of ['csv', 'text'] as const) {
      expectErrors(big, { format, maxEntries: 10 }, 'more than 10 entries');
    }
    const json = JSON.stringify(Array(11).fill(H1));
    expectErrors(json, { maxEntries: 10 }, 'more than 10 entries');
    expect(importHashList(big, { maxEntries: 1000 }).ok).toBe(true);
  });

  it('fuzz: random mutations of a valid list never throw, and either fail or stay valid', () => {
    const next = prng(9);
    const alphabet = `0123456789abcdefXYZ,"\n\r\t #[]{}:\\\u0000\u202e`;
    for (const format of ['csv', 'json', 'text'] as const) {
      const valid = exportHashList(ENTRIES, format);
      for (let i = 0; i < 400; i++) {
        const chars = [...valid];
        const edits = 1 + (next() % 4);
        for (let e = 0; e < edits; e++) {
          const at = next() % (chars.length + 1);
          const op = next() % 3;
          const ch = alphabet[next() % alphabet.length]!;
          if (op === 0) chars.splice(at, 1);
          else if (op === 1) chars.splice(at, 0, ch);
          else chars[at] = ch;
        }
        if (next() % 5 === 0) chars.length = next() % chars.length; // truncation
        const result = importHashList(chars.join(''), { format });
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          continue;
        }
        for (const entry of result.entries) {
          expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(
            Object.keys(entry).every((k) => ['hash', 'label', 'source', 'url', 'kind'].includes(k)),
          ).toBe(true);
          if (entry.url) expect(entry.url).toMatch(/^https?:\/\//);
        }
      }
    }
  });
});

describe('detectHashListFormat', () => {
  it.each([
    ['[]', 'json'],
    ['  {"entries": []}', 'json'],
    [`hash,label\n${H1},x`, 'csv'],
    [`# comment, with comma\n${H1}`, 'text'],
    [`pdq ${H1}`, 'text'],
    ['', 'text'],
  ] as const)('%j is %s', (input, format) => {
    expect(detectHashListFormat(input)).toBe(format);
  });
});
