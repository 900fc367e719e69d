import { describe, expect, it } from 'vitest';
import { BridgeTokens } from '../../../lib/background/bridge-tokens';
import type { SessionArea } from '../../../lib/background/report-store';

function memoryArea(): SessionArea & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    get: async (key) => (items.has(key) ? { [key]: items.get(key) } : {}),
    set: async (values) => {
      for (const [key, value] of Object.entries(values)) items.set(key, value);
    },
    remove: async (key) => {
      items.delete(key);
    },
  };
}

describe('BridgeTokens', () => {
  it('gives each tab its own token, the same on every ask and after a restart', async () => {
    const area = memoryArea();
    let n = 0;
    const tokens = new BridgeTokens(area, () => `t${n++}`);
    const a = await tokens.forTab(1);
    const b = await tokens.forTab(2);
    expect(a).not.toBe(b);
    expect(await tokens.forTab(1)).toBe(a);
    // A restarted service worker reads the stored one instead of making another.
    expect(await new BridgeTokens(area, () => 'other').forTab(1)).toBe(a);
  });

  it('forgets a closed tab, so a new page there gets a new token', async () => {
    const area = memoryArea();
    let n = 0;
    const tokens = new BridgeTokens(area, () => `t${n++}`);
    const first = await tokens.forTab(7);
    await tokens.forget(7);
    expect(area.items.size).toBe(0);
    expect(await tokens.forTab(7)).not.toBe(first);
  });

  it('uses unguessable random tokens by default', async () => {
    const tokens = new BridgeTokens(memoryArea());
    expect(await tokens.forTab(1)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
