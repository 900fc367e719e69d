import { describe, expect, it } from 'vitest';
import { AckChannels } from '@/lib/analysis/ack-channels';
import { ackChannelName, type AckMessage } from '@/lib/messaging/frame-protocol';

const ack = (tabId: number, seq: number): AckMessage => ({
  kind: 'ack',
  tabId,
  videoId: 'v0123456789abcdef0123',
  seq,
  captureTs: 0,
  queueDepth: 0,
  dropped: 0,
});

describe('AckChannels (issue #17: one channel per tab, closed with the tab)', () => {
  it('opens one channel per tab, reaches the bridge on it, and closes it with the tab', async () => {
    const acks = new AckChannels();
    const bridge = new BroadcastChannel(ackChannelName(7));
    try {
      const got = new Promise<unknown>((resolve) => (bridge.onmessage = (e) => resolve(e.data)));
      acks.post(7, ack(7, 0));
      acks.post(7, ack(7, 1));
      acks.post(8, ack(8, 0));
      expect(acks.size).toBe(2);
      expect(await got).toMatchObject({ seq: 0, tabId: 7 });
      acks.closeTab(7);
      acks.closeTab(8);
      acks.closeTab(9); // never played in: nothing to close
      expect(acks.size).toBe(0);
    } finally {
      bridge.close();
    }
  });

  it('really closes the channel of a closed tab', () => {
    const closed: string[] = [];
    const acks = new AckChannels((name) => {
      const channel = new BroadcastChannel(name);
      const close = channel.close.bind(channel);
      channel.close = () => {
        closed.push(name);
        close();
      };
      return channel;
    });
    acks.post(3, ack(3, 0));
    acks.closeTab(3);
    expect(closed).toEqual([ackChannelName(3)]);
    acks.post(3, ack(3, 1)); // a tab id reused later gets a fresh channel
    expect(acks.size).toBe(1);
    acks.closeTab(3);
  });
});
