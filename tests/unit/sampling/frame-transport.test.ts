import { describe, expect, it, vi } from 'vitest';
import { UpgradingTransport, type FrameTransport } from '@/lib/sampling/frame-transport';
import type { AckMessage, FrameMessage, TransportKind } from '@/lib/messaging/frame-protocol';

class FakeTransport implements FrameTransport {
  alive = true;
  sent: FrameMessage[] = [];
  closed = 0;
  private listeners: ((ack: AckMessage) => void)[] = [];
  constructor(readonly kind: TransportKind) {}
  send(frame: FrameMessage): void {
    this.sent.push(frame);
  }
  sendAudio(): void {}
  onAck(listener: (ack: AckMessage) => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.closed++;
    this.alive = false;
  }
  ack(seq: number): void {
    const ack: AckMessage = {
      kind: 'ack',
      tabId: 1,
      videoId: 'v',
      seq,
      captureTs: 0,
      queueDepth: 0,
      dropped: 0,
    };
    for (const listener of this.listeners) listener(ack);
  }
}

const frame = (seq: number): FrameMessage => ({
  kind: 'frame',
  videoId: 'v',
  seq,
  mediaTimeS: seq / 10,
  captureTs: 0,
  captureMs: 0,
  width: 1,
  height: 1,
  pixels: new ArrayBuffer(4),
});

describe('UpgradingTransport', () => {
  it('sends over the Port until the bridge answers, then over the bridge', async () => {
    vi.useFakeTimers();
    try {
      const port = new FakeTransport('port');
      const bridge = new FakeTransport('bridge');
      let answer: (t: FrameTransport) => void = () => undefined;
      const transport = new UpgradingTransport(port, new Promise((resolve) => (answer = resolve)));
      const acks: number[] = [];
      transport.onAck((ack) => acks.push(ack.seq));
      transport.send(frame(0));
      expect(transport.kind).toBe('port');
      answer(bridge);
      await Promise.resolve();
      await Promise.resolve();
      expect(transport.kind).toBe('bridge');
      transport.send(frame(1));
      expect(port.sent.map((f) => f.seq)).toEqual([0]);
      expect(bridge.sent.map((f) => f.seq)).toEqual([1]);
      // The late ack of the Port's frame still arrives, then the Port closes.
      port.ack(0);
      bridge.ack(1);
      expect(acks).toEqual([0, 1]);
      expect(port.closed).toBe(0);
      vi.advanceTimersByTime(10_000);
      expect(port.closed).toBe(1);
      transport.close();
      expect(port.closed).toBe(1);
      expect(bridge.closed).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the Port when the bridge never comes', async () => {
    const port = new FakeTransport('port');
    const transport = new UpgradingTransport(port, Promise.reject(new Error('no bridge')));
    await Promise.resolve();
    await Promise.resolve();
    transport.send(frame(0));
    expect(transport.kind).toBe('port');
    expect(port.sent).toHaveLength(1);
    transport.close();
    expect(port.closed).toBe(1);
  });

  it('closes a bridge that answers after the transport was closed', async () => {
    const port = new FakeTransport('port');
    const bridge = new FakeTransport('bridge');
    let answer: (t: FrameTransport) => void = () => undefined;
    const transport = new UpgradingTransport(port, new Promise((resolve) => (answer = resolve)));
    transport.close();
    answer(bridge);
    await Promise.resolve();
    await Promise.resolve();
    expect(bridge.closed).toBe(1);
    expect(port.closed).toBe(1);
  });
});
