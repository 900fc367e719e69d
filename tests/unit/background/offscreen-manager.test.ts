import { describe, expect, it } from 'vitest';
import { OffscreenManager, type OffscreenApi } from '@/lib/background/offscreen-manager';

/** A fake chrome.offscreen + runtime.getContexts: one document at most, async like Chrome. */
class FakeOffscreen implements OffscreenApi {
  exists = false;
  creates = 0;
  failNext: Error | null = null;

  async hasDocument() {
    await Promise.resolve();
    return this.exists;
  }

  async createDocument() {
    this.creates++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    if (this.exists) throw new Error('Only a single offscreen document may be created.');
    this.exists = true;
  }
}

describe('OffscreenManager', () => {
  it('creates one document for many concurrent callers', async () => {
    const api = new FakeOffscreen();
    const manager = new OffscreenManager(api);
    await Promise.all(Array.from({ length: 10 }, () => manager.ensure()));
    expect(api.creates).toBe(1);
    expect(api.exists).toBe(true);
    await manager.ensure();
    expect(api.creates).toBe(1);
  });

  it('re-creates the document after it died', async () => {
    const api = new FakeOffscreen();
    const manager = new OffscreenManager(api);
    await manager.ensure();
    api.exists = false; // crashed or closed by the browser
    await manager.ensure();
    expect(api.creates).toBe(2);
    expect(manager.creations).toBe(2);
  });

  it('treats losing a creation race to another context as success', async () => {
    const api = new FakeOffscreen();
    const manager = new OffscreenManager(api);
    api.failNext = new Error('Only a single offscreen document may be created.');
    api.exists = false;
    const racing = manager.ensure();
    api.exists = true; // someone else created it meanwhile
    await expect(racing).resolves.toBeUndefined();
  });

  it('surfaces a real creation failure and retries on the next call', async () => {
    const api = new FakeOffscreen();
    const manager = new OffscreenManager(api);
    api.failNext = new Error('offscreen API unavailable');
    await expect(manager.ensure()).rejects.toThrow('unavailable');
    await manager.ensure();
    expect(api.exists).toBe(true);
  });
});
