import { describe, expect, it } from 'vitest';
import { KnownHashIndex } from '@/lib/hashing/known-index';
import { KnownLists } from '@/lib/lists/known-lists';

describe('KnownLists', () => {
  it('loads on first use, once, and reloads after a change that comes mid-load', async () => {
    const loads: ((index: KnownHashIndex) => void)[] = [];
    const loaded: KnownHashIndex[] = [];
    const lists = new KnownLists(
      () => new Promise((resolve) => loads.push(resolve)),
      (index) => loaded.push(index),
    );
    lists.invalidate(); // nobody asked yet: nothing to do
    expect(loads).toHaveLength(0);
    lists.ensure();
    lists.ensure();
    expect(loads).toHaveLength(1);
    expect(lists.current()).toBeNull();
    lists.invalidate(); // during the load
    const first = KnownHashIndex.empty();
    loads[0]!(first);
    await Promise.resolve();
    await Promise.resolve();
    expect(lists.current()).toBe(first);
    expect(loads).toHaveLength(2);
    const second = KnownHashIndex.empty();
    loads[1]!(second);
    await lists.settled();
    expect(lists.current()).toBe(second);
    expect(loaded).toEqual([first, second]);
  });
});
