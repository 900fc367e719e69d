import { describe, expect, it } from 'vitest';
import { exportItems, itemsToEntries } from '@/lib/hashing/export-items';
import { wordsToHex } from '@/lib/hashing/hash256';
import { KnownHashIndex, KnownIndexBuilder } from '@/lib/hashing/known-index';
import { importHashList } from '@/lib/hashing/lists';
import { flipBits, prng, randomHashes } from './fixtures';

describe('KnownHashIndex', () => {
  const next = prng(9);
  const words = randomHashes(5, next);
  const hex = (i: number) => wordsToHex(words, i * 8);

  it('groups entries by list, label and URL and returns the best distance per item', () => {
    const index = new KnownIndexBuilder()
      .addList({ id: 'a', name: 'A' }, [
        { hash: hex(0), label: 'clip' },
        { hash: hex(1), label: 'clip' },
        { hash: hex(2) },
      ])
      .addList({ id: 'b', name: 'B' }, [{ hash: hex(0), label: 'clip', url: 'https://x.org/' }])
      .build();
    expect(index.size).toBe(4);
    expect(index.items.map((i) => [i.listName, i.label, i.url])).toEqual([
      ['A', 'clip', undefined],
      ['A', 'A', undefined],
      ['B', 'clip', 'https://x.org/'],
    ]);
    const near = flipBits(words.subarray(0, 8), 12, next);
    expect([...index.lookup(near)]).toEqual([
      [0, 12],
      [2, 12],
    ]);
    expect(index.lookup(flipBits(words.subarray(0, 8), 40, next)).size).toBe(0);
    expect(KnownHashIndex.empty().lookup(hex(0)).size).toBe(0);
  });
});

describe('exportItems', () => {
  it('writes one entry per distinct hash and reads back through importHashList', () => {
    const items = [
      { hashes: ['A'.repeat(64), 'a'.repeat(64), 'b'.repeat(64)], label: 'Fake, "quoted"' },
      { hashes: ['c'.repeat(64)], url: 'https://example.org/v', source: 'triage' },
    ];
    const entries = itemsToEntries(items);
    expect(entries.map((e) => [e.hash[0], e.kind])).toEqual([
      ['a', 'vpdq'],
      ['b', 'vpdq'],
      ['c', 'pdq'],
    ]);
    for (const format of ['csv', 'json', 'text'] as const) {
      const back = importHashList(exportItems(items, format));
      expect(back.ok && back.entries).toEqual(entries);
    }
  });
});
