import { describe, expect, it } from 'vitest';
import { toolbarAction, type ToolbarAction } from '@/lib/background/toolbar-action';

const fake = (): ToolbarAction => ({
  setBadgeText: async () => undefined,
  setTitle: async () => undefined,
  setBadgeBackgroundColor: async () => undefined,
});

describe('toolbarAction', () => {
  it('uses action (Manifest V3) when it exists', () => {
    const action = fake();
    expect(toolbarAction({ action, browserAction: fake() })).toBe(action);
  });

  it('falls back to browserAction (Manifest V2: the Firefox build)', () => {
    const browserAction = fake();
    expect(toolbarAction({ browserAction })).toBe(browserAction);
  });

  it('says so when neither exists', () => {
    expect(() => toolbarAction({})).toThrow(/toolbar button/);
  });
});
