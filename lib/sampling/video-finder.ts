/**
 * Finds <video> elements in a document, including ones added later and ones inside open shadow
 * roots. Iframes are covered by the content script running in every frame (allFrames).
 */

export interface VideoFinderCallbacks {
  added(video: HTMLVideoElement): void;
  removed(video: HTMLVideoElement): void;
}

export interface VideoFinderOptions {
  /** How often to rescan for shadow roots attached after insertion and for removals, ms. */
  rescanMs?: number;
  signal?: AbortSignal;
}

/** Every <video> under `root`, descending into open shadow roots. */
export function collectVideos(root: ParentNode, out = new Set<HTMLVideoElement>()) {
  for (const video of root.querySelectorAll('video')) out.add(video);
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) collectVideos(element.shadowRoot, out);
  }
  return out;
}

/** Watches `doc` and reports videos as they appear and disappear. Returns a stop function. */
export function watchVideos(
  doc: Document,
  callbacks: VideoFinderCallbacks,
  options: VideoFinderOptions = {},
): () => void {
  const known = new Set<HTMLVideoElement>();
  const observed = new WeakSet<Node>();
  let scheduled = false;

  const sync = () => {
    scheduled = false;
    const present = collectVideos(doc);
    for (const video of present) {
      if (!known.has(video)) {
        known.add(video);
        callbacks.added(video);
      }
      observeRootOf(video);
    }
    for (const video of [...known]) {
      if (!video.isConnected || !present.has(video)) {
        known.delete(video);
        callbacks.removed(video);
      }
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(sync);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.addedNodes.length > 0 || record.removedNodes.length > 0) {
        schedule();
        return;
      }
    }
  });

  const observe = (node: Node) => {
    if (observed.has(node)) return;
    observed.add(node);
    observer.observe(node, { childList: true, subtree: true });
  };

  const observeRootOf = (video: HTMLVideoElement) => {
    const root = video.getRootNode();
    if (root instanceof ShadowRoot) observe(root);
  };

  observe(doc);
  sync();
  const timer = setInterval(sync, options.rescanMs ?? 2000);
  const stop = () => {
    observer.disconnect();
    clearInterval(timer);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  return stop;
}
