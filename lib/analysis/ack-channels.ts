/**
 * The offscreen side of the bridge's acks: one BroadcastChannel per tab that sends frames
 * through its bridge iframe (lib/messaging/frame-protocol.ts ackChannelName). A channel stays
 * open until closed, so the tab's is closed when the tab closes: the soak (issue #17,
 * scripts/bench-soak.mjs) showed one more open channel for every tab ever played in.
 */
import type { AckMessage } from '../messaging/frame-protocol';
import { ackChannelName } from '../messaging/frame-protocol';

export class AckChannels {
  private readonly channels = new Map<number, BroadcastChannel>();

  constructor(
    private readonly open: (name: string) => BroadcastChannel = (name) =>
      new BroadcastChannel(name),
  ) {}

  /** Channels open now. */
  get size(): number {
    return this.channels.size;
  }

  /** Sends `ack` to the bridge of `tabId`, opening the tab's channel on first use. */
  post(tabId: number, ack: AckMessage): void {
    let channel = this.channels.get(tabId);
    if (!channel) {
      channel = this.open(ackChannelName(tabId));
      this.channels.set(tabId, channel);
    }
    channel.postMessage(ack);
  }

  /** The tab closed: its channel goes. */
  closeTab(tabId: number): void {
    this.channels.get(tabId)?.close();
    this.channels.delete(tabId);
  }
}
