import { describe, expect, it } from 'vitest';
import { backgroundFrameApi } from '@/lib/background/background-frame-host';
import { OffscreenManager } from '@/lib/background/offscreen-manager';

/** The slice of an iframe the API touches; `load()` plays the browser firing its load event. */
class FakeFrame {
  src = '';
  isConnected = false;
  contentWindow: object | null = null;
  private onLoad: (() => void) | null = null;
  addEventListener(_type: 'load', listener: () => void) {
    this.onLoad = listener;
  }
  remove() {
    this.isConnected = false;
    this.contentWindow = null;
  }
  load() {
    this.contentWindow = {};
    this.onLoad?.();
  }
}

/** A background page's document: records frames, loads each one a tick after it is added. */
function fakeDocument(autoLoad = true) {
  const frames: FakeFrame[] = [];
  const body = {
    append(frame: FakeFrame) {
      frame.isConnected = true;
      frames.push(frame);
      if (autoLoad) setTimeout(() => frame.load(), 1);
    },
  };
  const doc = { body, createElement: () => new FakeFrame() } as unknown as Document;
  return { doc, frames };
}

const URL = 'moz-extension://uuid/offscreen.html';

describe('backgroundFrameApi (Firefox: the analysis host in an iframe of the background page)', () => {
  it('creates one frame for many concurrent callers, ready once it has loaded', async () => {
    const { doc, frames } = fakeDocument();
    const api = backgroundFrameApi(URL, doc);
    expect(await api.hasDocument()).toBe(false);
    const manager = new OffscreenManager(api);
    await Promise.all(Array.from({ length: 5 }, () => manager.ensure()));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.src).toBe(URL);
    expect(await api.hasDocument()).toBe(true);
    await manager.ensure();
    expect(manager.creations).toBe(1);
  });

  it('makes a new frame when the old one is gone', async () => {
    const { doc, frames } = fakeDocument();
    const api = backgroundFrameApi(URL, doc);
    const manager = new OffscreenManager(api);
    await manager.ensure();
    frames[0]?.remove();
    expect(await api.hasDocument()).toBe(false);
    await manager.ensure();
    expect(frames).toHaveLength(2);
    expect(frames[1]?.isConnected).toBe(true);
    expect(manager.creations).toBe(2);
  });

  it('does not report a frame as ready before it loaded', async () => {
    const { doc, frames } = fakeDocument(false);
    const api = backgroundFrameApi(URL, doc);
    const created = api.createDocument();
    expect(await api.hasDocument()).toBe(false);
    await expect(api.createDocument()).rejects.toThrow(/still loading/);
    frames[0]?.load();
    await created;
    expect(await api.hasDocument()).toBe(true);
  });
});
