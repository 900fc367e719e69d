import { describe, expect, it } from 'vitest';
import { MediaWriter, type MediaUpdater } from '@/lib/storage/media-writer';
import type { StoredMedia } from '@/lib/storage/types';
import { report } from '../triage/fixtures';

class MemoryStore implements MediaUpdater {
  data = new Map<string, StoredMedia>();
  writes = 0;
  async update(keys: readonly string[], fn: (c: Map<string, StoredMedia>) => StoredMedia[]) {
    const current = new Map(
      keys.flatMap((k) =>
        this.data.has(k) ? [[k, structuredClone(this.data.get(k)!)] as const] : [],
      ),
    );
    const next = fn(current);
    await new Promise((r) => setTimeout(r, 2));
    this.writes++;
    for (const m of next) this.data.set(m.item.key, m);
    return next;
  }
}

describe('MediaWriter', () => {
  it('coalesces a burst of reports into one write, keeping every point', async () => {
    const store = new MemoryStore();
    const writer = new MediaWriter(store, { delayMs: 20 });
    for (let i = 1; i <= 10; i++) writer.add(report('v1', { mediaTimeS: i / 2 }));
    writer.add(report('v9', { page: { url: 'https://a.test/' } }));
    writer.add(report('v9', { page: undefined })); // no page: cannot be keyed, ignored
    await new Promise((r) => setTimeout(r, 60));
    expect(store.writes).toBe(1);
    expect(store.data.get('youtube:abc')?.detail.series.t).toHaveLength(10);
    expect(store.data.has('https://a.test/#v9')).toBe(true);
  });

  it('writes a final report at once, after earlier flushes', async () => {
    const store = new MemoryStore();
    const writer = new MediaWriter(store, { delayMs: 10_000 });
    writer.add(report('v1', { mediaTimeS: 1 }));
    writer.add(report('v1', { mediaTimeS: 2, final: true, risk: 70 }));
    await writer.flush();
    expect(store.data.get('youtube:abc')?.item).toMatchObject({ final: true, risk: 70 });
  });
});
