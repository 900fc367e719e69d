import { describe, expect, it } from 'vitest';
import { NO_FILTER, visibleRows } from '@/lib/triage/filter';
import { media } from './fixtures';

const rows = [
  media('a', { risk: 90, verdict: 'likely-fake', lastSeen: 3, site: 'youtube', title: 'Speech' }),
  media('b', {
    risk: 10,
    verdict: 'likely-real',
    lastSeen: 2,
    site: 'x',
    modVerdict: 'authentic',
    reviewedAt: 1,
  }),
  media('c', {
    risk: null,
    verdict: null,
    state: 'insufficient',
    lastSeen: 1,
    site: 'generic',
    notes: 'no face',
  }),
  media('d', { risk: 50, verdict: 'uncertain', lastSeen: 4, site: 'youtube', tags: ['politics'] }),
].map((m) => m.item);
const keys = (items: { key: string }[]) => items.map((i) => i.key);

describe('visibleRows', () => {
  it('sorts by risk both ways with unscored rows last', () => {
    expect(keys(visibleRows(rows, NO_FILTER, { key: 'risk', dir: 'desc' }))).toEqual([
      'a',
      'd',
      'b',
      'c',
    ]);
    expect(keys(visibleRows(rows, NO_FILTER, { key: 'risk', dir: 'asc' }))).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
    expect(keys(visibleRows(rows, NO_FILTER, { key: 'lastSeen', dir: 'desc' }))).toEqual([
      'd',
      'a',
      'b',
      'c',
    ]);
  });

  it('filters by risk, verdict, site, review state, date and text', () => {
    const sort = { key: 'lastSeen', dir: 'desc' } as const;
    const f = (patch: Partial<typeof NO_FILTER>) =>
      keys(visibleRows(rows, { ...NO_FILTER, ...patch }, sort));
    expect(f({ minRisk: 50 })).toEqual(['d', 'a']);
    expect(f({ verdict: 'unscored' })).toEqual(['c']);
    expect(f({ verdict: 'likely-fake' })).toEqual(['a']);
    expect(f({ site: 'youtube' })).toEqual(['d', 'a']);
    expect(f({ reviewed: 'reviewed' })).toEqual(['b']);
    expect(f({ reviewed: 'unreviewed' })).toEqual(['d', 'a', 'c']);
    expect(f({ from: 2, to: 3 })).toEqual(['a', 'b']);
    expect(f({ text: 'POLIT' })).toEqual(['d']);
    expect(f({ text: 'no face' })).toEqual(['c']);
  });
});
