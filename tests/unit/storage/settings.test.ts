import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SETTINGS_KEY,
  loadSettings,
  mergeSettings,
  parseSettings,
  saveSettings,
  watchSettings,
  type Settings,
  type StorageChangeListener,
} from '@/lib/storage/settings';

class MemoryLocal {
  data = new Map<string, unknown>();
  listeners = new Set<StorageChangeListener>();
  async get(key: string) {
    return this.data.has(key) ? { [key]: structuredClone(this.data.get(key)) } : {};
  }
  async set(items: Record<string, unknown>) {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: this.data.get(k), newValue: structuredClone(v) };
      this.data.set(k, structuredClone(v));
    }
    for (const listener of this.listeners) listener(changes, 'local');
  }
  readonly onChanged = {
    addListener: (l: StorageChangeListener) => this.listeners.add(l),
    removeListener: (l: StorageChangeListener) => this.listeners.delete(l),
  };
}

describe('settings', () => {
  it('defaults: every site on, auto, balanced, suspicious only, 30 days', async () => {
    expect(await loadSettings(new MemoryLocal())).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.sites).toEqual({ youtube: true, x: true, tiktok: true, generic: true });
  });

  it('a corrupt stored value falls back to defaults, field by field', () => {
    for (const bad of [null, 42, 'x', [], { sites: 'all' }]) {
      expect(parseSettings(bad)).toEqual(DEFAULT_SETTINGS);
    }
    const parsed = parseSettings({
      sites: { youtube: false, x: 'no', tiktok: 0, evil: true },
      mode: 'on-request',
      sensitivity: 'extreme',
      showScores: 'all',
      retentionDays: 1e9,
      lipSyncAlways: 'yes',
      extra: { a: 1 },
    });
    expect(parsed).toEqual({
      sites: { youtube: false, x: true, tiktok: true, generic: true },
      mode: 'on-request',
      sensitivity: 'balanced',
      showScores: 'all',
      retentionDays: 30,
      lipSyncAlways: false,
    });
    expect(parseSettings({ lipSyncAlways: true }).lipSyncAlways).toBe(true);
    expect(parseSettings({ retentionDays: 7.5 }).retentionDays).toBe(30);
    expect(parseSettings({ retentionDays: 0 }).retentionDays).toBe(30);
    expect(parseSettings({ retentionDays: 365 }).retentionDays).toBe(365);
  });

  it('a patch changes only what it names, and is validated', () => {
    const next = mergeSettings(DEFAULT_SETTINGS, { sites: { generic: false }, mode: 'on-request' });
    expect(next.sites).toEqual({ youtube: true, x: true, tiktok: true, generic: false });
    expect(next.mode).toBe('on-request');
    expect(next.sensitivity).toBe('balanced');
    const bad = mergeSettings(DEFAULT_SETTINGS, { retentionDays: -3 } as never);
    expect(bad.retentionDays).toBe(30);
  });

  it('saves into storage.local under "settings" and watchers see each change', async () => {
    const area = new MemoryLocal();
    const seen: Settings[] = [];
    const stop = watchSettings(area.onChanged, (s) => seen.push(s));
    await saveSettings(area, { sites: { youtube: false } });
    await saveSettings(area, { sensitivity: 'high' });
    expect(area.data.get(SETTINGS_KEY)).toMatchObject({
      sites: { youtube: false },
      sensitivity: 'high',
    });
    expect(seen.map((s) => [s.sites.youtube, s.sensitivity])).toEqual([
      [false, 'balanced'],
      [false, 'high'],
    ]);
    // Other keys and other areas are not settings changes.
    await area.set({ other: 1 });
    for (const listener of area.listeners) listener({ [SETTINGS_KEY]: { newValue: {} } }, 'sync');
    expect(seen).toHaveLength(2);
    stop();
    await saveSettings(area, { mode: 'on-request' });
    expect(seen).toHaveLength(2);
  });

  it('a corrupt value written by someone else reaches watchers as defaults', async () => {
    const area = new MemoryLocal();
    const seen: Settings[] = [];
    watchSettings(area.onChanged, (s) => seen.push(s));
    await area.set({ [SETTINGS_KEY]: 'garbage' });
    expect(seen).toEqual([DEFAULT_SETTINGS]);
  });
});
