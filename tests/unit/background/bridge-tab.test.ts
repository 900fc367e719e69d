import { describe, expect, it } from 'vitest';
import { bridgeTabId } from '@/lib/background/bridge-tab';

const EXTENSION = {
  id: 'telltale@telltale.invalid',
  bridgeUrl: 'moz-extension://u/frame-bridge.html',
};
const tab = { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false };

describe('bridgeTabId (Firefox: the bridge asks the background for its tab)', () => {
  it('answers the tab of this extension’s bridge frame', () => {
    expect(bridgeTabId({ id: EXTENSION.id, url: EXTENSION.bridgeUrl, tab }, EXTENSION)).toBe(7);
  });

  it('refuses a content script, another extension, or a sender outside a tab', () => {
    expect(() =>
      bridgeTabId({ id: EXTENSION.id, url: 'https://example.com/', tab }, EXTENSION),
    ).toThrow(/frame bridge/);
    expect(() =>
      bridgeTabId({ id: 'other@example.com', url: EXTENSION.bridgeUrl, tab }, EXTENSION),
    ).toThrow(/frame bridge/);
    expect(() => bridgeTabId({ id: EXTENSION.id, url: EXTENSION.bridgeUrl }, EXTENSION)).toThrow(
      /frame bridge/,
    );
    expect(() =>
      bridgeTabId(
        { id: EXTENSION.id, url: EXTENSION.bridgeUrl, tab: { ...tab, id: -1 } },
        EXTENSION,
      ),
    ).toThrow(/frame bridge/);
  });
});
