/**
 * Filtering and sorting the triage rows in Node (the pure part of a table update), at 1k and
 * 10k items. The in-browser figures (IndexedDB read + render) come from scripts/bench/triage.mjs.
 */
import { bench, describe } from 'vitest';
import { NO_FILTER, visibleRows } from '@/lib/triage/filter';
import { media } from '../unit/triage/fixtures';

for (const n of [1000, 10_000]) {
  const items = Array.from({ length: n }, (_, i) =>
    media(`k${i}`, {
      risk: i % 5 === 0 ? null : (i * 37) % 101,
      lastSeen: 1_700_000_000_000 - i * 1000,
      title: `Clip ${i} about topic ${i % 97}`,
    }),
  ).map((m) => m.item);
  describe(`${n} items`, () => {
    bench('sort by risk', () => void visibleRows(items, NO_FILTER, { key: 'risk', dir: 'desc' }));
    bench(
      'text filter',
      () =>
        void visibleRows(
          items,
          { ...NO_FILTER, text: 'topic 42' },
          { key: 'lastSeen', dir: 'desc' },
        ),
    );
    bench(
      'risk >= 60',
      () => void visibleRows(items, { ...NO_FILTER, minRisk: 60 }, { key: 'risk', dir: 'desc' }),
    );
  });
}
