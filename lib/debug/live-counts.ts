/**
 * Long-lived resources this context opened and has not closed, for the soak bench
 * (scripts/bench-soak.mjs), which reads them with CDP Runtime.evaluate of `telltaleLive()`.
 * A handful of integers per context: no effect on behaviour, nothing leaves the context.
 */

/**
 * audioContexts: AudioContext created minus closed; workers: Workers started minus terminated;
 * indexedDb: Dexie databases opened (the project never closes one, so each should open once per
 * context: a count that grows is a leak).
 */
export type LiveKind = 'audioContexts' | 'workers' | 'indexedDb';

const live: Record<LiveKind, number> = { audioContexts: 0, workers: 0, indexedDb: 0 };

/** One more `kind` is open. */
export function opened(kind: LiveKind): void {
  live[kind]++;
}

/** One `kind` was closed. */
export function closed(kind: LiveKind): void {
  live[kind] = Math.max(0, live[kind] - 1);
}

/** `worker`, counted under 'workers' until it is terminated. */
export function countedWorker(worker: Worker): Worker {
  opened('workers');
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    terminate();
    closed('workers');
  };
  return worker;
}

/** The counts now. */
export function liveCounts(): Record<LiveKind, number> {
  return { ...live };
}

/**
 * Makes `telltaleLive()` callable in this context (an extension document, the service worker,
 * or a content script's isolated world, which the page's own scripts cannot see): the counts
 * above plus what `extra` adds (sessions, channels held by this context).
 */
export function exposeLiveCounts(extra: () => Record<string, number> = () => ({})): void {
  Object.assign(globalThis, { telltaleLive: () => ({ ...liveCounts(), ...extra() }) });
}
