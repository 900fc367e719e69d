/**
 * "The hash lists changed": posted by whichever extension page wrote the lists database, heard
 * by the offscreen document, which then rebuilds its index. BroadcastChannel reaches every
 * same-origin context, so the writer needs no route through the background.
 */

export const LISTS_CHANNEL = 'telltale:lists';

/** Tells every listener (other than this context) that the lists changed. */
export function notifyListsChanged(): void {
  const channel = new BroadcastChannel(LISTS_CHANNEL);
  channel.postMessage({ kind: 'lists-changed' });
  channel.close();
}

/** Calls `onChange` whenever another context changed the lists; returns an unsubscribe. */
export function onListsChanged(onChange: () => void): () => void {
  const channel = new BroadcastChannel(LISTS_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (
      typeof data === 'object' &&
      data !== null &&
      'kind' in data &&
      data.kind === 'lists-changed'
    )
      onChange();
  };
  return () => channel.close();
}
