import type { OffscreenApi } from './offscreen-manager';

/**
 * Firefox has no offscreen documents (`chrome.offscreen`), but its background is a page with a
 * DOM. The same analysis document (offscreen.html) runs there in an iframe of the background
 * page: its own extension context, so runtime messages between it and the background flow as
 * they do with Chromium's offscreen document, and the bridge iframes reach it over the same
 * BroadcastChannel. The OffscreenManager drives it through the same interface.
 */
export function backgroundFrameApi(url: string, doc: Document = document): OffscreenApi {
  let frame: HTMLIFrameElement | null = null;
  let loaded = false;
  return {
    async hasDocument() {
      return loaded && frame !== null && frame.isConnected && frame.contentWindow !== null;
    },
    createDocument() {
      if (frame?.isConnected && !loaded) {
        return Promise.reject(new Error('the analysis frame is still loading'));
      }
      frame?.remove();
      loaded = false;
      const element = doc.createElement('iframe');
      frame = element;
      return new Promise<void>((resolve) => {
        // A module script runs before its document's load event: the host's listeners exist.
        element.addEventListener(
          'load',
          () => {
            if (frame === element) loaded = true;
            resolve();
          },
          { once: true },
        );
        element.src = url;
        (doc.body ?? doc.documentElement).append(element);
      });
    },
  };
}
